"""Time ts_emitter's printer on SDK-shaped TypeScript files scaled to N views.

    .venv/bin/python benchmarks/bench_ts_printer.py [--views 10 50 200] [--repeat 3]
        [--baseline REF | --no-baseline] [--profile]

For each size it builds, with ``ts_emitter.factory``, the four modules of the example SDK
(``golden/example/typescript/src``): ``dataClasses.ts`` (view refs, read/write interfaces with
JSDoc, spec objects, string-literal unions), ``api.ts`` (filter interfaces, filter functions
with long argument lists that break, ``FooAPI extends InstanceAPI<...>`` classes with async
methods), ``client.ts`` (a class with one documented field per view) and ``index.ts``
(re-exports). It prints the best of ``--repeat`` runs of ``print_file`` over the four files,
split into imports / documents / layout, and lines per second.

``--baseline REF`` (default: the commit before the printer was made fast) extracts
``ts_emitter/`` of that commit into a temporary directory and runs this same script there in a
subprocess, in the same run, so the ratio is measured under the same machine load; it also
checks that both printers produce byte-identical text.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import json
import pstats
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).parents[1]
if __name__ == "__main__" and "--measure-only" not in sys.argv:
    sys.path.insert(0, str(ROOT))

from ts_emitter import Symbol, print_file  # noqa: E402
from ts_emitter import factory as f  # noqa: E402
from ts_emitter import nodes as n  # noqa: E402

BASELINE = "9f21a4e"
"""The last commit with the original printer (about 16k lines/s)."""

RT = "./runtime/index.js"
DC = "./dataClasses.js"
API = "./api.js"
SPACE = "pygen_synthetic"

# (TypeScript read type, write type, CDF type name, filter kind)
_KINDS: tuple[tuple[str, str, str], ...] = (
    ("string", "text", "text"),
    ("number", "float64", "range"),
    ("boolean", "boolean", "equals"),
    ("DateString", "date", "range"),
    ("InstanceId", "direct", "direct"),
    ("string[]", "text", "list"),
    ("status", "enum", "text"),
    ("Date", "timestamp", "range"),
)


def _rt(name: str) -> Symbol:
    return Symbol(name, RT)


def _upper(name: str) -> str:
    out = "".join("_" + c if c.isupper() else c.upper() for c in name)
    return out.lstrip("_")


def _lower(name: str) -> str:
    return name[0].lower() + name[1:]


class _View:
    def __init__(self, index: int) -> None:
        stem = ("Equipment", "WorkOrder", "MaintenanceActivity", "Site", "TimeSeriesSummary")
        self.name = f"{stem[index % len(stem)]}{index}"
        self.const = _upper(self.name)
        self.description = (
            f"The {self.name} view: a thing the synthetic model describes, with a description"
            " long enough to wrap in the JSDoc of the interfaces."
        )
        count = 4 + index % 9
        self.props = [
            (f"{word}{i}", _KINDS[(index + i) % len(_KINDS)])
            for i, word in enumerate(
                ("name", "description", "serialNumber", "installedAt", "ratedPower", "isActive",
                 "parentAsset", "tags", "status", "manufacturerName", "capacity", "runHours")[
                    :count
                ]
            )
        ]  # fmt: skip
        self.status = f"{self.name}Status"


def _read_type(kind: tuple[str, str, str], view: _View, write: bool) -> n.TypeNode:
    ts = kind[0]
    base: n.TypeNode
    if ts == "string[]":
        base = f.array_of(f.string())
        if write:
            base = f.ref("ReadonlyArray", f.string())
    elif ts == "status":
        base = f.ref(view.status)
    elif ts in ("DateString", "InstanceId"):
        base = f.ref(_rt(ts))
    else:
        base = f.keyword(ts) if ts != "Date" else f.ref("Date")  # type: ignore[arg-type]
    return f.union(base, f.null())


def data_classes(views: list[_View]) -> n.SourceFile:
    """``dataClasses.ts``."""
    ViewRef, ViewSpec, ReverseSpec = _rt("ViewRef"), _rt("ViewSpec"), _rt("ReverseSpec")
    statements: list[n.Statement] = []
    for v in views:
        statements.append(
            f.const(
                f"{v.const}_VIEW",
                f.new(f.reference(ViewRef), f.string_(SPACE), f.string_(v.name), f.string_("1")),
                exported=True,
            )
        )
    for v in views:
        statements.append(
            f.type_alias(
                v.status,
                f.string_union("running", "stopped", "maintenance", "decommissioned", "unknown"),
                doc=f"Status of {v.name}.\n\n- `running`: In operation.\n- `unknown`: Other.",
            )
        )
        statements.append(
            f.const(
                f"{v.const}_PARENT",
                f.obj(
                    f.prop("sourceView", f.ident(f"{v.const}_VIEW")),
                    f.prop("through", f.string_("parentAsset")),
                    f.prop("multi", f.true_()),
                    f.prop("throughIsList", f.false_()),
                ),
                type=f.ref(ReverseSpec),
                exported=True,
                doc=f"`{v.name}.children`: the nodes whose `parentAsset` points here.",
            )
        )
        for write in (False, True):
            statements.append(
                f.interface(
                    f"{v.name}Write" if write else v.name,
                    *(
                        f.property_signature(
                            p,
                            _read_type(kind, v, write),
                            optional=write and i % 2 == 1,
                            doc=f"The {p} of {v.name}, as the model describes it.",
                        )
                        for i, (p, kind) in enumerate(v.props)
                    ),
                    extends=[f.ref(_rt("NodeWrite" if write else "NodeInstance"))],
                    doc=f.jsdoc(
                        f"{v.description}\n\n"
                        f"{'Write form of' if write else 'Read from'} the view"
                        f" `{SPACE}:{v.name}/1`."
                    ),
                )
            )
        statements.append(
            f.const(
                f"{v.const}_SPEC",
                f.obj(
                    f.prop("view", f.ident(f"{v.const}_VIEW")),
                    f.prop("instanceType", f.string_("node")),
                    f.prop("writable", f.true_()),
                    f.prop(
                        "properties",
                        f.obj(
                            *(
                                f.prop(
                                    p,
                                    f.obj(
                                        f.prop("property", f.string_(p)),
                                        f.prop("type", f.string_(kind[1])),
                                        *([f.prop("list", f.true_())] if kind[2] == "list" else []),
                                    ),
                                )
                                for p, kind in v.props
                            ),
                        ),
                    ),
                    f.prop("edges", f.obj()),
                    f.prop("reverse", f.obj(f.prop("children", f.ident(f"{v.const}_PARENT")))),
                ),
                type=f.ref(ViewSpec),
                exported=True,
                doc=f"How the runtime reads and writes `{v.name}`.",
            )
        )
    statements.append(
        f.const(
            "VIEWS",
            f.array(*(f.ident(f"{v.const}_SPEC") for v in views)),
            type=f.ref("ReadonlyArray", f.ref(ViewSpec)),
            exported=True,
            doc="Every view of the model.",
        )
    )
    return f.source_file(
        *statements,
        header=f.jsdoc(
            "Read and write interfaces of the views of SyntheticModel, and the specs the runtime"
            " reads\nand writes them by.",
            tags=[n.JSDocTag(tag="module")],
        ),
    )


def api(views: list[_View]) -> n.SourceFile:
    """``api.ts``."""
    Filter, InstanceClient = _rt("Filter"), _rt("InstanceClient")
    and_, node_prop = f.reference(_rt("and")), f.reference(_rt("nodeProp"))
    statements: list[n.Statement] = []
    options = f.ident("options")
    for v in views:
        view = f.reference(Symbol(f"{v.const}_VIEW", DC))
        members: list[n.TypeMember] = []
        conditions: list[n.Expression] = []
        for p, kind in v.props:
            prop = f.call(f.member(view, "prop"), f.string_(p))
            if kind[2] == "range":
                cap = p[0].upper() + p[1:]
                members.append(
                    f.property_signature(
                        f"min{cap}", f.number(), optional=True, doc=f"The {p}: at least this."
                    )
                )
                members.append(
                    f.property_signature(
                        f"max{cap}", f.number(), optional=True, doc=f"The {p}: at most this."
                    )
                )
                conditions.append(
                    f.call(
                        f.member(prop, "range"),
                        f.obj(
                            f.prop("gte", f.member(options, f"min{cap}")),
                            f.prop("lte", f.member(options, f"max{cap}")),
                        ),
                    )
                )
            else:
                members.append(
                    f.property_signature(
                        p,
                        f.union(f.string(), f.ref("ReadonlyArray", f.string())),
                        optional=True,
                        doc=f"The {p} of {v.name}: this value, or any of these values.",
                    )
                )
                conditions.append(f.call(f.member(prop, "equalsOrIn"), f.member(options, p)))
        conditions.append(
            f.call(
                f.member(f.call(node_prop, f.string_("space")), "equalsOrIn"),
                f.member(options, "space"),
            )
        )
        members.append(
            f.property_signature(
                "filter", f.ref(Filter), optional=True, doc="Any other filter, combined."
            )
        )
        statements.append(
            f.interface(
                f"{v.name}Filter",
                *members,
                doc=f"Filter options of `{v.name}API`: every option given must hold.",
            )
        )
        statements.append(
            f.function(
                f"{_lower(v.name)}Filter",
                [f.param("options", f.ref(f"{v.name}Filter"))],
                f.union(f.ref(Filter), f.undefined()),
                f.return_(f.call(and_, *conditions, f.member(options, "filter"))),
                exported=False,
            )
        )
        read, write = Symbol(v.name, DC), Symbol(f"{v.name}Write", DC)
        statements.append(
            f.class_(
                f"{v.name}API",
                f.constructor(
                    [f.param("client", f.ref(InstanceClient))],
                    f.expr(
                        f.call(
                            n.Super(),
                            f.ident("client"),
                            f.reference(Symbol(f"{v.const}_SPEC", DC)),
                            f.ident(f"{_lower(v.name)}Filter"),
                        )
                    ),
                ),
                f.method(
                    "retrieveByExternalIds",
                    [
                        f.param("externalIds", f.ref("ReadonlyArray", f.string())),
                        f.param("space", f.string(), optional=True),
                    ],
                    f.promise(f.array_of(f.ref(read))),
                    f.return_(
                        f.call(
                            f.member(f.this(), "retrieve"),
                            f.call(
                                f.member(f.ident("externalIds"), "map"),
                                f.arrow(
                                    [f.param("externalId")],
                                    f.obj(
                                        f.prop(
                                            "space",
                                            f.binary(f.ident("space"), "??", f.string_(SPACE)),
                                        ),
                                        f.shorthand("externalId"),
                                    ),
                                ),
                            ),
                        )
                    ),
                    is_async=True,
                    doc=f.jsdoc(
                        f"Retrieve {v.name} nodes by external id.",
                        params={"externalIds": "The nodes.", "space": "Their space."},
                        returns="The nodes found, in request order.",
                    ),
                ),
                extends=f.ref(
                    _rt("InstanceAPI"), f.ref(write), f.ref(read), f.ref(f"{v.name}Filter")
                ),
                doc=f"{v.description}\n\nThe nodes of the view `{SPACE}:{v.name}/1`.",
            )
        )
    return f.source_file(
        *statements,
        header=f.jsdoc(
            "One API class per view, with typed filter options.",
            tags=[n.JSDocTag(tag="module")],
        ),
    )


def client(views: list[_View]) -> n.SourceFile:
    """``client.ts``."""
    InstanceClient = _rt("InstanceClient")
    fields: list[n.ClassMember] = [
        f.property("instances", f.ref(InstanceClient), readonly=True, doc="The transport.")
    ]
    assignments: list[n.Statement] = [
        f.expr(
            f.assign(
                f.member(f.this(), "instances"),
                f.new(
                    f.reference(InstanceClient),
                    f.new(f.reference(_rt("HttpClient")), f.ident("options")),
                    f.reference(Symbol("VIEWS", DC)),
                    f.ident("options"),
                ),
            )
        )
    ]
    for v in views:
        cls = Symbol(f"{v.name}API", API)
        fields.append(
            f.property(_lower(v.name), f.ref(cls), readonly=True, doc=v.description.split(":")[0])
        )
        assignments.append(
            f.expr(
                f.assign(
                    f.member(f.this(), _lower(v.name)),
                    f.new(f.reference(cls), f.member(f.this(), "instances")),
                )
            )
        )
    options = f.intersection(f.ref(_rt("HttpClientOptions")), f.ref(_rt("InstanceClientOptions")))
    return f.source_file(
        f.type_alias("SyntheticModelClientOptions", options, doc="Where CDF is, and tuning."),
        f.class_(
            "SyntheticModelClient",
            *fields,
            f.constructor([f.param("options", f.ref("SyntheticModelClientOptions"))], *assignments),
            doc="The client of SyntheticModel: one API per view.",
        ),
        header=f.jsdoc("The client of SyntheticModel.", tags=[n.JSDocTag(tag="module")]),
    )


def index(views: list[_View]) -> n.SourceFile:
    """``index.ts``."""
    return f.source_file(
        f.export_from(API, *(f"{v.name}API" for v in views)),
        f.export_from(
            DC,
            *(name for v in views for name in (f"{v.const}_VIEW", f"{v.const}_SPEC")),
        ),
        f.export_from(
            DC,
            *(name for v in views for name in (v.name, f"{v.name}Write", v.status)),
            type_only=True,
        ),
        f.export_star(RT),
    )


def build_files(count: int) -> dict[str, n.SourceFile]:
    """The four SDK modules for a synthetic model of ``count`` views."""
    views = [_View(i) for i in range(count)]
    return {
        "dataClasses.ts": data_classes(views),
        "api.ts": api(views),
        "client.ts": client(views),
        "index.ts": index(views),
    }


def _stages(files: dict[str, n.SourceFile]) -> tuple[float, float, float]:
    """Seconds spent resolving imports, building documents and laying them out."""
    from ts_emitter.imports import resolve_imports
    from ts_emitter.printer import Printer
    from ts_emitter.writer import render

    imports_s = docs_s = layout_s = 0.0
    gc.disable()  # as print_file does
    for file in files.values():
        t0 = time.process_time()
        resolved = resolve_imports(file)
        t1 = time.process_time()
        printer = Printer(resolved)
        printer.file_imports = resolved.declarations
        doc = printer.doc(file)
        t2 = time.process_time()
        render(doc)
        t3 = time.process_time()
        imports_s += t1 - t0
        docs_s += t2 - t1
        layout_s += t3 - t2
    gc.enable()
    return imports_s, docs_s, layout_s


def measure(count: int, repeat: int) -> dict[str, float | int | str]:
    """Best-of-``repeat`` timings of printing the files for ``count`` views."""
    files = build_files(count)
    best = float("inf")
    texts: dict[str, str] = {}
    for _ in range(repeat):
        start = time.process_time()
        texts = {name: print_file(file) for name, file in files.items()}
        best = min(best, time.process_time() - start)
    stages = min((_stages(files) for _ in range(repeat)), key=sum)
    lines = sum(t.count("\n") for t in texts.values())
    digest = hashlib.sha256("".join(texts[k] for k in sorted(texts)).encode()).hexdigest()
    return {
        "views": count,
        "lines": lines,
        "seconds": best,
        "imports": stages[0],
        "docs": stages[1],
        "layout": stages[2],
        "lines_per_s": lines / best,
        "sha256": digest[:16],
    }


def _baseline(ref: str, views: list[int], repeat: int) -> list[dict[str, float | int | str]]:
    """Run this script against ``ts_emitter/`` as of ``ref`` (a subprocess, same run)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref, "ts_emitter"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tempfile.TemporaryDirectory(prefix="ts-printer-baseline-") as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        out = subprocess.run(
            [sys.executable, __file__, "--measure-only", "--repeat", str(repeat), "--views"]
            + [str(v) for v in views],
            env={"PYTHONPATH": tmp, "PATH": "/usr/bin:/bin"},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return [json.loads(line) for line in out.splitlines()]


def _profile(count: int) -> None:
    files = build_files(count)
    profiler = cProfile.Profile()
    profiler.enable()
    for file in files.values():
        print_file(file)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (best is shown)")
    parser.add_argument("--baseline", default=BASELINE, help="git ref of the printer to compare")
    parser.add_argument("--no-baseline", action="store_true", help="skip the comparison")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest size")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_only:
        for count in args.views:
            print(json.dumps(measure(count, args.repeat)))
        return
    if args.profile:
        _profile(max(args.views))
        return
    rows = [measure(count, args.repeat) for count in args.views]
    base = [] if args.no_baseline else _baseline(args.baseline, args.views, args.repeat)
    header = f"{'views':>6} {'lines':>8} {'print s':>8} {'imports':>8} {'docs':>8} {'layout':>8}"
    header += f" {'lines/s':>9}"
    if base:
        header += f" {'base s':>8} {'base l/s':>9} {'ratio':>6} {'same text':>9}"
    print(header)
    for i, row in enumerate(rows):
        line = (
            f"{row['views']:>6} {row['lines']:>8} {row['seconds']:>8.3f} {row['imports']:>8.3f}"
            f" {row['docs']:>8.3f} {row['layout']:>8.3f} {row['lines_per_s']:>9,.0f}"
        )
        if base:
            b = base[i]
            ratio = float(b["seconds"]) / float(row["seconds"])
            same = "yes" if b["sha256"] == row["sha256"] else "NO"
            line += f" {b['seconds']:>8.3f} {b['lines_per_s']:>9,.0f} {ratio:>5.1f}x {same:>9}"
        print(line)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process (trees, documents and text of every size): {peak:.0f} MB")
    if base and any(b["sha256"] != r["sha256"] for b, r in zip(base, rows, strict=True)):
        sys.exit("error: the printer's output differs from the baseline's")


if __name__ == "__main__":
    main()

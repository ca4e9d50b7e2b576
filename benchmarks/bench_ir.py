"""The IR's node classes and its JSON: build, serialize, deserialize, and memory per node.

For synthetic models of 200 and 1,000 views (``pygen.testing.synthesize_model``), each in a
fresh process:

* build: ``parse`` + ``transform`` of the validated model (best of ``--repeat`` runs in each of
  ``--rounds`` processes, the variants alternating);
* to JSON: ``pygen.ir.to_json(ir)`` (best of ``--repeat``);
* from JSON: ``pygen.ir.ir_from_json`` of ``ir_to_json(ir)`` (pygen before the attrs change has
  no reader: ``-``);
* nodes: IR node objects (identifiers, types, members, classes, language maps ...);
* B/node: ``sys.getsizeof`` of one node object, averaged over all (strings and tuples apart);
* IR MB: what the IR holds, measured with tracemalloc (allocated while building it and still
  alive afterwards).

With ``--before REV`` the same rows for pygen as it was at the git revision ``REV`` (extracted
with ``git archive``; e.g. the commit before the IR moved to attrs/cattrs, when nodes were
dataclasses and ``to_json`` a hand-written walk), in the same run, with the ratio now / before.

    .venv/bin/python benchmarks/bench_ir.py [--sizes 200 1000] [--repeat 5] [--rounds 2] [--before REV]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from pygen.testing import synthesize_model

REPO = Path(__file__).parents[1]

PROBE = r"""
import gc, json, sys, time, tracemalloc
import pygen.ir as ir_module
from pygen_runtime.client.models import DataModel
from pygen.ir import parse, source_hash, to_json, transform
from pygen.validation import DataModelValidator

path, repeat = sys.argv[1], int(sys.argv[2])
model = DataModel.model_validate(json.loads(open(path, encoding="utf-8").read()))
filtered = DataModelValidator().validate(model).filtered_model
digest = source_hash(model)

def best(function):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - start)
    return min(times), value

gc.disable()
build, ir = best(lambda: transform(parse(filtered, source_hash=digest)))
dump, text = best(lambda: to_json(ir))
load = None
if hasattr(ir_module, "ir_from_json"):
    envelope = ir_module.ir_to_json(ir)
    load, back = best(lambda: ir_module.ir_from_json(envelope))
    assert back == ir
gc.enable()

def is_node(value):
    return type(value).__module__ == "pygen.ir.nodes"

seen, nodes, node_bytes, stack = set(), 0, 0, [ir]
while stack:
    value = stack.pop()
    if id(value) in seen:
        continue
    seen.add(id(value))
    if is_node(value):
        nodes += 1
        node_bytes += sys.getsizeof(value)
        for cls in type(value).__mro__:
            stack.extend(getattr(value, s) for s in getattr(cls, "__slots__", ()) if hasattr(value, s))
    elif isinstance(value, tuple):
        stack.extend(value)

del ir
gc.collect()
tracemalloc.start()
ir = transform(parse(filtered, source_hash=digest))
gc.collect()
held = tracemalloc.get_traced_memory()[0]
assert "ir_from_json" not in dir(ir_module) or load is not None
print(json.dumps({"build": build, "dump": dump, "load": load, "nodes": nodes,
                  "per_node": node_bytes / nodes, "held_mb": held / 2**20}))
"""


def measure(model_file: Path, repeat: int, pythonpath: Path | None) -> dict[str, float]:
    """The probe's figures, run in a fresh interpreter (``pythonpath``: an older pygen)."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(model_file), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=model_file.parent,  # not the repository: '' on sys.path would import its pygen
    )
    data: dict[str, float] = json.loads(result.stdout)
    return data


def checkout(revision: str, folder: Path) -> Path:
    """``pygen`` and ``ts_emitter`` as they were at ``revision``, extracted below ``folder``."""
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision, "pygen", "ts_emitter"],
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def _best(runs: list[dict[str, float]]) -> dict[str, float]:
    """The fastest of each timing over the rounds (the counts are the same in every run)."""
    best = dict(runs[0])
    for key in ("build", "dump", "load"):
        if best[key] is not None:
            best[key] = min(run[key] for run in runs)
    return best


def _row(label: str, size: int, data: dict[str, float]) -> str:
    load = f"{data['load']:>9.3f}" if data["load"] is not None else f"{'-':>9}"
    return (
        f"{label:<7} {size:>6} {data['build']:>8.3f} {data['dump']:>8.3f} {load} "
        f"{int(data['nodes']):>8,} {data['per_node']:>7.1f} {data['held_mb']:>6.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--repeat", type=int, default=5, help="runs per step (best is shown)")
    parser.add_argument("--rounds", type=int, default=2, help="fresh processes per variant")
    parser.add_argument("--before", metavar="REV", help="also measure pygen as of this revision")
    args = parser.parse_args()
    header = (
        f"{'pygen':<7} {'views':>6} {'build s':>8} {'to JSON':>8} {'from JSON':>9} "
        f"{'nodes':>8} {'B/node':>7} {'IR MB':>6}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        old = checkout(args.before, Path(tmp) / "before") if args.before else None
        for size in args.sizes:
            model_file = Path(tmp) / f"model_{size}.json"
            model = synthesize_model(views=size, base_views=min(10, size // 4))
            model_file.write_text(json.dumps(model.dump()), encoding="utf-8")
            runs: dict[str, list[dict[str, float]]] = {"now": [], "before": []}
            for _ in range(args.rounds):  # alternating, so both see the same load
                runs["now"].append(measure(model_file, args.repeat, None))
                if old is not None:
                    runs["before"].append(measure(model_file, args.repeat, old))
            now = _best(runs["now"])
            print(_row("now", size, now))
            if old is not None:
                before = _best(runs["before"])
                print(_row("before", size, before))
                print(
                    f"{'ratio':<7} {size:>6} {now['build'] / before['build']:>8.2f} "
                    f"{now['dump'] / before['dump']:>8.2f} {'':>9} {'':>8} "
                    f"{now['per_node'] / before['per_node']:>7.2f} "
                    f"{now['held_mb'] / before['held_mb']:>6.2f}"
                )


if __name__ == "__main__":
    main()

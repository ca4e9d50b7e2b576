"""Regeneration of the TypeScript SDK after a change to one view: this tree side by side with
another pygen tree (``bench_regen.py``'s steps, with ``-l typescript``).

For synthetic models (``pygen.testing.synthesize_model``) of 200 and 1,000 views (both in the
per-view layout), each ``pygen generate -l typescript`` run as a process, its CPU time and its
workers', best of ``--repeat`` rounds taken in turns, a fresh cache folder each round:

* **cold**: the generation cache empty (what a first run pays, filling it);
* **docs**: then one view's description changed;
* **struct**: then a property added to another view;
* **same**: the same file again;
* **off**: the same file with ``PYGEN_CACHE=off``.

``--base-src`` is the other tree, e.g. main's unpacked with
``mkdir -p /tmp/main-src && git archive main | tar -x -C /tmp/main-src``.

    .venv/bin/python benchmarks/bench_regen_ts.py --base-src /tmp/main-src [--sizes 200 1000]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from _pygen_run import generate_cpu
from bench_regen import ROOT, STEPS, _edited

from pygen.testing import synthesize_model


def _round(work: Path, base: Path, document: dict[str, object], tree: Path, n: int) -> dict:
    cache = str(work / f"cache_{tree.name}_{n}")
    out = work / f"out_{tree.name}"
    docs, struct = _edited(document, n)
    paths = {}
    for name, doc in (("base", document), ("docs", docs), ("struct", struct)):
        paths[name] = work / f"{base.stem}_{name}_{n}.json"
        paths[name].write_text(json.dumps(doc))

    def run(name: str, cache: str) -> float:
        return generate_cpu(paths[name], out, tree, cache, language="typescript")

    return {
        "cold": run("base", cache),
        "docs": run("docs", cache),
        "struct": run("struct", cache),
        "same": run("struct", cache),
        "off": run("struct", "off"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--base-src", type=Path, required=True, help="the other pygen tree")
    parser.add_argument("--repeat", type=int, default=2, help="rounds; the best is shown")
    args = parser.parse_args()
    trees = {"this": ROOT, "base": args.base_src.resolve()}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for size in args.sizes:
            model = synthesize_model(views=size, base_views=min(10, size - 3))
            base = work / f"model_{size}.json"
            document = json.loads(model.model_dump_json(by_alias=True))
            best: dict[str, dict[str, float]] = {name: {} for name in trees}
            for n in range(args.repeat):
                for name, tree in trees.items():
                    times = _round(work, base, document, tree, n)
                    for step, value in times.items():
                        best[name][step] = min(best[name].get(step, value), value)
            rows.append((size, best))
            print(json.dumps({"views": size, **best}), file=sys.stderr)
    print("\npygen generate -l typescript after one view's change, CPU s of the process and its")
    print(f"workers (best of {args.repeat}); this / base (--base-src)\n")
    head = "views | " + " | ".join(STEPS)
    print(head)
    print("|".join("---" for _ in head.split("|")))
    for size, best in rows:
        cells = [
            f"{best['this'][s]:.2f} / {best['base'][s]:.2f} (x{best['this'][s] / best['base'][s]:.2f})"
            for s in STEPS
        ]
        print(f"{size} | " + " | ".join(cells))


if __name__ == "__main__":
    main()

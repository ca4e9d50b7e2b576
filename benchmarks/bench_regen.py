"""Regeneration after a change to one view: this tree side by side with another pygen tree.

For synthetic models (``pygen.testing.synthesize_model``) of 200 and 1,000 views, each
``pygen generate`` run as a process, its CPU time and its workers' (the machine is shared:
wall time measures the neighbours), best of ``--repeat`` rounds taken in turns (this tree,
then the other, with a fresh cache folder each round):

* **cold**: the generation cache empty (what a first run pays, filling it);
* **docs**: then one view's description changed (the model cache's entry of the same
  structure: only that view is built again);
* **struct**: then a property added to another view (another structure: the whole model
  loaded, validated and built; the view modules other than the changed ones from the cache);
* **same**: the same file again (its IR from the cache by the file's exact bytes);
* **off**: the same file with ``PYGEN_CACHE=off``.

``--base-src`` is the other tree, e.g. main's unpacked with
``mkdir -p /tmp/main-src && git archive main | tar -x -C /tmp/main-src``; each tree runs with
its own ``pygen`` and ``pygen_runtime`` on ``PYTHONPATH``.

    .venv/bin/python benchmarks/bench_regen.py --base-src /tmp/main-src [--sizes 200 1000]
        [--language typescript]

``--language typescript`` runs ``pygen generate -l typescript`` (200 and 1,000 views are both
in its per-view layout).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
from pathlib import Path

from _pygen_run import generate_cpu

from pygen.testing import synthesize_model

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("cold", "docs", "struct", "same", "off")


def _edited(document: dict[str, object], round_: int) -> tuple[dict[str, object], ...]:
    """The model with one view's description changed, then with a property added to another."""
    docs = copy.deepcopy(document)
    views = docs["views"]
    assert isinstance(views, list)
    views[len(views) // 2]["description"] = f"changed {round_}"
    struct = copy.deepcopy(docs)
    view = struct["views"][len(views) // 3]  # type: ignore[index]
    prop_id, prop = next(iter(view["properties"].items()))
    view["properties"][f"added{prop_id[:1].upper()}{prop_id[1:]}{round_}"] = dict(prop)
    return docs, struct


def _round(
    work: Path, base: Path, document: dict[str, object], tree: Path, n: int, language: str
) -> dict:
    cache = str(work / f"cache_{tree.name}_{n}")
    out = work / f"out_{tree.name}"
    docs, struct = _edited(document, n)
    paths = {}
    for name, doc in (("base", document), ("docs", docs), ("struct", struct)):
        paths[name] = work / f"{base.stem}_{name}_{n}.json"
        paths[name].write_text(json.dumps(doc))

    def run(name: str, cache: str) -> float:
        return generate_cpu(paths[name], out, tree, cache, language=language)

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
    parser.add_argument(
        "--language", default="python", choices=["python", "typescript"], help="-l of the runs"
    )
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
                    times = _round(work, base, document, tree, n, args.language)
                    for step, value in times.items():
                        best[name][step] = min(best[name].get(step, value), value)
            rows.append((size, best))
            print(json.dumps({"views": size, **best}), file=sys.stderr)
    print(f"\npygen generate -l {args.language} after one view's change, CPU s of the process")
    print(f"and its workers (best of {args.repeat}); this / base (--base-src)\n")
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

"""A cold ``pygen generate`` (no generation cache), side by side with another pygen tree.

For synthetic models (``pygen.testing.synthesize_model``) of 200 and 1,000 views, the whole
``pygen generate -q -f model.json -o out`` runs as a process, with ``PYGEN_CACHE=off`` for
this tree and for ``--old-src`` (a pygen source tree, e.g. the two-module layout before
per-view modules: ``git archive b78ea0f | tar -x -C /tmp/old-src``), and for this tree
with an empty cache folder too (a first run that fills the cache). Each figure is the CPU
time of the process and its worker processes (the machine is shared: wall time measures the
neighbours), the best of ``--rounds`` runs taken in turns, so both trees see the same load;
the ratio is new / old. ``--workers`` is passed on (default: pygen's, one per core up to 4).

    .venv/bin/python benchmarks/bench_cold.py --old-src /tmp/old-src [--sizes 200 1000]
        [--rounds 3] [--workers 1]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from _pygen_run import generate_cpu

from pygen.testing import synthesize_model


def _cpu(model: Path, out: Path, source: Path | None, cache: str, workers: int | None) -> float:
    """CPU seconds of one ``pygen generate`` into an empty ``out``."""
    shutil.rmtree(out, ignore_errors=True)
    return generate_cpu(model, out, source, cache, workers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old-src", type=Path, required=True, help="the pygen tree to compare")
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    old = args.old_src.resolve()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for size in args.sizes:
            model = synthesize_model(views=size, base_views=min(10, size - 3))
            path = work / f"model_{size}.json"
            path.write_text(model.model_dump_json(by_alias=True))
            runs: dict[str, list[float]] = {"new": [], "old": [], "empty cache": []}
            for round_ in range(args.rounds):
                out = work / "out"
                runs["new"].append(_cpu(path, out, None, "off", args.workers))
                runs["old"].append(_cpu(path, out, old, "off", args.workers))
                cache = work / f"cache_{size}_{round_}"
                runs["empty cache"].append(_cpu(path, out, None, str(cache), args.workers))
            best = {name: min(values) for name, values in runs.items()}
            rows.append((size, best, runs))
            print(size, {name: [round(v, 2) for v in values] for name, values in runs.items()})
    workers = args.workers or "pygen's default"
    print(f"\nCold generate, CPU s of the process and its workers (best of {args.rounds}; ")
    print(f"workers: {workers}); new and old with PYGEN_CACHE=off, new also with an empty cache\n")
    print("views | new | old | new / old | new, empty cache")
    print("---|---|---|---|---")
    for size, best, _ in rows:
        ratio = best["new"] / best["old"]
        print(
            f"{size} | {best['new']:.2f} | {best['old']:.2f} | {ratio:.2f} | "
            f"{best['empty cache']:.2f}"
        )


if __name__ == "__main__":
    main()

"""Lowering and rendering the Python view modules: CPU per view, this tree next to another.

For synthetic models (``pygen.testing.synthesize_model``) of 200 and 1,000 views, each tree
runs in a process of its own: it builds the IR (not timed), then lowers and renders every
view module the way ``pygen generate``'s processes do (``render_views``: one context, the
node caches emptied every ``CHUNK_CLASSES`` views) with the garbage collector paused, as
``generate`` pauses it. The figure is the CPU time of that step alone, best of ``--rounds``
runs in the process; the trees take turns ``--repeat`` times, so both see the same load.

``--base-src`` is the other tree, e.g. main's unpacked with
``mkdir -p /tmp/main-src && git archive main | tar -x -C /tmp/main-src``; without it only
this tree is measured.

    .venv/bin/python benchmarks/bench_lowering.py [--base-src /tmp/main-src]
        [--sizes 200 1000] [--rounds 3] [--repeat 2]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _pygen_run import tree_path

from pygen.testing import synthesize_model


def _child(model: Path, rounds: int) -> None:
    """In the measured tree's process: the CPU seconds of lowering and rendering every view
    module of ``model`` (best of ``rounds``) and the characters rendered, as JSON."""
    from pygen.api import build_ir
    from pygen.config import GeneratorConfig
    from pygen.lower.python.parallel import render_views
    from pygen.targets import get_target

    config = GeneratorConfig()
    ir, _ = build_ir(model, config)
    settings = get_target("python").settings(ir, config)  # type: ignore[attr-defined]
    indices = range(len(ir.classes))
    best, size = float("inf"), 0
    gc.disable()
    for _ in range(rounds):
        start = time.process_time()
        texts = render_views(ir, settings, indices)
        best = min(best, time.process_time() - start)
        size = sum(len(text) for _, text in texts)
        del texts
    print(json.dumps({"cpu": best, "chars": size}))


def _run(tree: Path | None, model: Path, rounds: int) -> dict[str, float]:
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join(map(str, tree_path(tree)))
    command = [sys.executable, __file__, "--child", str(model), "--rounds", str(rounds)]
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-src", type=Path, help="the pygen tree to compare")
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        _child(args.child, args.rounds)
        return
    trees = {"new": None, **({"base": args.base_src.resolve()} if args.base_src else {})}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            model = synthesize_model(views=size, base_views=min(10, size - 3))
            path = Path(tmp) / f"model_{size}.json"
            path.write_text(model.model_dump_json(by_alias=True))
            best: dict[str, dict[str, float]] = {}
            for _ in range(args.repeat):
                for name, tree in trees.items():
                    result = _run(tree, path, args.rounds)
                    if name not in best or result["cpu"] < best[name]["cpu"]:
                        best[name] = result
            rows.append((size, best))
            print(size, {name: round(result["cpu"], 3) for name, result in best.items()})
    print(
        f"\nLowering + rendering the view modules, CPU s (best of {args.rounds} x {args.repeat})\n"
    )
    print("views | new | ms per view | base | new / base | same output size")
    print("---|---|---|---|---|---")
    for size, best in rows:
        new = best["new"]
        base = best.get("base")
        ratio = f"{new['cpu'] / base['cpu']:.2f}" if base else "-"
        same = ("yes" if base["chars"] == new["chars"] else "no") if base else "-"
        base_cpu = f"{base['cpu']:.2f}" if base else "-"
        print(
            f"{size} | {new['cpu']:.2f} | {1000 * new['cpu'] / size:.2f} | {base_cpu} | "
            f"{ratio} | {same}"
        )


if __name__ == "__main__":
    main()

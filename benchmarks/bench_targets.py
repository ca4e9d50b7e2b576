"""The cost of the target seam, and what planning names per requested language saves.

    .venv/bin/python benchmarks/bench_targets.py [--sizes 50 200] [--repeat 5]

Per synthetic model, CPU seconds (best of ``--repeat``, one process, no writing):

- ``seam``: ``pygen.api.generate`` (registry, Python target, result) against ``direct``: the same
  steps called without the seam (``pygen.ir.build_ir``, ``pygen.lower.python.build_ast``,
  ``render_module``, with the GC paused), as ``generate`` did before the registry;
- ``validate+IR``: names planned for Python only (what ``--language python`` does now) against
  Python and TypeScript (what every run did before).
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from typing import Any

from pygen import __version__
from pygen.api import generate
from pygen.config import GeneratorConfig
from pygen.ir import build_ir
from pygen.lower.python import build_ast
from pygen.lower.python.context import PythonSettings
from pygen.lower.python.render import render_module
from pygen.naming import PYTHON, TYPESCRIPT
from pygen.naming.plan import _plan_names
from pygen.testing import synthesize_model
from pygen_runtime._gc import gc_paused
from pygen_runtime.client.models import DataModel


def _best(function: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        _plan_names.cache_clear()  # every repeat plans names afresh, as one run does
        gc.collect()
        start = time.process_time()
        function()
        best = min(best, time.process_time() - start)
    return best


def _direct(model: DataModel) -> int:
    with gc_paused():  # as generate runs its steps
        return _direct_steps(model)


def _direct_steps(model: DataModel) -> int:
    ir, _ = build_ir(model, conventions=(PYTHON,))
    settings = PythonSettings(
        package=ir.names["python"]["package"],
        client_name=ir.names["python"]["client"],
        pygen_version=__version__,
    )
    texts = {path: render_module(module) for path, module in build_ast(ir, settings).items()}
    return sum(text.count("\n") for text in texts.values())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    config = GeneratorConfig(workers=1)
    header = (
        f"{'views':>6} | {'seam s':>7} {'direct s':>8} {'ratio':>6} | "
        f"{'valid+IR py':>11} {'py+ts':>6} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    for size in arguments.sizes:
        model = synthesize_model(views=size, base_views=min(10, size // 4))
        assert generate(model, config=config).lines == _direct(model)  # the same work
        seam = _best(lambda: generate(model, config=config), arguments.repeat)  # noqa: B023
        direct = _best(lambda: _direct(model), arguments.repeat)  # noqa: B023
        python = _best(lambda: build_ir(model, conventions=(PYTHON,)), arguments.repeat)  # noqa: B023
        both = _best(
            lambda: build_ir(model, conventions=(PYTHON, TYPESCRIPT)),  # noqa: B023
            arguments.repeat,
        )
        print(
            f"{size:>6} | {seam:>7.3f} {direct:>8.3f} {seam / direct:>6.3f} | "
            f"{python:>11.3f} {both:>6.3f} {python / both:>6.3f}"
        )


if __name__ == "__main__":
    main()

"""Generation time and peak memory for synthetic models of 10, 50, 200 and 1,000 views.

Each model (from ``pygen.testing.synthesize_model``: ~16 mixed properties, 2 direct relations
and an edge per view) is written to a JSON file, then:

* ``pygen generate`` runs as its own process: wall time including interpreter start, and peak
  memory (max RSS) of that process and its workers;
* the same steps run in this process with one worker, split into load / validate+IR /
  build_ast / render / write (from 40 views on build_ast and render run a chunk of classes at
  a time: one figure, under build);
* the generated SDK is imported in a fresh interpreter, without and then with bytecode;
* the compile guard's cost (``pygen.lower.python.guard``): CPU time of in-process generation
  with one worker, with the guard and with its checks replaced by no-ops, alternating, best
  of five; and the CPU time spent inside the checks.

    .venv/bin/python benchmarks/bench_generate.py [--sizes 10 50 200 1000] [--no-guard-cost]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pygen.api import generate
from pygen.config import GeneratorConfig
from pygen.testing import synthesize_model
from pygen_runtime.client.models import DataModel

PYGEN = Path(sys.executable).parent / "pygen"


def peak_child_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run_cli(model: Path, out: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of ``pygen generate`` in a fresh process."""
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "r = subprocess.run(sys.argv[1:]); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
        "sys.exit(r.returncode)"
    )
    command = [
        sys.executable,
        "-c",
        probe,
        str(PYGEN),
        "generate",
        "-f",
        str(model),
        "-o",
        str(out),
        "-q",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds, rss_kb = result.stdout.split()
    return float(seconds), int(rss_kb) / 1024


def import_seconds(out: Path, package: str) -> tuple[float, float]:
    """Seconds to import the generated SDK in a fresh interpreter: first without bytecode
    (Python compiles the sources and writes ``__pycache__``), then with it, as every later
    import in a user's environment is."""
    probe = (
        f"import time; t = time.perf_counter(); import {package}; print(time.perf_counter() - t)"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    seconds = []
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            check=True,
            cwd=out,
            env=env,
        )
        seconds.append(float(result.stdout))
    return seconds[0], seconds[1]


def _fresh_caches() -> None:
    """Forget every token the lowering cached, as a new ``pygen`` process starts without."""
    from pygen.lower.python import _cst

    for value in vars(_cst).values():
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


def guard_cost(model: DataModel, rounds: int = 5) -> tuple[float, float, float]:
    """CPU seconds of in-process generation (one worker) with the guard and without it (its
    checks replaced by no-ops), best of ``rounds`` alternating runs; and, in the guarded runs,
    the CPU seconds spent inside the checks themselves. CPU time, not wall time: the machine
    may be shared."""
    from pygen.lower.python import _cst

    checks = ("check_string", "check_docstring", "check_comment", "check_name")
    saved = {name: getattr(_cst, name) for name in checks}
    inside = [0.0]

    def timed(check: Callable[..., None]) -> Callable[..., None]:
        def run(*args: object) -> None:
            start = time.process_time()
            try:
                check(*args)
            finally:
                inside[0] += time.process_time() - start

        return run

    best = {True: float("inf"), False: float("inf")}
    spent = float("inf")
    try:
        for _ in range(rounds):
            for guarded in (True, False):
                for name, check in saved.items():
                    setattr(_cst, name, check if guarded else (lambda *args: None))
                _fresh_caches()
                start = time.process_time()
                generate(model, None, GeneratorConfig(workers=1))
                best[guarded] = min(best[guarded], time.process_time() - start)
            for name, check in saved.items():
                setattr(_cst, name, timed(check))
            _fresh_caches()
            inside[0] = 0.0
            generate(model, None, GeneratorConfig(workers=1))
            spent = min(spent, inside[0])
    finally:
        for name, check in saved.items():
            setattr(_cst, name, check)
    return best[True], best[False], spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 200, 1000])
    parser.add_argument("--no-guard-cost", action="store_true", help="Skip the guard's cost.")
    arguments = parser.parse_args()
    sizes = arguments.sizes
    guard_rows = []
    header = (
        f"{'views':>6} {'lines':>9} {'cli s':>7} {'peak MB':>8} | {'load':>5} {'valid+IR':>8} "
        f"{'build':>6} {'render':>6} {'write':>6} {'1-proc s':>8} | {'import cold/warm s':>13}"
    )
    print(header)
    print("-" * len(header))
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            base = Path(folder)
            model = synthesize_model(views=size, base_views=min(10, size // 4))
            model_file = base / "model.json"
            model_file.write_text(json.dumps(model.dump()), encoding="utf-8")
            cli_seconds, peak = run_cli(model_file, base / "cli")
            start = time.perf_counter()
            result = generate(model_file, base / "inproc", GeneratorConfig(workers=1))
            single = time.perf_counter() - start
            t = result.timings
            build = t.get("build_ast+render", t.get("build_ast", 0.0))
            render = f"{t['render']:>6.2f}" if "render" in t else f"{'-':>6}"
            package = next(p.name for p in (base / "cli").iterdir() if p.is_dir())
            cold, warm = import_seconds(base / "cli", package)
            print(
                f"{size:>6} {result.lines:>9,} {cli_seconds:>7.2f} {peak:>8.0f} | "
                f"{t['load']:>5.2f} {t['validate+ir']:>8.2f} {build:>6.2f} {render} "
                f"{t['write']:>6.2f} {single:>8.2f} | {cold:>6.2f} {warm:>6.2f}"
            )
            if not arguments.no_guard_cost:
                guard_rows.append((size, *guard_cost(model)))
    if guard_rows:
        print("\ncompile guard, CPU seconds of one-process generation (best of 5):")
        print(
            f"{'views':>6} {'guard on':>9} {'guard off':>10} {'ratio':>6} {'in checks':>10} {'share':>6}"
        )
        for size, on, off, spent in guard_rows:
            print(
                f"{size:>6} {on:>9.2f} {off:>10.2f} {on / off:>6.3f} {spent:>10.3f} "
                f"{100 * spent / on:>5.1f}%"
            )
    help_start = time.perf_counter()
    subprocess.run([str(PYGEN), "--help"], capture_output=True, check=True)
    print(f"\npygen --help: {time.perf_counter() - help_start:.2f} s")


if __name__ == "__main__":
    main()

"""Peak memory and time of ``pygen generate`` (Python and TypeScript), and where the memory goes.

Part 1, side by side in one run: ``pygen generate`` of synthetic models (``synthesize_model``,
default 200 and 1,000 views) as its own process, for each language and worker count, sampled
every 20 ms (Linux ``/proc``):

* wall s, CPU s (the process and its workers);
* main MB: peak RSS of the ``pygen`` process;
* tree RSS MB: peak of the summed RSS of the process and its workers (pages the forked workers
  share with it are counted in each);
* tree PSS MB: the same in proportional set size (a shared page counted once, split between
  its sharers): what the run costs the machine;
* procs: the most processes seen at once (with N workers: the ``pygen`` process and N - 1
  forked children).

With ``--before REV`` each row is also run with pygen as of the git revision ``REV``
(extracted with ``git archive``), alternating with the current one, and the ratio now/before is
printed; the outputs are compared byte for byte.

Part 2 (``--phases``), in one process, the 1,000-view model with one worker: RSS and the memory
Python allocated (tracemalloc) after each step — imports, the loaded DMS models, the IR, the
models dropped — and the peak of lowering the Python SDK a chunk of classes at a time against
lowering the whole model's trees first (as ``build_ast`` does), and of the TypeScript SDK.

    .venv/bin/python benchmarks/bench_generate_memory.py [--sizes 200 1000] [--workers 2 1]
        [--languages python typescript] [--before REV] [--phases]
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pygen.testing import synthesize_model

REPO = Path(__file__).parents[1]
CLI = "import sys; from pygen.cli import main; sys.argv[0] = 'pygen'; main()"


def _children(pid: int) -> list[int]:
    found = [pid]
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text(encoding="ascii").split():
                found.extend(_children(int(child)))
    except OSError:
        pass
    return found


def _memory(pid: int) -> tuple[int, int]:
    """RSS and PSS (kB) of one process; zeros when it is gone."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="ascii").splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def run(
    model: Path, out: Path, language: str, workers: int, pythonpath: Path | None
) -> dict[str, float]:
    """``pygen generate`` in a fresh process (the pygen of ``pythonpath`` when given)."""
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    command = [sys.executable, "-c", CLI, "generate", "-f", str(model), "-o", str(out)]
    command += ["-q", "-l", language, "--workers", str(workers)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # cwd: not the repository ('' on sys.path would import its pygen before PYTHONPATH's)
    process = subprocess.Popen(command, env=env, cwd=model.parent)
    main = tree_rss = tree_pss = processes = 0
    while process.poll() is None:
        sizes = [_memory(pid) for pid in _children(process.pid)]
        processes = max(processes, sum(1 for rss, _ in sizes if rss))
        main = max(main, sizes[0][0] if sizes else 0)
        tree_rss = max(tree_rss, sum(rss for rss, _ in sizes))
        tree_pss = max(tree_pss, sum(pss for _, pss in sizes))
        time.sleep(0.02)
    wall = time.perf_counter() - start
    if process.returncode:
        raise SystemExit(f"pygen generate failed ({process.returncode}): {' '.join(command)}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {
        "wall": wall,
        "cpu": cpu,
        "main": main / 1024,
        "rss": tree_rss / 1024,
        "pss": tree_pss / 1024,
        "procs": processes,
    }


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


def same_tree(left: Path, right: Path) -> bool:
    """Whether two folders hold the same files with the same bytes."""
    compared = filecmp.dircmp(left, right)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    if mismatch or errors:
        return False
    return all(same_tree(left / name, right / name) for name in compared.common_dirs)


def _line(label: str, data: dict[str, float]) -> str:
    return (
        f"{label:<26} {data['wall']:>7.2f} {data['cpu']:>7.2f} {data['main']:>8.0f} "
        f"{data['rss']:>9.0f} {data['pss']:>9.0f} {data['procs']:>5.0f}"
    )


def part_one(args: argparse.Namespace, tmp: Path) -> None:
    header = (
        f"{'language views workers pygen':<26} {'wall s':>7} {'CPU s':>7} {'main MB':>8} "
        f"{'tree RSS':>9} {'tree PSS':>9} {'procs':>5}"
    )
    print(header)
    print("-" * len(header))
    old = checkout(args.before, tmp / "before") if args.before else None
    for size in args.sizes:
        model = tmp / f"model_{size}.json"
        document = synthesize_model(views=size, base_views=min(10, size // 4)).dump()
        model.write_text(json.dumps(document), encoding="utf-8")
        for language in args.languages:
            for workers in args.workers:
                label = f"{language[:10]} {size} {workers}"
                now = run(model, tmp / "now", language, workers, None)
                print(_line(f"{label} now", now), flush=True)
                if old is None:
                    continue
                before = run(model, tmp / "before_out", language, workers, old)
                same = same_tree(tmp / "now", tmp / "before_out")
                print(_line(f"{label} before", before) + f"  same output: {same}")
                ratios = {key: now[key] / before[key] for key in now if key != "procs"}
                print(
                    f"{label + ' now/before':<26} {ratios['wall']:>7.2f} {ratios['cpu']:>7.2f} "
                    f"{ratios['main']:>8.2f} {ratios['rss']:>9.2f} {ratios['pss']:>9.2f}"
                )


PHASES = r"""
import gc, json, sys, tracemalloc
from pathlib import PurePosixPath

def rss():
    for line in open("/proc/self/status", encoding="ascii"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

tracemalloc.start()
rows = []
def mark(step):
    current, peak = tracemalloc.get_traced_memory()
    rows.append((step, rss(), current / 2**20, peak / 2**20))
    tracemalloc.reset_peak()

gc.disable()
from pygen.api import conventions, load_model
from pygen.config import GeneratorConfig
from pygen.ir import build_ir
from pygen.lower.python import build_ast
from pygen.lower.python.parallel import render_files
from pygen.lower.python.render import render_module
from pygen.targets import get_target
mark("imports")
model = load_model(sys.argv[1])
mark("DMS models loaded")
config = GeneratorConfig(language=("python", "typescript"), workers=1)
ir, result = build_ir(model, conventions=conventions(config))
mark("IR built (+ validation)")
del model, result
mark("DMS models dropped")
settings = get_target("python").settings(ir, config)
texts = render_files(ir, settings, workers=1)
size = sum(len(text) for text in texts.values()) / 2**20
mark(f"Python, a chunk at a time ({size:.0f} MB text)")
del texts
target = get_target("typescript")
files = target.generate_files(ir, config, {})
size = sum(len(text) for text in files.files.values()) / 2**20
mark(f"TypeScript, per view ({size:.0f} MB text)")
del files
trees = build_ast(ir, settings)
mark("Python, whole trees first (before): the trees")
texts = {path: render_module(module) for path, module in trees.items()}
mark("  ... then rendered")
print(json.dumps(rows))
"""


def part_two(tmp: Path) -> None:
    model = tmp / "model_phases.json"
    model.write_text(json.dumps(synthesize_model(views=1000, base_views=10).dump()))
    result = subprocess.run(
        [sys.executable, "-c", PHASES, str(model)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp,
    )
    print("\nwhere the memory goes, 1,000 views, one process (MB; RSS includes tracemalloc's")
    print("own bookkeeping, traced = what Python allocated and still holds, peak = since the row")
    print("before):")
    header = f"{'after':<44} {'RSS':>6} {'traced':>7} {'peak':>6}"
    print(header)
    print("-" * len(header))
    for step, rss, current, peak in json.loads(result.stdout):
        print(f"{step:<44} {rss:>6.0f} {current:>7.0f} {peak:>6.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--workers", type=int, nargs="+", default=[2, 1])
    parser.add_argument("--languages", nargs="+", default=["python", "typescript"])
    parser.add_argument("--before", metavar="REV", help="also run pygen as of this revision")
    parser.add_argument("--phases", action="store_true", help="where the memory goes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        part_one(args, Path(folder))
        if args.phases:
            part_two(Path(folder))


if __name__ == "__main__":
    main()

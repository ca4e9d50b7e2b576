"""TypeScript generation for synthetic models of 10, 50, 200 and 1,000 views: time, peak
memory, and what the result costs ``tsc``.

Each model (``pygen.testing.synthesize_model``: ~16 mixed properties, 2 direct relations and an
edge per view) is written to a JSON file, then for each size:

* one fresh process runs the whole generation as ``pygen generate --language typescript``
  does (import, load, validate + IR, lower and print, write the package): its wall seconds
  (process start to exit), the seconds of its steps, and the peak memory (max RSS) of the
  largest process, the workers included, and the CPU seconds of all of them (user + system:
  what the run costs a busy machine, where the workers may find no free core);
* both layouts: ``one`` file (``dataClasses.ts``, ``api.ts``) and a file ``per-view``
  (``dataClasses/<view>.ts``, ``api/<view>.ts`` behind the same two modules; the default from
  200 views, printed on worker processes from 40 views on); ``rest s`` is the rest of the
  run: pygen's lazy imports, the settings, the manifest and the write;
* with ``--before REV``, the same run with pygen as it was at the git revision ``REV``
  (extracted with ``git archive``), in the same benchmark run: its seconds, RSS and the ratio
  ``before / now``; the outputs are compared byte for byte;
* ``tsc -p tsconfig.json --noEmit`` on the generated package (the pinned compiler from
  ``npm ci``): wall seconds and peak memory, and the size of the generated sources.

    .venv/bin/python benchmarks/bench_generate_ts.py [--sizes 10 50 200 1000] [--no-tsc]
        [--layouts one per-view] [--before REV] [--workers N]
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pygen.testing import synthesize_model

REPO = Path(__file__).resolve().parents[1]
TSC = REPO / "node_modules" / ".bin" / "tsc"

_GENERATE = """
import json, os, resource, sys, time
start = time.perf_counter()
from dataclasses import replace
from pygen.api import generate
from pygen.config import GeneratorConfig
from pygen.targets.typescript import TypeScriptTarget
imported = time.perf_counter()
default = TypeScriptTarget.settings
split = None if sys.argv[3] == "one" else 1
TypeScriptTarget.settings = lambda self, ir, config: replace(
    default(self, ir, config), split_views=split
)
workers = int(sys.argv[4]) if sys.argv[4] != "-" else None
result = generate(sys.argv[1], sys.argv[2], GeneratorConfig(language="typescript", workers=workers))
end = time.perf_counter()
steps = result.timings
build = sum(v for k, v in steps.items() if k not in ("load", "validate+ir", "write"))
usages = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
cpu = sum(u.ru_utime + u.ru_stime for u in usages)
largest = max(resource.getrusage(who).ru_maxrss for who in (
    resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({
    "import": imported - start, "ir": steps.get("load", 0.0) + steps.get("validate+ir", 0.0),
    "build": build, "rest": end - imported - steps.get("load", 0.0) - steps.get("validate+ir", 0.0) - build,
    "rss_mb": largest / 1024, "cpu": cpu, "lines": result.lines,
}), flush=True)
os._exit(0)  # as the pygen console script does
"""


def generate(
    model: Path, out: Path, layout: str, workers: int | None, pythonpath: Path | None = None
) -> dict[str, float]:
    """Generate in a fresh process (``layout``: ``one`` file, or a file ``per-view``; the
    pygen of ``pythonpath`` when given): its wall seconds, step timings and peak memory."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    argv = [str(model), str(out), layout, str(workers) if workers else "-"]
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _GENERATE, *argv],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=out.parent,
    )
    data: dict[str, float] = json.loads(result.stdout)
    data["total"] = time.perf_counter() - start
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


def same_tree(left: Path, right: Path) -> bool:
    """Whether two folders hold the same files with the same bytes."""
    compared = filecmp.dircmp(left, right)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    if mismatch or errors:
        return False
    return all(same_tree(left / name, right / name) for name in compared.common_dirs)


def run_tsc(package: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of ``tsc --noEmit`` on the package."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([str(TSC), "-p", "tsconfig.json", "--noEmit"], cwd=package, check=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 200, 1000])
    parser.add_argument("--no-tsc", action="store_true", help="skip the tsc runs")
    parser.add_argument(
        "--layouts", nargs="+", choices=["one", "per-view"], default=["one", "per-view"]
    )
    parser.add_argument("--before", metavar="REV", help="also run pygen as of this git revision")
    parser.add_argument("--workers", type=int, help="worker processes (default: pygen's)")
    args = parser.parse_args()
    if not args.no_tsc and not TSC.exists():
        sys.exit(f"error: {TSC} not found: run npm ci in {REPO}, or pass --no-tsc")
    header = (
        f"{'views':>6} {'layout':>8} {'files':>6} {'lines':>8} {'src MB':>7} {'total s':>8} "
        f"{'ir s':>6} {'build s':>8} {'rest s':>7} {'CPU s':>6} {'RSS MB':>7}"
    )
    if args.before:
        header += f" {'before s':>9} {'CPU s':>6} {'RSS MB':>7} {'ratio':>6} {'same':>5}"
    header += f" {'tsc s':>7} {'tsc MB':>7}"
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        old = checkout(args.before, Path(tmp) / "before") if args.before else None
        for size in args.sizes:
            model = Path(tmp) / f"model_{size}.json"
            model.write_text(
                json.dumps(synthesize_model(size, base_views=min(10, size // 4)).dump()),
                encoding="utf-8",
            )
            for layout in args.layouts:
                out = Path(tmp) / f"out_{size}_{layout}"
                run = generate(model, out, layout, args.workers)
                package = next(out.glob("*/package.json")).parent
                sources = [p for p in (package / "src").rglob("*.ts") if "runtime" not in p.parts]
                size_mb = sum(p.stat().st_size for p in sources) / 1e6
                line = (
                    f"{size:>6} {layout:>8} {len(sources):>6} {int(run['lines']):>8} "
                    f"{size_mb:>7.2f} {run['total']:>8.2f} {run['ir']:>6.2f} "
                    f"{run['build']:>8.2f} {run['rest']:>7.2f} {run['cpu']:>6.2f} {run['rss_mb']:>7.0f}"
                )
                if old is not None:
                    before_out = Path(tmp) / f"before_{size}_{layout}"
                    before = generate(model, before_out, layout, args.workers, old)
                    same = same_tree(out, before_out)
                    line += (
                        f" {before['total']:>9.2f} {before['cpu']:>6.2f} {before['rss_mb']:>7.0f} "
                        f"{before['total'] / run['total']:>6.1f} {'yes' if same else 'NO':>5}"
                    )
                nan = float("nan")
                tsc_s, tsc_mb = run_tsc(package) if not args.no_tsc else (nan, nan)
                print(f"{line} {tsc_s:>7.2f} {tsc_mb:>7.0f}", flush=True)


if __name__ == "__main__":
    main()

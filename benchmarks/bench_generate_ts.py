"""TypeScript generation for synthetic models of 10, 50, 200 and 1,000 views: time, peak
memory, and what the result costs ``tsc``.

Each model (``pygen.testing.synthesize_model``: ~16 mixed properties, 2 direct relations and an
edge per view) is written to a JSON file, then for each size:

* one fresh process loads it, builds the IR, lowers it to ts_emitter trees, prints them and
  writes the package (the whole generation, as ``pygen generate --language typescript`` will
  run it): wall seconds per step and the process's peak memory (max RSS);
* both layouts: ``one`` file (``dataClasses.ts``, ``api.ts``) and a file ``per-view``
  (``dataClasses/<view>.ts``, ``api/<view>.ts`` behind the same two modules);
* ``tsc -p tsconfig.json --noEmit`` on the generated package (the pinned compiler from
  ``npm ci``): wall seconds and peak memory, and the size of the generated sources.

    .venv/bin/python benchmarks/bench_generate_ts.py [--sizes 10 50 200 1000] [--no-tsc]
        [--layouts one per-view]
"""

from __future__ import annotations

import argparse
import json
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
import json, resource, sys, time
from pathlib import Path
start = time.perf_counter()
from pygen import load_data_model
from pygen.ir import build_ir
from pygen.emit import FileSet
from pygen.lower.typescript import build_ast, render_files
from pygen.lower.typescript.context import TypeScriptSettings
from pygen.targets.typescript import TARGET
imported = time.perf_counter()
settings = TypeScriptSettings(split_views=None if sys.argv[3] == "one" else 1)
from pygen._gc import gc_paused
ir, _ = build_ir(load_data_model(sys.argv[1]))
built = time.perf_counter()
with gc_paused():  # as TARGET.generate_files does
    trees = build_ast(ir, settings)
    lowered = time.perf_counter()
    folder = TARGET.folder(ir)
    texts = render_files(trees, ir, settings)
    files = FileSet.of({folder / path: text for path, text in texts.items()})
    rendered = time.perf_counter()
files.write(Path(sys.argv[2]))
written = time.perf_counter()
print(json.dumps({
    "import": imported - start, "ir": built - imported, "lower": lowered - built,
    "print": rendered - lowered, "write": written - rendered, "total": written - start,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "lines": files.line_count, "folder": str(TARGET.folder(ir)),
}))
"""


def generate(model: Path, out: Path, layout: str) -> dict[str, float | str]:
    """Generate in a fresh process (``layout``: ``one`` file, or a file ``per-view``); its
    step timings and peak memory."""
    result = subprocess.run(
        [sys.executable, "-c", _GENERATE, str(model), str(out), layout],
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, float | str] = json.loads(result.stdout)
    return data


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
    args = parser.parse_args()
    if not args.no_tsc and not TSC.exists():
        sys.exit(f"error: {TSC} not found: run npm ci in {REPO}, or pass --no-tsc")
    header = (
        f"{'views':>6} {'layout':>8} {'files':>6} {'lines':>8} {'src MB':>7} {'total s':>8} {'ir s':>6} {'lower s':>8} "
        f"{'print s':>8} {'RSS MB':>7} {'tsc s':>7} {'tsc MB':>7}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            model = Path(tmp) / f"model_{size}.json"
            model.write_text(
                json.dumps(synthesize_model(size, base_views=min(10, size // 4)).dump()),
                encoding="utf-8",
            )
            for layout in args.layouts:
                out = Path(tmp) / f"out_{size}_{layout}"
                run = generate(model, out, layout)
                package = out / str(run["folder"])
                sources = [p for p in (package / "src").rglob("*.ts") if "runtime" not in p.parts]
                size_mb = sum(p.stat().st_size for p in sources) / 1e6
                nan = float("nan")
                tsc_s, tsc_mb = run_tsc(package) if not args.no_tsc else (nan, nan)
                print(
                    f"{size:>6} {layout:>8} {len(sources):>6} {int(run['lines']):>8} "
                    f"{size_mb:>7.2f} {float(run['total']):>8.2f} {float(run['ir']):>6.2f} "
                    f"{float(run['lower']):>8.2f} {float(run['print']):>8.2f} "
                    f"{float(run['rss_mb']):>7.0f} {tsc_s:>7.2f} {tsc_mb:>7.0f}"
                )


if __name__ == "__main__":
    main()

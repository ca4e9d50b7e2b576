"""The TypeScript per-view layout at scale: which generated files grow with the number of
views, what generation and ``tsc`` cost, now and with pygen as of another revision (main's
layout), in the same run.

For each size (default 200 and 1,000 synthetic views, ``pygen.testing.synthesize_model``), the
SDK is generated in a fresh process by this checkout and by pygen as of ``--before`` (default
``main``, extracted with ``git archive``), both in the per-view layout (the default from 200
views). Printed per size:

* every generated source file that is not a view's own module (``src/dataClasses/<view>.ts``,
  ``src/api/<view>.ts``) and not the runtime copy (the same for every model): its size in both,
  so that the files growing with the number of views show (now: only the index, ``index.ts``
  and ``client.ts``);
* the per-view modules: how many, their mean and largest size;
* generation seconds (whole process, start to exit) and CPU seconds (workers included),
  ``tsc --noEmit`` wall and CPU seconds and peak memory (``/usr/bin/time``; on the shared
  machine CPU seconds vary less than wall seconds), and with ``--node`` the milliseconds node
  takes to import the built SDK and construct its client, and then to use one view's API
  (median of 5 runs).

Every figure is the median of ``--repeat`` runs (default 3), the two pygens alternating (and
taking turns to go first).

    .venv/bin/python benchmarks/bench_ts_layout.py [--sizes 200 1000] [--before REV] [--node]
        [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench_generate_ts import REPO, TSC, checkout, generate

from pygen.testing import synthesize_model

TIME = Path("/usr/bin/time")

_NODE = """
const start = performance.now();
const sdk = await import(process.argv[1]);
const name = Object.keys(sdk).find((key) => key.endsWith("Client") && key !== "InstanceClient"
  && key !== "HttpClient" && typeof sdk[key] === "function");
const client = new sdk[name]({ baseUrl: "http://127.0.0.1:9", project: "p",
  credentials: new sdk.TokenAuth("t") });
const loaded = performance.now();
const api = client[process.argv[2]];
if (typeof api.list !== "function") throw new Error("no API");
const used = performance.now();
console.log(JSON.stringify({ load: loaded - start, use: used - loaded }));
"""


def per_view(path: Path, src: Path) -> bool:
    return path.parent in (src / "dataClasses", src / "api")


def sizes(package: Path) -> tuple[dict[str, int], list[int]]:
    """The generated sources that are not per view (path -> bytes) and the per-view sizes."""
    src = package / "src"
    shared: dict[str, int] = {}
    views: list[int] = []
    for path in sorted(src.rglob("*.ts")):
        if "runtime" in path.relative_to(src).parts:
            continue
        if per_view(path, src):
            views.append(path.stat().st_size)
        else:
            shared[path.relative_to(package).as_posix()] = path.stat().st_size
    return shared, views


def run_tsc(package: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system: what counts on a busy machine) and peak RSS
    (MB) of ``tsc -p tsconfig.json --noEmit``."""
    start = time.perf_counter()
    result = subprocess.run(
        [str(TIME), "-f", "%U %S %M", str(TSC), "-p", "tsconfig.json", "--noEmit"],
        cwd=package,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    user, system, peak = result.stderr.strip().splitlines()[-1].split()
    return seconds, float(user) + float(system), int(peak) / 1024


def run_node(package: Path, view: str) -> tuple[float, float]:
    """Median milliseconds of 5 node runs: import the built SDK and make its client; then read
    one view's API from the client."""
    subprocess.run([str(TSC), "-p", "tsconfig.json"], cwd=package, check=True)
    node = shutil.which("node")
    assert node is not None, "node not found on PATH"
    index = (package / "dist" / "index.js").as_uri()
    runs = [
        json.loads(
            subprocess.run(
                [node, "--input-type=module", "-e", _NODE, index, view],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for _ in range(5)
    ]
    return statistics.median(r["load"] for r in runs), statistics.median(r["use"] for r in runs)


def median_of(rows: Sequence[tuple[float, ...]]) -> tuple[float, ...]:
    """The median of each column."""
    return tuple(statistics.median(column) for column in zip(*rows, strict=True))


def _node_median(
    done: list[tuple[tuple[float, ...], tuple[float, float] | None]],
) -> tuple[float, ...] | None:
    found = [node for _, node in done if node is not None]
    return median_of(found) if found else None


def ratio(a: float, b: float) -> str:
    return f"{a / b:>6.2f}" if b >= 0.05 else f"{'-':>6}"


def kb(value: int | None) -> str:
    return "-" if value is None else f"{value / 1024:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--before", default="main", metavar="REV", help="compare with this rev")
    parser.add_argument("--node", action="store_true", help="also time loading under node")
    parser.add_argument("--repeat", type=int, default=3, help="runs per layout (medians)")
    args = parser.parse_args()
    if not TSC.exists() or not TIME.exists():
        sys.exit(f"error: {TSC} or {TIME} not found: run npm ci in {REPO}")
    with tempfile.TemporaryDirectory() as tmp:
        old = checkout(args.before, Path(tmp) / "before")
        for size in args.sizes:
            model = Path(tmp) / f"model_{size}.json"
            model.write_text(
                json.dumps(synthesize_model(size, base_views=min(10, size // 4)).dump()),
                encoding="utf-8",
            )
            runs: dict[str, list[tuple[tuple[float, ...], tuple[float, float] | None]]] = {}
            files: dict[str, tuple[dict[str, int], list[int]]] = {}
            pygens: list[tuple[str, Path | None]] = [("now", None), (args.before, old)]
            for rep in range(args.repeat):  # alternating, so that both see the same load
                for label, pythonpath in pygens if rep % 2 == 0 else pygens[::-1]:
                    out = Path(tmp) / f"out_{size}_{label}"
                    shutil.rmtree(out, ignore_errors=True)
                    run = generate(model, out, "per-view", None, pythonpath)
                    package = next(out.glob("*/package.json")).parent
                    tsc_s, tsc_cpu, tsc_mb = run_tsc(package)
                    node = run_node(package, "entity00000") if args.node else None
                    timings = (run["total"], run["cpu"], tsc_s, tsc_cpu, tsc_mb)
                    runs.setdefault(label, []).append((timings, node))
                    files[label] = sizes(package)
            results = {
                label: (median_of([t for t, _ in done]), _node_median(done), *files[label])
                for label, done in runs.items()
            }
            now, before = results["now"], results[args.before]
            print(f"\n{size} views: generated sources that are not a view's own module (KB)")
            print(f"{'file':<28} {'now':>9} {args.before:>9}")
            for path in sorted(set(now[2]) | set(before[2])):
                print(f"{path:<28} {kb(now[2].get(path)):>9} {kb(before[2].get(path)):>9}")
            for label, (_, _, shared, views) in results.items():
                print(
                    f"{label}: {len(views)} per-view modules, mean {kb(int(statistics.mean(views)))}"
                    f" KB, largest {kb(max(views))} KB; not per view {kb(sum(shared.values()))} KB"
                )
            print(f"{'':<28} {'now':>9} {args.before:>9} {'ratio':>6}")
            rows = ["generate s", "generate CPU s", "tsc --noEmit s", "tsc CPU s", "tsc peak MB"]
            for index, name in enumerate(rows):
                a, b = now[0][index], before[0][index]
                print(f"{name:<28} {a:>9.2f} {b:>9.2f} {ratio(a, b)}")
            if now[1] is not None and before[1] is not None:
                for index, name in enumerate(("node import + client ms", "first view use ms")):
                    a, b = now[1][index], before[1][index]
                    print(f"{name:<28} {a:>9.1f} {b:>9.1f} {ratio(a, b)}")


if __name__ == "__main__":
    main()

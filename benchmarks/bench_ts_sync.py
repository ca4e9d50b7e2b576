"""The TypeScript SDK over real HTTP against the local emulator: gzip request bodies and sync.

Compiles the example TypeScript SDK (``golden/example/typescript``) with the pinned ``tsc`` into
a temporary folder and runs ``bench_ts_sync.mjs`` under node against ``LocalCDF``:

* upsert N equipment (gzip-compressed bodies, the default above 1,024 bytes), then the same
  items again without gzip (``gzipThresholdBytes: null``) and again with it: seconds and bytes
  sent, and the ratios of the last two (the same work) in the same run;
* list them all against ``sync()`` them all (requests, seconds, ratio), then sync only what
  changed after updating a tenth and deleting a hundredth of them.

    .venv/bin/python benchmarks/bench_ts_sync.py [--count 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pygen.emulator import LocalCDF

REPO = Path(__file__).resolve().parents[1]
SDK = REPO / "golden" / "example" / "typescript"
MODEL = REPO / "pygen" / "examples" / "example_model.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    node = shutil.which("node")
    if node is None:
        raise SystemExit("error: node not found on PATH: install Node >= 18")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "dist"
        tsc = REPO / "node_modules" / ".bin" / "tsc"
        command = [tsc, "-p", SDK / "tsconfig.json", "--outDir", out, "--declaration", "false"]
        subprocess.run([str(part) for part in command], check=True)
        (out / "package.json").write_text('{"type": "module"}', encoding="utf-8")
        with LocalCDF(db=":memory:", load=[MODEL]) as cdf:
            env = {
                **os.environ,
                "CDF_BASE_URL": cdf.base_url,
                "CDF_PROJECT": cdf.project,
                "CDF_TOKEN": cdf.token,
            }
            script = REPO / "benchmarks" / "bench_ts_sync.mjs"
            run = [node, str(script), out.as_uri(), str(args.count)]
            result = subprocess.run(run, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"error: the node benchmark failed:\n{result.stderr}")
    rows = json.loads(result.stdout)
    print(f"{'operation':34} {'items':>7} {'requests':>8} {'seconds':>8} {'MB sent':>8}")
    for name, row in rows.items():
        sent = f"{row['bytes'] / 1e6:8.2f}" if "bytes" in row else f"{'':8}"
        print(f"{name:34} {row['items']:>7,} {row['requests']:>8} {row['seconds']:8.3f} {sent}")
    gzip, plain = rows["upsert again, gzip (default)"], rows["upsert again, no gzip"]
    print(
        f"gzip / no gzip (same run): {gzip['bytes'] / plain['bytes']:.2f}x the bytes,"
        f" {gzip['seconds'] / plain['seconds']:.2f}x the time"
    )
    print(
        f"sync all / list all (same run): {rows['sync all']['seconds'] / rows['list all']['seconds']:.2f}x"
        " the time"
    )


if __name__ == "__main__":
    main()

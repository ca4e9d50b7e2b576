"""Expand on read with the TypeScript SDK against the local emulator: requests and client time.

The data of ``bench_expand.py`` (1,000 pieces of equipment with a site, two spare parts and a
cable each; sites list their equipment), written with the Python SDK. ``benchmarks/ts/expand.ts``
(compiled with the golden example SDK by the pinned ``tsc``) then runs, under node and in the
same run: ``list({ expand: 2 })``, the same query bodies over ``fetch`` + ``JSON.parse``, the
plain listing both ways, the requests for 250, 500 and 1,000 roots, and the client side alone
(the captured responses replayed through an injected ``fetch``).

    .venv/bin/python benchmarks/bench_expand_ts.py [--nodes 1000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_expand import MODEL, ROOT, load

from pygen.emulator import LocalCDF
from pygen_runtime.client.models import SpaceApply

SPACE = "bench_expand_ts"
SCRIPT = ROOT / "benchmarks" / "ts" / "expand.ts"
TSC = ROOT / "node_modules" / ".bin" / "tsc"


def compile_script(out: Path) -> Path:
    """The benchmark script and the example SDK as ES modules in ``out``."""
    sources = [str(SCRIPT), *map(str, (ROOT / "golden/example/typescript/src").rglob("*.ts"))]
    options = ["--strict", "--target", "ES2022", "--module", "NodeNext"]
    options += ["--moduleResolution", "NodeNext", "--skipLibCheck", "--types", "node"]
    options += ["--typeRoots", str(ROOT / "node_modules/@types"), "--rootDir", str(ROOT)]
    command = [str(TSC), *options, "--outDir", str(out), *sources]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit("tsc failed:\n" + result.stdout + result.stderr)
    (out / "package.json").write_text('{"type": "module"}\n')
    return out / "benchmarks" / "ts" / "expand.js"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "golden" / "example" / "python"))
    import example_model as em

    with tempfile.TemporaryDirectory() as folder, LocalCDF(load=[MODEL]) as cdf:
        script = compile_script(Path(folder))
        client = cdf.client()
        client.spaces.apply([SpaceApply(space=SPACE)])
        load(em.ExampleModelClient(client, instance_space=SPACE), em, args.nodes)
        env = {
            **os.environ,
            "CDF_BASE_URL": cdf.base_url,
            "CDF_PROJECT": cdf.project,
            "CDF_TOKEN": cdf.token,
            "BENCH_SPACE": SPACE,
            "BENCH_NODES": str(args.nodes),
            "BENCH_ROUNDS": str(args.rounds),
        }
        result = subprocess.run(["node", str(script)], env=env, check=False)
        sys.exit(result.returncode)


if __name__ == "__main__":
    main()

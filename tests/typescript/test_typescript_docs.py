"""The incremental-sync program of docs/typescript.md: compiled against the example SDK (strict
``tsc``) and run twice under node against the emulator loaded with the sample instances.

The doc imports ``example-model`` (the installed package); here that import points at the golden
example SDK, by a path relative to the program, so the compiled program finds the compiled SDK.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
DOC = REPO / "docs" / "typescript.md"
SDK = REPO / "golden" / "example" / "typescript" / "src" / "index.js"
MODEL = REPO / "pygen" / "examples" / "example_model.yaml"
INSTANCES = REPO / "pygen" / "examples" / "example_instances.json"


def _sync_program() -> str:
    """The ```ts block of the doc that runs ``sync``."""
    blocks = re.findall(r"```ts\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    (program,) = [block for block in blocks if "SyncCursorExpiredError.is" in block]
    return str(program)


def test_the_documented_sync_program_compiles_and_resumes(tmp_path: Path) -> None:
    tsc, node = REPO / "node_modules" / ".bin" / "tsc", shutil.which("node")
    assert tsc.exists() and node is not None, f"run npm ci in {REPO}; node must be on PATH"
    source = tmp_path / "src" / "sync.ts"
    source.parent.mkdir()
    sdk = os.path.relpath(SDK, source.parent)
    source.write_text(_sync_program().replace('"example-model"', json.dumps(sdk)), "utf-8")
    out = tmp_path / "out"
    config = {
        "extends": str(HERE / "tsconfig.node.json"),
        "compilerOptions": {"rootDir": "/", "outDir": str(out)},
        "include": [str(source)],
    }
    (tmp_path / "tsconfig.json").write_text(json.dumps(config), "utf-8")
    (tmp_path / "package.json").write_text('{"type": "module"}', "utf-8")
    built = subprocess.run(
        [tsc, "-p", tmp_path / "tsconfig.json", "--pretty", "false"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout
    (out / "package.json").write_text('{"type": "module"}', "utf-8")
    program = out / source.with_suffix(".js").relative_to("/")
    running = sum(
        '"running"' in json.dumps(item)
        for item in json.loads(INSTANCES.read_text("utf-8"))["items"]
    )
    from pygen.emulator import LocalCDF

    with LocalCDF(db=":memory:", load=[MODEL], instances=[INSTANCES]) as cdf:
        env = {
            **os.environ,
            "CDF_BASE_URL": cdf.base_url,
            "CDF_PROJECT": cdf.project,
            "CDF_TOKEN": cdf.token,
        }
        runs = [
            subprocess.run(
                [node, program], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
            )
            for _ in range(2)
        ]
    for run in runs:
        assert run.returncode == 0, run.stderr
    first, second = (run.stdout.split("\n")[:-1] for run in runs)
    assert sum(int(line.split()[1].rstrip(",")) for line in first) == running > 0, first
    assert second == ["stored 0, removed 0"]
    assert (tmp_path / "equipment.cursor").read_text("utf-8")

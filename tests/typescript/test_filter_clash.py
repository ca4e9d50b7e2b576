"""The TypeScript SDK of the functional tier's filter-clash model
(:data:`tests.functional.models.FILTERS`): the options the name plan renamed (``namePrefix2``,
``minSize2``, ``limit2`` ...) compile under ``tsc --strict`` and each filters its own property
against the emulator. (Here rather than in ``tests/functional`` because it needs the pinned
``tsc`` from ``npm ci``, like the rest of ``tests/typescript``.)

``clash/filterClash.ts`` is copied into the generated SDK's ``src/`` and built with the
SDK's own ``tsconfig.json``; node runs it against one emulator. Fails (never skips) without
``npm ci`` or node.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pygen.api import generate
from pygen.config import GeneratorConfig
from pygen.emulator import LocalCDF
from pygen.ir import build_ir
from pygen_runtime.client.models import DataModel, SpaceApply
from tests.functional import models

ROOT = Path(__file__).resolve().parents[2]
TSC = ROOT / "node_modules" / ".bin" / "tsc"
SCRIPT = Path(__file__).resolve().parent / "clash" / "filterClash.ts"
SPACE = "clash_filters_ts"


def test_the_script_uses_the_names_the_plan_gives() -> None:
    """The script spells the planned names (the plan, not the script, is the reference)."""
    ir, _ = build_ir(DataModel.model_validate(models.FILTERS))
    (gauge,) = ir.classes
    planned = {prop.id: dict(prop.filter_names["typescript"]) for prop in gauge.properties}
    assert planned == models.FILTER_NAMES["typescript"]
    script = SCRIPT.read_text(encoding="utf-8")
    for name in ("namePrefix2", "minSize2", "limit2", "externalIdPrefix2", "sort2", "groupBy2"):
        assert f"{{ {name}: " in script, name


def test_renamed_filter_options_filter_their_property(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None or not TSC.exists():
        pytest.fail(f"node and {TSC} are needed: install Node >= 18, run npm ci", pytrace=False)
    model_file = tmp_path / "filters.json"
    model_file.write_text(json.dumps(models.FILTERS), encoding="utf-8")
    generate(model_file, tmp_path / "sdk", GeneratorConfig(language=("typescript",)))
    (package,) = [p for p in (tmp_path / "sdk").iterdir() if (p / "tsconfig.json").is_file()]
    shutil.copy(SCRIPT, package / "src" / SCRIPT.name)
    build = subprocess.run(
        [str(TSC), "-p", "tsconfig.json", "--pretty", "false"],
        cwd=package,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stdout[-4000:]
    with LocalCDF(db=":memory:", load=[model_file]) as cdf:
        client = cdf.client()
        client.spaces.apply([SpaceApply(space=SPACE)])
        client.close()
        env = {
            **os.environ,
            "CDF_BASE_URL": cdf.base_url,
            "CDF_PROJECT": cdf.project,
            "CDF_TOKEN": cdf.token,
            "PYGEN_SPACE": SPACE,
        }
        run = subprocess.run(
            [node, str(package / "dist" / "filterClash.js")],
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
    assert run.returncode == 0, run.stderr[-4000:]
    assert run.stdout.strip() == "ok"

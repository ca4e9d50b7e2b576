"""A generated SDK installs and runs without the generator.

The runtime's wheel is built from ``runtime/``; a fresh virtual environment gets it and
``pip install <the SDK folder>`` (its generated ``pyproject.toml``), from local wheel folders only.
The SDK is then imported there and run against the emulator, which runs in this process (the
other venv).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pygen.api import generate
from pygen.config import GeneratorConfig
from pygen.emulator import LocalCDF
from pygen.testing.install import (
    build_wheel,
    download_dependencies,
    fresh_venv,
    installed_distributions,
    pip,
)

from .conftest import EXAMPLE_MODEL, ROOT

RUN = """
import importlib.util, json, sys
missing = [name for name in ("pygen", "libcst", "typer", "black", "starlette", "uvicorn")
           if importlib.util.find_spec(name) is not None]
assert not missing, f"generator packages installed: {missing}"
from pygen_runtime.client import PygenClient, TokenAuth
import example_model

base_url, project, token = sys.argv[1:]
with PygenClient(base_url, project, TokenAuth(token)) as cdf:
    sdk = example_model.ExampleModelClient(cdf, instance_space="standalone")
    cdf.http.post("/models/spaces", json={"items": [{"space": "standalone"}]})
    sdk.upsert(example_model.SiteWrite(external_id="oslo", name="Oslo", code="OSL"))
    site = sdk.site.retrieve("oslo")
    print(json.dumps({"name": site.name, "module": example_model.__file__,
                      "runtime": example_model.__runtime_versions__}))
"""


@pytest.mark.slow
def test_the_sdk_installs_and_runs_without_the_generator(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build_wheel(ROOT / "runtime", wheels)
    download_dependencies(wheels)
    sdk = tmp_path / "sdk"
    generate(EXAMPLE_MODEL, sdk, GeneratorConfig())
    python = fresh_venv(tmp_path / "venv")
    pip(python, "install", "--no-index", "--find-links", wheels, sdk)

    installed = installed_distributions(python)
    assert installed["example-model"] == "1"
    assert "cdf-pygen-runtime" in installed and "cdf-pygen" not in installed
    assert not {"libcst", "typer", "black", "starlette", "uvicorn"} & set(installed)

    script = tmp_path / "run.py"
    script.write_text(RUN, encoding="utf-8")
    with LocalCDF(load=[EXAMPLE_MODEL]) as cdf:
        ran = subprocess.run(
            [str(python), str(script), cdf.base_url, cdf.project, cdf.token],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    answer = json.loads(ran.stdout)
    assert answer["name"] == "Oslo"
    assert "site-packages" in answer["module"]  # the installed copy, not the folder
    assert answer["runtime"][1] == "0.2"
    assert sys.executable != str(python)

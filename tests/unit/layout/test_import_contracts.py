"""The import layering of pyproject.toml's ``[tool.importlinter]`` holds (``lint-imports``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[3]


def contracts() -> dict[str, dict[str, list[str]]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["name"]: c for c in config["tool"]["importlinter"]["contracts"]}


def test_the_required_contracts_are_configured() -> None:
    named = contracts()
    runtime = named["the runtime imports nothing of the generator"]
    assert (
        runtime["source_modules"] == ["pygen_runtime"] and "pygen" in runtime["forbidden_modules"]
    )
    assert "pygen" in named["ts_emitter is stdlib only"]["forbidden_modules"]
    assert "pygen.lower" in named["the IR does not know the lowerings"]["forbidden_modules"]
    assert (
        "pygen_runtime.client.http"
        in named["the lowerings do not talk to CDF"]["forbidden_modules"]
    )


def test_every_contract_is_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(contracts())} kept, 0 broken." in result.stdout


def test_the_generators_use_of_the_runtime_stays_light() -> None:
    """``pygen_runtime`` exports lazily: its errors load neither pydantic nor httpx."""
    code = (
        "import sys, pygen_runtime, pygen_runtime.errors\n"
        "assert not {'pydantic', 'httpx'} & set(sys.modules), sorted(sys.modules)\n"
        "assert pygen_runtime.InstanceAPI.__module__ == 'pygen_runtime.api'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr

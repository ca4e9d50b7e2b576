"""generation.naming feeds the name plan: generate and validate give the same names, and the
SDK made with other formats compiles, passes mypy --strict and runs against the emulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from pygen.cli.app import app
from pygen.emulator import LocalCDF

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "pygen" / "examples" / "example_model.yaml"
INSTANCES = ROOT / "pygen" / "examples" / "example_instances.json"
runner = CliRunner()

RUN = """
import sys
from pygen_runtime.client import PygenClient, TokenAuth
import named_sdk

base_url, project, token = sys.argv[1:4]
client = named_sdk.example_model_client(
    PygenClient(base_url, project, TokenAuth(token)), instance_space="pygen_example_data"
)
orders = client.workOrder.list(limit=2)
cable = client.connection.list(limit=1)[0]
print(type(orders[0]).__name__, type(cable).__name__, len(orders), "cableType" in cable.model_dump(by_alias=False))
print("commissionedOn" in named_sdk.equipment_write.model_fields)
"""


def _generate(tmp_path: Path, naming: dict[str, str], package: str) -> Path:
    (tmp_path / "pygen.yaml").write_text(
        yaml.safe_dump(
            {
                "generation": {"output_dir": "out", "package_name": package, "naming": naming},
                "model": {"file": str(EXAMPLE)},
            }
        )
    )
    result = runner.invoke(app, ["generate", "-q", "-c", str(tmp_path / "pygen.yaml")])
    assert result.exit_code == 0, result.output
    return tmp_path / "out"


def test_other_formats_make_a_typed_sdk_that_runs(tmp_path: Path) -> None:
    naming = {
        "class_format": "snake_case",
        "property_format": "camelCase",
        "method_format": "camelCase",
    }
    out = _generate(tmp_path, naming, "named_sdk")
    views = out / "named_sdk" / "views"
    work_order = (views / "work_order.py").read_text()
    assert "class work_order(Node):" in work_order
    assert "class work_order_write(NodeWrite):" in work_order
    assert "    cableType: str | None" in (views / "connection.py").read_text()
    client = (out / "named_sdk" / "client.py").read_text()
    assert "    workOrder: work_order_api\n" in client

    mypy = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "golden" / "mypy.ini"),
            "named_sdk",
        ],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    with LocalCDF(load=[EXAMPLE], instances=[INSTANCES]) as cdf:
        env = {**os.environ, "PYTHONPATH": str(out)}
        ran = subprocess.run(
            [sys.executable, "-c", RUN, cdf.base_url, cdf.project, cdf.token],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == ["work_order connection 2 True", "True"]


def test_validate_reports_the_names_generate_gives(tmp_path: Path, monkeypatch: object) -> None:
    """``myProp`` and ``my_prop`` clash: snake_case keeps ``my_prop`` and numbers the other,
    camelCase keeps ``myProp``; validate (with the same pygen.yaml) says so, and the generated
    fields are those names."""
    model = {
        "space": "sp",
        "externalId": "Clash",
        "version": "1",
        "views": [
            {
                "space": "sp",
                "externalId": "Thing",
                "version": "1",
                "usedFor": "node",
                "writable": True,
                "implements": [],
                "filter": None,
                "properties": {
                    name: {
                        "container": {"space": "sp", "externalId": "Thing"},
                        "containerPropertyIdentifier": name,
                        "type": {"type": "text", "list": False},
                        "nullable": True,
                        "immutable": False,
                        "autoIncrement": False,
                    }
                    for name in ("myProp", "my_prop")
                },
            }
        ],
    }
    model_file = tmp_path / "clash.json"
    model_file.write_text(json.dumps(model))
    for fmt, expected in (("snake_case", "my_prop_2"), ("camelCase", "myProp2")):
        folder = tmp_path / fmt
        folder.mkdir()
        (folder / "pygen.yaml").write_text(
            yaml.safe_dump(
                {
                    "generation": {"output_dir": "out", "naming": {"property_format": fmt}},
                    "model": {"file": str(model_file)},
                }
            )
        )
        config = ["-c", str(folder / "pygen.yaml")]
        validated = runner.invoke(app, ["validate", *config, "--format", "json"])
        issues = json.loads(validated.output)["issues"]
        clash = [i for i in issues if i["location"].startswith("sp/Thing/")]
        assert any(f"{expected} (Python)" in issue["message"] for issue in clash), clash
        assert runner.invoke(app, ["generate", "-q", *config]).exit_code == 0
        assert (
            f"    {expected}: str | None"
            in (folder / "out" / "clash" / "views" / "thing.py").read_text()
        )

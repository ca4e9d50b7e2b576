"""Instance files seed the emulator: the example's sample data through LocalCDF and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pygen.cli.app import app
from pygen.emulator import LocalCDF, Store, load_instances
from pygen_runtime.errors import ParseError

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "pygen" / "examples" / "example_model.yaml"
INSTANCES = ROOT / "pygen" / "examples" / "example_instances.json"


def test_local_cdf_loads_the_sample_instances() -> None:
    items = json.loads(INSTANCES.read_text())["items"]
    with LocalCDF(load=[MODEL], instances=[INSTANCES]) as cdf:
        client = cdf.client()
        nodes = list(client.instances.list("node", limit=None))
        edges = list(client.instances.list("edge", limit=None))
        client.close()
    assert len(nodes) == sum(item["instanceType"] == "node" for item in items)
    assert len(edges) == sum(item["instanceType"] == "edge" for item in items)


def test_a_file_that_is_not_instances_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"views": []}))
    with pytest.raises(ParseError, match="items"):
        load_instances(Store(":memory:"), "p", bad)


def test_cli_refuses_instances_the_model_does_not_allow(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.json"
    item = json.loads(INSTANCES.read_text())["items"][0]
    item["sources"][0]["properties"]["area"] = "not a number"
    wrong.write_text(json.dumps({"items": [item]}))
    result = CliRunner().invoke(
        app, ["emulator", "--db", ":memory:", "--load", str(MODEL), "--instances", str(wrong)]
    )
    assert result.exit_code == 2
    assert "area" in result.output

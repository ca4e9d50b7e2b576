"""``pygen validate`` and ``pygen inspect`` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from pygen.cli.commands.inspect import inspect
from pygen.cli.commands.validate import validate
from pygen.testing.models import direct, mapped, model, reverse, view

FIXTURES = Path(__file__).parents[2] / "data" / "models"

app = typer.Typer()
app.command("inspect")(inspect)
app.command("validate")(validate)


@app.callback()
def _root() -> None:
    """Test app with the two commands."""


runner = CliRunner()


def write(tmp_path: Path, document: object, name: str = "model.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def test_validate_a_valid_fixture(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", "--model-file", str(FIXTURES / "Pumps.yaml")])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("Data model IntegrationTestsImmutable:Pumps(version=1)")
    assert "Result: valid; 0 error(s), 0 warning(s), 0 info(s)" in result.output


def test_warnings_pass_unless_strict() -> None:
    path = str(FIXTURES / "WindTurbine.yaml")

    lenient = runner.invoke(app, ["validate", "-f", path])
    strict = runner.invoke(app, ["validate", "-f", path, "--strict"])

    assert lenient.exit_code == 0
    assert "Warnings (3)" in lenient.output
    assert "  PYG037  sp_pygen_power/Generator/nacelle" in lenient.output
    # TypeScript read objects have the node type as `type`: the property is renamed there
    assert "  PYG052  sp_pygen_power/SensorTimeSeries/type" in lenient.output
    assert "suggestion: Did you mean through Nacelle.generator?" in lenient.output
    assert strict.exit_code == 1
    assert "invalid (strict: warnings count as errors)" in strict.output


def test_errors_exit_1_with_grouped_output(tmp_path: Path) -> None:
    document = model(
        view("A", {"r": reverse("B", "nope"), "d": direct("Gone")}), view("B", {"x": mapped()})
    )

    result = runner.invoke(app, ["validate", "-f", str(write(tmp_path, document))])

    assert result.exit_code == 1
    text = result.output
    assert text.index("Errors (1)") < text.index("Warnings (1)")
    assert "PYG034  sp/A/r" in text and "PYG030  sp/A/d" in text


def test_json_format(tmp_path: Path) -> None:
    document = model(view("A", {"d": direct("Gone")}))

    result = runner.invoke(
        app, ["validate", "-f", str(write(tmp_path, document)), "--format", "json", "--strict"]
    )

    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["valid"] is False and data["strict"] is True
    assert [(i["code"], i["location"]) for i in data["issues"]] == [("PYG030", "sp/A/d")]


def test_no_info_hides_infos() -> None:
    path = str(FIXTURES / "CogniteCore.yaml")

    shown = runner.invoke(app, ["validate", "-f", path])
    hidden = runner.invoke(app, ["validate", "-f", path, "--no-info"])

    assert "Infos (7)" in shown.output
    assert "Infos" not in hidden.output and "7 info(s)" in hidden.output


def test_unreadable_parts_are_issues_not_crashes(tmp_path: Path) -> None:
    document = model(view("A", {"x": mapped({"type": "vector"})}))

    result = runner.invoke(app, ["validate", "-f", str(write(tmp_path, document))])

    assert result.exit_code == 1
    assert "PYG003  sp/A/x" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--model-file", "does-not-exist.yaml"], "no such file"),
        (["sp"], "space and external_id go together; add external_id"),
        ([], "give a model: -f/--model-file PATH"),
        (["-f", "x.yaml", "a", "b", "-v", "1"], "give either -f/--model-file or"),
        (["model.yaml"], "SPACE is the data model's space in CDF, and 'model.yaml' looks like"),
    ],
)
def test_usage_and_read_errors_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["validate", *args])

    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_file_that_is_not_a_mapping_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", "-f", str(write(tmp_path, [1, 2]))])

    assert result.exit_code == 2
    assert "expected a mapping" in result.output


def test_remote_model_without_credentials_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("CDF_BASE_URL", "CDF_CLUSTER", "CDF_PROJECT", "CDF_TOKEN", "CDF_CLIENT_ID"):
        monkeypatch.delenv(variable, raising=False)

    result = runner.invoke(app, ["validate", "sp", "M", "-v", "1"])

    assert result.exit_code == 2
    assert result.output.startswith("error: ")


def test_inspect_lists_views_properties_relations_and_inheritance() -> None:
    result = runner.invoke(app, ["inspect", "-f", str(FIXTURES / "OmniMultiB.yaml")])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "pygen-models:OmniMultiB(version=1)  OmniMultiB"
    assert lines[1] == "3 view(s)"
    assert "  VIEW             VERSION  USED FOR  WRITABLE  PROPS  IMPLEMENTS" in lines
    assert "Implementation1 (node) implements SubInterface" in lines
    assert "  mainValue  text  from SubInterface" in lines
    assert lines[-3:] == ["  MainInterface", "  `-- SubInterface", "      `-- Implementation1"]


def test_inspect_relations_and_view_filter() -> None:
    result = runner.invoke(
        app,
        [
            "inspect",
            "-f",
            str(FIXTURES / "Omni.yaml"),
            "--view",
            "ConnectionItemE",
            "--view",
            "Nope",
        ],
    )

    assert result.exit_code == 0, result.output
    text = result.output
    assert "no view named Nope in this model" in text
    assert "ConnectionItemE (node)" in text and "ConnectionItemA (node)" not in text
    assert "reverse <- ConnectionItemD.directSingle" in text
    assert "edge <- ConnectionItemF" in text
    assert "edge properties ConnectionEdgeA" in text


def test_inspect_without_properties_and_with_a_bad_file(tmp_path: Path) -> None:
    brief = runner.invoke(app, ["inspect", "-f", str(FIXTURES / "Pumps.yaml"), "--no-properties"])
    bad = runner.invoke(app, ["inspect", "-f", str(write(tmp_path, {"space": "x"}))])

    assert brief.exit_code == 0
    assert "Pumps (node)" not in brief.output and "  Pumps  " in brief.output
    assert bad.exit_code == 2 and bad.output.startswith("error: ")


def test_inspect_ir_json_is_the_ir_generate_builds(tmp_path: Path) -> None:
    from pygen.api import build_ir
    from pygen.config import GeneratorConfig
    from pygen.ir import ir_from_json

    path = str(FIXTURES / "OmniSub.yaml")
    default = runner.invoke(app, ["inspect", "-f", path, "--format", "ir-json"])
    both = runner.invoke(app, ["inspect", "-f", path, "--format", "ir-json", "-l", "all"])

    assert default.exit_code == 0, default.output
    assert json.loads(default.stdout)["version"] == 1
    assert ir_from_json(default.stdout) == build_ir(path, GeneratorConfig())[0]  # python names
    assert ir_from_json(both.stdout).metadata.languages == ("python", "typescript")


def test_inspect_ir_json_of_a_model_with_errors_warns(tmp_path: Path) -> None:
    document = model(view("A", {"r": reverse("B", "nope"), "x": mapped()}), view("B", {}))

    result = runner.invoke(
        app, ["inspect", "-f", str(write(tmp_path, document)), "--format", "ir-json"]
    )

    assert result.exit_code == 0
    ir = json.loads(result.stdout)["ir"]
    assert [p["id"] for p in ir["classes"][0]["properties"]] == ["x"]
    assert "relationships" not in ir["classes"][0]  # the broken reverse relation is left out
    assert result.stderr.startswith("warning: the model has 1 error(s)")


def test_remote_model_is_retrieved_from_cdf(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """SPACE MODEL -v VERSION fetch the model over HTTP (here from the emulator)."""
    from pygen.emulator import LocalCDF

    model_file = tmp_path / "model.json"
    model_file.write_text(json.dumps(model(view("A", {"d": direct("Gone")}))))
    with LocalCDF(load=[model_file]) as cdf:
        monkeypatch.setenv("CDF_BASE_URL", cdf.base_url)
        monkeypatch.setenv("CDF_PROJECT", cdf.project)
        monkeypatch.setenv("CDF_TOKEN", cdf.token)
        result = runner.invoke(app, ["validate", "sp", "TestModel", "--version", "1"])
        inspected = runner.invoke(app, ["inspect", "sp", "TestModel", "-v", "1"])
        missing = runner.invoke(app, ["validate", "sp", "Nope", "-v", "1"])

    assert result.exit_code == 0, result.output
    assert "PYG030  sp/A/d" in result.output
    assert inspected.exit_code == 0, inspected.output
    assert inspected.output.startswith("sp:TestModel(version=1)")
    assert missing.exit_code == 2
    assert "Nope" in missing.output
    assert cdf.token not in missing.output

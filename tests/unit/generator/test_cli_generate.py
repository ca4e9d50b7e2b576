"""``pygen generate`` from the command line: summary, --check, warnings, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from pygen.cli.app import app
from pygen.emulator import LocalCDF

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "pygen" / "examples" / "example_model.yaml"
WIND = ROOT / "tests" / "data" / "models" / "WindTurbine.yaml"
runner = CliRunner()


def test_generate_prints_a_summary(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "-f", str(EXAMPLE), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "generated 11 files" in result.output and "6 views" in result.output
    assert (tmp_path / "example_model" / "views" / "equipment.py").is_file()


def test_check_lists_what_would_change(tmp_path: Path) -> None:
    runner.invoke(app, ["generate", "-f", str(EXAMPLE), "-o", str(tmp_path)])
    clean = runner.invoke(app, ["generate", "-f", str(EXAMPLE), "-o", str(tmp_path), "--check"])
    assert clean.exit_code == 0, clean.output
    (tmp_path / "example_model" / "client.py").unlink()
    mine = tmp_path / "example_model" / "old_module.py"  # not pygen's: never listed or touched
    mine.write_text("")
    dirty = runner.invoke(app, ["generate", "-f", str(EXAMPLE), "-o", str(tmp_path), "--check"])
    assert dirty.exit_code == 1
    assert "create  example_model/client.py" in dirty.output
    assert "old_module.py" not in dirty.output
    api = tmp_path / "example_model" / "views" / "equipment.py"
    api.write_text(api.read_text() + "# edited by hand\n")
    edited = runner.invoke(app, ["generate", "-f", str(EXAMPLE), "-o", str(tmp_path), "--check"])
    assert edited.exit_code == 2  # the write would be refused
    assert "refuse  example_model/views/equipment.py" in edited.output and "--force" in edited.output
    assert "edited by hand" in api.read_text()  # --check writes nothing
    assert not (tmp_path / "example_model" / "client.py").exists()


def test_warnings_reach_the_user_and_generation_goes_on(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "-f", str(WIND), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "PYG037" in result.output
    strict = runner.invoke(app, ["generate", "-f", str(WIND), "-o", str(tmp_path / "s"), "--strict"])
    assert strict.exit_code == 1
    assert "PYG037" in strict.output
    assert not (tmp_path / "s").exists()


def test_a_model_with_errors_generates_nothing(tmp_path: Path) -> None:
    document = yaml.safe_load(EXAMPLE.read_text())
    site = next(v for v in document["views"] if v["externalId"] == "Site")
    site["properties"]["equipment"]["through"]["identifier"] = "doesNotExist"
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(document))
    result = runner.invoke(app, ["generate", "-f", str(broken), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "PYG0" in result.output and "Site" in result.output
    assert not (tmp_path / "out").exists()


def test_bad_input_is_a_clear_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = runner.invoke(app, ["generate", "-f", str(tmp_path / "nope.yaml"), "-o", str(tmp_path)])
    assert missing.exit_code == 2
    assert "no such file" in missing.output
    assert "Traceback" not in missing.output
    monkeypatch.chdir(tmp_path)
    default_output = runner.invoke(app, ["generate", "-f", str(EXAMPLE)])  # ./generated
    assert default_output.exit_code == 0, default_output.output
    assert (tmp_path / "generated" / "example_model" / "client.py").is_file()
    bad = runner.invoke(app, ["generate", "-f", str(EXAMPLE), "-o", str(tmp_path), "--package", "A-B"])
    assert bad.exit_code == 2 and "package_name" in bad.output


def test_generate_from_cdf_with_pygen_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The model's space, external id and version (here from pygen.yaml) fetch it over HTTP;
    the base URL and project come from pygen.yaml, the token from the environment."""
    monkeypatch.delenv("CDF_BASE_URL", raising=False)
    monkeypatch.delenv("CDF_PROJECT", raising=False)
    with LocalCDF(load=[EXAMPLE]) as cdf:
        config = tmp_path / "pygen.yaml"
        settings = {
            "client": {"base_url": cdf.base_url, "project": cdf.project},
            "generation": {"output_dir": str(tmp_path / "sdk"), "package_name": "from_cdf"},
            "model": {"space": "pygen_example", "external_id": "ExampleModel", "version": "1"},
        }
        config.write_text(yaml.safe_dump(settings))
        monkeypatch.setenv("CDF_TOKEN", cdf.token)
        result = runner.invoke(app, ["generate", "--config", str(config)])
        monkeypatch.setenv("CDF_TOKEN", "wrong-token")
        denied = runner.invoke(app, ["generate", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sdk" / "from_cdf" / "client.py").is_file()
    assert denied.exit_code == 2
    assert "401" in denied.output and "wrong-token" not in denied.output


def test_chosen_names_that_would_shadow_or_clash_are_clear_errors(tmp_path: Path) -> None:
    """A package named like an imported module, or a client class named like a generated class
    or an imported name, would make an SDK that cannot work: one ``error:`` line, nothing
    written."""
    out = str(tmp_path / "out")
    cases = {
        ("--package", "typing"): "package_name 'typing' would shadow",
        ("--package", "pygen"): "package_name 'pygen' would shadow",
        ("--client-name", "PygenClient"): "client_name 'PygenClient' is a name generated",
        ("--client-name", "Equipment"): "client_name 'Equipment' is already the class of view",
        ("--client-name", "EQUIPMENT_VIEW"): "is already the view constant of view",
    }
    for option, message in cases.items():
        result = runner.invoke(app, ["generate", "-f", str(EXAMPLE), "-o", out, *option])
        assert result.exit_code == 2, (option, result.output)
        assert message in result.output, (option, result.output)
        assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    ok = runner.invoke(app, ["generate", "-f", str(EXAMPLE), "-o", out, "--client-name", "Sdk"])
    assert ok.exit_code == 0, ok.output

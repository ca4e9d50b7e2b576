"""``pygen init`` writes a commented pygen.yaml that works as it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pygen.cli.app import app
from pygen.config import ENVIRONMENT, PygenConfig, load_config
from pygen.emulator import LocalCDF

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "pygen" / "examples" / "example_model.yaml"
runner = CliRunner()


def test_init_from_a_model_file_then_generate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "m.yaml").write_text(EXAMPLE.read_text())
    (tmp_path / "sub").mkdir()
    result = runner.invoke(app, ["init", "-f", "models/m.yaml", "--path", "sub/pygen.yaml"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "sub" / "pygen.yaml").read_text()
    cdf_model = {"model.space", "model.external_id", "model.version"}  # not for a file
    for key, variable in ENVIRONMENT:  # every key's variable is named in a comment
        if key not in cdf_model:
            assert f"# {variable}" in text or f"; {variable}" in text, variable
    config = load_config(Path("sub/pygen.yaml"), environ={})
    assert config.model[0].file == Path("sub/../models/m.yaml")  # from the file's folder
    assert config.generation == PygenConfig().generation.model_copy(
        update={"output_dir": Path("sub/generated")}
    )
    generated = runner.invoke(app, ["generate", "-q", "-c", "sub/pygen.yaml"])
    assert generated.exit_code == 0, generated.output
    assert (tmp_path / "sub" / "generated" / "example_model" / "client.py").is_file()
    again = runner.invoke(app, ["init", "-f", "models/m.yaml", "--path", "sub/pygen.yaml"])
    assert again.exit_code == 2
    assert again.output == "error: sub/pygen.yaml exists; --force replaces it\n"


def test_init_from_cdf_takes_the_project_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with LocalCDF(load=[EXAMPLE]) as cdf:
        monkeypatch.setenv("CDF_BASE_URL", cdf.base_url)
        monkeypatch.setenv("CDF_PROJECT", cdf.project)
        monkeypatch.setenv("CDF_TOKEN", cdf.token)
        args = ["init", "-s", "pygen_example", "-m", "ExampleModel", "-v", "1", "-o", "sdk"]
        assert runner.invoke(app, args).exit_code == 0
        text = Path("pygen.yaml").read_text()
        assert f'base_url: "{cdf.base_url}"' in text and 'external_id: "ExampleModel"' in text
        monkeypatch.delenv("CDF_BASE_URL")  # the file's base_url is used now
        generated = runner.invoke(app, ["generate", "-q"])
    assert generated.exit_code == 0, generated.output
    assert (tmp_path / "sdk" / "example_model" / "client.py").is_file()


def test_init_needs_a_model() -> None:
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 2
    assert result.output.startswith("error: give the model: -f/--model-file PATH")
    missing = runner.invoke(app, ["init", "-f", "nope.yaml", "--path", "/nonexistent/x.yaml"])
    assert missing.exit_code == 2 and "nope.yaml: no such file" in missing.output
    unwritable = runner.invoke(app, ["init", "-f", str(EXAMPLE), "--path", "/proc/x/pygen.yaml"])
    assert unwritable.exit_code == 2
    assert unwritable.output.startswith("error: /proc/x/pygen.yaml: cannot write the file")


def test_init_writes_no_credential_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    canary = "canary-secret-9f2c7e"
    monkeypatch.chdir(tmp_path)
    with LocalCDF(load=[EXAMPLE], token=canary) as cdf:
        monkeypatch.setenv("CDF_BASE_URL", cdf.base_url)
        monkeypatch.setenv("CDF_PROJECT", cdf.project)
        monkeypatch.setenv("CDF_TOKEN", canary)
        monkeypatch.setenv("CDF_CLIENT_ID", f"{canary}-id")
        monkeypatch.setenv("CDF_CLIENT_SECRET", f"{canary}-client-secret")
        result = runner.invoke(app, ["init", "-s", "pygen_example", "-m", "ExampleModel"])
        assert result.exit_code == 0, result.output
        text = Path("pygen.yaml").read_text()
        generated = runner.invoke(
            app, ["generate", "-q", "-s", "pygen_example", "-m", "ExampleModel"]
        )
    assert generated.exit_code == 0, generated.output
    assert canary not in text and canary not in result.output
    assert "CDF_TOKEN" in text  # the variable is named, its value is not
    for path in (tmp_path / "generated").rglob("*"):
        if path.is_file():
            assert canary not in path.read_text(encoding="utf-8"), path

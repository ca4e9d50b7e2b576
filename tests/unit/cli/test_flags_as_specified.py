"""The specification's flags: -s -m -v -o -l -c --strict; -f/--model-file; a progress display
that stays silent with -q and when output is not a terminal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from pygen.cli.app import app
from pygen.cli.progress import progress_display
from pygen.emulator import LocalCDF

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "pygen" / "examples" / "example_model.yaml"
runner = CliRunner()


def test_short_flags_fetch_from_cdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "settings.yaml"
    with LocalCDF(load=[EXAMPLE]) as cdf:
        config.write_text(
            yaml.safe_dump({"client": {"base_url": cdf.base_url, "project": cdf.project}})
        )
        monkeypatch.delenv("CDF_BASE_URL", raising=False)
        monkeypatch.delenv("CDF_PROJECT", raising=False)
        monkeypatch.setenv("CDF_TOKEN", cdf.token)
        args = ["-s", "pygen_example", "-m", "ExampleModel", "-v", "1", "-c", str(config)]
        out = tmp_path / "sdk"
        result = runner.invoke(app, ["generate", *args, "-o", str(out), "-l", "python", "--strict"])
    assert result.exit_code == 0, result.output
    assert (out / "example_model" / "client.py").is_file()


def test_a_model_file_given_to_m_names_the_flag_meant(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "-m", "models/pumps.yaml", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output == (
        "error: -m/--model is the data model's external id in CDF, and 'models/pumps.yaml' "
        "looks like a model file; for a file use -f/--model-file models/pumps.yaml\n"
    )
    positional = runner.invoke(app, ["inspect", "model.json"])
    assert positional.exit_code == 2
    assert "use -f/--model-file model.json" in positional.output


def test_an_unknown_language_and_a_cdf_model_without_settings_are_clear_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = runner.invoke(app, ["generate", "-f", str(EXAMPLE), "-o", str(tmp_path), "-l", "cobol"])
    assert bad.exit_code == 2
    assert bad.output.startswith("error: -l/--language: generation.language: unknown language")
    for name in ("CDF_BASE_URL", "CDF_CLUSTER", "CDF_PROJECT", "CDF_TOKEN", "CDF_CLIENT_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    no_settings = runner.invoke(app, ["validate", "sp", "Model"])  # the version: the latest
    assert no_settings.exit_code == 2
    assert no_settings.output.startswith("error: cannot create a CDF client from the environment")


def test_progress_shows_only_to_a_terminal_and_not_with_quiet() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert progress_display(False, io.StringIO()) is None  # a pipe or a file
    assert progress_display(True, Terminal()) is None  # -q
    screen = Terminal()
    show = progress_display(False, screen)
    assert show is not None
    show("fetching sp:M/1 from CDF")
    assert screen.getvalue().startswith("  fetching sp:M/1 from CDF ... (")


def test_generate_prints_no_progress_when_not_a_terminal(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "-f", str(EXAMPLE), "-o", str(tmp_path)])
    assert result.exit_code == 0
    assert " ... (" not in result.output
    assert result.output.startswith("generated 11 files")


def test_credential_references_are_not_silently_ignored(tmp_path: Path) -> None:
    config = tmp_path / "pygen.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "client": {
                    "base_url": "http://127.0.0.1:9",
                    "project": "p",
                    "credentials": {"token": "env:MY_TOKEN"},
                },
                "model": {"space": "sp", "external_id": "M", "version": "1"},
            }
        )
    )
    result = runner.invoke(app, ["validate", "-c", str(config)], env={"MY_TOKEN": ""})
    assert result.exit_code == 2  # resolved, not replaced by CDF_TOKEN or another credential
    assert result.output.startswith("error: client.credentials.token: the environment variable")

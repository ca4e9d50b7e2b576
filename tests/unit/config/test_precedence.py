"""One precedence rule: CLI flag > environment variable > config file > default, key by key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from pygen.cli.app import app
from pygen.config import ENVIRONMENT, load_config
from pygen.config.loading import SCHEMA, _leaf_paths
from pygen_runtime.errors import ConfigError

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "pygen" / "examples" / "example_model.yaml"
runner = CliRunner()

FILE = {
    "client": {"base_url": "https://file.example", "project": "from-file", "timeout": 5},
    "generation": {"style": {"line_length": 100}, "package_name": "from_file"},
    "model": {"space": "file_space", "external_id": "FileModel", "version": "1"},
}


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "pygen.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.mark.parametrize(
    ("environ", "flags", "expected"),
    [
        ({}, {}, 100),  # the file over the default (88)
        ({"PYGEN_LINE_LENGTH": "110"}, {}, 110),  # the environment over the file
        ({"PYGEN_LINE_LENGTH": "110"}, {"generation.style.line_length": (120, "--x")}, 120),
    ],
)
def test_flag_over_environment_over_file_over_default(
    tmp_path: Path, environ: dict[str, str], flags: dict[str, tuple[object, str]], expected: int
) -> None:
    config = load_config(_write(tmp_path, FILE), environ=environ, overrides=flags)
    assert config.generation.style.line_length == expected
    assert config.generation.package_name == "from_file"  # other keys keep their source
    assert load_config(start=tmp_path / "nowhere", environ={}).generation.style.line_length == 88


def test_the_environment_wins_over_the_file_for_base_url_and_project(tmp_path: Path) -> None:
    """This reverses the earlier order, where pygen.yaml's base_url and project won."""
    path = _write(tmp_path, FILE)
    environ = {"CDF_BASE_URL": "https://env.example", "CDF_PROJECT": "from-env"}
    config = load_config(path, environ=environ)
    assert (config.client.base_url, config.client.project) == ("https://env.example", "from-env")
    assert config.client.timeout == 5
    cluster = load_config(path, environ={"CDF_CLUSTER": "westeurope-1"})
    assert cluster.client.base_url == "https://westeurope-1.cognitedata.com"
    assert load_config(path, environ={"CDF_PROJECT": " "}).client.project == "from-file"


def test_every_key_has_an_environment_variable_and_the_docs_list_it() -> None:
    leaves = [
        path
        for path in _leaf_paths(SCHEMA)
        if not any(other.startswith(path + ".") for other in _leaf_paths(SCHEMA))
        and not path.startswith("client.credentials")
    ]
    assert sorted(dict(ENVIRONMENT)) == sorted(leaves)
    docs = (ROOT / "docs" / "config.md").read_text()
    for path, variable in ENVIRONMENT:
        assert f"`{variable}`" in docs, variable
        assert f"| `{path}` |" in docs, path


def test_model_sources_replace_each_other_across_layers(tmp_path: Path) -> None:
    path = _write(tmp_path, FILE)
    from_file = load_config(path, environ={"PYGEN_MODEL_FILE": "m.yaml"})
    assert [(m.file, m.space) for m in from_file.model] == [(Path("m.yaml"), None)]
    other_version = load_config(path, environ={}, overrides={"model.version": ("2", "-v")})
    assert (other_version.model[0].space, other_version.model[0].version) == ("file_space", "2")
    several = _write(tmp_path, {"model": [{"file": "a.yaml"}, {"file": "b.yaml"}]})
    chosen = load_config(several, environ={}, overrides={"model.file": (Path("c.yaml"), "-f")})
    assert [m.file for m in chosen.model] == [Path("c.yaml")]
    views = load_config(path, environ={"PYGEN_INCLUDE_VIEWS": "Pump, Valve"})
    assert views.model[0].include_views == ["Pump", "Valve"]


def test_an_invalid_value_names_the_variable_or_the_flag(tmp_path: Path) -> None:
    path = _write(tmp_path, FILE)
    with pytest.raises(ConfigError, match=r"^environment variable PYGEN_LINE_LENGTH: generation"):
        load_config(path, environ={"PYGEN_LINE_LENGTH": "wide"})
    with pytest.raises(ConfigError, match=r"^environment variable PYGEN_TYPE_HINTS: .*typed code"):
        load_config(path, environ={"PYGEN_TYPE_HINTS": "false"})
    with pytest.raises(ConfigError, match=r"^--line-length: generation\.style\.line_length"):
        load_config(
            path, environ={}, overrides={"generation.style.line_length": (5, "--line-length")}
        )


def test_generate_applies_the_rule_to_the_output_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"generation": {"output_dir": "from_file"}, "model": {"file": str(EXAMPLE)}})
    monkeypatch.delenv("PYGEN_OUTPUT_DIR", raising=False)
    assert runner.invoke(app, ["generate", "-q"]).exit_code == 0
    monkeypatch.setenv("PYGEN_OUTPUT_DIR", "from_env")
    assert runner.invoke(app, ["generate", "-q"]).exit_code == 0
    assert runner.invoke(app, ["generate", "-q", "-o", "from_flag"]).exit_code == 0
    for folder in ("from_file", "from_env", "from_flag"):
        assert (tmp_path / folder / "example_model" / "client.py").is_file(), folder


def test_validate_and_inspect_read_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"model": {"file": str(EXAMPLE)}, "generation": {"strict": True}})
    validated = runner.invoke(app, ["validate"])
    inspected = runner.invoke(app, ["inspect", "--no-properties"])
    assert validated.exit_code == 0, validated.output
    assert "pygen_example:ExampleModel" in validated.output
    assert inspected.output.startswith("pygen_example:ExampleModel(version=1)")
    _write(tmp_path, {"model": {"file": str(EXAMPLE)}, "generation": {"stric": True}})
    bad = runner.invoke(app, ["validate"])
    assert bad.exit_code == 2
    assert bad.output == (
        "error: pygen.yaml:2: unknown key 'generation.stric'; did you mean generation.strict?\n"
    )

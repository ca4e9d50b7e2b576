"""generate, inspect and validate read from CDF (the latest version by default) and take
--include-view / --exclude-view; tested against the local emulator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pygen.cli.app import app
from pygen.emulator import LocalCDF
from pygen.model_sources import latest_version, load_sources, retrieve_model, selection_of
from pygen.testing.models import direct, edge, mapped, model, reverse, view
from tests.unit.generator.test_views_outside_the_model import _view_refs

runner = CliRunner()


def _versions() -> list[dict[str, object]]:
    """The same model in three versions, made in this order: v9, v10, then Other."""
    old = model(view("Pump", {"name": mapped()}, version="1"), version="v9")
    new = model(
        view("Pump", {"name": mapped(), "valve": direct("Valve"), "links": edge("Valve")}),
        view("Valve", {"pumps": reverse("Pump", "valve"), "size": mapped("float64")}),
        view("Curve", {"points": mapped("float64")}),
        version="v10",
    )
    other = model(view("Lone", {"x": mapped()}), external_id="Other")
    return [old, new, other]


@pytest.fixture(scope="module")
def cdf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCDF]:
    folder = tmp_path_factory.mktemp("models")
    files = []
    for index, document in enumerate(_versions()):
        path = folder / f"model{index}.json"
        path.write_text(json.dumps(document))
        files.append(path)
    with LocalCDF(load=files) as server:
        yield server


@pytest.fixture
def env(cdf: LocalCDF, monkeypatch: pytest.MonkeyPatch) -> LocalCDF:
    monkeypatch.setenv("CDF_BASE_URL", cdf.base_url)
    monkeypatch.setenv("CDF_PROJECT", cdf.project)
    monkeypatch.setenv("CDF_TOKEN", cdf.token)
    return cdf


def test_latest_version_is_the_newest_not_the_largest_text(cdf: LocalCDF) -> None:
    with cdf.client() as client:
        assert latest_version(client, "sp", "TestModel") == "v10"  # "v9" > "v10" as text
        assert retrieve_model(client, "sp", "TestModel").version == "v10"
        assert retrieve_model(client, "sp", "TestModel", "v9").version == "v9"


def test_an_unknown_model_names_those_the_space_has(cdf: LocalCDF) -> None:
    from pygen.errors import ConfigError

    with cdf.client() as client, pytest.raises(ConfigError) as caught:
        latest_version(client, "sp", "Nope")
    assert "its data models: Other, TestModel" in str(caught.value)


def test_inspect_reads_the_latest_version_from_cdf(env: LocalCDF) -> None:
    result = runner.invoke(app, ["inspect", "sp", "TestModel"])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == ["sp:TestModel(version=v10)", "3 view(s)"]


def test_inspect_takes_the_view_selection(env: LocalCDF) -> None:
    result = runner.invoke(
        app,
        ["inspect", "sp", "TestModel", "--include-view", "P*",
         "--include-view", "Valve", "--exclude-view", "Valve"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "1 view(s)"
    assert "Curve" not in result.output


def test_validate_reads_from_cdf_and_reports_the_selection(env: LocalCDF) -> None:
    result = runner.invoke(
        app, ["validate", "sp", "TestModel", "--include-view", "Pump"]
    )
    old = runner.invoke(app, ["validate", "sp", "TestModel", "--version", "v9"])

    assert result.exit_code == 0, result.output
    assert "sp:TestModel(version=v10): 1 view(s) to generate" in result.output
    for code in ("PYG090", "PYG091", "PYG092"):
        assert code in result.output
    assert old.exit_code == 0 and "version=v9" in old.output


def test_validate_strict_fails_on_a_pattern_that_matches_nothing(env: LocalCDF) -> None:
    result = runner.invoke(
        app,
        ["validate", "sp", "TestModel", "--exclude-view", "Pmup", "--strict"],
    )

    assert result.exit_code == 1
    assert "PYG096" in result.output and "Did you mean Pump?" in result.output


def test_generate_from_cdf_without_a_version_and_with_a_selection(
    env: LocalCDF, tmp_path: Path
) -> None:
    result = runner.invoke(
        app,
        ["generate", "--space", "sp", "--model", "TestModel", "-o", str(tmp_path),
         "--exclude-view", "Valve", "--exclude-view", "sp:Curve"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    package = tmp_path / "test_model"
    texts = {p.name: p.read_text() for p in package.glob("*.py")}
    assert _view_refs(texts) == {("sp", "Pump", "1")}
    assert "from sp:TestModel (version v10)" in texts["api.py"]
    assert "Valve" not in "".join(texts.values())


def test_a_bad_pattern_is_one_error_line(env: LocalCDF) -> None:
    result = runner.invoke(
        app, ["validate", "sp", "TestModel", "--include-view", "sp:"]
    )

    assert result.exit_code == 2
    assert result.output.startswith("error: include_views: 'sp:' is not a view pattern")
    assert "Traceback" not in result.output


class _Source:
    def __init__(self, **values: object) -> None:
        self.space = values.get("space")
        self.external_id = values.get("external_id")
        self.version = values.get("version")
        self.file = values.get("file")
        self.include_views = values.get("include_views", [])
        self.exclude_views = values.get("exclude_views", [])


def test_config_sources_mix_files_and_cdf_with_their_own_selections(
    cdf: LocalCDF, tmp_path: Path
) -> None:
    from pygen.api import generate
    from pygen.config import GeneratorConfig

    other = tmp_path / "other.json"
    other.write_text(json.dumps(model(view("Lone", {"x": mapped()}), external_id="Other")))
    sources = [
        _Source(space="sp", external_id="TestModel", include_views=["Pump", "Curve"]),
        _Source(file=other),
    ]
    with cdf.client() as client:
        models = load_sources(sources, client)  # type: ignore[arg-type]
    selection = selection_of(sources, models)  # type: ignore[arg-type]
    assert selection is not None
    config = GeneratorConfig(package_name="both", include_views=selection.include)

    result = generate(models, None, config)

    assert [m.version for m in models] == ["v10", "1"]
    names = {ref[1] for ref in _view_refs({str(p): t for p, t in result.file_set.files.items()})}
    assert names == {"Pump", "Curve", "Lone"}

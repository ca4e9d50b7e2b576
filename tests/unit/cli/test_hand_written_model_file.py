"""A hand-written model file needs no ``createdTime``/``lastUpdatedTime``: every command agrees."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pygen.cli.app import app
from pygen.model_file import load_data_model

runner = CliRunner()

# What a user writes by hand: no timestamps, no writable/usedFor/isGlobal, on the model or views.
HAND_WRITTEN = """\
space: my_space
externalId: Plant
version: '1'
views:
- space: my_space
  externalId: Pump
  version: '1'
  properties:
    name:
      container: {space: my_space, externalId: Pump}
      containerPropertyIdentifier: name
      type: {type: text}
      nullable: false
    site:
      container: {space: my_space, externalId: Pump}
      containerPropertyIdentifier: site
      type: {type: direct}
      source: {space: my_space, externalId: Site, version: '1', type: view}
- space: my_space
  externalId: Site
  version: '1'
  properties:
    code:
      container: {space: my_space, externalId: Site}
      containerPropertyIdentifier: code
      type: {type: text}
"""


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    path = tmp_path / "plant.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    return path


def test_validate_accepts_it(model_file: Path) -> None:
    result = runner.invoke(app, ["validate", "--model-file", str(model_file)])

    assert result.exit_code == 0, result.output
    assert "Result: valid; 0 error(s)" in result.output


def test_generate_accepts_it(model_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["generate", "--model-file", str(model_file), "--output", str(out)])

    assert result.exit_code == 0, result.output
    assert "2 views" in result.output
    views = out / "plant" / "views"
    assert "class PumpWrite(" in (views / "pump.py").read_text(encoding="utf-8")
    assert "class Site(" in (views / "site.py").read_text(encoding="utf-8")


def test_inspect_accepts_it(model_file: Path) -> None:
    result = runner.invoke(app, ["inspect", "--model-file", str(model_file)])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("my_space:Plant(version=1)")


def test_missing_timestamps_read_as_zero_and_given_ones_are_kept(model_file: Path) -> None:
    text = model_file.read_text(encoding="utf-8")
    model_file.write_text(
        text.replace("version: '1'\nviews:", "version: '1'\ncreatedTime: 5\nviews:")
    )

    model = load_data_model(model_file)

    assert (model.created_time, model.last_updated_time) == (5, 0)
    assert {(v.created_time, v.last_updated_time) for v in model.inline_views} == {(0, 0)}


def test_a_view_reference_stays_a_reference(tmp_path: Path) -> None:
    path = tmp_path / "refs.yaml"
    path.write_text(
        "space: s\nexternalId: M\nversion: '1'\n"
        "views: [{space: s, externalId: V, version: '1', type: view}]\n",
        encoding="utf-8",
    )

    model = load_data_model(path)

    assert model.inline_views == [] and len(model.views) == 1


def test_the_emulator_deploys_it(model_file: Path) -> None:
    from pygen.emulator import LocalCDF

    with LocalCDF(db=":memory:", load=[model_file]) as cdf, cdf.client() as client:
        views = sorted(view.external_id for view in client.views.list(space="my_space"))

    assert views == ["Pump", "Site"]

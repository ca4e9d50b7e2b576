"""Every fixture loads into the typed models and dumps back to its input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pygen.model_file import load_data_model, read_document
from pygen_runtime.client.models import DataModel, unknown_fields

FIXTURES = Path(__file__).parents[1] / "data" / "models"
MODEL_FILES = sorted(p for p in FIXTURES.glob("*.yaml") if not p.name.endswith(".nodes.yaml"))

# Keys whose value here is what the API assumes when the key is absent.
API_DEFAULTS: dict[str, set[Any]] = {
    "list": {False},
    "collation": {"ucs_basic"},
    "nullable": {True},
    "immutable": {False},
    "autoIncrement": {False},
    "direction": {"outwards"},
    "isGlobal": {False},
    "writable": {True},
    "queryable": {True},
    "usedFor": {"node"},
}
REFERENCE_TYPES = {"view", "container"}


def normalize(value: Any) -> Any:
    """Drop nulls, API defaults and the ``type`` tag of references from a wire document."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if item is None or (key in API_DEFAULTS and _hashable(item) and item in API_DEFAULTS[key]):
                continue
            if key == "type" and isinstance(item, str) and item in REFERENCE_TYPES:
                continue
            out[key] = normalize(item)
        return out
    if isinstance(value, list):
        return [normalize(item) for item in value]
    return value


def test_fixtures_are_present() -> None:
    assert len(MODEL_FILES) >= 8


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: p.stem)
def test_fixture_round_trips(path: Path) -> None:
    document = read_document(path)
    model = load_data_model(path)

    assert unknown_fields(model) == []
    assert normalize(model.dump()) == normalize(document)


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: p.stem)
def test_dump_validates_back_to_an_equal_model(path: Path) -> None:
    model = load_data_model(path)

    assert DataModel.model_validate(model.dump()) == model


def test_unknown_keys_are_reported_with_their_path() -> None:
    document = read_document(FIXTURES / "Pumps.yaml")
    document["views"][1]["properties"]["contains"]["colour"] = "red"

    model = DataModel.model_validate(document)

    assert unknown_fields(model) == ["views[1].properties.contains.colour"]


def _hashable(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)

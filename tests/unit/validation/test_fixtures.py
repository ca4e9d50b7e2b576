"""Every fixture model validates; the issues each gives are recorded here."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from pygen.ir import parse, transform
from pygen.model_file import load_data_model, read_document
from pygen.validation import validate

FIXTURES = Path(__file__).parents[2] / "data" / "models"
MODEL_FILES = sorted(p for p in FIXTURES.glob("*.yaml") if not p.name.endswith(".nodes.yaml"))

# fixture -> code -> locations. Review a change here like a golden file.
EXPECTED: dict[str, dict[str, list[str]]] = {
    "CogniteCore": {
        "PYG013": [
            "cdf_cdm/Cognite360ImageAnnotation",
            "cdf_cdm/CogniteAnnotation",
            "cdf_cdm/CogniteDiagramAnnotation",
        ],
        "PYG051": [
            "cdf_cdm/Cognite3DModel/type",
            "cdf_cdm/Cognite3DRevision/type",
            "cdf_cdm/CogniteAsset/type",
            "cdf_cdm/CogniteTimeSeries/type",
        ],
        # `type` is the node type of TypeScript read objects (NodeInstance.type)
        "PYG052": [
            "cdf_cdm/Cognite3DModel/type",
            "cdf_cdm/Cognite3DRevision/type",
            "cdf_cdm/CogniteAsset/type",
            "cdf_cdm/CogniteSourceSystem/version",
            "cdf_cdm/CogniteTimeSeries/type",
        ],
    },
    "Omni": {
        "PYG013": ["sp_pygen_models/ConnectionEdgeA"],
        "PYG051": [
            "sp_pygen_models/Empty/date",
            "sp_pygen_models/PrimitiveNullable/date",
            "sp_pygen_models/PrimitiveNullableListed/date",
            "sp_pygen_models/PrimitiveRequired/date",
            "sp_pygen_models/PrimitiveRequiredListed/date",
        ],
        "PYG052": [
            "sp_pygen_models/Empty/json",
            "sp_pygen_models/PrimitiveNullable/json",
            "sp_pygen_models/PrimitiveNullableListed/json",
            "sp_pygen_models/PrimitiveRequired/json",
            "sp_pygen_models/PrimitiveRequiredListed/json",
        ],
    },
    "EdgePropsOutside": {
        "PYG030": ["sp_edge_outside/WindTurbine/owner"],
        "PYG031": ["sp_edge_outside/WindTurbine/datasheets"],
        "PYG032": ["sp_edge_outside/MetMast/windTurbines", "sp_edge_outside/WindTurbine/metmasts"],
        "PYG036": ["sp_edge_outside/MetMast/readings"],
    },
    "OmniMultiA": {},
    "OmniMultiB": {},
    "OmniMultiC": {},
    "OmniSub": {"PYG052": ["sp_pygen_models/ConnectionItemA/properties"]},
    "Pumps": {},
    "WindTurbine": {
        "PYG013": ["sp_pygen_power/Distance"],
        "PYG037": ["sp_pygen_power/Generator/nacelle", "sp_pygen_power/MainShaft/nacelle"],
        "PYG051": ["sp_pygen_power/SensorTimeSeries/type"],
        "PYG052": ["sp_pygen_power/SensorTimeSeries/type"],
    },
}


def test_every_fixture_has_expectations() -> None:
    assert {p.stem for p in MODEL_FILES} == set(EXPECTED)


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: p.stem)
def test_fixture_issues(path: Path) -> None:
    result = validate(load_data_model(path))

    found: dict[str, list[str]] = defaultdict(list)
    for issue in result.issues:
        found[issue.code].append(issue.location)
    assert {code: sorted(locations) for code, locations in found.items()} == EXPECTED[path.stem]
    assert result.is_valid
    assert result.errors == ()


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: p.stem)
def test_fixture_document_and_model_give_the_same_result(path: Path) -> None:
    from_model = validate(load_data_model(path))
    from_document = validate(read_document(path))

    assert from_document.issues == from_model.issues
    assert from_document.filtered_model == from_model.filtered_model


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: p.stem)
def test_fixture_filtered_model_is_stable_and_parses(path: Path) -> None:
    result = validate(load_data_model(path))
    assert result.filtered_model is not None

    again = validate(result.filtered_model)
    ir = transform(parse(result.filtered_model))

    # what was repaired (left out, or an edge-properties view removed) is not reported again;
    # what is reported again is the same, and the filtered model is a fixed point
    assert set(again.issues) <= set(result.issues)
    assert not again.errors
    assert validate(again.filtered_model).issues == again.issues  # type: ignore[arg-type]
    assert again.filtered_model == result.filtered_model
    assert len(ir.classes) == len(result.filtered_model.inline_views)


def test_strict_mode_turns_fixture_warnings_into_failures() -> None:
    assert not validate(load_data_model(FIXTURES / "WindTurbine.yaml"), strict=True).is_valid
    assert validate(load_data_model(FIXTURES / "Pumps.yaml"), strict=True).is_valid

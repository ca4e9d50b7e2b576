"""The same model gives an equal IR, in the same order, whatever order its input was in."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from pygen.ir import build_ir, source_hash, to_json
from pygen.model_file import read_document
from pygen_runtime.client.models import DataModel

FIXTURES = Path(__file__).parents[2] / "data" / "models"
NAMES = ["Pumps", "OmniSub", "OmniMultiB", "WindTurbine", "Omni", "CogniteCore"]


def shuffled(node: Any, rng: random.Random, *, views: bool = False) -> Any:
    """A copy with every mapping's key order shuffled (and the views list, when asked).

    Other lists keep their order: ``implements`` order is meaningful.
    """
    if isinstance(node, dict):
        keys = list(node)
        rng.shuffle(keys)
        return {key: shuffled(node[key], rng, views=key == "views") for key in keys}
    if isinstance(node, list):
        items = [shuffled(item, rng) for item in node]
        if views:
            rng.shuffle(items)
        return items
    return node


@pytest.mark.parametrize("name", NAMES)
def test_shuffled_input_gives_an_equal_ir(name: str) -> None:
    document = read_document(FIXTURES / f"{name}.yaml")
    baseline_ir, baseline_result = build_ir(DataModel.model_validate(document))
    baseline_json = to_json(baseline_ir)

    for seed in range(3):
        model = DataModel.model_validate(shuffled(document, random.Random(seed)))

        ir, result = build_ir(model)

        assert ir == baseline_ir
        assert to_json(ir) == baseline_json
        assert result.issues == baseline_result.issues
        assert source_hash(model) == baseline_ir.metadata.source_hash


def test_building_twice_gives_the_same_bytes() -> None:
    document = read_document(FIXTURES / "CogniteCore.yaml")

    first = to_json(build_ir(DataModel.model_validate(document))[0])
    second = to_json(build_ir(DataModel.model_validate(document))[0])

    assert first == second

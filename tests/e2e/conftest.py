"""Fixtures for end-to-end tests: the example SDK against a local emulator over real HTTP."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pygen.emulator import LocalCDF
from pygen_runtime.client import PygenClient
from pygen_runtime.client.models import SpaceApply

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_MODEL = ROOT / "pygen" / "examples" / "example_model.yaml"
EXAMPLE_INSTANCES = ROOT / "pygen" / "examples" / "example_instances.json"
GOLDEN_PYTHON = ROOT / "golden" / "example" / "python"
INSTANCE_SPACE = "pygen_example_data"


def sample_items() -> list[dict[str, Any]]:
    """The example model's sample instances, as instance writes."""
    items: list[dict[str, Any]] = json.loads(EXAMPLE_INSTANCES.read_text(encoding="utf-8"))["items"]
    return items


def load_samples(client: PygenClient) -> None:
    """Create the instance space and write every sample instance (nodes first)."""
    client.spaces.apply([SpaceApply(space=INSTANCE_SPACE)])
    items = sample_items()
    nodes = [item for item in items if item["instanceType"] == "node"]
    edges = [item for item in items if item["instanceType"] == "edge"]
    for group in (nodes, edges):
        client.http.post("/models/instances", json={"items": group})


@pytest.fixture(scope="module")
def local_cdf() -> Iterator[LocalCDF]:
    """The emulator with the example model deployed and its sample instances loaded."""
    with LocalCDF(db=":memory:", load=[EXAMPLE_MODEL]) as cdf:
        client = cdf.client()
        load_samples(client)
        client.close()
        yield cdf


@pytest.fixture(scope="module")
def example_sdk() -> Any:
    """The hand-written example SDK package (golden/example/python/example_model)."""
    sys.path.insert(0, str(GOLDEN_PYTHON))
    try:
        import example_model
    finally:
        sys.path.remove(str(GOLDEN_PYTHON))
    return example_model


@pytest.fixture
def sdk(local_cdf: LocalCDF, example_sdk: Any) -> Iterator[Any]:
    """An ``ExampleModelClient`` talking to the emulator."""
    client = local_cdf.client()
    yield example_sdk.ExampleModelClient(client, instance_space=INSTANCE_SPACE)
    client.close()

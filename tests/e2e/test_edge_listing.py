"""Edge listing: ``equipment.connected_to_edges`` lists, searches, counts and syncs the
``Equipment.connectedTo`` edges with filters on their ``Connection`` properties and ends.

Expected values come from the sample instances. One test writes a ``Connection`` edge of
another type, so this module has its own emulator (the fixtures are module-scoped).
"""

from __future__ import annotations

from typing import Any

import pytest

from pygen_runtime import InstanceId

from .conftest import INSTANCE_SPACE, sample_items

CONNECTED = [
    item
    for item in sample_items()
    if item["instanceType"] == "edge" and item["type"]["externalId"] == "Equipment.connectedTo"
]


def props(item: dict[str, Any]) -> dict[str, Any]:
    return dict(item["sources"][0]["properties"])


def xids(items: Any) -> list[str]:
    return sorted(item.external_id for item in items)


def expected(predicate: Any) -> list[str]:
    return sorted(item["externalId"] for item in CONNECTED if predicate(item))


@pytest.mark.parametrize(
    ("kwargs", "predicate"),
    [
        ({}, lambda e: True),
        (
            {"min_length_m": 20.0, "max_length_m": 40.0},
            lambda e: 20.0 <= props(e).get("lengthM", -1) <= 40.0,
        ),
        ({"cable_type": "copper"}, lambda e: props(e).get("cableType") == "copper"),
        (
            {"start_node": "equipment:0001"},
            lambda e: e["startNode"]["externalId"] == "equipment:0001",
        ),
        (
            {"end_node": ["equipment:0008", "equipment:0009"]},
            lambda e: e["endNode"]["externalId"] in ("equipment:0008", "equipment:0009"),
        ),
    ],
)
def test_list_filters_on_edge_properties_and_ends(
    sdk: Any, kwargs: dict[str, Any], predicate: Any
) -> None:
    want = expected(predicate)
    assert want or kwargs == {}
    edges = sdk.equipment.connected_to_edges
    assert xids(edges.list(limit=None, **kwargs)) == want
    assert edges.count(**kwargs) == len(want)


def test_items_are_typed_edges(sdk: Any, example_sdk: Any) -> None:
    first = CONNECTED[0]
    found = sdk.equipment.connected_to_edges.list(start_node=first["startNode"]["externalId"], limit=None)  # fmt: skip
    edge = next(item for item in found if item.external_id == first["externalId"])
    assert isinstance(edge, example_sdk.Connection)
    assert edge.start_node == InstanceId(INSTANCE_SPACE, first["startNode"]["externalId"])
    assert edge.length_m == props(first).get("lengthM")


def test_iterate_pages_and_search(sdk: Any) -> None:
    pages = list(sdk.equipment.connected_to_edges.iterate(chunk_size=50))
    assert all(len(page) <= 50 for page in pages)
    assert sorted(e.external_id for page in pages for e in page) == expected(lambda e: True)
    found = sdk.equipment.connected_to_edges.search("copper", properties=["cable_type"], limit=1000)
    assert xids(found) == expected(lambda e: props(e).get("cableType") == "copper")


def test_the_accessor_keeps_to_its_edge_type(sdk: Any, example_sdk: Any) -> None:
    first, second = CONNECTED[0]["startNode"]["externalId"], CONNECTED[0]["endNode"]["externalId"]
    other = example_sdk.ConnectionWrite(
        external_id="other-type-edge",
        edge_type=InstanceId("pygen_example", "SomethingElse"),
        start_node=InstanceId(INSTANCE_SPACE, first),
        end_node=InstanceId(INSTANCE_SPACE, second),
        cable_type="copper",
        length_m=1.0,
    )
    sdk.connection.upsert(other)
    try:
        assert "other-type-edge" in xids(sdk.connection.list(limit=None, cable_type="copper"))
        scoped = sdk.equipment.connected_to_edges
        assert "other-type-edge" not in xids(scoped.list(limit=None, cable_type="copper"))
        assert scoped.count() == len(CONNECTED)
        synced = [e for batch in scoped.sync() for e in batch.items]
        assert xids(synced) == expected(lambda e: True)
    finally:
        sdk.connection.delete("other-type-edge")

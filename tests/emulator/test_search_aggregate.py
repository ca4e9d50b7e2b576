"""/instances/search and /instances/aggregate."""

from __future__ import annotations

from typing import Any

import pytest

from pygen.emulator import LocalCDF
from pygen_runtime.client.models import InstanceSource, NodeApply, ViewReference

from .conftest import MODELS, THING_VIEW, Emulator, node


@pytest.fixture
def pumps(things: Emulator) -> Emulator:
    things.apply(
        node("s", "p1", (THING_VIEW, {"text": "Main water pump", "int32": 10, "float64": 1.0, "boolean": True, "status": "on", "texts": ["north"], "ref": {"space": "s", "externalId": "site1"}})),
        node("s", "p2", (THING_VIEW, {"text": "Backup water pump", "int32": 20, "float64": 2.0, "boolean": False, "status": "off", "ref": {"space": "s", "externalId": "site1"}})),
        node("s", "p3", (THING_VIEW, {"text": "Oil PUMP", "int32": 30, "float64": 4.0, "boolean": True, "status": "on", "texts": ["south", "Wet side"], "ref": {"space": "s", "externalId": "site2"}})),
        node("s", "v1", (THING_VIEW, {"text": "Water valve", "int32": 40, "status": "off"})),
        node("s", "x1", (THING_VIEW, {"int32": 55})),
    )  # fmt: skip
    return things


def search(emulator: Emulator, **body: Any) -> list[str]:
    response = emulator.ok("/instances/search", {"view": THING_VIEW, **body})
    assert "nextCursor" not in response
    return [item["externalId"] for item in response["items"]]


def test_search_text(pumps: Emulator) -> None:
    assert set(search(pumps, query="pump")) == {"p1", "p2", "p3"}  # case-insensitive
    assert search(pumps, query="water pump", operator="AND") == ["p1", "p2"]
    found = search(pumps, query="water pump", operator="OR")
    assert set(found) == {"p1", "p2", "p3", "v1"}
    assert found[:2] in (["p1", "p2"], ["p2", "p1"])  # two matching words rank first
    assert search(pumps, query="south") == ["p3"]  # text list properties are searched
    assert search(pumps, query="wet", properties=["texts"]) == ["p3"]
    assert search(pumps, query="wet", properties=["text"]) == []
    assert search(
        pumps, query="pump", filter={"range": {"property": ["s", "Thing/1", "int32"], "gte": 20}}
    ) in (["p2", "p3"], ["p3", "p2"])
    assert search(pumps, query="pump", limit=1) in (["p1"], ["p2"], ["p3"])
    assert search(pumps, query="nothing-like-this") == []
    assert search(
        pumps, sort=[{"property": ["s", "Thing/1", "int32"], "direction": "descending"}], limit=2
    ) == ["x1", "v1"]
    item = pumps.ok("/instances/search", {"view": THING_VIEW, "query": "oil"})["items"][0]
    assert item["properties"]["s"]["Thing/1"]["text"] == "Oil PUMP"


def test_search_errors(pumps: Emulator) -> None:
    assert (
        "not a text property"
        in pumps.error(
            "/instances/search", {"view": THING_VIEW, "query": "x", "properties": ["int32"]}
        )["message"]
    )
    overlaps = {
        "overlaps": {
            "startProperty": ["s", "Thing/1", "int32"],
            "endProperty": ["s", "Thing/1", "int64"],
            "gt": 1,
        }
    }
    assert (
        "not available in search"
        in pumps.error("/instances/search", {"view": THING_VIEW, "filter": overlaps})["message"]
    )
    assert (
        "limit" in pumps.error("/instances/search", {"view": THING_VIEW, "limit": 1001})["message"]
    )
    assert (
        "operator"
        in pumps.error("/instances/search", {"view": THING_VIEW, "operator": "XOR"})["message"]
    )
    missing = {"type": "view", "space": "s", "externalId": "Nope", "version": "1"}
    assert "does not exist" in pumps.error("/instances/search", {"view": missing})["message"]


def aggregate(emulator: Emulator, **body: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = emulator.ok("/instances/aggregate", {"view": THING_VIEW, **body})[
        "items"
    ]
    return items


def test_aggregates(pumps: Emulator) -> None:
    (result,) = aggregate(pumps, aggregates=[
        {"count": {}}, {"count": {"property": "float64"}}, {"avg": {"property": "float64"}},
        {"min": {"property": "int32"}}, {"max": {"property": "int32"}}, {"sum": {"property": "int32"}},
    ])  # fmt: skip
    values = [(a["aggregate"], a.get("property"), a.get("value")) for a in result["aggregates"]]
    assert values == [
        ("count", None, 5), ("count", "float64", 3), ("avg", "float64", 7 / 3),
        ("min", "int32", 10), ("max", "int32", 55), ("sum", "int32", 155),
    ]  # fmt: skip
    assert "group" not in result and result["instanceType"] == "node"
    (histogram,) = aggregate(
        pumps, aggregates=[{"histogram": {"property": "int32", "interval": 25}}]
    )
    assert histogram["aggregates"][0]["buckets"] == [
        {"start": 0, "count": 2},
        {"start": 25, "count": 2},
        {"start": 50, "count": 1},
    ]
    assert histogram["aggregates"][0]["interval"] == 25
    (empty,) = aggregate(pumps, aggregates=[{"avg": {"property": "float32"}}])
    assert empty["aggregates"] == [{"aggregate": "avg", "property": "float32"}]


def test_aggregate_group_by(pumps: Emulator) -> None:
    groups = aggregate(
        pumps, groupBy=["status"], aggregates=[{"count": {}}, {"sum": {"property": "int32"}}]
    )
    assert [(g["group"], g["aggregates"][0]["value"], g["aggregates"][1]["value"]) for g in groups] == [
        ({"status": None}, 1, 55), ({"status": "off"}, 2, 60), ({"status": "on"}, 2, 40),
    ]  # fmt: skip
    by_two = aggregate(
        pumps,
        groupBy=["boolean", "status"],
        aggregates=[{"count": {}}],
        filter={"exists": {"property": ["s", "Thing/1", "boolean"]}},
    )
    assert [(g["group"], g["aggregates"][0]["value"]) for g in by_two] == [
        ({"boolean": False, "status": "off"}, 1), ({"boolean": True, "status": "on"}, 2),
    ]  # fmt: skip
    sites = aggregate(
        pumps,
        groupBy=["ref"],
        aggregates=[{"count": {}}],
        filter={"exists": {"property": ["s", "Thing/1", "ref"]}},
    )
    assert [(g["group"]["ref"], g["aggregates"][0]["value"]) for g in sites] == [
        ({"space": "s", "externalId": "site1"}, 2), ({"space": "s", "externalId": "site2"}, 1),
    ]  # fmt: skip
    distinct = aggregate(pumps, groupBy=["status"], limit=2)
    assert [g["group"]["status"] for g in distinct] == [None, "off"] and distinct[0][
        "aggregates"
    ] == []
    hist = aggregate(
        pumps,
        groupBy=["status"],
        aggregates=[{"histogram": {"property": "int32", "interval": 100}}],
    )
    assert [g["aggregates"][0]["buckets"] for g in hist] == [[{"start": 0, "count": 1}]] + [
        [{"start": 0, "count": 2}]
    ] * 2
    water = aggregate(pumps, query="water", aggregates=[{"count": {}}])
    assert water[0]["aggregates"][0]["value"] == 3


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"aggregates": [{"avg": {"property": "text"}}]}, "number property"),
        ({"aggregates": [{"sum": {"property": "nope"}}]}, "not a mapped property"),
        ({"aggregates": [{"count": {}, "avg": {"property": "int32"}}]}, "exactly one"),
        ({"aggregates": [{"median": {"property": "int32"}}]}, "median"),
        ({"aggregates": [{"histogram": {"property": "int32", "interval": 0}}]}, "interval"),
        ({"groupBy": ["texts"]}, "cannot be grouped"),
        ({"groupBy": ["a", "b", "c", "d", "e", "f"]}, "groupBy"),
        ({"limit": 1001}, "limit"),
    ],
)
def test_aggregate_errors(pumps: Emulator, body: dict[str, Any], fragment: str) -> None:
    error = pumps.error("/instances/aggregate", {"view": THING_VIEW, **body})
    assert fragment in error["message"], error["message"]


def test_count_takes_base_properties(pumps: Emulator) -> None:
    (result,) = aggregate(pumps, aggregates=[
        {"count": {"property": "externalId"}}, {"count": {"property": "space"}},
        {"count": {"property": "version"}}, {"count": {"property": "createdTime"}},
        {"count": {"property": "type"}},
    ])  # fmt: skip
    values = [(a["property"], a["value"]) for a in result["aggregates"]]
    assert values == [("externalId", 5), ("space", 5), ("version", 5), ("createdTime", 5), ("type", 0)]  # fmt: skip
    groups = aggregate(
        pumps, groupBy=["status"], aggregates=[{"count": {"property": "externalId"}}]
    )
    assert [(g["group"]["status"], g["aggregates"][0]["value"]) for g in groups] == [
        (None, 1),
        ("off", 2),
        ("on", 2),
    ]
    error = pumps.error("/instances/aggregate", {"view": THING_VIEW, "aggregates": [{"count": {"property": "startNode"}}]})  # fmt: skip
    assert "not a base property of nodes" in error["message"]
    error = pumps.error("/instances/aggregate", {"view": THING_VIEW, "aggregates": [{"avg": {"property": "createdTime"}}]})  # fmt: skip
    assert "'createdTime' is not a mapped property" in error["message"]


def test_the_documented_count_on_external_id_works_through_the_client() -> None:
    pump = ViewReference(space="IntegrationTestsImmutable", external_id="Pump", version="ed1171a2f52bc5")  # fmt: skip
    with LocalCDF(load=[MODELS / "Pumps.yaml"]) as cdf, cdf.client(max_retries=0) as client:
        client.instances.apply([
            NodeApply(space="IntegrationTestsImmutable", external_id=f"p{n}",
                      sources=[InstanceSource(source=pump, properties={"name": f"P-{n}"})])
            for n in range(3)
        ])  # fmt: skip
        [result] = client.instances.aggregate(pump, [{"count": {"property": "externalId"}}])
        assert result.value("count") == 3
        assert result.value("count", "externalId") == 3

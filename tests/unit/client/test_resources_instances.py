"""Instances: list with cursors, retrieve, search, aggregate, query, apply and delete."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from pygen_runtime.client import PygenClient
from pygen_runtime.client.models import (
    Edge,
    EdgeApply,
    InstanceId,
    InstanceSource,
    Node,
    NodeApply,
    NodeId,
    SlimInstance,
    ViewId,
)
from pygen_runtime.client.models.aggregates import AggregatedNumber, Histogram
from pygen_runtime.errors import ResourceNotFoundError

from .client_fakes import MockAPI, api_path, request_json

MakeClient = Callable[..., tuple[PygenClient, MockAPI]]
PUMP = ViewId(space="sp", external_id="Pump", version="v1")
PUMP_REF = {"type": "view", "space": "sp", "externalId": "Pump", "version": "v1"}


def node(external_id: str, **properties: Any) -> dict[str, Any]:
    return {
        "instanceType": "node",
        "space": "inst",
        "externalId": external_id,
        "version": 1,
        "createdTime": 10,
        "lastUpdatedTime": 10,
        "properties": {"sp": {"Pump/v1": properties}} if properties else {},
    }


def edge(external_id: str) -> dict[str, Any]:
    return {
        **node(external_id),
        "instanceType": "edge",
        "type": {"space": "sp", "externalId": "Pump.parts"},
        "startNode": {"space": "inst", "externalId": "a"},
        "endNode": {"space": "inst", "externalId": "b"},
    }


def slim(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "instanceType": item["instanceType"],
        "space": item["space"],
        "externalId": item["externalId"],
        "version": 1,
        "wasModified": True,
        "createdTime": 5,
        "lastUpdatedTime": 5,
    }


def test_list_follows_cursors_lazily_and_sends_the_body(make_client: MakeClient) -> None:
    total = 2500

    def handler(request: httpx.Request) -> httpx.Response:
        body = request_json(request)
        start = int(body.get("cursor", "0"))
        end = min(total, start + body["limit"])
        page: dict[str, Any] = {"items": [node(f"n{i}", name=f"P{i}") for i in range(start, end)]}
        if end < total:
            page["nextCursor"] = str(end)
        return httpx.Response(200, json=page)

    client, api = make_client(handler)
    sort = [{"property": ["sp", "Pump/v1", "name"], "direction": "ascending"}]
    nodes = client.instances.list(
        sources=[PUMP],
        filter={"exists": {"property": ["sp", "Pump/v1", "name"]}},
        sort=sort,
        space="inst",
    )
    assert api.requests == []
    first_page = list(itertools.islice(nodes, 1000))
    assert len(api.requests) == 1
    assert isinstance(first_page[0], Node)
    assert first_page[0].properties["sp"]["Pump/v1"]["name"] == "P0"
    assert len(list(nodes)) == 1500
    assert len(api.requests) == 3
    bodies = api.bodies()
    assert all(api_path(r) == "/models/instances/list" for r in api.requests)
    assert bodies[0] == {
        "instanceType": "node",
        "sources": [{"source": PUMP_REF}],
        "filter": {
            "and": [
                {"equals": {"property": ["node", "space"], "value": "inst"}},
                {"exists": {"property": ["sp", "Pump/v1", "name"]}},
            ]
        },
        "sort": sort,
        "limit": 1000,
    }
    assert [b.get("cursor") for b in bodies] == [None, "1000", "2000"]


def test_list_edges(make_client: MakeClient) -> None:
    client, api = make_client(lambda request: httpx.Response(200, json={"items": [edge("e1")]}))
    edges = list(client.instances.list("edge", space=["a", "b"], limit=5))
    assert isinstance(edges[0], Edge)
    assert request_json(api.requests[0]) == {
        "instanceType": "edge",
        "filter": {"in": {"property": ["edge", "space"], "values": ["a", "b"]}},
        "limit": 5,
    }


def test_retrieve_one_many_and_missing(make_client: MakeClient) -> None:
    stored = {("node", "n1"): node("n1"), ("edge", "e1"): edge("e1")}

    def handler(request: httpx.Request) -> httpx.Response:
        body = request_json(request)
        items = [
            stored[(i["instanceType"], i["externalId"])]
            for i in body["items"]
            if (i["instanceType"], i["externalId"]) in stored
        ]
        return httpx.Response(200, json={"items": items})

    client, api = make_client(handler)
    one = client.instances.retrieve(("inst", "n1"), sources=[PUMP])
    assert isinstance(one, Node) and one.external_id == "n1"
    assert request_json(api.requests[0]) == {
        "items": [{"instanceType": "node", "space": "inst", "externalId": "n1"}],
        "sources": [{"source": PUMP_REF}],
    }
    many = client.instances.retrieve(
        [
            NodeId(space="inst", external_id="n1"),
            InstanceId(instance_type="edge", space="inst", external_id="e1"),
            ("inst", "gone"),
        ]
    )
    assert [type(i).__name__ for i in many] == ["Node", "Edge"]
    with pytest.raises(ResourceNotFoundError, match="node inst:gone not found"):
        client.instances.retrieve(("inst", "gone"))


def test_apply_is_batched_at_1000_with_options(make_client: MakeClient) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json={"items": [slim(i) for i in request_json(request)["items"]]}
        )

    client, api = make_client(handler)
    writes = [
        NodeApply(
            space="inst",
            external_id=f"n{i}",
            sources=[InstanceSource(source=PUMP.as_reference(), properties={"name": f"P{i}"})],
        )
        for i in range(2500)
    ]
    results = client.instances.apply(writes, auto_create_start_nodes=True, replace=True)
    assert len(results) == 2500
    assert isinstance(results[0], SlimInstance) and results[0].created
    bodies = api.bodies()
    assert [len(b["items"]) for b in bodies] == [1000, 1000, 500]
    assert all(api.requests[i].headers["content-encoding"] == "gzip" for i in range(3))
    assert {k: v for k, v in bodies[0].items() if k != "items"} == {
        "autoCreateDirectRelations": True,
        "autoCreateStartNodes": True,
        "autoCreateEndNodes": False,
        "skipOnVersionConflict": False,
        "replace": True,
    }
    assert bodies[2]["items"][-1] == {
        "instanceType": "node",
        "space": "inst",
        "externalId": "n2499",
        "sources": [{"source": PUMP_REF, "properties": {"name": "P2499"}}],
    }


def test_apply_a_single_edge(make_client: MakeClient) -> None:
    client, api = make_client(
        lambda request: httpx.Response(
            200, json={"items": [slim(i) for i in request_json(request)["items"]]}
        )
    )
    write = EdgeApply(
        space="inst",
        external_id="e1",
        type=NodeId(space="sp", external_id="Pump.parts"),
        start_node=NodeId(space="inst", external_id="a"),
        end_node=NodeId(space="inst", external_id="b"),
    )
    [result] = client.instances.create(write)
    assert result.instance_type == "edge"
    assert api.bodies()[0]["items"][0]["startNode"] == {"space": "inst", "externalId": "a"}


def test_delete_is_batched_at_1000(make_client: MakeClient) -> None:
    client, api = make_client(lambda request: httpx.Response(200, json=request_json(request)))
    deleted = client.instances.delete([("inst", f"n{i}") for i in range(1001)])
    assert len(deleted) == 1001
    assert deleted[0] == InstanceId(instance_type="node", space="inst", external_id="n0")
    assert [len(b["items"]) for b in api.bodies()] == [1000, 1]
    assert all(api_path(r) == "/models/instances/delete" for r in api.requests)


def test_search(make_client: MakeClient) -> None:
    client, api = make_client(
        lambda request: httpx.Response(200, json={"items": [node("n1", name="Pump 1")]})
    )
    results = client.instances.search(PUMP, "pump", properties=["name"], operator="AND", limit=10)
    assert isinstance(results[0], Node)
    assert api_path(api.requests[0]) == "/models/instances/search"
    assert request_json(api.requests[0]) == {
        "view": PUMP_REF,
        "query": "pump",
        "instanceType": "node",
        "properties": ["name"],
        "operator": "AND",
        "limit": 10,
    }
    with pytest.raises(ValueError, match="at most 1000"):
        client.instances.search(PUMP, "pump", limit=5000)


def test_aggregate(make_client: MakeClient) -> None:
    response = {
        "items": [
            {
                "instanceType": "node",
                "group": {"site": "A"},
                "aggregates": [
                    {"aggregate": "count", "property": "externalId", "value": 4},
                    {"aggregate": "avg", "property": "pressure", "value": 2.5},
                    {
                        "aggregate": "histogram",
                        "property": "pressure",
                        "interval": 10.0,
                        "buckets": [{"start": 0.0, "count": 3}, {"start": 10.0, "count": 1}],
                    },
                ],
            }
        ]
    }
    client, api = make_client(lambda request: httpx.Response(200, json=response))
    aggregates: list[dict[str, Any]] = [
        {"count": {"property": "externalId"}},
        {"avg": {"property": "pressure"}},
        {"histogram": {"property": "pressure", "interval": 10}},
    ]
    [result] = client.instances.aggregate(PUMP, aggregates, group_by=["site"], limit=50)
    assert result.group == {"site": "A"}
    assert result.value("count") == 4
    assert result.value("avg", "pressure") == 2.5
    assert isinstance(result.aggregates[0], AggregatedNumber)
    histogram = result.aggregates[2]
    assert isinstance(histogram, Histogram) and histogram.buckets[1].count == 1
    with pytest.raises(KeyError, match="no sum"):
        result.value("sum", "pressure")
    assert request_json(api.requests[0]) == {
        "view": PUMP_REF,
        "instanceType": "node",
        "aggregates": aggregates,
        "groupBy": ["site"],
        "limit": 50,
    }


def test_query_is_a_passthrough(make_client: MakeClient) -> None:
    answer = {"items": {"pumps": [node("n1")]}, "nextCursor": {"pumps": "c1"}}
    client, api = make_client(lambda request: httpx.Response(200, json=answer))
    body = {
        "with": {"pumps": {"nodes": {"filter": {"hasData": [PUMP_REF]}}, "limit": 5}},
        "select": {"pumps": {"sources": [{"source": PUMP_REF, "properties": ["*"]}]}},
    }
    assert client.instances.query(body) == answer
    assert api_path(api.requests[0]) == "/models/instances/query"
    assert request_json(api.requests[0]) == body

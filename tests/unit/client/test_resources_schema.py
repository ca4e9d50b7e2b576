"""Spaces, containers, views and data models: lazy pagination, retrieve, batching, delete."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from pygen.model_file import read_document
from pygen_runtime.client import PygenClient
from pygen_runtime.client.models import (
    ContainerApply,
    ContainerId,
    ContainerProperty,
    DataModelId,
    SpaceApply,
    SpaceId,
    TextType,
    View,
    ViewId,
)
from pygen_runtime.errors import ParseError, ResourceNotFoundError

from .client_fakes import MockAPI, api_path, request_json

MakeClient = Callable[..., tuple[PygenClient, MockAPI]]
MODELS = Path(__file__).parents[2] / "data" / "models"


def space(name: str) -> dict[str, Any]:
    return {"space": name, "createdTime": 1, "lastUpdatedTime": 2, "isGlobal": False}


def view(external_id: str, version: str = "v1") -> dict[str, Any]:
    return {
        "space": "sp",
        "externalId": external_id,
        "version": version,
        "createdTime": 1,
        "lastUpdatedTime": 2,
        "properties": {},
    }


def paged_spaces(total: int) -> Callable[[httpx.Request], httpx.Response]:
    """GET /models/spaces over ``total`` spaces; the cursor is the next offset."""
    names = [f"space_{i:05d}" for i in range(total)]

    def handler(request: httpx.Request) -> httpx.Response:
        params = request.url.params
        start = int(params.get("cursor", "0"))
        end = start + int(params["limit"])
        body: dict[str, Any] = {"items": [space(n) for n in names[start:end]]}
        if end < total:
            body["nextCursor"] = str(end)
        return httpx.Response(200, json=body)

    return handler


def echo_items(
    transform: Callable[[dict[str, Any]], dict[str, Any]] = lambda item: item,
) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json={"items": [transform(i) for i in request_json(request)["items"]]}
        )

    return handler


def test_list_2500_items_over_3_lazy_pages(make_client: MakeClient) -> None:
    client, api = make_client(paged_spaces(2500))
    iterator = client.spaces.list()
    assert api.requests == []  # nothing fetched before iteration
    first = next(iterator)
    assert first.space == "space_00000"
    assert len(api.requests) == 1
    rest_of_page = list(itertools.islice(iterator, 999))
    assert rest_of_page[-1].space == "space_00999"
    assert len(api.requests) == 1  # the second page is not fetched before it is needed
    assert next(iterator).space == "space_01000"
    assert len(api.requests) == 2
    remaining = list(iterator)
    assert len(remaining) == 1499
    assert remaining[-1].space == "space_02499"
    assert len(api.requests) == 3
    assert [r.url.params["limit"] for r in api.requests] == ["1000", "1000", "1000"]
    assert [r.url.params.get("cursor") for r in api.requests] == [None, "1000", "2000"]


def test_list_limit_sets_page_size_and_stops(make_client: MakeClient) -> None:
    client, api = make_client(paged_spaces(5000))
    names = [s.space for s in client.spaces.list(limit=1500)]
    assert len(names) == 1500
    assert [r.url.params["limit"] for r in api.requests] == ["1000", "500"]
    client2, api2 = make_client(paged_spaces(5000))
    assert len(list(client2.spaces.list(limit=7))) == 7
    assert [r.url.params["limit"] for r in api2.requests] == ["7"]


def test_list_limit_zero_and_negative(make_client: MakeClient) -> None:
    client, api = make_client(paged_spaces(10))
    assert list(client.spaces.list(limit=0)) == []
    assert api.requests == []
    with pytest.raises(ValueError, match="limit"):
        client.spaces.list(limit=-1)


def test_list_filters_become_query_parameters(make_client: MakeClient) -> None:
    client, api = make_client(lambda request: httpx.Response(200, json={"items": []}))
    list(client.spaces.list(include_global=True))
    list(client.containers.list(space="sp", used_for=["node", "edge"]))
    list(client.views.list(space="sp", all_versions=True, include_inherited_properties=False))
    list(client.data_models.list(inline_views=True, include_global=True))
    queries = [(api_path(r), r.url.query.decode()) for r in api.requests]
    assert queries == [
        ("/models/spaces", "includeGlobal=true&limit=1000"),
        ("/models/containers", "space=sp&includeGlobal=false&usedFor=node&usedFor=edge&limit=1000"),
        (
            "/models/views",
            "space=sp&allVersions=true&includeInheritedProperties=false"
            "&includeGlobal=false&limit=1000",
        ),
        (
            "/models/datamodels",
            "inlineViews=true&allVersions=false&includeGlobal=true&limit=1000",
        ),
    ]


def test_retrieve_one_and_many(make_client: MakeClient) -> None:
    stored = {"a": space("a"), "b": space("b")}

    def handler(request: httpx.Request) -> httpx.Response:
        wanted = [i["space"] for i in request_json(request)["items"]]
        return httpx.Response(200, json={"items": [stored[w] for w in wanted if w in stored]})

    client, api = make_client(handler)
    assert client.spaces.retrieve("a").space == "a"
    assert client.spaces.retrieve(SpaceId(space="b")).space == "b"
    found = client.spaces.retrieve(["a", "missing", "b"])
    assert [s.space for s in found] == ["a", "b"]
    assert api_path(api.requests[0]) == "/models/spaces/byids"
    assert request_json(api.requests[0]) == {"items": [{"space": "a"}]}


def test_retrieve_missing_id_raises_naming_it(make_client: MakeClient) -> None:
    client, _ = make_client(lambda request: httpx.Response(200, json={"items": []}))
    with pytest.raises(ResourceNotFoundError) as info:
        client.views.retrieve(("sp", "Pump", "v2"))
    assert "view sp:Pump(version=v2) not found" in str(info.value)
    assert info.value.missing == [{"space": "sp", "externalId": "Pump", "version": "v2"}]
    with pytest.raises(ResourceNotFoundError, match="container sp:Pump not found"):
        client.containers.retrieve(ContainerId(space="sp", external_id="Pump"))
    with pytest.raises(ResourceNotFoundError, match="space nowhere not found"):
        client.spaces.retrieve("nowhere")


def test_view_retrieve_sends_ids_without_type_and_the_inheritance_flag(
    make_client: MakeClient,
) -> None:
    client, api = make_client(lambda request: httpx.Response(200, json={"items": [view("Pump")]}))
    result = client.views.retrieve(
        ViewId(space="sp", external_id="Pump", version="v1").as_reference()
    )
    assert isinstance(result, View)
    request = api.requests[0]
    assert request.url.params["includeInheritedProperties"] == "true"
    assert request_json(request) == {
        "items": [{"space": "sp", "externalId": "Pump", "version": "v1"}]
    }


def test_data_model_retrieve_inlines_views(make_client: MakeClient) -> None:
    document = read_document(MODELS / "Pumps.yaml")
    client, api = make_client(lambda request: httpx.Response(200, json={"items": [document]}))
    model = client.data_models.retrieve(("IntegrationTestsImmutable", "Pumps", "1"))
    assert api.requests[0].url.params["inlineViews"] == "true"
    assert model.as_id() == DataModelId(
        space="IntegrationTestsImmutable", external_id="Pumps", version="1"
    )
    assert {v.external_id for v in model.inline_views} >= {"Pump", "Pumps"}
    assert len(model.inline_views) == len(document["views"])


def test_apply_is_batched_at_100(make_client: MakeClient) -> None:
    client, api = make_client(
        echo_items(lambda item: {**item, "createdTime": 1, "lastUpdatedTime": 1})
    )
    written = client.spaces.apply([SpaceApply(space=f"s{i}") for i in range(250)])
    assert [s.space for s in written] == [f"s{i}" for i in range(250)]
    assert [len(body["items"]) for body in api.bodies()] == [100, 100, 50]
    assert all(api_path(r) == "/models/spaces" for r in api.requests)


def test_apply_one_container_returns_the_read_object(make_client: MakeClient) -> None:
    client, api = make_client(
        echo_items(lambda item: {**item, "createdTime": 1, "lastUpdatedTime": 1})
    )
    container = ContainerApply(
        space="sp",
        external_id="Pump",
        properties={"name": ContainerProperty(type=TextType())},
    )
    [written] = client.containers.create(container)
    assert written.as_id() == container.as_id()
    assert api.bodies()[0]["items"][0]["properties"]["name"]["type"]["type"] == "text"


def test_delete_is_batched_and_returns_deleted_ids(make_client: MakeClient) -> None:
    client, api = make_client(echo_items())
    ids = [("sp", f"View{i}", "v1") for i in range(120)]
    deleted = client.views.delete(ids)
    assert len(deleted) == 120
    assert deleted[0] == ViewId(space="sp", external_id="View0", version="v1")
    assert [len(body["items"]) for body in api.bodies()] == [100, 20]
    assert all(api_path(r) == "/models/views/delete" for r in api.requests)
    single = client.spaces.delete("lonely")
    assert single == [SpaceId(space="lonely")]


def test_unreadable_item_is_a_parse_error(make_client: MakeClient) -> None:
    client, _ = make_client(lambda request: httpx.Response(200, json={"items": [{"space": "a"}]}))
    with pytest.raises(ParseError) as info:
        list(client.spaces.list())
    assert "GET /models/spaces" in str(info.value)
    assert info.value.location is not None and info.value.location.startswith("items[0]")


def test_repeated_cursor_is_reported(make_client: MakeClient) -> None:
    client, _ = make_client(
        lambda request: httpx.Response(200, json={"items": [space("a")], "nextCursor": "same"})
    )
    with pytest.raises(Exception, match="unusable nextCursor"):
        list(client.spaces.list())


def test_wrong_id_type_is_a_type_error(make_client: MakeClient) -> None:
    client, _ = make_client(lambda request: httpx.Response(200, json={"items": []}))
    with pytest.raises(TypeError, match="expected a view id"):
        client.views.retrieve(("sp", "Pump"))  # type: ignore[arg-type]

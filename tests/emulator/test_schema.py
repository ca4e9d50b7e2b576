"""Spaces, containers, views and data models: apply, list, byids, delete and validation."""

from __future__ import annotations

from typing import Any

import pytest

from pygen.emulator import deploy_data_model

from .conftest import Emulator, model, node, view_ref

TEXT = {"type": {"type": "text"}}


def container(space_: str, external_id: str, **properties: Any) -> dict[str, Any]:
    return {"space": space_, "externalId": external_id, "properties": properties or {"name": TEXT}}


def mapped(space: str, container_xid: str, prop: str) -> dict[str, Any]:
    return {
        "container": {"type": "container", "space": space, "externalId": container_xid},
        "containerPropertyIdentifier": prop,
    }


@pytest.fixture
def space_s(emulator: Emulator) -> Emulator:
    emulator.ok("/spaces", {"items": [{"space": "s", "name": "S"}]})
    return emulator


def test_spaces_apply_list_byids_delete(emulator: Emulator) -> None:
    created = emulator.ok("/spaces", {"items": [{"space": "a", "name": "A"}, {"space": "b"}]})[
        "items"
    ]
    assert [item["space"] for item in created] == ["a", "b"]
    assert created[0]["name"] == "A" and created[0]["isGlobal"] is False
    assert created[0]["createdTime"] == created[0]["lastUpdatedTime"] > 0
    updated = emulator.ok("/spaces", {"items": [{"space": "a", "name": "A2"}]})["items"][0]
    assert updated["name"] == "A2" and updated["createdTime"] == created[0]["createdTime"]
    assert updated["lastUpdatedTime"] > updated["createdTime"]
    listed = emulator.get("/spaces").json()["items"]
    assert [item["space"] for item in listed] == ["a", "b"]
    found = emulator.ok("/spaces/byids", {"items": [{"space": "b"}, {"space": "missing"}]})["items"]
    assert [item["space"] for item in found] == ["b"]
    deleted = emulator.ok("/spaces/delete", {"items": [{"space": "a"}, {"space": "missing"}]})[
        "items"
    ]
    assert deleted == [{"space": "a"}]
    assert [item["space"] for item in emulator.get("/spaces").json()["items"]] == ["b"]


@pytest.mark.parametrize(
    ("space", "fragment"),
    [
        ("1abc", "must match"),
        ("a" * 44, "must match"),
        ("has space", "must match"),
        ("system", "reserved"),
        ("edge", "reserved"),
    ],
)
def test_space_identifier_rules(emulator: Emulator, space: str, fragment: str) -> None:
    error = emulator.error("/spaces", {"items": [{"space": space}]})
    assert fragment in error["message"] and "items[0].space" in error["message"]


def test_schema_item_limits(emulator: Emulator) -> None:
    error = emulator.error("/spaces", {"items": [{"space": f"s{i}"} for i in range(101)]})
    assert "101 items" in error["message"] and "100" in error["message"]
    assert "at least one" in emulator.error("/spaces", {"items": []})["message"]
    assert (
        "101 items"
        in emulator.error(
            "/views/byids", {"items": [{"space": "s", "externalId": f"v{i}"} for i in range(101)]}
        )["message"]
    )


def test_schema_list_paging_with_cursor(emulator: Emulator) -> None:
    emulator.ok("/spaces", {"items": [{"space": f"s{i:02d}"} for i in range(25)]})
    seen, cursor = [], None
    while True:
        params = {"limit": 10, **({"cursor": cursor} if cursor else {})}
        page = emulator.get("/spaces", **params).json()
        seen += [item["space"] for item in page["items"]]
        cursor = page.get("nextCursor")
        if not cursor:
            break
    assert seen == [f"s{i:02d}" for i in range(25)]
    assert emulator.get("/spaces").json()["nextCursor"]  # default page size 10
    bad = emulator.get("/spaces", limit=1001)
    assert bad.status_code == 400 and "limit" in bad.json()["error"]["message"]
    assert emulator.get("/spaces", cursor="garbage!").status_code == 400
    assert emulator.get("/spaces", includeGlobal="yes").status_code == 400
    assert emulator.get("/spaces", bogus="1").status_code == 400


def test_container_read_form_and_defaults(space_s: Emulator) -> None:
    body = container(
        "s",
        "Pump",
        name={"type": {"type": "text"}, "nullable": False},
        tags={"type": {"type": "text", "list": True, "maxListSize": 5}},
        status={
            "type": {
                "type": "enum",
                "values": {"on": {}, "off": {"name": "Off"}},
                "unknownValue": "off",
            }
        },
        counter={"type": {"type": "int64"}, "autoIncrement": True},
    )
    body["constraints"] = {"uniqueName": {"constraintType": "uniqueness", "properties": ["name"]}}
    body["indexes"] = {"byName": {"indexType": "btree", "properties": ["name"], "cursorable": True}}
    read = space_s.ok("/containers", {"items": [body]})["items"][0]
    assert read["usedFor"] == "node" and read["isGlobal"] is False
    assert read["properties"]["name"] == {
        "type": {"type": "text", "list": False, "collation": "ucs_basic"},
        "nullable": False,
        "autoIncrement": False,
        "immutable": False,
    }
    assert read["properties"]["tags"]["type"]["maxListSize"] == 5
    assert read["constraints"]["uniqueName"]["state"] == "current"
    assert read["indexes"]["byName"]["state"] == "current"
    listed = space_s.get("/containers", space="s").json()["items"]
    assert [c["externalId"] for c in listed] == ["Pump"]
    assert space_s.get("/containers", usedFor="edge").json()["items"] == []


@pytest.mark.parametrize(
    ("properties", "fragment"),
    [
        ({"space": TEXT}, "reserved property"),
        ({"bad name": TEXT}, "invalid property identifier"),
        ({"e": {"type": {"type": "enum", "values": {}}}}, "at least one value"),
        ({"e": {"type": {"type": "enum", "values": {"1x": {}}}}}, "invalid enum value"),
        (
            {"e": {"type": {"type": "enum", "values": {"a": {}}, "unknownValue": "b"}}},
            "unknownValue",
        ),
        ({"t": {"type": {"type": "text", "maxListSize": 3}}}, "maxListSize"),
        ({"t": {"type": {"type": "text"}, "autoIncrement": True}}, "autoIncrement"),
        ({"t": {"type": {"type": "int32"}, "defaultValue": "x"}}, "defaultValue"),
        (
            {"t": {"type": {"type": "int32", "list": True}, "defaultValue": 1}},
            "list properties cannot",
        ),
        (
            {
                "t": {
                    "type": {
                        "type": "direct",
                        "container": {"type": "container", "space": "s", "externalId": "Nope"},
                    }
                }
            },
            "does not exist",
        ),
        ({"t": {"type": {"type": "float128"}}}, "Invalid request body"),
    ],
)
def test_container_validation(space_s: Emulator, properties: dict[str, Any], fragment: str) -> None:
    body = {"space": "s", "externalId": "C", "properties": properties}
    error = space_s.error("/containers", {"items": [body]})
    assert fragment in error["message"]


def test_container_rules(space_s: Emulator) -> None:
    assert (
        "reserved externalId"
        in space_s.error("/containers", {"items": [container("s", "Query")]})["message"]
    )
    assert (
        "space 'nope' does not exist"
        in space_s.error("/containers", {"items": [container("nope", "C")]})["message"]
    )
    space_s.ok("/containers", {"items": [container("s", "C", n={"type": {"type": "int32"}})]})
    error = space_s.error(
        "/containers", {"items": [container("s", "C", n={"type": {"type": "text"}})]}
    )
    assert "cannot be changed" in error["message"]
    many = {f"p{i}": TEXT for i in range(101)}
    assert (
        "101 properties"
        in space_s.error("/containers", {"items": [container("s", "D", **many)]})["message"]
    )
    bad_index = container("s", "E")
    bad_index["indexes"] = {"i": {"indexType": "btree", "properties": ["missing"]}}
    assert "not a property" in space_s.error("/containers", {"items": [bad_index]})["message"]
    too_many = container("s", "F")
    too_many["indexes"] = {
        f"i{i}": {"indexType": "btree", "properties": ["name"]} for i in range(11)
    }
    assert "at most 10 indexes" in space_s.error("/containers", {"items": [too_many]})["message"]


def test_view_mapping_missing_container_is_400(space_s: Emulator) -> None:
    view = {
        "space": "s",
        "externalId": "V",
        "version": "1",
        "properties": {"name": mapped("s", "Missing", "name")},
    }
    error = space_s.error("/views", {"items": [view]})
    assert "container s:Missing does not exist" in error["message"]
    assert error["missing"] == [{"space": "s", "externalId": "Missing"}]
    space_s.ok("/containers", {"items": [container("s", "C")]})
    view["properties"] = {"name": mapped("s", "C", "other")}
    assert "has no property 'other'" in space_s.error("/views", {"items": [view]})["message"]
    assert space_s.get("/views").json()["items"] == []  # nothing half-applied


def test_view_inheritance_writable_and_mapped_containers(space_s: Emulator) -> None:
    space_s.ok("/containers", {"items": [
        container("s", "Base", name=TEXT),
        container("s", "Sub", size={"type": {"type": "float64"}}, code={"type": {"type": "text"}, "nullable": False}),
    ]})  # fmt: skip
    base = {
        "space": "s",
        "externalId": "Base",
        "version": "1",
        "properties": {"name": mapped("s", "Base", "name")},
    }
    sub = {
        "space": "s", "externalId": "Sub", "version": "1",
        "implements": [view_ref("s", "Base")],
        "properties": {"size": mapped("s", "Sub", "size"), "code": mapped("s", "Sub", "code")},
    }  # fmt: skip
    partial = {
        "space": "s",
        "externalId": "Partial",
        "version": "1",
        "properties": {"size": mapped("s", "Sub", "size")},
    }
    views = {
        v["externalId"]: v for v in space_s.ok("/views", {"items": [base, sub, partial]})["items"]
    }
    assert set(views["Sub"]["properties"]) == {"name", "size", "code"}
    assert views["Sub"]["properties"]["name"]["container"]["externalId"] == "Base"
    assert views["Sub"]["properties"]["code"]["nullable"] is False
    assert [c["externalId"] for c in views["Sub"]["mappedContainers"]] == ["Sub", "Base"]
    assert views["Sub"]["writable"] is True and views["Partial"]["writable"] is False
    assert views["Sub"]["implements"] == [view_ref("s", "Base")]
    own = space_s.ok(
        "/views/byids?includeInheritedProperties=false",
        {"items": [{"space": "s", "externalId": "Sub", "version": "1"}]},
    )
    assert set(own["items"][0]["properties"]) == {"size", "code"}
    error = space_s.error(
        "/views/delete", {"items": [{"space": "s", "externalId": "Base", "version": "1"}]}
    )
    assert "implements it" in error["message"]
    error = space_s.error("/containers/delete", {"items": [{"space": "s", "externalId": "Base"}]})
    assert "maps it" in error["message"]


def test_view_implements_missing_and_cycles(space_s: Emulator) -> None:
    missing = {
        "space": "s",
        "externalId": "A",
        "version": "1",
        "implements": [view_ref("s", "Nope")],
    }
    assert (
        "view s:Nope(version=1) does not exist"
        in space_s.error("/views", {"items": [missing]})["message"]
    )
    a = {"space": "s", "externalId": "A", "version": "1", "implements": [view_ref("s", "B")]}
    b = {"space": "s", "externalId": "B", "version": "1", "implements": [view_ref("s", "A")]}
    assert "implements itself" in space_s.error("/views", {"items": [a, b]})["message"]


def test_view_versions_and_filters(space_s: Emulator) -> None:
    space_s.ok("/containers", {"items": [container("s", "C")]})
    for version in ("1", "2"):
        space_s.ok(
            "/views",
            {
                "items": [
                    {
                        "space": "s",
                        "externalId": "V",
                        "version": version,
                        "properties": {"name": mapped("s", "C", "name")},
                    }
                ]
            },
        )
    assert [v["version"] for v in space_s.get("/views").json()["items"]] == ["2"]
    assert [v["version"] for v in space_s.get("/views", allVersions="true").json()["items"]] == [
        "1",
        "2",
    ]
    every = space_s.ok("/views/byids", {"items": [{"space": "s", "externalId": "V"}]})["items"]
    assert [v["version"] for v in every] == ["1", "2"]
    bad_filter = {
        "space": "s",
        "externalId": "F",
        "version": "1",
        "filter": {"equals": {"property": ["s", "C", "nope"], "value": 1}},
    }
    assert "has no property 'nope'" in space_s.error("/views", {"items": [bad_filter]})["message"]
    assert (
        "must match"
        in space_s.error(
            "/views", {"items": [{"space": "s", "externalId": "V", "version": "1.0."}]}
        )["message"]
    )


def test_view_for_nodes_and_edges_is_rejected(space_s: Emulator) -> None:
    edge_container = container("s", "E")
    edge_container["usedFor"] = "edge"
    space_s.ok("/containers", {"items": [container("s", "N"), edge_container]})
    view = {
        "space": "s",
        "externalId": "V",
        "version": "1",
        "properties": {"a": mapped("s", "N", "name"), "b": mapped("s", "E", "name")},
    }
    assert "nodes and containers for edges" in space_s.error("/views", {"items": [view]})["message"]


def test_data_models_inline_views_and_delete(space_s: Emulator) -> None:
    space_s.ok("/containers", {"items": [container("s", "C")]})
    inline = {
        "space": "s",
        "externalId": "V",
        "version": "1",
        "properties": {"name": mapped("s", "C", "name")},
    }
    read = space_s.ok(
        "/datamodels",
        {"items": [{"space": "s", "externalId": "M", "version": "1", "views": [inline]}]},
    )["items"][0]
    assert read["views"] == [view_ref("s", "V")]
    full = space_s.ok(
        "/datamodels/byids?inlineViews=true",
        {"items": [{"space": "s", "externalId": "M", "version": "1"}]},
    )["items"][0]
    assert full["views"][0]["properties"]["name"]["type"]["type"] == "text"
    listed = space_s.get("/datamodels", inlineViews="true").json()["items"]
    assert listed[0]["views"][0]["externalId"] == "V"
    missing = {"space": "s", "externalId": "M2", "version": "1", "views": [view_ref("s", "Nope")]}
    assert "does not exist" in space_s.error("/datamodels", {"items": [missing]})["message"]
    deleted = space_s.ok(
        "/datamodels/delete", {"items": [{"space": "s", "externalId": "M", "version": "1"}]}
    )["items"]
    assert deleted == [{"space": "s", "externalId": "M", "version": "1"}]
    assert len(space_s.get("/views").json()["items"]) == 1  # views stay
    assert (
        "version is required"
        in space_s.error("/views/delete", {"items": [{"space": "s", "externalId": "V"}]})["message"]
    )


def test_space_with_content_cannot_be_deleted(space_s: Emulator) -> None:
    space_s.ok("/containers", {"items": [container("s", "C")]})
    assert (
        "still holds containers"
        in space_s.error("/spaces/delete", {"items": [{"space": "s"}]})["message"]
    )
    space_s.ok("/containers/delete", {"items": [{"space": "s", "externalId": "C"}]})
    space_s.apply(node("s", "n1"))
    assert (
        "still holds instances"
        in space_s.error("/spaces/delete", {"items": [{"space": "s"}]})["message"]
    )


def test_container_delete_removes_its_data(space_s: Emulator) -> None:
    space_s.ok("/containers", {"items": [container("s", "C")]})
    source = {"type": "container", "space": "s", "externalId": "C"}
    space_s.apply(node("s", "n1", (source, {"name": "x"})))
    space_s.ok("/containers/delete", {"items": [{"space": "s", "externalId": "C"}]})
    space_s.ok("/containers", {"items": [container("s", "C")]})
    found = space_s.ok("/instances/list", {"filter": {"exists": {"property": ["s", "C", "name"]}}})[
        "items"
    ]
    assert found == []


@pytest.mark.parametrize(
    "name",
    [
        "CogniteCore",
        "WindTurbine",
        "Omni",
        "OmniSub",
        "Pumps",
        "OmniMultiA",
        "OmniMultiB",
        "OmniMultiC",
    ],
)
def test_model_files_deploy_and_read_back_as_written(emulator: Emulator, name: str) -> None:
    if name in ("WindTurbine",):
        deploy_data_model(emulator.store, model("CogniteCore"))
    data_model = model(name)
    deploy_data_model(emulator.store, data_model)
    deploy_data_model(emulator.store, data_model)  # idempotent
    key = {
        "space": data_model.space,
        "externalId": data_model.external_id,
        "version": data_model.version,
    }
    read = emulator.ok("/datamodels/byids?inlineViews=true", {"items": [key]})["items"][0]
    by_id = {view["externalId"]: view for view in read["views"]}
    assert len(by_id) == len(data_model.views)
    for view in data_model.inline_views:
        got = by_id[view.external_id]
        assert got["writable"] == view.writable, view.external_id
        assert got["usedFor"] == view.used_for, view.external_id
        expected = view.model_dump(mode="json", by_alias=True, exclude_none=True)["properties"]
        assert set(got["properties"]) == set(expected), view.external_id
        for prop_id, prop in expected.items():
            for key_name in (
                "type",
                "nullable",
                "immutable",
                "autoIncrement",
                "containerPropertyIdentifier",
                "connectionType",
                "direction",
                "source",
                "through",
                "defaultValue",
            ):
                if key_name in prop:
                    assert got["properties"][prop_id].get(key_name) == prop[key_name], (
                        view.external_id,
                        prop_id,
                        key_name,
                    )


def test_constraint_and_index_delete(space_s: Emulator) -> None:
    body = container("s", "C")
    body["constraints"] = {"u": {"constraintType": "uniqueness", "properties": ["name"]}}
    body["indexes"] = {"i": {"indexType": "btree", "properties": ["name"]}}
    space_s.ok("/containers", {"items": [body]})
    gone = {"space": "s", "containerExternalId": "C", "identifier": "u"}
    assert space_s.ok(
        "/containers/constraints/delete", {"items": [gone, {**gone, "identifier": "nope"}]}
    )["items"] == [gone]
    assert space_s.ok("/containers/indexes/delete", {"items": [{**gone, "identifier": "i"}]})[
        "items"
    ] == [{**gone, "identifier": "i"}]
    read = space_s.ok("/containers/byids", {"items": [{"space": "s", "externalId": "C"}]})["items"][
        0
    ]
    assert "u" not in read.get("constraints", {}) and "i" not in read.get("indexes", {})


def test_views_list_filters_on_used_for(space_s: Emulator) -> None:
    edge_container = container("s", "E")
    edge_container["usedFor"] = "edge"
    space_s.ok("/containers", {"items": [container("s", "N"), edge_container]})
    space_s.ok("/views", {"items": [
        {"space": "s", "externalId": "NodeView", "version": "1", "properties": {"name": mapped("s", "N", "name")}},
        {"space": "s", "externalId": "EdgeView", "version": "1", "properties": {"name": mapped("s", "E", "name")}},
    ]})  # fmt: skip
    assert [v["externalId"] for v in space_s.get("/views", usedFor="edge").json()["items"]] == [
        "EdgeView"
    ]
    assert space_s.get("/views", usedFor="sometimes").status_code == 400


def test_deploying_a_model_keeps_existing_spaces_and_container_properties(
    emulator: Emulator,
) -> None:
    emulator.ok("/spaces", {"items": [{"space": "IntegrationTestsImmutable", "name": "Mine"}]})
    extra = {
        "space": "IntegrationTestsImmutable",
        "externalId": "Pump",
        "properties": {"extra": TEXT},
    }
    emulator.ok("/containers", {"items": [extra]})
    deploy_data_model(emulator.store, model("Pumps"))
    assert emulator.get("/spaces").json()["items"][0]["name"] == "Mine"
    pump = emulator.ok(
        "/containers/byids",
        {"items": [{"space": "IntegrationTestsImmutable", "externalId": "Pump"}]},
    )
    assert set(pump["items"][0]["properties"]) == {"extra", "name"}

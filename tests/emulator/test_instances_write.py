"""Instance writes: versions, concurrency control, type checks, references, atomicity, delete."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import (
    BOTH_VIEW,
    LINK_VIEW,
    STRICT_VIEW,
    THING_VIEW,
    TYPED_VIEW,
    Emulator,
    edge,
    node,
)

THING_CONTAINER = {"type": "container", "space": "s", "externalId": "Thing"}


def read(
    emulator: Emulator, external_id: str, view: dict[str, Any] = THING_VIEW, kind: str = "node"
) -> dict[str, Any]:
    items = emulator.ok(
        "/instances/byids",
        {
            "items": [{"instanceType": kind, "space": "s", "externalId": external_id}],
            "sources": [{"source": view}],
        },
    )["items"]
    assert len(items) == 1
    item: dict[str, Any] = items[0]
    return item


def props(item: dict[str, Any], view: dict[str, Any] = THING_VIEW) -> dict[str, Any]:
    values: dict[str, Any] = item["properties"]["s"][f"{view['externalId']}/{view['version']}"]
    return values


def test_versions_times_and_no_op(things: Emulator) -> None:
    (created,) = things.apply(node("s", "a", (THING_VIEW, {"text": "x", "int32": 1})))
    assert created["version"] == 1 and created["wasModified"] is True
    assert created["createdTime"] == created["lastUpdatedTime"]
    (same,) = things.apply(node("s", "a", (THING_VIEW, {"text": "x"})))
    assert same == {**created, "wasModified": False}
    (updated,) = things.apply(node("s", "a", (THING_VIEW, {"text": "y"})))
    assert updated["version"] == 2 and updated["wasModified"] is True
    assert updated["createdTime"] == created["createdTime"] < updated["lastUpdatedTime"]
    item = read(things, "a")
    assert item["version"] == 2 and props(item) == {"text": "y", "int32": 1}  # patch keeps int32
    (typed,) = things.apply(node("s", "a", type={"space": "s", "externalId": "kind"}))
    assert typed["version"] == 3 and read(things, "a")["type"] == {
        "space": "s",
        "externalId": "kind",
    }


def test_replace_resets_omitted_properties(things: Emulator) -> None:
    things.apply(node("s", "a", (THING_VIEW, {"text": "x", "int32": 1})))
    things.apply(node("s", "a", (THING_VIEW, {"text": "z"})), replace=True)
    assert props(read(things, "a")) == {"text": "z"}
    things.apply(node("s", "a", (THING_VIEW, {"text": None})))
    assert props(read(things, "a")) == {}


def test_existing_version_conflicts_are_409(things: Emulator) -> None:
    things.apply(node("s", "a", (THING_VIEW, {"text": "1"})))
    things.apply(node("s", "a", (THING_VIEW, {"text": "2"})))  # version 2
    error = things.error(
        "/instances",
        {"items": [node("s", "a", (THING_VIEW, {"text": "3"}), existingVersion=1)]},
        409,
    )
    assert error["duplicated"] == [{"instanceType": "node", "space": "s", "externalId": "a"}]
    assert "existingVersion" in error["message"]
    (ok,) = things.apply(node("s", "a", (THING_VIEW, {"text": "3"}), existingVersion=2))
    assert ok["version"] == 3
    error = things.error("/instances", {"items": [node("s", "a", existingVersion=0)]}, 409)
    assert error["duplicated"][0]["externalId"] == "a"
    (fresh,) = things.apply(node("s", "new", existingVersion=0))
    assert fresh["version"] == 1


def test_version_conflict_fails_the_whole_batch_or_is_skipped(things: Emulator) -> None:
    things.apply(node("s", "a"), node("s", "a2"))
    batch = [
        node("s", "b", (THING_VIEW, {"text": "b"})),
        node("s", "a", (THING_VIEW, {"text": "a"}), existingVersion=0),
    ]
    things.error("/instances", {"items": batch}, 409)
    assert (
        things.ok(
            "/instances/byids",
            {"items": [{"instanceType": "node", "space": "s", "externalId": "b"}]},
        )["items"]
        == []
    )
    results = things.apply(*batch, skipOnVersionConflict=True)
    assert [r["externalId"] for r in results] == ["b"]
    assert read(things, "a")["version"] == 1  # the skipped item was not written


def test_atomic_batch_on_validation_error(things: Emulator) -> None:
    error = things.error(
        "/instances",
        {
            "items": [
                node("s", "ok1", (THING_VIEW, {"text": "fine"})),
                node("s", "bad", (THING_VIEW, {"int32": "nope"})),
            ]
        },
    )
    assert (
        "items[1].sources[0].properties.int32" in error["message"] and "int32" in error["message"]
    )
    assert things.xids() == []


GOOD_VALUES = [
    ("text", "hello", "hello"),
    ("int32", 2**31 - 1, 2**31 - 1),
    ("int64", -(2**63), -(2**63)),
    ("float32", 1.5, 1.5),
    ("float64", 3, 3),
    ("boolean", False, False),
    ("timestamp", "2024-05-01T14:00:00+02:00", "2024-05-01T12:00:00.000+00:00"),
    ("timestamp", "2024-05-01T12:00:00.17Z", "2024-05-01T12:00:00.170+00:00"),
    ("date", "2024-02-29", "2024-02-29"),
    ("json", {"a": [1, {"b": None}]}, {"a": [1, {"b": None}]}),
    ("status", "on", "on"),
    ("ts", "my_timeseries", "my_timeseries"),
    ("file", "f", "f"),
    ("sequence", "q", "q"),
    ("ref", {"space": "s", "externalId": "target"}, {"space": "s", "externalId": "target"}),
    (
        "refs",
        [{"space": "s", "externalId": "t1"}, {"space": "s", "externalId": "t2"}],
        [{"space": "s", "externalId": "t1"}, {"space": "s", "externalId": "t2"}],
    ),
    ("texts", ["a", "b", "c"], ["a", "b", "c"]),
    ("stamps", ["2024-01-01T00:00:00Z"], ["2024-01-01T00:00:00.000+00:00"]),
]


@pytest.mark.parametrize(("prop", "value", "stored"), GOOD_VALUES)
def test_values_accepted_and_normalised(
    things: Emulator, prop: str, value: Any, stored: Any
) -> None:
    things.apply(node("s", "a", (THING_VIEW, {prop: value})))
    assert props(read(things, "a"))[prop] == stored


BAD_VALUES = [
    ("text", 5, "expected text"),
    ("int32", 2**31, "out of range"),
    ("int32", 1.5, "expected int32"),
    ("int32", True, "expected int32"),
    ("int64", "1", "expected int64"),
    ("float32", 1e39, "out of range"),
    ("float64", "1.0", "expected float64"),
    ("boolean", 1, "expected boolean"),
    ("timestamp", "yesterday", "timestamp"),
    ("timestamp", 1714564800000, "timestamp"),
    ("date", "2023-02-29", "date"),
    ("date", "2024-05-01T00:00:00Z", "date"),
    ("status", "unknown", "not one of the enum values"),
    ("status", "maybe", "not one of the enum values"),
    ("ref", "s:target", "direct relation"),
    ("ref", {"space": "s"}, "direct relation"),
    ("refs", [{"space": "s", "externalId": str(i)} for i in range(4)], "maximum is 3"),
    ("texts", "a", "expected a list"),
    ("texts", ["a", None], "cannot hold null"),
    ("ints", [1, "2"], "expected int64"),
    ("json", {"k": "x" * 41000}, "larger than"),
]


@pytest.mark.parametrize(("prop", "value", "fragment"), BAD_VALUES)
def test_values_rejected(things: Emulator, prop: str, value: Any, fragment: str) -> None:
    error = things.error("/instances", {"items": [node("s", "a", (THING_VIEW, {prop: value}))]})
    assert fragment in error["message"], error["message"]
    assert f"properties.{prop}" in error["message"]


def test_unknown_property_and_connection_properties(omni: Emulator, things: Emulator) -> None:
    assert (
        "does not exist in view"
        in things.error("/instances", {"items": [node("s", "a", (THING_VIEW, {"nope": 1}))]})[
            "message"
        ]
    )
    assert (
        "has no property 'nope'"
        in things.error("/instances", {"items": [node("s", "a", (THING_CONTAINER, {"nope": 1}))]})[
            "message"
        ]
    )
    view = {
        "type": "view",
        "space": "sp_pygen_models",
        "externalId": "ConnectionItemA",
        "version": "1",
    }
    error = omni.error("/instances", {"items": [node("inst", "a", (view, {"outwards": []}))]})
    assert "is a connection" in error["message"]


def test_required_defaults_and_auto_increment(things: Emulator) -> None:
    error = things.error("/instances", {"items": [node("s", "a", (STRICT_VIEW, {"level": 1}))]})
    assert "'name'" in error["message"] and "required" in error["message"]
    assert (
        "not nullable"
        in things.error("/instances", {"items": [node("s", "a", (STRICT_VIEW, {"name": None}))]})[
            "message"
        ]
    )
    things.apply(
        node("s", "a", (STRICT_VIEW, {"name": "A"})),
        node("s", "b", (STRICT_VIEW, {"name": "B", "level": 9})),
    )
    assert props(read(things, "a", STRICT_VIEW), STRICT_VIEW) == {
        "name": "A",
        "level": 5,
        "serial": 1,
    }
    assert props(read(things, "b", STRICT_VIEW), STRICT_VIEW) == {
        "name": "B",
        "level": 9,
        "serial": 2,
    }
    things.apply(node("s", "a", (STRICT_VIEW, {"name": "A2"})))  # patch keeps serial and level
    assert props(read(things, "a", STRICT_VIEW), STRICT_VIEW) == {
        "name": "A2",
        "level": 5,
        "serial": 1,
    }
    things.apply(node("s", "a", (STRICT_VIEW, {"name": "A3", "level": 7})))
    things.apply(node("s", "a", (STRICT_VIEW, {"name": "A4"})), replace=True)
    assert props(read(things, "a", STRICT_VIEW), STRICT_VIEW) == {
        "name": "A4",
        "level": 5,  # replace resets to the default
        "serial": 1,  # but keeps the number assigned
    }


def test_immutable_property(things: Emulator) -> None:
    things.apply(node("s", "a", (THING_VIEW, {"text": "x"})))
    things.apply(node("s", "a", (THING_VIEW, {"code": "C1"})))  # first population is allowed
    things.apply(node("s", "a", (THING_VIEW, {"code": "C1"})))  # same value is fine
    assert (
        "immutable"
        in things.error("/instances", {"items": [node("s", "a", (THING_VIEW, {"code": "C2"}))]})[
            "message"
        ]
    )


def test_inherited_view_writes_all_its_containers(things: Emulator) -> None:
    things.apply(node("s", "a", (BOTH_VIEW, {"text": "t", "name": "n"})))
    both = props(read(things, "a", BOTH_VIEW), BOTH_VIEW)
    assert both == {"text": "t", "name": "n", "level": 5, "serial": 1}
    assert props(read(things, "a", THING_VIEW)) == {"text": "t"}
    assert things.xids(sources=[{"source": STRICT_VIEW}]) == ["a"]


def test_direct_relations_auto_create(things: Emulator) -> None:
    things.apply(node("s", "a", (THING_VIEW, {"ref": {"space": "s", "externalId": "target"}})))
    target = things.ok(
        "/instances/byids",
        {"items": [{"instanceType": "node", "space": "s", "externalId": "target"}]},
    )["items"]
    assert target[0]["version"] == 1 and target[0]["properties"] == {}
    error = things.error(
        "/instances",
        {
            "items": [node("s", "b", (THING_VIEW, {"ref": {"space": "s", "externalId": "ghost"}}))],
            "autoCreateDirectRelations": False,
        },
    )
    assert error["missing"] == [{"space": "s", "externalId": "ghost"}]
    missing_space = things.error(
        "/instances",
        {"items": [node("s", "c", (THING_VIEW, {"ref": {"space": "nope", "externalId": "x"}}))]},
    )
    assert "space 'nope' does not exist" in missing_space["message"]
    ok = things.apply(
        node("s", "d", (THING_VIEW, {"ref": {"space": "s", "externalId": "e"}})),
        node("s", "e"),
        autoCreateDirectRelations=False,
    )
    assert len(ok) == 2  # a target created in the same request counts


def test_typed_direct_relation_requires_target_data(things: Emulator) -> None:
    bare = things.error(
        "/instances",
        {"items": [node("s", "a", (TYPED_VIEW, {"target": {"space": "s", "externalId": "t"}}))]},
    )
    assert bare["missing"] == [{"space": "s", "externalId": "t"}]
    things.apply(node("s", "t"))
    wrong = things.error(
        "/instances",
        {"items": [node("s", "a", (TYPED_VIEW, {"target": {"space": "s", "externalId": "t"}}))]},
    )
    assert "has no data in container s:Thing" in wrong["message"]
    things.apply(node("s", "t", (THING_VIEW, {})))
    things.apply(node("s", "a", (TYPED_VIEW, {"target": {"space": "s", "externalId": "t"}})))


def test_edges_need_their_nodes_unless_auto_created(things: Emulator) -> None:
    error = things.error("/instances", {"items": [edge("s", "e1", "link", "n1", "n2")]})
    assert {m["externalId"] for m in error["missing"]} == {"n1", "n2"}
    assert "startNode" in error["message"]
    things.apply(
        edge("s", "e1", "link", "n1", "n2", (LINK_VIEW, {"weight": 0.5})),
        autoCreateStartNodes=True,
        autoCreateEndNodes=True,
    )
    item = read(things, "e1", LINK_VIEW, kind="edge")
    assert item["startNode"] == {"space": "s", "externalId": "n1"} and props(item, LINK_VIEW) == {
        "weight": 0.5
    }
    changed = things.error(
        "/instances", {"items": [edge("s", "e1", "link", "n1", "n3")], "autoCreateEndNodes": True}
    )
    assert "cannot be changed" in changed["message"]
    assert (
        "for edges"
        in things.error("/instances", {"items": [node("s", "x", (LINK_VIEW, {"weight": 1.0}))]})[
            "message"
        ]
    )
    assert (
        "for nodes"
        in things.error(
            "/instances", {"items": [edge("s", "e2", "link", "n1", "n2", (THING_VIEW, {}))]}
        )["message"]
    )


def test_duplicates_in_one_request(things: Emulator) -> None:
    error = things.error("/instances", {"items": [node("s", "a"), node("s", "a")]})
    assert error["duplicated"] == [{"instanceType": "node", "space": "s", "externalId": "a"}]


def test_missing_space_and_bad_external_ids(things: Emulator) -> None:
    assert (
        "space 'nope' does not exist"
        in things.error("/instances", {"items": [node("nope", "a")]})["message"]
    )
    assert (
        "1-256 characters"
        in things.error("/instances", {"items": [node("s", "x" * 257)]})["message"]
    )
    assert "1-256 characters" in things.error("/instances", {"items": [node("s", "")]})["message"]
    things.apply(node("s", "ünïcødé / with spaces:and:colons"))


def test_non_writable_view(omni: Emulator) -> None:
    view = {
        "type": "view",
        "space": "sp_pygen_models",
        "externalId": "Implementation1NonWriteable",
        "version": "1",
    }
    assert (
        "not writable"
        in omni.error("/instances", {"items": [node("inst", "a", (view, {"value1": "x"}))]})[
            "message"
        ]
    )


def test_delete_cascades_edges_and_ignores_unknown(things: Emulator) -> None:
    things.apply(node("s", "n1"), node("s", "n2"), node("s", "n3"))
    things.apply(
        edge("s", "e12", "link", "n1", "n2"),
        edge("s", "e23", "link", "n2", "n3"),
        edge("s", "e31", "link", "n3", "n1"),
    )
    deleted = things.ok("/instances/delete", {"items": [
        {"instanceType": "node", "space": "s", "externalId": "n1"},
        {"instanceType": "node", "space": "s", "externalId": "ghost"},
    ]})["items"]  # fmt: skip
    assert deleted == [{"instanceType": "node", "space": "s", "externalId": "n1"}]
    assert things.xids(instanceType="edge") == ["e23"]
    assert sorted(things.xids()) == ["n2", "n3"]
    assert (
        "does not exist"
        in things.error(
            "/instances/delete",
            {"items": [{"instanceType": "node", "space": "nope", "externalId": "x"}]},
        )["message"]
    )
    edge_only = things.ok(
        "/instances/delete",
        {"items": [{"instanceType": "edge", "space": "s", "externalId": "e23"}]},
    )["items"]
    assert edge_only == [{"instanceType": "edge", "space": "s", "externalId": "e23"}]


def test_instance_item_limits(things: Emulator) -> None:
    many = [node("s", f"n{i}") for i in range(1001)]
    error = things.error("/instances", {"items": many})
    assert "1001 items" in error["message"] and "1000" in error["message"]
    ids = [{"instanceType": "node", "space": "s", "externalId": f"n{i}"} for i in range(1001)]
    assert "1001 items" in things.error("/instances/byids", {"items": ids})["message"]
    assert "1001 items" in things.error("/instances/delete", {"items": ids})["message"]
    assert "at least one" in things.error("/instances", {"items": []})["message"]
    assert len(things.apply(*many[:1000])) == 1000


def test_uniqueness_and_requires_constraints(things: Emulator) -> None:
    unique = {"space": "s", "externalId": "Unique", "properties": {"key": {"type": {"type": "text"}}},
              "constraints": {"uniqueKey": {"constraintType": "uniqueness", "properties": ["key"]},
                              "needsThing": {"constraintType": "requires", "require": THING_CONTAINER}}}  # fmt: skip
    things.ok("/containers", {"items": [unique]})
    source = {"type": "container", "space": "s", "externalId": "Unique"}
    assert (
        "requires data in s:Thing"
        in things.error("/instances", {"items": [node("s", "a", (source, {"key": "k1"}))]})[
            "message"
        ]
    )
    things.apply(node("s", "a", (source, {"key": "k1"}), (THING_CONTAINER, {})))
    clash = things.error(
        "/instances",
        {"items": [node("s", "b", (source, {"key": "k1"}), (THING_CONTAINER, {}))]},
        409,
    )
    assert {"instanceType": "node", "space": "s", "externalId": "b"} in clash["duplicated"]
    things.apply(node("s", "b", (source, {"key": "k2"}), (THING_CONTAINER, {})))


def test_views_project_the_containers_an_instance_has_data_in(things: Emulator) -> None:
    things.apply(node("s", "c", (THING_CONTAINER, {"text": "only thing"})))
    assert props(read(things, "c", BOTH_VIEW), BOTH_VIEW) == {"text": "only thing"}
    assert read(things, "c", STRICT_VIEW)["properties"] == {}
    assert things.xids(sources=[{"source": BOTH_VIEW}]) == []  # membership needs every container


def test_byids_mixes_nodes_and_edges_in_request_order(things: Emulator) -> None:
    things.apply(node("s", "n1", (THING_VIEW, {"text": "one"})), node("s", "n2"))
    things.apply(edge("s", "e1", "link", "n1", "n2", (LINK_VIEW, {"weight": 2.0})))
    ids = [
        {"instanceType": "edge", "space": "s", "externalId": "e1"},
        {"instanceType": "node", "space": "s", "externalId": "ghost"},
        {"instanceType": "node", "space": "s", "externalId": "n1"},
        {"instanceType": "edge", "space": "s", "externalId": "n1"},  # a node id asked as an edge
    ]
    body = {
        "items": ids,
        "sources": [{"source": THING_VIEW}, {"source": LINK_VIEW}],
        "includeTyping": True,
    }
    response = things.ok("/instances/byids", body)
    assert [(i["instanceType"], i["externalId"]) for i in response["items"]] == [
        ("edge", "e1"),
        ("node", "n1"),
    ]
    assert response["items"][0]["properties"] == {"s": {"Link/1": {"weight": 2.0}}}
    assert response["items"][1]["properties"] == {"s": {"Thing/1": {"text": "one"}}}
    assert response["typing"]["s"]["Link/1"]["weight"]["type"]["type"] == "float64"

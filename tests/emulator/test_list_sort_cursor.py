"""Sorting (directions, null placement) and keyset cursors over thousands of instances."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import THING_VIEW, Emulator, edge, node

INT = ["s", "Thing/1", "int32"]
TEXT = ["s", "Thing/1", "text"]


def sort(
    prop: list[str], direction: str = "ascending", nulls_first: bool | None = None
) -> dict[str, Any]:
    spec: dict[str, Any] = {"property": prop, "direction": direction}
    if nulls_first is not None:
        spec["nullsFirst"] = nulls_first
    return spec


@pytest.fixture
def five(things: Emulator) -> Emulator:
    things.apply(
        node("s", "a", (THING_VIEW, {"int32": 2, "text": "x"})),
        node("s", "b", (THING_VIEW, {"int32": 1, "text": "y"})),
        node("s", "c", (THING_VIEW, {"text": "x"})),
        node("s", "d", (THING_VIEW, {"int32": 3, "text": "y"})),
        node("s", "e", (THING_VIEW, {"int32": 1})),
    )
    return things


@pytest.mark.parametrize(
    ("specs", "expected"),
    [
        ([sort(INT)], ["b", "e", "a", "d", "c"]),
        ([sort(INT, "descending")], ["c", "d", "a", "b", "e"]),
        ([sort(INT, "ascending", True)], ["c", "b", "e", "a", "d"]),
        ([sort(INT, "descending", False)], ["d", "a", "b", "e", "c"]),
        ([sort(TEXT, "descending", False), sort(INT)], ["b", "d", "a", "c", "e"]),
        ([sort(["node", "externalId"], "descending")], ["e", "d", "c", "b", "a"]),
    ],
)
def test_sort_directions_and_nulls(
    five: Emulator, specs: list[dict[str, Any]], expected: list[str]
) -> None:
    assert five.xids(sort=specs) == expected
    paged = [item["externalId"] for item in five.list(sort=specs, limit=2)]
    assert paged == expected  # the same order across pages of 2


def test_sort_errors(five: Emulator) -> None:
    assert (
        "list property"
        in five.error("/instances/list", {"sort": [sort(["s", "Thing/1", "texts"])]})["message"]
    )
    assert "limit" in five.error("/instances/list", {"limit": 1001})["message"]
    assert "limit" in five.error("/instances/list", {"limit": 0})["message"]
    assert (
        "direction"
        in five.error("/instances/list", {"sort": [{"property": INT, "direction": "up"}]})[
            "message"
        ]
    )


def test_cursor_errors(five: Emulator) -> None:
    page = five.ok("/instances/list", {"limit": 2, "sort": [sort(INT)]})
    assert (
        "different request"
        in five.error("/instances/list", {"limit": 2, "cursor": page["nextCursor"]})["message"]
    )
    assert "not a cursor" in five.error("/instances/list", {"cursor": "!!!not-base64"})["message"]
    assert "not a cursor" in five.error("/instances/list", {"cursor": "bm90IGpzb24"})["message"]


def test_cursor_over_5000_instances_has_no_duplicates_or_gaps(things: Emulator) -> None:
    for start in range(0, 5000, 1000):
        batch = []
        for i in range(start, start + 1000):
            props = {"text": f"n{i:05d}"} if i % 10 == 0 else {"text": f"n{i:05d}", "int32": i % 7}
            batch.append(node("s", f"n{i:05d}", (THING_VIEW, props)))
        things.apply(*batch)
    default_order = things.xids(limit=777)
    assert len(default_order) == 5000 and len(set(default_order)) == 5000
    assert default_order == [f"n{i:05d}" for i in range(5000)]
    ordered = things.list(
        sort=[sort(INT, "descending", False)], limit=1000, sources=[{"source": THING_VIEW}]
    )
    names = [item["externalId"] for item in ordered]
    assert len(names) == 5000 and len(set(names)) == 5000
    keys = [item["properties"]["s"]["Thing/1"].get("int32") for item in ordered]
    expected = sorted(range(5000), key=lambda i: (i % 10 == 0, 0 if i % 10 == 0 else -(i % 7), i))
    assert names == [f"n{i:05d}" for i in expected]
    assert keys[-500:] == [None] * 500


def test_cursor_is_stable_when_rows_are_written_between_pages(things: Emulator) -> None:
    things.apply(*[node("s", f"k{i:03d}", (THING_VIEW, {"int32": i})) for i in range(0, 200, 2)])
    body = {"sort": [sort(INT)], "limit": 30}
    first = things.ok("/instances/list", body)
    things.apply(
        *[node("s", f"k{i:03d}", (THING_VIEW, {"int32": i})) for i in range(1, 200, 2)]
    )  # interleaved
    things.ok(
        "/instances/delete",
        {"items": [{"instanceType": "node", "space": "s", "externalId": "k000"}]},
    )
    second = things.ok("/instances/list", {**body, "cursor": first["nextCursor"]})
    last_seen = first["items"][-1]["externalId"]
    assert last_seen == "k058"
    assert second["items"][0]["externalId"] == "k059"  # continues right after the last row seen
    assert [i["externalId"] for i in second["items"]] == [f"k{i:03d}" for i in range(59, 89)]


def test_edges_list_and_sort(things: Emulator) -> None:
    things.apply(node("s", "a"), node("s", "b"))
    things.apply(edge("s", "e2", "t", "a", "b"), edge("s", "e1", "t", "b", "a"))
    assert things.xids(instanceType="edge", sort=[sort(["edge", "externalId"])]) == ["e1", "e2"]
    start_a = things.xids(
        instanceType="edge",
        filter={
            "equals": {
                "property": ["edge", "startNode"],
                "value": {"space": "s", "externalId": "a"},
            }
        },
    )
    assert start_a == ["e2"]
    items = things.list(instanceType="edge")
    assert {item["startNode"]["externalId"] for item in items} == {"a", "b"} and items[0][
        "type"
    ] == {"space": "s", "externalId": "t"}

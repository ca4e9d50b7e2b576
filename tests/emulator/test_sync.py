"""/instances/sync: changes and tombstones in order, per-set cursors, expiry, migrated files."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from pygen.emulator import LocalCDF, Store
from pygen_runtime.errors import APIError

from .conftest import LINK_VIEW, THING_VIEW, Emulator, edge, install_things, node

HAS_THING = {"hasData": [THING_VIEW]}


def sync(
    emulator: Emulator, cursors: dict[str, str] | None = None, limit: int = 100, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "with": {
            "things": {"nodes": {"filter": HAS_THING}, "limit": limit},
            "links": {"edges": {"filter": {"hasData": [LINK_VIEW]}}, "limit": limit},
        },
        "select": {
            "things": {"sources": [{"source": THING_VIEW, "properties": ["text"]}]},
            "links": {"sources": [{"source": LINK_VIEW, "properties": ["*"]}]},
        },
        **extra,
    }
    if cursors is not None:
        body["cursors"] = cursors
    result: dict[str, Any] = emulator.ok("/instances/sync", body)
    return result


def summary(result: dict[str, Any], name: str) -> list[tuple[str, str | None, bool]]:
    """``(externalId, text, deleted)`` of each item of ``name`` in order."""
    return [
        (
            item["externalId"],
            item.get("properties", {}).get("s", {}).get("Thing/1", {}).get("text"),
            "deletedTime" in item,
        )
        for item in result["items"][name]
    ]


def test_first_sync_returns_everything_then_only_changes_and_tombstones(things: Emulator) -> None:
    things.apply(*(node("s", x, (THING_VIEW, {"text": x})) for x in "abc"))
    things.apply(edge("s", "ab", "link", "a", "b", (LINK_VIEW, {"weight": 1.5})))
    first = sync(things)
    assert summary(first, "things") == [("a", "a", False), ("b", "b", False), ("c", "c", False)]
    assert first["items"]["links"][0]["properties"] == {"s": {"Link/1": {"weight": 1.5}}}
    assert set(first["nextCursor"]) == {"things", "links"}

    quiet = sync(things, first["nextCursor"])
    assert quiet["items"] == {"things": [], "links": []}

    things.apply(
        node("s", "b", (THING_VIEW, {"text": "B"})), node("s", "d", (THING_VIEW, {"text": "d"}))
    )
    things.ok("/instances/delete", {"items": [{"instanceType": "node", "space": "s", "externalId": "a"}]})  # fmt: skip
    changes = sync(things, quiet["nextCursor"])
    assert summary(changes, "things") == [("b", "B", False), ("d", "d", False), ("a", None, True)]
    tombstone = changes["items"]["things"][-1]
    assert isinstance(tombstone["deletedTime"], int) and "properties" not in tombstone
    assert tombstone["instanceType"] == "node" and tombstone["version"] == 1
    # deleting a node took its edge along: the edge set reports that too
    assert [(e["externalId"], "deletedTime" in e) for e in changes["items"]["links"]] == [("ab", True)]  # fmt: skip
    assert sync(things, changes["nextCursor"])["items"] == {"things": [], "links": []}


def test_pages_follow_the_cursor_without_gaps_while_writes_happen(things: Emulator) -> None:
    things.apply(*(node("s", f"n{i:02}", (THING_VIEW, {"text": "x"})) for i in range(25)))
    seen: list[str] = []
    cursors = None
    for page_number in range(20):
        result = sync(things, cursors, limit=10)
        got = [item["externalId"] for item in result["items"]["things"]]
        seen += got
        cursors = result["nextCursor"]
        if page_number == 0:  # written after the first page: comes later, once
            things.apply(node("s", "late", (THING_VIEW, {"text": "late"})))
        if not got:
            break
    assert seen == [f"n{i:02}" for i in range(25)] + ["late"]


def test_filters_apply_to_tombstones_by_their_last_data(things: Emulator) -> None:
    things.apply(node("s", "keep", (THING_VIEW, {"text": "yes"})), node("s", "skip", (THING_VIEW, {"text": "no"})))  # fmt: skip
    body = {
        "with": {"yes": {"nodes": {"filter": {"equals": {"property": ["s", "Thing/1", "text"], "value": "yes"}}}}},
        "select": {"yes": {}},
    }  # fmt: skip
    start = things.ok("/instances/sync", body)
    assert [item["externalId"] for item in start["items"]["yes"]] == ["keep"]
    things.ok("/instances/delete", {"items": [{"instanceType": "node", "space": "s", "externalId": x} for x in ("keep", "skip")]})  # fmt: skip
    after = things.ok("/instances/sync", {**body, "cursors": start["nextCursor"]})
    assert [(i["externalId"], "deletedTime" in i) for i in after["items"]["yes"]] == [
        ("keep", True)
    ]


def test_a_first_sync_skips_tombstones_unless_asked(things: Emulator) -> None:
    things.apply(node("s", "gone", (THING_VIEW, {"text": "x"})))
    things.ok("/instances/delete", {"items": [{"instanceType": "node", "space": "s", "externalId": "gone"}]})  # fmt: skip
    assert sync(things)["items"]["things"] == []
    body = {
        "with": {"all": {"nodes": {"filter": HAS_THING}, "skipAlreadyDeleted": False}},
        "select": {"all": {}},
    }
    result = things.ok("/instances/sync", body)
    assert [(i["externalId"], "deletedTime" in i) for i in result["items"]["all"]] == [("gone", True)]  # fmt: skip


def test_an_expired_cursor_is_a_400_saying_so_unless_missed_deletes_are_accepted(
    things: Emulator,
) -> None:
    things.apply(node("s", "a", (THING_VIEW, {"text": "a"})))
    first = sync(things)
    things.store.sync_cursor_lifetime_ms = 1
    time.sleep(0.01)
    body = {
        "with": {"things": {"nodes": {"filter": HAS_THING}}},
        "select": {"things": {}},
        "cursors": {"things": first["nextCursor"]["things"]},
    }
    error = things.error("/instances/sync", body)
    assert error["message"].startswith("Cursor has expired")
    assert "without a cursor" in error["message"]
    accepted = things.ok("/instances/sync", {**body, "allowExpiredCursorsAndAcceptMissedDeletes": True})  # fmt: skip
    assert accepted["items"]["things"] == []


@pytest.mark.parametrize(
    ("with_", "message"),
    [
        ({"x": {"nodes": {}}, "y": {"nodes": {"from": "z"}}}, "unknown result set 'z'"),
        ({"x": {"nodes": {"from": "y"}}, "y": {"nodes": {"from": "x"}}}, "in a cycle"),
        ({"x": {"nodes": {}, "sort": [{"property": ["node", "externalId"]}]}}, "give no sort"),
        ({"x": {"nodes": {}}, "u": {"union": ["x"]}}, "only by /models/instances/query"),
        ({"x": {"nodes": {}, "backfillSort": [{"property": ["node", "externalId"]}]}}, "twoPhase"),
        ({"x": {"nodes": {}, "limit": 2001}}, "limit"),
    ],
)
def test_what_sync_does_not_do_is_a_clear_400(
    things: Emulator, with_: dict[str, Any], message: str
) -> None:
    error = things.error("/instances/sync", {"with": with_, "select": {}})
    assert message in error["message"]


def test_cursors_belong_to_their_set(things: Emulator) -> None:
    first = sync(things)
    swapped = {"things": first["nextCursor"]["links"], "links": first["nextCursor"]["things"]}
    body = {
        "with": {"things": {"nodes": {"filter": HAS_THING}}},
        "select": {"things": {}},
        "cursors": {"things": swapped["things"]},
    }
    assert "different request" in things.error("/instances/sync", body)["message"]


def test_a_version_1_file_with_data_is_migrated_and_then_syncs(tmp_path: Path) -> None:
    db = tmp_path / "v1.sqlite"
    # a version-1 file with data: written by this emulator, then what version 2 added dropped
    store = Store(db)
    emulator = Emulator(store)
    install_things(emulator)
    emulator.apply(*(node("s", x, (THING_VIEW, {"text": x})) for x in ("old1", "old2")))
    emulator.apply(node("s", "old1", (THING_VIEW, {"text": "old1 again"})))
    emulator.http.close()
    store.close()
    downgrade = sqlite3.connect(db)
    downgrade.executescript(
        "DROP TABLE tombstone_data; DROP TABLE tombstones; DROP INDEX instances_by_seq;"
        " ALTER TABLE instances DROP COLUMN seq; PRAGMA user_version = 1;"
    )
    downgrade.close()

    store = Store(db)
    assert store.version_found == 1
    emulator = Emulator(store)
    first = sync(emulator)
    # existing instances are numbered in write order: old2, then old1 (updated last)
    assert summary(first, "things") == [("old2", "old2", False), ("old1", "old1 again", False)]
    emulator.apply(node("s", "new", (THING_VIEW, {"text": "new"})))
    emulator.ok("/instances/delete", {"items": [{"instanceType": "node", "space": "s", "externalId": "old2"}]})  # fmt: skip
    after = sync(emulator, first["nextCursor"])
    assert summary(after, "things") == [("new", "new", False), ("old2", None, True)]
    emulator.http.close()
    store.close()


def test_local_cdf_takes_the_cursor_lifetime_and_answers_cdfs_error_shape() -> None:
    body: dict[str, Any] = {"with": {"all": {"nodes": {}}}, "select": {}}
    with LocalCDF(sync_cursor_lifetime_ms=1) as cdf, cdf.client(max_retries=0) as client:
        cursor = client.http.post("/models/instances/sync", json=body)["nextCursor"]["all"]
        time.sleep(0.01)
        with pytest.raises(APIError) as raised:
            client.http.post("/models/instances/sync", json={**body, "cursors": {"all": cursor}})
    assert raised.value.status_code == 400
    assert raised.value.message.startswith("Cursor has expired")
    assert raised.value.body["error"]["code"] == 400

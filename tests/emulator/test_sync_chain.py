"""/instances/sync beyond one set: chained sets (``from``), ``mode`` and ``backfillSort``.

Conformance with the shapes of /work/shared/docs/dms-api.md 2.8: sync result sets are the
``/query`` node and edge expressions plus ``mode``, ``backfillSort`` and ``skipAlreadyDeleted``;
no ``sort`` and no set operations (those are refused, see test_sync.py).
"""

from __future__ import annotations

from typing import Any

from .conftest import LINK_VIEW, THING_VIEW, Emulator, edge, node

TEXT = ["s", "Thing/1", "text"]
THROUGH = {"source": THING_VIEW, "identifier": "ref"}


def ref(external_id: str) -> dict[str, str]:
    return {"space": "s", "externalId": external_id}


def thing(external_id: str, text: str, **props: Any) -> dict[str, Any]:
    return node("s", external_id, (THING_VIEW, {"text": text, **props}))


def delete(emulator: Emulator, kind: str, *external_ids: str) -> None:
    items = [{"instanceType": kind, "space": "s", "externalId": x} for x in external_ids]
    emulator.ok("/instances/delete", {"items": items})


def run(
    emulator: Emulator, with_: dict[str, Any], cursors: dict[str, str] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"with": with_, "select": {name: {} for name in with_}}
    if cursors is not None:
        body["cursors"] = cursors
    result: dict[str, Any] = emulator.ok("/instances/sync", body)
    return result


def seen(result: dict[str, Any], name: str) -> list[tuple[str, bool]]:
    """``(externalId, deleted)`` of each item of ``name``, in order."""
    return [(item["externalId"], "deletedTime" in item) for item in result["items"][name]]


IS_SOURCE = {"prefix": {"property": TEXT, "value": "src"}}


def test_nodes_through_a_relation_outwards_follow_the_whole_parent_set(things: Emulator) -> None:
    things.apply(thing("t1", "t"), thing("t2", "t"), thing("lone", "t"))
    things.apply(thing("a", "src-a", ref=ref("t1")), thing("b", "src-b", ref=ref("t2")))
    with_ = {
        "sources": {"nodes": {"filter": IS_SOURCE}, "limit": 1},
        "targets": {"nodes": {"from": "sources", "through": THROUGH}},
    }
    first = run(things, with_)
    # the parent's page holds one source, but the chained set follows every source
    assert seen(first, "sources") == [("a", False)]
    assert seen(first, "targets") == [("t1", False), ("t2", False)]
    things.apply(thing("t2", "changed"), thing("lone", "changed"))
    delete(things, "node", "t1")
    later = run(things, with_, first["nextCursor"])
    assert seen(later, "targets") == [("t2", False), ("t1", True)]


def test_nodes_through_a_relation_inwards_report_deleted_pointers(things: Emulator) -> None:
    things.apply(thing("hub", "src-hub"), thing("other", "x"))
    things.apply(thing("p1", "p", ref=ref("hub")), thing("p2", "p", ref=ref("other")))
    with_ = {
        "hubs": {"nodes": {"filter": IS_SOURCE}},
        "pointing": {"nodes": {"from": "hubs", "through": THROUGH, "direction": "inwards"}},
    }
    first = run(things, with_)
    assert seen(first, "pointing") == [("p1", False)]
    things.apply(thing("p3", "p", ref=ref("hub")))
    delete(things, "node", "p1", "p2")
    later = run(things, with_, first["nextCursor"])
    assert seen(later, "pointing") == [("p3", False), ("p1", True)]


def test_edges_from_nodes_and_nodes_at_their_ends(things: Emulator) -> None:
    things.apply(thing("a", "src-a"), thing("b", "x"), thing("c", "x"), thing("d", "x"))
    heavy = {"range": {"property": ["s", "Link/1", "weight"], "gte": 1}}
    things.apply(
        edge("s", "ab", "link", "a", "b", (LINK_VIEW, {"weight": 2.0})),
        edge("s", "ac", "link", "a", "c", (LINK_VIEW, {"weight": 0.5})),
        edge("s", "db", "link", "d", "b", (LINK_VIEW, {"weight": 3.0})),
    )
    with_ = {
        "starts": {"nodes": {"filter": IS_SOURCE}},
        "links": {"edges": {"from": "starts", "filter": heavy, "maxDistance": 1}},
        "ends": {"nodes": {"from": "links", "chainTo": "destination"}},
        "back": {"edges": {"from": "ends", "direction": "inwards", "maxDistance": 1}},
    }
    first = run(things, with_)
    assert seen(first, "links") == [("ab", False)]
    assert seen(first, "ends") == [("b", False)]
    assert sorted(seen(first, "back")) == [("ab", False), ("db", False)]
    # deleting the start node deletes its edges: the chained edge set reports them
    delete(things, "node", "a")
    later = run(things, with_, first["nextCursor"])
    assert seen(later, "starts") == [("a", True)]
    assert seen(later, "links") == [("ab", True)]
    assert seen(later, "back") == [("ab", True)]
    assert seen(later, "ends") == []


def test_two_phase_backfills_in_backfill_sort_order_then_follows_changes(things: Emulator) -> None:
    things.apply(*(thing(f"n{i}", text) for i, text in enumerate("dbeac")))
    with_ = {
        "all": {
            "nodes": {"filter": {"hasData": [THING_VIEW]}},
            "mode": "twoPhase",
            "backfillSort": [{"property": TEXT, "direction": "descending"}],
            "limit": 2,
        }
    }
    order: list[str] = []
    page = run(things, with_)
    order += [x for x, _ in seen(page, "all")]
    things.apply(thing("n1", "z"), thing("late", "a"))  # written during the first pass
    for _ in range(4):
        page = run(things, with_, page["nextCursor"])
        order += [x for x, _ in seen(page, "all")]
    # e d (first page), then c a: n1 changed to "z" moved past the first pass, and "late"
    # came after it started; both come with the changes, in change order
    assert order == ["n2", "n0", "n4", "n3", "n1", "late"]
    quiet = run(things, with_, page["nextCursor"])
    assert seen(quiet, "all") == []


def test_no_backfill_returns_only_later_changes(things: Emulator) -> None:
    things.apply(thing("old", "x"))
    with_ = {"all": {"nodes": {"filter": {"hasData": [THING_VIEW]}}, "mode": "noBackfill"}}
    first = run(things, with_)
    assert seen(first, "all") == []
    things.apply(thing("new", "x"))
    delete(things, "node", "old")
    assert seen(run(things, with_, first["nextCursor"]), "all") == [("new", False), ("old", True)]


def test_cursors_of_a_mode_do_not_fit_another(things: Emulator) -> None:
    plain = {"all": {"nodes": {"filter": {"hasData": [THING_VIEW]}}}}
    cursor = run(things, plain)["nextCursor"]
    two_phase = {"all": {**plain["all"], "mode": "noBackfill"}}
    body = {"with": two_phase, "select": {"all": {}}, "cursors": cursor}
    assert "different request" in things.error("/instances/sync", body)["message"]


def test_an_edge_set_takes_a_node_filter_and_a_chained_one_goes_further(things: Emulator) -> None:
    things.apply(*(thing(x, "src-a" if x == "a" else x) for x in "abcd"))
    things.apply(
        edge("s", "ab", "link", "a", "b"),
        edge("s", "bc", "link", "b", "c"),
        edge("s", "cd", "link", "c", "d"),
    )
    ends_at_c = {"equals": {"property": ["node", "externalId"], "value": "c"}}
    with_ = {
        "to_c": {"edges": {"nodeFilter": ends_at_c}},
        "starts": {"nodes": {"filter": IS_SOURCE}},
        "two_hops": {"edges": {"from": "starts", "maxDistance": 2}},
        "stop_at_b": {"edges": {"from": "starts", "terminationFilter": {"equals": {"property": ["node", "externalId"], "value": "b"}}}},
    }  # fmt: skip
    first = run(things, with_)
    assert seen(first, "to_c") == [("bc", False)]
    assert sorted(seen(first, "two_hops")) == [("ab", False), ("bc", False)]
    assert seen(first, "stop_at_b") == [("ab", False)]
    things.apply(edge("s", "bc", "link", "b", "c", (LINK_VIEW, {"weight": 1.0})))
    later = run(things, with_, first["nextCursor"])
    assert seen(later, "two_hops") == [("bc", False)]
    assert seen(later, "stop_at_b") == []

"""/instances/query: node sets, direct-relation hops (both directions), edge traversal, cursors."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import LINK_VIEW, THING_VIEW, Emulator, edge, node


def r(xid: str) -> dict[str, str]:
    return {"space": "s", "externalId": xid}


def xid_filter(*xids: str) -> dict[str, Any]:
    return {"in": {"property": ["node", "externalId"], "values": list(xids)}}


@pytest.fixture
def graph(things: Emulator) -> Emulator:
    """a -ref-> b -ref-> c; a -refs-> [c, d]; edges a->b, b->c, c->d, a->x (weights 1..4)."""
    things.apply(
        node("s", "d", (THING_VIEW, {"text": "d"})),
        node("s", "c", (THING_VIEW, {"text": "c", "ref": r("d")})),
        node("s", "b", (THING_VIEW, {"text": "b", "ref": r("c")})),
        node(
            "s",
            "a",
            (THING_VIEW, {"text": "a", "ref": r("b"), "refs": [r("c"), r("d")], "int32": 1}),
        ),
        node("s", "x", (THING_VIEW, {"text": "stop"})),
    )
    things.apply(
        edge("s", "ab", "link", "a", "b", (LINK_VIEW, {"weight": 1.0})),
        edge("s", "bc", "link", "b", "c", (LINK_VIEW, {"weight": 2.0})),
        edge("s", "cd", "link", "c", "d", (LINK_VIEW, {"weight": 3.0})),
        edge("s", "ax", "link", "a", "x", (LINK_VIEW, {"weight": 4.0})),
        edge("s", "ad", "other", "a", "d"),
    )
    return things


def query(
    emulator: Emulator, with_: dict[str, Any], select: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    body = {
        "with": with_,
        "select": select if select is not None else {name: {} for name in with_},
        **extra,
    }
    result: dict[str, Any] = emulator.ok("/instances/query", body)
    return result


def names(result: dict[str, Any], key: str) -> list[str]:
    return [item["externalId"] for item in result["items"][key]]


def test_node_set_with_filter_sort_and_selected_properties(graph: Emulator) -> None:
    result = query(
        graph,
        {
            "n": {
                "nodes": {"filter": xid_filter("a", "b")},
                "sort": [{"property": ["node", "externalId"], "direction": "descending"}],
            }
        },
        {"n": {"sources": [{"source": THING_VIEW, "properties": ["text"]}]}},
    )
    assert names(result, "n") == ["b", "a"]
    assert result["items"]["n"][1]["properties"] == {"s": {"Thing/1": {"text": "a"}}}
    assert result["nextCursor"] == {}
    every = query(
        graph,
        {"n": {"nodes": {"filter": xid_filter("a")}}},
        {"n": {"sources": [{"source": THING_VIEW, "properties": ["*"]}]}},
    )
    assert set(every["items"]["n"][0]["properties"]["s"]["Thing/1"]) == {
        "text",
        "ref",
        "refs",
        "int32",
    }


def test_direct_relation_outwards_and_inwards(graph: Emulator) -> None:
    through = {"source": THING_VIEW, "identifier": "ref"}
    out = query(
        graph,
        {
            "start": {"nodes": {"filter": xid_filter("a")}},
            "next": {"nodes": {"from": "start", "through": through}},
        },
    )
    assert names(out, "next") == ["b"]
    reverse = query(
        graph,
        {
            "start": {"nodes": {"filter": xid_filter("c")}},
            "back": {"nodes": {"from": "start", "through": through, "direction": "inwards"}},
        },
    )
    assert names(reverse, "back") == ["b"]
    listed = {
        "source": {"type": "container", "space": "s", "externalId": "Thing"},
        "identifier": "refs",
    }
    many = query(
        graph,
        {
            "start": {"nodes": {"filter": xid_filter("a")}},
            "next": {"nodes": {"from": "start", "through": listed}},
        },
    )
    assert sorted(names(many, "next")) == ["c", "d"]
    back_list = query(
        graph,
        {
            "start": {"nodes": {"filter": xid_filter("d")}},
            "back": {"nodes": {"from": "start", "through": listed, "direction": "inwards"}},
        },
    )
    assert names(back_list, "back") == ["a"]
    two_hops = query(graph, {
        "start": {"nodes": {"filter": xid_filter("a")}},
        "hop1": {"nodes": {"from": "start", "through": through}},
        "hop2": {"nodes": {"from": "hop1", "through": through, "filter": {"equals": {"property": ["s", "Thing/1", "text"], "value": "c"}}}},
    })  # fmt: skip
    assert names(two_hops, "hop2") == ["c"]


def test_edge_traversal(graph: Emulator) -> None:
    start = {"nodes": {"filter": xid_filter("a")}}
    link = {"equals": {"property": ["edge", "type"], "value": r("link")}}
    one = query(
        graph, {"s": start, "e": {"edges": {"from": "s", "maxDistance": 1, "filter": link}}}
    )
    assert sorted(names(one, "e")) == ["ab", "ax"]
    all_hops = query(graph, {"s": start, "e": {"edges": {"from": "s", "filter": link}}})
    assert sorted(names(all_hops, "e")) == ["ab", "ax", "bc", "cd"]
    any_type = query(graph, {"s": start, "e": {"edges": {"from": "s", "maxDistance": 1}}})
    assert sorted(names(any_type, "e")) == ["ab", "ad", "ax"]
    stop_at_c = {"equals": {"property": ["s", "Thing/1", "text"], "value": "c"}}
    terminated = query(
        graph,
        {"s": start, "e": {"edges": {"from": "s", "filter": link, "terminationFilter": stop_at_c}}},
    )
    assert sorted(names(terminated, "e")) == ["ab", "ax", "bc"]
    not_x = {"not": {"equals": {"property": ["node", "externalId"], "value": "x"}}}
    filtered = query(
        graph, {"s": start, "e": {"edges": {"from": "s", "filter": link, "nodeFilter": not_x}}}
    )
    assert sorted(names(filtered, "e")) == ["ab", "bc", "cd"]
    heavy = {"range": {"property": ["s", "Link/1", "weight"], "gte": 2.0}}
    weighted = query(
        graph, {"s": start, "e": {"edges": {"from": "s", "filter": heavy, "maxDistance": 1}}}
    )
    assert names(weighted, "e") == ["ax"]
    each = query(
        graph, {"s": start, "e": {"edges": {"from": "s", "maxDistance": 1, "limitEach": 1}}}
    )
    assert len(names(each, "e")) == 1


def test_inwards_edges_and_chaining_nodes(graph: Emulator) -> None:
    link = {"equals": {"property": ["edge", "type"], "value": r("link")}}
    result = query(graph, {
        "d": {"nodes": {"filter": xid_filter("d")}},
        "in": {"edges": {"from": "d", "direction": "inwards", "filter": link}},
        "sources": {"nodes": {"from": "in"}},
        "targets": {"nodes": {"from": "in", "chainTo": "source"}},
    })  # fmt: skip
    assert sorted(names(result, "in")) == ["ab", "bc", "cd"]
    assert sorted(names(result, "sources")) == ["a", "b", "c"]  # the far end of inwards edges
    assert sorted(names(result, "targets")) == ["b", "c", "d"]
    out = query(graph, {
        "a": {"nodes": {"filter": xid_filter("a")}},
        "e": {"edges": {"from": "a", "maxDistance": 1, "filter": link}},
        "ends": {"nodes": {"from": "e", "filter": {"equals": {"property": ["s", "Thing/1", "text"], "value": "stop"}}}},
    })  # fmt: skip
    assert names(out, "ends") == ["x"]
    edges = query(
        graph,
        {"e": {"edges": {"filter": link, "nodeFilter": xid_filter("x")}}},
        {"e": {"sources": [{"source": LINK_VIEW, "properties": ["*"]}]}},
    )
    assert names(edges, "e") == ["ax"]
    assert edges["items"]["e"][0]["properties"] == {"s": {"Link/1": {"weight": 4.0}}}


def test_per_set_cursors(graph: Emulator) -> None:
    graph.apply(*[node("s", f"m{i}", (THING_VIEW, {"int32": i})) for i in range(7)])
    body = {
        "m": {
            "nodes": {"filter": {"prefix": {"property": ["node", "externalId"], "value": "m"}}},
            "limit": 3,
        },
        "a": {"nodes": {"filter": xid_filter("a")}},
    }
    seen: list[str] = []
    cursors: dict[str, Any] = {}
    for _ in range(5):
        result = query(graph, body, cursors=cursors)
        seen += names(result, "m")
        assert names(result, "a") == ["a"]
        if "m" not in result["nextCursor"]:
            break
        cursors = {"m": result["nextCursor"]["m"]}
    assert seen == [f"m{i}" for i in range(7)]
    assert (
        "different request"
        in graph.error(
            "/instances/query",
            {"with": {"m": {"nodes": {}, "limit": 2}}, "select": {"m": {}}, "cursors": cursors},
        )["message"]
    )


def test_parameters_and_set_operations(graph: Emulator) -> None:
    result = query(
        graph,
        {
            "p": {
                "nodes": {
                    "filter": {
                        "equals": {
                            "property": ["s", "Thing/1", "text"],
                            "value": {"parameter": "wanted"},
                        }
                    }
                }
            },
            "ab": {"nodes": {"filter": xid_filter("a", "b")}},
            "bc": {"nodes": {"filter": xid_filter("b", "c")}},
            "union": {"union": ["ab", "bc"]},
            "both": {"intersection": ["ab", "bc"]},
            "only_a": {"union": ["ab"], "except": ["bc"]},
        },
        parameters={"wanted": "c"},
    )
    assert names(result, "p") == ["c"]
    assert sorted(names(result, "union")) == ["a", "b", "c"]
    assert names(result, "both") == ["b"]
    assert names(result, "only_a") == ["a"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"with": {"a": {"nodes": {}}}, "select": {"b": {}}}, "no result set 'b'"),
        ({"with": {"a": {"nodes": {"from": "zzz"}}}, "select": {}}, "unknown result set 'zzz'"),
        (
            {"with": {"a": {"nodes": {"from": "b"}}, "b": {"nodes": {"from": "a"}}}, "select": {}},
            "cycle",
        ),
        (
            {
                "with": {
                    "a": {"nodes": {}},
                    "b": {
                        "nodes": {
                            "from": "a",
                            "through": {"source": THING_VIEW, "identifier": "text"},
                        }
                    },
                },
                "select": {},
            },
            "not a direct relation",
        ),
        ({"with": {"a": {"nodes": {}, "limit": 10001}}, "select": {}}, "limit"),
        ({"with": {"a": {"nodes": {}, "foo": 1}}, "select": {}}, "Unrecognized"),
        ({"with": {"a": {"union": ["a"], "intersection": ["a"]}}, "select": {}}, "cycle"),
        (
            {
                "with": {"n": {"nodes": {}}, "e": {"edges": {}}, "u": {"union": ["n", "e"]}},
                "select": {},
            },
            "one kind",
        ),
        (
            {
                "with": {
                    "a": {
                        "nodes": {
                            "filter": {
                                "equals": {
                                    "property": ["node", "externalId"],
                                    "value": {"parameter": "p"},
                                }
                            }
                        }
                    }
                },
                "select": {},
            },
            "unknown parameter",
        ),
    ],
)
def test_query_errors(graph: Emulator, body: dict[str, Any], fragment: str) -> None:
    error = graph.error("/instances/query", body)
    assert fragment in error["message"], error["message"]

"""The filter language on /instances/list: every operator, with data, and malformed filters."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import STRICT_VIEW, THING_VIEW, Emulator, node


def p(prop: str) -> list[str]:
    return ["s", "Thing/1", prop]


def ref(xid: str, space: str = "s") -> dict[str, str]:
    return {"space": space, "externalId": xid}


ALL = {"n1", "n2", "n3", "n4", "n5", "t1", "t2", "bare", "strict1"}


@pytest.fixture
def data(things: Emulator) -> Emulator:
    things.apply(
        node("s", "t1", (THING_VIEW, {"text": "target one", "int32": 100})),
        node("s", "t2", (THING_VIEW, {"text": "target two", "int32": 200})),
        node("s", "n1", (THING_VIEW, {
            "text": "alpha", "int32": 1, "int64": 10, "float64": 1.5, "boolean": True,
            "timestamp": "2024-01-01T00:00:00Z", "date": "2024-01-01", "status": "on", "texts": ["a", "b"],
            "ints": [1, 2], "refs": [ref("t1")], "ref": ref("t1"), "json": {"k": 1},
        }), type=ref("typeA")),
        node("s", "n2", (THING_VIEW, {
            "text": "alphabet", "int32": 2, "int64": 3, "float64": 2.5, "boolean": False,
            "timestamp": "2024-06-01T00:00:00Z", "date": "2024-06-01", "status": "off", "texts": ["b", "c"],
            "ints": [2, 3], "refs": [ref("t1"), ref("t2")], "ref": ref("t2"),
        }), type=ref("typeB")),
        node("s", "n3", (THING_VIEW, {
            "text": "beta", "int32": 3, "boolean": True, "timestamp": "2025-01-01T00:00:00Z", "texts": ["c"], "ints": [3], "ref": ref("t1"),
        })),
        node("s", "n4", (THING_VIEW, {})),
        node("other", "n5", (THING_VIEW, {"text": "gamma", "int32": 5})),
        node("s", "bare"),
        node("s", "strict1", (STRICT_VIEW, {"name": "strict"})),
    )  # fmt: skip
    return things


CASES: list[tuple[str, dict[str, Any], set[str]]] = [
    ("equals text", {"equals": {"property": p("text"), "value": "alpha"}}, {"n1"}),
    ("equals int", {"equals": {"property": p("int32"), "value": 2}}, {"n2"}),
    ("equals boolean", {"equals": {"property": p("boolean"), "value": True}}, {"n1", "n3"}),
    ("equals direct", {"equals": {"property": p("ref"), "value": ref("t1")}}, {"n1", "n3"}),
    ("equals via container", {"equals": {"property": ["s", "Thing", "int32"], "value": 3}}, {"n3"}),
    (
        "equals timestamp other offset",
        {"equals": {"property": p("timestamp"), "value": "2024-01-01T01:00:00+01:00"}},
        {"n1"},
    ),
    ("equals list", {"equals": {"property": p("texts"), "value": ["a", "b"]}}, {"n1"}),
    ("equals json", {"equals": {"property": p("json"), "value": {"k": 1}}}, {"n1"}),
    ("equals externalId", {"equals": {"property": ["node", "externalId"], "value": "n2"}}, {"n2"}),
    ("equals node type", {"equals": {"property": ["node", "type"], "value": ref("typeA")}}, {"n1"}),
    (
        "equals property reference",
        {"equals": {"property": p("int32"), "value": {"property": p("int64")}}},
        set(),
    ),
    ("in ints", {"in": {"property": p("int32"), "values": [1, 3, 99]}}, {"n1", "n3"}),
    ("in direct", {"in": {"property": p("ref"), "values": [ref("t2")]}}, {"n2"}),
    ("in enum", {"in": {"property": p("status"), "values": ["off"]}}, {"n2"}),
    ("in space", {"in": {"property": ["node", "space"], "values": ["other"]}}, {"n5"}),
    ("range int", {"range": {"property": p("int32"), "gt": 1, "lte": 3}}, {"n2", "n3"}),
    ("range float one-sided", {"range": {"property": p("float64"), "gte": 2}}, {"n2"}),
    (
        "range timestamp",
        {
            "range": {
                "property": p("timestamp"),
                "gte": "2024-03-01T00:00:00Z",
                "lt": "2025-01-01T00:00:00Z",
            }
        },
        {"n2"},
    ),
    ("range date", {"range": {"property": p("date"), "lt": "2024-06-01"}}, {"n1"}),
    ("range text", {"range": {"property": p("text"), "gte": "b"}}, {"n3", "n5", "t1", "t2"}),
    ("range createdTime", {"range": {"property": ["node", "createdTime"], "gt": 0}}, ALL),
    (
        "range to property",
        {"range": {"property": p("int32"), "lt": {"property": p("int64")}}},
        {"n1", "n2"},
    ),
    ("prefix text", {"prefix": {"property": p("text"), "value": "alph"}}, {"n1", "n2"}),
    (
        "prefix externalId",
        {"prefix": {"property": ["node", "externalId"], "value": "t"}},
        {"t1", "t2"},
    ),
    ("exists float", {"exists": {"property": p("float64")}}, {"n1", "n2"}),
    ("exists direct", {"exists": {"property": p("ref")}}, {"n1", "n2", "n3"}),
    ("exists node type", {"exists": {"property": ["node", "type"]}}, {"n1", "n2"}),
    ("not exists", {"not": {"exists": {"property": p("int32")}}}, {"n4", "bare", "strict1"}),
    (
        "containsAny texts",
        {"containsAny": {"property": p("texts"), "values": ["a", "c"]}},
        {"n1", "n2", "n3"},
    ),
    ("containsAll texts", {"containsAll": {"property": p("texts"), "values": ["b", "c"]}}, {"n2"}),
    ("containsAny ints", {"containsAny": {"property": p("ints"), "values": [3]}}, {"n2", "n3"}),
    (
        "containsAll direct list",
        {"containsAll": {"property": p("refs"), "values": [ref("t1"), ref("t2")]}},
        {"n2"},
    ),
    (
        "containsAny direct list",
        {"containsAny": {"property": p("refs"), "values": [ref("t2")]}},
        {"n2"},
    ),
    ("matchAll", {"matchAll": {}}, ALL),
    (
        "nested text",
        {
            "nested": {
                "scope": p("ref"),
                "filter": {"equals": {"property": p("text"), "value": "target one"}},
            }
        },
        {"n1", "n3"},
    ),
    (
        "nested range",
        {"nested": {"scope": p("ref"), "filter": {"range": {"property": p("int32"), "gte": 150}}}},
        {"n2"},
    ),
    (
        "overlaps",
        {"overlaps": {"startProperty": p("int32"), "endProperty": p("int64"), "gte": 4, "lte": 20}},
        {"n1", "n3", "n5"},
    ),
    ("hasData view", {"hasData": [THING_VIEW]}, ALL - {"bare", "strict1"}),
    (
        "hasData container",
        {"hasData": [{"type": "container", "space": "s", "externalId": "Strict"}]},
        {"strict1"},
    ),
    ("hasData both", {"hasData": [THING_VIEW, STRICT_VIEW]}, set()),
    (
        "instanceReferences",
        {"instanceReferences": [ref("n1"), ref("n5", "other"), ref("ghost")]},
        {"n1", "n5"},
    ),
    (
        "and",
        {
            "and": [
                {"prefix": {"property": p("text"), "value": "alph"}},
                {"equals": {"property": p("boolean"), "value": False}},
            ]
        },
        {"n2"},
    ),
    (
        "or",
        {
            "or": [
                {"equals": {"property": ["node", "externalId"], "value": "n1"}},
                {"equals": {"property": ["node", "externalId"], "value": "n3"}},
            ]
        },
        {"n1", "n3"},
    ),
    (
        "not includes nulls",
        {"not": {"equals": {"property": p("text"), "value": "alpha"}}},
        ALL - {"n1"},
    ),
    ("empty and", {"and": []}, ALL),
    ("empty or", {"or": []}, set()),
]


@pytest.mark.parametrize(("name", "spec", "expected"), CASES, ids=[case[0] for case in CASES])
def test_filter_operators(
    data: Emulator, name: str, spec: dict[str, Any], expected: set[str]
) -> None:
    assert set(data.xids(filter=spec)) == expected


def test_filter_with_sources_requires_data_in_them(data: Emulator) -> None:
    assert set(data.xids(sources=[{"source": STRICT_VIEW}])) == {"strict1"}
    found = data.list(
        sources=[{"source": THING_VIEW}],
        filter={"equals": {"property": ["node", "externalId"], "value": "n1"}},
    )
    assert found[0]["properties"]["s"]["Thing/1"]["texts"] == ["a", "b"]


def test_view_filter_defines_membership(omni: Emulator) -> None:
    a_view = {
        "type": "view",
        "space": "sp_pygen_models",
        "externalId": "ConnectionItemA",
        "version": "1",
    }
    typed = {"space": "sp_pygen_models", "externalId": "ConnectionItemA"}
    omni.apply(
        node("inst", "with-type", (a_view, {"name": "x"}), type=typed),
        node("inst", "no-type", (a_view, {"name": "y"})),
    )
    assert omni.xids(sources=[{"source": a_view}]) == ["with-type"]


MALFORMED: list[tuple[Any, str]] = [
    ({"equals": {"property": p("text"), "value": "a"}, "in": {}}, "exactly one operator"),
    ({"like": {"property": p("text"), "value": "a"}}, "unknown operator 'like'"),
    ({"equals": {"property": p("text")}}, "missing value"),
    ({"equals": {"property": p("text"), "value": "a", "extra": 1}}, "unknown field"),
    ({"range": {"property": p("int32"), "gt": 1, "gte": 2}}, "cannot combine"),
    ({"range": {"property": p("int32")}}, "at least one of"),
    ({"range": {"property": p("texts"), "gt": "a"}}, "not supported"),
    ({"range": {"property": p("int32"), "gt": [1]}}, "number or string"),
    ({"prefix": {"property": p("int32"), "value": "1"}}, "text property"),
    ({"prefix": {"property": p("text"), "value": 1}}, "must be a string"),
    ({"containsAny": {"property": p("text"), "values": ["a"]}}, "list properties"),
    ({"containsAll": {"property": p("texts"), "values": "a"}}, "must be a list"),
    ({"in": {"property": p("texts"), "values": ["a"]}}, "containsAny"),
    ({"equals": {"property": ["s", "Nope/1", "x"], "value": 1}}, "does not exist"),
    ({"equals": {"property": ["s", "Thing", "x", "y"], "value": 1}}, "1 to 3 elements"),
    ({"equals": {"property": "text", "value": 1}}, "list of strings"),
    ({"equals": {"property": ["text"], "value": 1}}, "give [space"),
    ({"equals": {"property": ["node", "startNode"], "value": ref("x")}}, "not a base property"),
    ({"equals": {"property": ["edge", "externalId"], "value": "x"}}, "for nodes"),
    ({"equals": {"property": ["thing", "text"], "value": "x"}}, "'node' or 'edge'"),
    ({"equals": {"property": p("ref"), "value": "t1"}}, "direct relation"),
    ({"equals": {"property": p("timestamp"), "value": "not a time"}}, "ISO 8601"),
    ({"range": {"property": p("date"), "gt": "2024-13-01"}}, "YYYY-MM-DD"),
    ({"nested": {"scope": p("text"), "filter": {"matchAll": {}}}}, "single direct relation"),
    ({"hasData": [{"type": "view", "space": "s"}]}, "not a view or container"),
    ({"hasData": []}, "non-empty list"),
    ({"and": {"matchAll": {}}}, "list of filters"),
    ({"not": [{"matchAll": {}}]}, "exactly one operator"),
    ({"matchAll": {"x": 1}}, "empty object"),
    ({"equals": {"property": p("text"), "value": {"parameter": "x"}}}, "unknown parameter"),
    ({"instanceReferences": [{"space": "s"}]}, "direct relation"),
    ("equals", "valid dictionary"),
]


@pytest.mark.parametrize(("spec", "fragment"), MALFORMED)
def test_malformed_filters_are_400(data: Emulator, spec: Any, fragment: str) -> None:
    error = data.error("/instances/list", {"filter": spec})
    assert fragment in error["message"], error["message"]

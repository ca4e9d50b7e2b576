"""Property-style fuzzing: random JSON into the request and filter parsers is never a 500.

Hypothesis builds bodies from JSON values mixed with the words the parsers look for (filter
operators, property references, field names) and with raw number literals JSON writers do not
produce (``1e400``, ``NaN``, integers past 64 bits). Every answer must be a 2xx or a 4xx with a
DMS error body; the ``things`` fixture also fails the test if any request reached the 500
handler.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import THING_VIEW, Emulator, node

OPERATORS = ["and", "or", "not", "matchAll", "equals", "in", "range", "overlaps", "prefix",
             "exists", "containsAny", "containsAll", "nested", "hasData", "instanceReferences"]  # fmt: skip
FIELDS = ["property", "value", "values", "gt", "gte", "lt", "lte", "scope", "filter",
          "startProperty", "endProperty", "parameter", "type", "space", "externalId", "version",
          "items", "sources", "source", "instanceType", "limit", "cursor", "sort", "direction",
          "nullsFirst", "with", "select", "nodes", "edges", "from", "through", "chainTo",
          "properties", "query", "aggregates", "groupBy", "count", "avg", "histogram",
          "interval", "existingVersion", "startNode", "endNode", "usedFor", "implements"]  # fmt: skip
PROPERTIES = ["int32", "int64", "float64", "text", "texts", "ints", "ref", "refs", "timestamp",
              "date", "json", "status", "boolean"]  # fmt: skip
RAW = ["1e400", "-1E999", "NaN", "Infinity", "-Infinity", "99999999999999999999",
       "-9223372036854775809", "9223372036854775807", "1e-400", "-0", "0.1e1", '"\\ud800"']  # fmt: skip
MARK = "\x00raw:"


def raw(literal: str) -> str:
    """A placeholder that :func:`dump` writes as the literal itself."""
    return MARK + literal


property_refs = st.one_of(
    st.sampled_from(PROPERTIES).map(lambda p: ["s", "Thing/1", p]),
    st.sampled_from(PROPERTIES).map(lambda p: ["s", "Thing", p]),
    st.sampled_from(["externalId", "space", "version", "createdTime", "type", "startNode"]).map(
        lambda p: ["node", p]
    ),
    st.lists(st.text(max_size=4), max_size=4),
)
extremes = st.one_of(
    st.sampled_from(RAW).map(raw),
    st.sampled_from([2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 2**64, 1.7976931348623157e308]),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=6),
    extremes,
    extremes,
    st.sampled_from(["2024-01-01", "2024-01-01T00:00:00Z", "on", "s", "Thing"]),
)
keys = st.one_of(st.sampled_from(OPERATORS + FIELDS), st.text(max_size=5))
json_values = st.recursive(
    st.one_of(scalars, property_refs),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)
    ),
    max_leaves=25,
)


valid_refs = st.sampled_from(
    [["s", "Thing/1", p] for p in PROPERTIES]
    + [["node", p] for p in ("externalId", "space", "version", "createdTime", "type")]
)
refs = st.one_of(valid_refs, valid_refs, property_refs)


def shaped(operator: str, prop: Any, other: Any, value: Any, values: Any, bounds: Any) -> Any:
    """A filter of the operator's own shape (so most examples get past the shape checks)."""
    if operator in ("equals", "prefix"):
        return {operator: {"property": prop, "value": value}}
    if operator in ("in", "containsAny", "containsAll"):
        return {operator: {"property": prop, "values": values}}
    if operator == "range":
        return {"range": {"property": prop, **{bound: value for bound in bounds}}}
    if operator == "overlaps":
        return {"overlaps": {"startProperty": prop, "endProperty": other, **{b: value for b in bounds}}}  # fmt: skip
    if operator == "exists":
        return {"exists": {"property": prop}}
    if operator == "instanceReferences":
        return {operator: [{"space": "s", "externalId": v} for v in values] if isinstance(values, list) else values}  # fmt: skip
    if operator == "hasData":
        return {operator: [THING_VIEW, {"type": "container", "space": "s", "externalId": value}]}
    return {operator: value}


shaped_filters = st.builds(
    shaped,
    st.sampled_from(OPERATORS[3:]),
    refs,
    refs,
    scalars,
    st.one_of(st.lists(scalars, max_size=4), scalars),
    st.lists(st.sampled_from(["gt", "gte", "lt", "lte"]), min_size=1, max_size=2, unique=True),
)
leaf_filters = st.one_of(
    shaped_filters,
    shaped_filters,
    shaped_filters,
    st.builds(lambda op, body: {op: body}, st.sampled_from(OPERATORS), json_values),
)
filters = st.one_of(
    shaped_filters,
    st.recursive(
        leaf_filters,
        lambda children: st.one_of(
            st.lists(children, max_size=3).map(lambda parts: {"and": parts}),
            st.lists(children, max_size=3).map(lambda parts: {"or": parts}),
            children.map(lambda part: {"not": part}),
            st.builds(
                lambda p, f: {"nested": {"scope": p, "filter": f}},
                st.one_of(st.just(["s", "Thing/1", "ref"]), property_refs),
                children,
            ),
        ),
        max_leaves=6,
    ),
)


def dump(value: Any) -> bytes:
    """JSON text of ``value`` with :func:`raw` placeholders written as raw literals."""
    text = json.dumps(value)
    for literal in RAW:
        text = text.replace(json.dumps(raw(literal)), literal)
    return text.encode()


def assert_not_a_crash(emulator: Emulator, path: str, body: Any) -> None:
    response = emulator.http.post(
        emulator.base + path,
        content=dump(body),
        headers={**emulator.headers, "Content-Type": "application/json"},
    )
    assert response.status_code < 500, (path, response.text)
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["code"] == response.status_code and error["message"]


FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(spec=filters, where=st.sampled_from(["list", "search", "aggregate", "query", "edges"]))
def test_random_filters_are_never_a_500(things: Emulator, spec: Any, where: str) -> None:
    bodies = {
        "list": ("/instances/list", {"sources": [{"source": THING_VIEW}], "filter": spec}),
        "search": ("/instances/search", {"view": THING_VIEW, "query": "a", "filter": spec}),
        "aggregate": (
            "/instances/aggregate",
            {
                "view": THING_VIEW,
                "filter": spec,
                "aggregates": [{"count": {"property": "externalId"}}],
            },
        ),
        "query": (
            "/instances/query",
            {
                "with": {"n": {"nodes": {"filter": spec}}},
                "select": {"n": {"sources": [{"source": THING_VIEW}]}},
            },
        ),
        "edges": ("/instances/list", {"instanceType": "edge", "filter": spec}),
    }
    path, body = bodies[where]
    assert_not_a_crash(things, path, body)


ENDPOINTS = ["/instances", "/instances/list", "/instances/byids", "/instances/delete",
             "/instances/search", "/instances/aggregate", "/instances/query", "/spaces",
             "/spaces/byids", "/containers", "/containers/byids", "/containers/delete",
             "/views", "/views/byids", "/datamodels", "/datamodels/byids"]  # fmt: skip


@FUZZ
@given(path=st.sampled_from(ENDPOINTS), body=json_values)
def test_random_bodies_are_never_a_500(things: Emulator, path: str, body: Any) -> None:
    assert_not_a_crash(things, path, body)


@FUZZ
@given(
    path=st.sampled_from(ENDPOINTS[:7]),
    items=st.lists(st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6), max_size=3),
    extra=st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=3),
)
def test_random_items_are_never_a_500(
    things: Emulator, path: str, items: list[Any], extra: dict[str, Any]
) -> None:
    assert_not_a_crash(things, path, {"items": items, **extra})


timestamps = st.one_of(
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(["99999-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "2024-13-40T25:61:61Z",
                     "2024-01-01T00:00:00+99:00", "2024-02-30", "1e400", "-0001-01-01"]),
)  # fmt: skip


@FUZZ
@given(
    values=st.dictionaries(
        st.sampled_from([*PROPERTIES, "float32", "ts", "file", "sequence", "stamps", "code"]),
        st.one_of(json_values, timestamps, st.lists(st.one_of(scalars, timestamps), max_size=3)),
        min_size=1,
        max_size=4,
    ),
    where=st.sampled_from(["apply", "filter"]),
)
def test_random_property_values_are_never_a_500(
    things: Emulator, values: dict[str, Any], where: str
) -> None:
    if where == "apply":
        item = node("s", "fuzzed", (THING_VIEW, values))
        assert_not_a_crash(things, "/instances", {"items": [item]})
        return
    for prop, value in values.items():
        for operator in ("equals", "range", "in", "containsAny", "prefix"):
            key = {"equals": "value", "prefix": "value", "range": "gte"}.get(operator, "values")
            spec = {operator: {"property": ["s", "Thing/1", prop], key: value}}
            assert_not_a_crash(things, "/instances/list", {"filter": spec})

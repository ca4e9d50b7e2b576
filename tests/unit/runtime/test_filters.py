"""Filters dump to the wire format and combine without surprises."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from pygen_runtime import (
    And,
    Equals,
    HasData,
    InstanceId,
    InstanceReferences,
    MatchAll,
    Nested,
    Not,
    Or,
    Overlaps,
    Range,
    ViewRef,
    and_,
    node_prop,
    or_,
)

VIEW = ViewRef("sp", "Pump", "1")


def test_view_property_paths_nest_space_and_view_version() -> None:
    assert VIEW.prop("name").equals("P1").dump() == {  # type: ignore[union-attr]
        "equals": {"property": ["sp", "Pump/1", "name"], "value": "P1"}
    }


def test_equals_or_in_picks_the_operator_by_value_shape() -> None:
    prop = VIEW.prop("site")
    assert prop.equals_or_in(None) is None
    assert prop.equals_or_in(["a", "b"]).dump() == {  # type: ignore[union-attr]
        "in": {"property": ["sp", "Pump/1", "site"], "values": ["a", "b"]}
    }
    # a (space, external_id) pair is one node id, not two values
    assert prop.equals_or_in(("s", "x")).dump() == {  # type: ignore[union-attr]
        "equals": {"property": ["sp", "Pump/1", "site"], "value": {"space": "s", "externalId": "x"}}
    }
    assert prop.equals_or_in([InstanceId("s", "x")]).dump()["in"]["values"] == [  # type: ignore[union-attr]
        {"space": "s", "externalId": "x"}
    ]


def test_range_serialises_dates_and_times_and_skips_missing_bounds() -> None:
    moment = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
    assert VIEW.prop("at").range(gte=moment, lt=None).dump() == {  # type: ignore[union-attr]
        "range": {"property": ["sp", "Pump/1", "at"], "gte": "2024-05-01T12:00:00.000+00:00"}
    }
    assert VIEW.prop("day").range(lte=date(2024, 1, 2)).dump()["range"]["lte"] == "2024-01-02"  # type: ignore[union-attr]
    assert VIEW.prop("day").range() is None


def test_naive_datetimes_are_taken_as_utc() -> None:
    value = VIEW.prop("at").range(gt=datetime(2024, 1, 1)).dump()["range"]["gt"]  # type: ignore[union-attr]
    assert value == "2024-01-01T00:00:00.000+00:00"


def test_range_refuses_two_lower_bounds() -> None:
    with pytest.raises(ValueError, match="gt or gte"):
        Range(("a", "b"), gt=1, gte=2)


def test_and_skips_none_flattens_and_unwraps() -> None:
    a = Equals(("node", "space"), "x")
    b = Equals(("node", "externalId"), "y")
    assert and_(None, None) is None
    assert and_(a, None) is a
    combined = and_(a, and_(b, a))
    assert isinstance(combined, And)
    assert combined.filters == (a, b, a)
    assert or_(a, b) == Or((a, b))


def test_operators_build_boolean_filters() -> None:
    a = node_prop("space").equals("x")
    b = node_prop("externalId").prefix("p")
    assert a is not None and b is not None
    assert (a & b).dump() == {"and": [a.dump(), b.dump()]}
    assert (a | b).dump() == {"or": [a.dump(), b.dump()]}
    assert (~a).dump() == {"not": a.dump()}


def test_exists_false_means_not_exists() -> None:
    assert VIEW.prop("weight").exists(False).dump() == {  # type: ignore[union-attr]
        "not": {"exists": {"property": ["sp", "Pump/1", "weight"]}}
    }
    assert VIEW.prop("weight").exists(None) is None


def test_the_other_leaf_filters() -> None:
    assert MatchAll().dump() == {"matchAll": {}}
    assert HasData((VIEW,)).dump() == {
        "hasData": [{"type": "view", "space": "sp", "externalId": "Pump", "version": "1"}]
    }
    assert InstanceReferences((("s", "a"),)).dump() == {
        "instanceReferences": [{"space": "s", "externalId": "a"}]
    }
    inner = VIEW.prop("name").equals("x")
    assert inner is not None
    assert Nested(("sp", "Pump/1", "site"), inner).dump() == {
        "nested": {"scope": ["sp", "Pump/1", "site"], "filter": inner.dump()}
    }
    assert Overlaps(("a", "b", "start"), ("a", "b", "end"), gte=1, lt=5).dump() == {
        "overlaps": {
            "startProperty": ["a", "b", "start"],
            "endProperty": ["a", "b", "end"],
            "gte": 1,
            "lt": 5,
        }
    }
    assert VIEW.prop("tags").contains_all(["a"]).dump() == {  # type: ignore[union-attr]
        "containsAll": {"property": ["sp", "Pump/1", "tags"], "values": ["a"]}
    }
    assert VIEW.prop("tags").contains_any(["a", "b"]).dump()["containsAny"]["values"] == ["a", "b"]  # type: ignore[union-attr]
    assert Not(MatchAll()).dump() == {"not": {"matchAll": {}}}


def test_values_that_cannot_be_sent_are_refused() -> None:
    with pytest.raises(TypeError, match="cannot send a object"):
        Equals(("a", "b"), object()).dump()


def test_check_filter_arguments_refuses_unknown_names_and_suggests_the_closest() -> None:
    from typing_extensions import TypedDict

    from pygen_runtime import check_filter_arguments

    class PumpFilters(TypedDict, total=False):
        name: str | None
        min_weight: float | None

    check_filter_arguments({"name": "P1", "min_weight": None}, PumpFilters)
    check_filter_arguments({}, PumpFilters)
    with pytest.raises(TypeError) as info:
        check_filter_arguments({"nme": "P1", "colour": "red", "name": "x"}, PumpFilters)
    message = str(info.value)
    assert "'nme' (did you mean 'name'?)" in message
    assert "'colour'" in message and "'colour' (did you mean" not in message
    assert message.endswith("PumpFilters lists the filter arguments")


def test_relation_filters_resolve_bare_external_ids_in_the_instance_space() -> None:
    from pygen_runtime import InstanceId, ViewRef, with_instance_space

    prop = ViewRef("sp", "Pump", "1").prop("parts")
    path = ["sp", "Pump/1", "parts"]
    combined = and_(
        prop.references("a"),
        prop.references_any(["b", InstanceId("other", "c"), ("x", "d")]),
        prop.references_all(("e",)),
    )
    assert combined is not None

    resolved = with_instance_space(combined, "data").dump()

    assert resolved == {
        "and": [
            {"equals": {"property": path, "value": {"space": "data", "externalId": "a"}}},
            {
                "containsAny": {
                    "property": path,
                    "values": [
                        {"space": "data", "externalId": "b"},
                        {"space": "other", "externalId": "c"},
                        {"space": "x", "externalId": "d"},
                    ],
                }
            },
            {"containsAll": {"property": path, "values": [{"space": "data", "externalId": "e"}]}},
        ]
    }
    with pytest.raises(ValueError, match="'a' is a bare external id"):
        combined.dump()
    with pytest.raises(ValueError, match="'a' is a bare external id"):
        with_instance_space(combined, None)

"""The filter arguments of each view's API, planned by :mod:`pygen.naming.filters`."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pygen.naming import (
    FILTER_KINDS,
    PYTHON,
    TYPESCRIPT,
    ClassKind,
    ClassSpec,
    FilterShape,
    plan_names,
)

KEY = ("sp", "Gauge", "1")
FIELDS = [
    "name", "name_prefix", "namePrefix", "min_size", "minSize", "size", "max_size", "limit",
    "sort", "filter", "expand", "external_id_prefix", "externalIdPrefix", "externalIdPrefix2",
    "space_", "Space", "start_node", "startNode", "groupBy", "group_by", "parts", "parts_all",
    "partsAll", "limit_2", "limit2", "name_prefix_2", "min_size_2", "x", "X", "type", "class",
]  # fmt: skip
SHAPES: list[FilterShape] = list(FILTER_KINDS)


def _spec(filters: dict[str, FilterShape], kind: ClassKind = "node") -> ClassSpec:
    return ClassSpec(
        key=KEY, name="Gauge", kind=kind, fields=tuple(filters), filters=tuple(filters.items())
    )


def test_arguments_named_like_their_field_win_and_the_rest_are_numbered() -> None:
    spec = _spec({"name": "text", "name_prefix": "text", "min_size": "text", "size": "range"})

    plan = plan_names([spec], [PYTHON, TYPESCRIPT])

    filters = plan.filters[KEY]
    assert filters["name"] == {
        "python": {"equals": "name", "prefix": "name_prefix_2"},
        "typescript": {"equals": "name", "prefix": "namePrefix2"},
    }
    assert filters["name_prefix"]["python"] == {
        "equals": "name_prefix",
        "prefix": "name_prefix_prefix",
    }
    assert filters["size"]["python"] == {"min": "min_size_2", "max": "max_size"}
    assert filters["size"]["typescript"] == {"min": "minSize2", "max": "maxSize"}
    clashes = {
        (e.language, e.field, e.original, e.name)
        for e in plan.events
        if e.role == "filter_argument"
    }
    assert clashes == {
        ("python", "name", "name_prefix", "name_prefix_2"),
        ("typescript", "name", "namePrefix", "namePrefix2"),
        ("python", "size", "min_size", "min_size_2"),
        ("typescript", "size", "minSize", "minSize2"),
    }


def test_the_methods_parameters_and_the_instance_arguments_come_first() -> None:
    spec = _spec({"limit": "value", "externalIdPrefix": "text", "startNode": "value"}, "edge")

    plan = plan_names([spec], [PYTHON, TYPESCRIPT])

    filters = plan.filters[KEY]
    assert filters["limit"] == {"python": {"equals": "limit_2"}, "typescript": {"equals": "limit2"}}
    assert filters["externalIdPrefix"]["python"]["equals"] == "external_id_prefix_2"
    assert filters["externalIdPrefix"]["typescript"]["equals"] == "externalIdPrefix2"
    # an edge's own startNode is a runtime member: the field (and so its argument) is escaped
    assert filters["startNode"] == {
        "python": {"equals": "start_node_"},
        "typescript": {"equals": "startNode_"},
    }
    assert plan.class_filters[KEY]["typescript"] == {
        "external_id_prefix": "externalIdPrefix",
        "space": "space",
        "start_node": "startNode",
        "end_node": "endNode",
    }


def test_untyped_relations_are_filtered_in_typescript_only() -> None:
    plan = plan_names([_spec({"things": "untyped_relation"})], [PYTHON, TYPESCRIPT])

    assert plan.filters[KEY]["things"] == {"typescript": {"matching": "things"}}


@settings(max_examples=200, deadline=None)
@given(
    filters=st.dictionaries(st.sampled_from(FIELDS), st.sampled_from(SHAPES), max_size=12),
    kind=st.sampled_from(["node", "edge", "both"]),
)
def test_no_two_filter_arguments_of_a_class_share_a_name(
    filters: dict[str, FilterShape], kind: ClassKind
) -> None:
    plan = plan_names([_spec(filters, kind)], [PYTHON, TYPESCRIPT])

    for convention in (PYTHON, TYPESCRIPT):
        language = convention.language
        fixed = plan.class_filters[KEY][language]
        own = [
            name
            for per_language in plan.filters.get(KEY, {}).values()
            for name in per_language.get(language, {}).values()
        ]
        every = [*own, *fixed.values()]
        assert len(every) == len(set(every)), (language, sorted(every))
        assert not set(own) & convention.filter_parameters, language
        for field, shape in filters.items():
            if shape == "untyped_relation" and not convention.untyped_relation_filters:
                continue
            kinds = set(plan.filters[KEY][field][language])
            assert kinds == set(FILTER_KINDS[shape]), (language, field)

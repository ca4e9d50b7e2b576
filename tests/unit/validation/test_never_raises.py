"""Property-based: validation always returns, and its filtered model is always generatable.

Models are the fixtures, mutated at random (keys dropped, values replaced by garbage, references
pointed at missing views, inheritance cycles, duplicate views, broken enums and reverse
relations, random names with unicode, keywords and runtime names), plus arbitrary JSON.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pygen.ir import IRModel, parse, transform
from pygen.model_file import read_document
from pygen.naming import DEFAULT_CONVENTIONS, plan_names
from pygen.validation import ValidationContext, validate
from pygen.validation.rules.names import class_specs

FIXTURES = Path(__file__).parents[2] / "data" / "models"
BASES = {
    name: read_document(FIXTURES / f"{name}.yaml")
    for name in ("Pumps", "OmniSub", "OmniMultiB", "WindTurbine", "Omni")
}

NAMES = st.one_of(
    st.sampled_from(
        [
            "class", "type", "space", "version", "externalId", "external_id", "json", "list",
            "Instance", "InstanceWrite", "2ndValue", "max-temp", "_x", "", "température", "温度",
            "my_prop", "myProp", "MyView", "my_view", "None", "PumpWrite", "constructor",
            "__proto__", "index", "Date", "startNode", "a b", "x.y", "🙂",
        ]
    ),
    st.text(max_size=12),
)  # fmt: skip
GARBAGE = st.sampled_from([None, 0, -1, 2**70, "", "x", [], {}, True, 1.5, {"type": "x"}, [1]])


def _containers(node: Any, found: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key) pair of the document."""
    if isinstance(node, dict):
        for key in list(node):
            found.append((node, key))
            _containers(node[key], found)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found.append((node, index))
            _containers(item, found)
    return found


def _view_refs(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        container[key]
        for container, key in _containers(doc, [])
        if isinstance(container[key], dict) and container[key].get("type") == "view"
    ]


def _views(doc: dict[str, Any]) -> list[dict[str, Any]]:
    views = doc.get("views")
    return [v for v in views if isinstance(v, dict)] if isinstance(views, list) else []


def _properties(doc: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    found = []
    for view in _views(doc):
        props = view.get("properties")
        if isinstance(props, dict):
            found.extend((props, key) for key in props)
    return found


def _pick(data: st.DataObject, items: list[Any]) -> Any:
    return items[data.draw(st.integers(0, len(items) - 1))] if items else None


def drop_key(doc: dict[str, Any], data: st.DataObject) -> None:
    pairs = [(c, k) for c, k in _containers(doc, []) if isinstance(c, dict)]
    pair = _pick(data, pairs)
    if pair:
        del pair[0][pair[1]]


def set_garbage(doc: dict[str, Any], data: st.DataObject) -> None:
    pair = _pick(data, _containers(doc, []))
    if pair:
        # a fresh copy: sharing one mutable value between places could build a cycle
        pair[0][pair[1]] = copy.deepcopy(data.draw(GARBAGE))


def point_at_missing(doc: dict[str, Any], data: st.DataObject) -> None:
    ref = _pick(data, _view_refs(doc))
    if ref:
        field = data.draw(st.sampled_from(["externalId", "version", "space"]))
        ref[field] = "Missing"


def add_cycle(doc: dict[str, Any], data: st.DataObject) -> None:
    views = _views(doc)
    a, b = _pick(data, views), _pick(data, views)
    if a is None or b is None:
        return
    for child, parent in ((a, b), (b, a)):
        ref = {k: parent.get(k) for k in ("space", "externalId", "version")} | {"type": "view"}
        if not isinstance(child.get("implements"), list):
            child["implements"] = []
        child["implements"].append(ref)


def rename_property(doc: dict[str, Any], data: st.DataObject) -> None:
    pair = _pick(data, _properties(doc))
    if pair:
        props, key = pair
        props[data.draw(NAMES)] = props.pop(key)


def rename_view(doc: dict[str, Any], data: st.DataObject) -> None:
    view = _pick(data, _views(doc))
    if view:
        view["externalId"] = data.draw(NAMES)


def duplicate_view(doc: dict[str, Any], data: st.DataObject) -> None:
    view = _pick(data, _views(doc))
    if view:
        doc["views"].append(copy.deepcopy(view))


def break_type(doc: dict[str, Any], data: st.DataObject) -> None:
    pair = _pick(data, _properties(doc))
    if not pair or not isinstance(pair[0][pair[1]], dict):
        return
    prop = pair[0][pair[1]]
    prop["type"] = data.draw(
        st.sampled_from(
            [
                {"type": "enum", "values": {}},
                {"type": "enum", "values": {"a": {}}, "unknownValue": "zz"},
                {"type": "text", "maxListSize": -1},
                {"type": "int32", "list": True, "maxListSize": 0},
                {
                    "type": "direct",
                    "source": {
                        "space": "s",
                        "externalId": "Nowhere",
                        "version": "1",
                        "type": "view",
                    },
                },
                {"type": "vector"},
                {"type": "float64", "list": True},
            ]
        )
    )
    prop["defaultValue"] = copy.deepcopy(data.draw(GARBAGE))
    prop["autoIncrement"] = data.draw(st.booleans())


def break_reverse(doc: dict[str, Any], data: st.DataObject) -> None:
    reverses = [
        props[key]
        for props, key in _properties(doc)
        if isinstance(props[key], dict) and "through" in props[key]
    ]
    prop = _pick(data, reverses)
    if prop and isinstance(prop.get("through"), dict):
        prop["through"]["identifier"] = data.draw(NAMES)


MUTATIONS: list[Callable[[dict[str, Any], st.DataObject], None]] = [
    drop_key,
    set_garbage,
    point_at_missing,
    add_cycle,
    rename_property,
    rename_view,
    duplicate_view,
    break_type,
    break_reverse,
]


def check_ir(ir: IRModel) -> None:
    """Names are identifiers and unique per scope, and references resolve to classes."""
    classes = ir.class_index()
    for language in ir.metadata.languages:
        class_names = [cls.names[language] for cls in ir.classes]
        assert len(set(class_names)) == len(class_names)
        modules = [m.names[language].casefold() for m in ir.modules if language in m.names]
        assert len(set(modules)) == len(modules)
        for cls in ir.classes:
            fields = cls.field_names(language)
            assert len(set(fields.values())) == len(fields), (cls.view, fields)
            for name in fields.values():
                assert name.isidentifier() and name.isascii()
    for cls in ir.classes:
        assert all(parent in classes for parent in cls.parents)
        for rel in cls.relationships:
            assert rel.target is None or classes[rel.target].kind != "edge"
            assert rel.edge_class is None or classes[rel.edge_class].kind != "node"


def _check(document: Any) -> None:
    result = validate(document)
    assert "PYG000" not in result.codes, [str(i) for i in result.by_code("PYG000")]
    if result.filtered_model is None:  # no identity, or an invalid one
        assert {"PYG001", "PYG070"} & set(result.codes)
        return
    again = validate(result.filtered_model)
    assert again.errors == (), [str(i) for i in again.errors]
    ir = transform(parse(result.filtered_model))
    check_ir(ir)
    assert transform(ir) == ir
    # validation and the IR name things with the same plan
    plan = plan_names(class_specs(ValidationContext(result.filtered_model)), DEFAULT_CONVENTIONS)
    for cls in ir.classes:
        assert dict(cls.names) == plan.classes[cls.view.key]
        members = plan.members[cls.view.key]
        for member_id, name in cls.field_names("python").items():
            assert members[member_id]["python"] == name


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), base=st.sampled_from(sorted(BASES)))
def test_mutated_fixtures_validate_and_filter_to_a_generatable_model(
    data: st.DataObject, base: str
) -> None:
    document = copy.deepcopy(BASES[base])
    for _ in range(data.draw(st.integers(1, 6))):
        data.draw(st.sampled_from(MUTATIONS))(document, data)

    _check(document)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=100, deadline=None)
@given(document=JSON)
def test_arbitrary_json_never_raises(document: Any) -> None:
    _check(document)


@settings(max_examples=60, deadline=None)
@given(
    views=st.lists(
        st.fixed_dictionaries(
            {
                "space": st.sampled_from(["sp", "other"]),
                "externalId": NAMES,
                "version": st.sampled_from(["1", "2"]),
                "properties": st.dictionaries(NAMES, JSON, max_size=3),
                "implements": st.lists(
                    st.fixed_dictionaries(
                        {
                            "space": st.just("sp"),
                            "externalId": NAMES,
                            "version": st.just("1"),
                            "type": st.just("view"),
                        }
                    ),
                    max_size=2,
                ),
            }
        ),
        max_size=5,
    )
)
def test_random_views_never_raise(views: list[dict[str, Any]]) -> None:
    _check({"space": "sp", "externalId": "M", "version": "1", "views": views})

"""IR <-> JSON through cattrs: an exact round trip (fixtures, a synthetic model, and random IRs
from hypothesis), the envelope's version, and clear errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pygen.ir import (
    PRIMITIVE_KINDS,
    IRClass,
    IRContainerId,
    IRDataModelId,
    IREnum,
    IREnumValue,
    IRList,
    IRMetadata,
    IRModel,
    IRModule,
    IRNodeId,
    IRPrimitive,
    IRProperty,
    IRReference,
    IRRelationship,
    IRThrough,
    IRViewId,
    LanguageMap,
    build_ir,
    ir_from_json,
    ir_to_json,
    to_dict,
)
from pygen.model_file import load_data_model
from pygen.testing import synthesize_model

FIXTURES = Path(__file__).parents[2] / "data" / "models"
MODELS = sorted(p for p in FIXTURES.glob("*.yaml") if not p.name.endswith(".nodes.yaml"))


def _round_trip(ir: IRModel) -> None:
    text = ir_to_json(ir)
    back = ir_from_json(text)
    assert back == ir
    assert ir_to_json(back) == text  # and the text is stable


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.stem)
def test_fixture_irs_round_trip(path: Path) -> None:
    _round_trip(build_ir(load_data_model(path))[0])


def test_a_synthetic_model_round_trips() -> None:
    _round_trip(build_ir(synthesize_model(views=40, base_views=4))[0])


# -- random IRs -------------------------------------------------------------------------------
text = st.text(max_size=6)
identifier = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True)
languages = st.sampled_from(["python", "typescript", "csharp"])
names = st.dictionaries(languages, identifier, max_size=3).map(LanguageMap.of)
maybe_text = st.none() | text
view_ids = st.builds(IRViewId, space=text, external_id=text, version=text)
maybe_view = st.none() | view_ids
container_ids = st.builds(IRContainerId, space=text, external_id=text)


@st.composite
def primitives(draw: st.DrawFn) -> IRPrimitive:
    kind = draw(st.sampled_from(PRIMITIVE_KINDS))
    unit = draw(maybe_text) if kind in ("int32", "int64", "float32", "float64") else None
    size = draw(st.none() | st.integers(1, 10**6)) if kind == "text" else None
    return IRPrimitive(kind=kind, unit=unit, max_text_size=size)


enums = st.builds(
    lambda values, pick: IREnum(
        values=tuple(IREnumValue(value=v, name=n, description=d) for v, n, d in values),
        unknown_value=values[pick % len(values)][0] if pick is not None else None,
    ),
    st.lists(
        st.tuples(text, maybe_text, maybe_text), min_size=1, max_size=3, unique_by=lambda v: v[0]
    ),
    st.none() | st.integers(0, 5),
)
references = st.builds(IRReference, target=maybe_view, declared_target=maybe_view)
items = primitives() | enums | references
types = items | st.builds(IRList, item=items, max_size=st.none() | st.integers(1, 100))


@st.composite
def properties(draw: st.DrawFn, prop_id: str) -> IRProperty:
    required = draw(st.booleans())
    return IRProperty(
        id=prop_id,
        names=draw(names),
        enum_names=draw(names),
        display_name=draw(maybe_text),
        description=draw(maybe_text),
        type=draw(types),
        nullable=not required and draw(st.booleans()),
        required=required,
        immutable=draw(st.booleans()),
        auto_increment=not required and draw(st.booleans()),
        default_json=None if required else draw(st.none() | st.sampled_from(["0", '"x"', "[1]"])),
        container=draw(container_ids),
        container_property=draw(text),
        source_view=draw(view_ids),
    )


@st.composite
def relationships(draw: st.DrawFn, rel_id: str, kind: str) -> IRRelationship:
    edge = kind == "edge"
    through = None
    if kind == "reverse":
        on_view = draw(st.booleans())
        through = IRThrough(
            property=draw(text),
            view=draw(view_ids) if on_view else None,
            container=None if on_view else draw(container_ids),
        )
    return IRRelationship(
        id=rel_id,
        names=draw(names),
        spec_names=draw(names),
        accessor_names=draw(names),
        display_name=draw(maybe_text),
        description=draw(maybe_text),
        kind=kind,  # type: ignore[arg-type]
        multi=draw(st.booleans()),
        target=draw(maybe_view),
        declared_target=draw(maybe_view),
        edge_type=draw(st.builds(IRNodeId, space=text, external_id=text)) if edge else None,
        direction=draw(st.sampled_from(["outwards", "inwards"])) if edge else None,
        edge_class=draw(maybe_view) if edge else None,
        declared_edge_class=draw(maybe_view) if edge else None,
        through=through,
        source_view=draw(view_ids),
    )


@st.composite
def classes(draw: st.DrawFn, view: IRViewId) -> IRClass:
    ids = draw(st.lists(text, max_size=4, unique=True))
    stored = ids[: draw(st.integers(0, len(ids)))]
    props = tuple(draw(properties(prop_id)) for prop_id in stored)
    rels = [draw(relationships(prop_id, "direct")) for prop_id in stored if draw(st.booleans())]
    rels += [
        draw(relationships(rel_id, draw(st.sampled_from(["edge", "reverse"]))))
        for rel_id in ids[len(stored) :]
    ]
    return IRClass(
        view=view,
        names=draw(names),
        derived_names=draw(st.dictionaries(languages, names, max_size=2).map(LanguageMap.of)),
        display_name=draw(maybe_text),
        description=draw(maybe_text),
        kind=draw(st.sampled_from(["node", "edge", "both"])),
        writable=draw(st.booleans()),
        node_type=draw(st.none() | st.builds(IRNodeId, space=text, external_id=text)),
        parents=tuple(v for v in draw(st.lists(view_ids, max_size=2)) if v != view),
        ancestors=tuple(draw(st.lists(view_ids, max_size=2))),
        properties=props,
        relationships=tuple(rels),
    )


@st.composite
def models(draw: st.DrawFn) -> IRModel:
    views = draw(st.lists(view_ids, max_size=4, unique=True))
    transformed = draw(st.booleans())
    model_names = draw(
        st.dictionaries(
            languages,
            st.fixed_dictionaries(
                {"package": identifier}, optional={"distribution": st.just("a-b")}
            ),
            max_size=2,
        )
    )
    return IRModel(
        model=draw(st.builds(IRDataModelId, space=text, external_id=text, version=text)),
        names=LanguageMap.of({k: LanguageMap.of(v) for k, v in model_names.items()}),
        name=draw(maybe_text),
        description=draw(maybe_text),
        metadata=IRMetadata(
            pygen_version=draw(text),
            source_hash=draw(text),
            languages=("python",) if transformed else (),
        ),
        classes=tuple(draw(classes(view)) for view in views),
        modules=tuple(
            IRModule(names=draw(names), classes=(view,))
            for view in views
            if transformed or draw(st.booleans())
        ),
        other_models=tuple(
            draw(
                st.lists(
                    st.builds(IRDataModelId, space=text, external_id=text, version=text), max_size=2
                )
            )
        ),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_random_irs_round_trip_exactly(ir: IRModel) -> None:
    _round_trip(ir)


# -- the format ---------------------------------------------------------------------------------
def _small_ir() -> IRModel:
    return build_ir(load_data_model(FIXTURES / "Pumps.yaml"))[0]


def test_the_envelope_names_format_and_version() -> None:
    data = json.loads(ir_to_json(_small_ir()))
    assert (data["format"], data["version"]) == ("pygen-ir", 1)
    assert data["ir"] == to_dict(_small_ir())


def test_type_nodes_are_tagged_and_empty_defaults_left_out() -> None:
    prop = IRProperty(
        id="p",
        type=IRList(item=IRPrimitive(kind="int64")),
        container=IRContainerId(space="s", external_id="c"),
        container_property="p",
        source_view=IRViewId(space="s", external_id="V", version="1"),
    )
    data = to_dict(prop)
    assert data["type"] == {"node": "IRList", "item": {"node": "IRPrimitive", "kind": "int64"}}
    assert "names" not in data and "description" not in data  # empty defaults
    assert data["nullable"] is True and data["required"] is False  # booleans always written
    assert to_dict(IRPrimitive(kind="text")) == {"node": "IRPrimitive", "kind": "text"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda data: "{not json", "not JSON"),
        (lambda data: {**data, "format": "other"}, "not a pygen IR"),
        (lambda data: {**data, "version": 2}, "version 2 is not readable"),
        (lambda data: {**data, "ir": {**data["ir"], "classes": "x"}}, r"ir\.classes"),
        (
            lambda data: {**data, "ir": {**data["ir"], "classes": [{"view": 1}]}},
            r"ir\.classes\[0\]",
        ),
    ],
)
def test_bad_input_is_one_clear_error(change: Any, message: str) -> None:
    data = change(json.loads(ir_to_json(_small_ir())))
    with pytest.raises(ValueError, match=message):
        ir_from_json(data if isinstance(data, str) else json.dumps(data))


def test_an_inconsistent_ir_is_refused_where_it_is_built() -> None:
    data = json.loads(ir_to_json(_small_ir()))
    first = data["ir"]["classes"][0]
    data["ir"]["classes"].append(first)  # the same view twice
    with pytest.raises(ValueError, match="two classes for the same view"):
        ir_from_json(json.dumps(data))


def test_building_the_ir_does_not_import_the_json_form(tmp_path: Path) -> None:
    """cattrs and the JSON form are imported on first use: a generate run never needs them."""
    import subprocess
    import sys

    example = Path(__file__).parents[3] / "pygen" / "examples" / "example_model.yaml"
    script = (
        "import sys\n"
        "import pygen.ir\n"
        "from pygen.api import build_ir\n"
        f"ir, result = build_ir({str(example)!r})\n"
        "assert result.is_valid and ir.classes\n"
        "assert 'pygen.ir.serialize' not in sys.modules and 'cattrs' not in sys.modules\n"
        "from pygen.ir import IR_JSON_VERSION, ir_from_json, ir_to_json\n"
        "assert ir_from_json(ir_to_json(ir)) == ir and IR_JSON_VERSION\n"
        "assert pygen.ir.to_dict is sys.modules['pygen.ir.serialize'].to_dict\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 0, done.stderr

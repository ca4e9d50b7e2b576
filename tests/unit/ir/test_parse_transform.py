"""parse (DMS -> IR) and transform (resolve, flatten, order, name)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pygen.ir import (
    IREnum,
    IRList,
    IRPrimitive,
    IRReference,
    IRViewId,
    build_ir,
    parse,
    source_hash,
    transform,
)
from pygen.model_file import load_data_model
from pygen.naming import PYTHON
from pygen.testing.models import direct, edge, load, mapped, model, reverse, view

FIXTURES = Path(__file__).parents[2] / "data" / "models"
MODEL_FILES = sorted(p for p in FIXTURES.glob("*.yaml") if not p.name.endswith(".nodes.yaml"))


def vid(name: str, space: str = "sp", version: str = "1") -> IRViewId:
    return IRViewId(space=space, external_id=name, version=version)


def core(name: str) -> IRViewId:
    return vid(name, "cdf_cdm", "v1")


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: p.stem)
def test_every_fixture_parses_and_transforms(path: Path) -> None:
    data_model = load_data_model(path)

    ir, result = build_ir(data_model)

    assert result.errors == ()
    assert len(ir.classes) == len(data_model.inline_views)
    assert ir.metadata.languages == ("python", "typescript")
    assert ir.metadata.source_hash == source_hash(data_model)
    assert transform(ir) == ir
    position = {cls.view: index for index, cls in enumerate(ir.classes)}
    for cls in ir.classes:
        assert all(position[parent] < position[cls.view] for parent in cls.parents)


def test_omni_covers_every_type() -> None:
    ir, _ = build_ir(load_data_model(FIXTURES / "Omni.yaml"))
    classes = {cls.view.external_id: cls for cls in ir.classes}

    nullable = classes["PrimitiveNullable"]
    kinds = {prop.id: prop.type for prop in nullable.properties}
    assert kinds["int64"] == IRPrimitive(kind="int64")
    assert kinds["timestamp"] == IRPrimitive(kind="timestamp")
    listed = {p.id: p.type for p in classes["PrimitiveNullableListed"].properties}
    assert listed["date"] == IRList(item=IRPrimitive(kind="date"))
    refs = {p.id: p.type for p in classes["CDFExternalReferencesListed"].properties}
    assert {type(t).__name__ for t in refs.values()} == {"IRList"}
    required = classes["PrimitiveRequired"].property("text")
    assert required.required and not required.nullable
    defaults = classes["PrimitiveWithDefaults"]
    assert defaults.property("defaultObject").default == {"foo": "bar"}
    assert defaults.property("defaultBoolean").default is True
    assert defaults.property("autoIncrementInt32").auto_increment
    assert not defaults.property("autoIncrementInt32").required

    item_d = classes["ConnectionItemD"]
    single = item_d.relationship("directSingle")
    assert (
        single.kind == "direct"
        and not single.multi
        and single.target == vid("ConnectionItemE", "sp_pygen_models")
    )
    item_e = classes["ConnectionItemE"]
    reverse_multi = item_e.relationship("directReverseMulti")
    assert reverse_multi.kind == "reverse" and reverse_multi.multi
    assert reverse_multi.through is not None and reverse_multi.through.property == "directMulti"
    with_props = classes["ConnectionItemF"].relationship("outwardsMulti")
    assert with_props.kind == "edge"
    assert with_props.edge_class == vid("ConnectionEdgeA", "sp_pygen_models")
    assert classes["ConnectionEdgeA"].kind == "edge"
    assert not classes["Implementation1NonWriteable"].writable
    assert classes["Implementation1NonWriteable"].read_only


def test_cognite_core_enums_and_inheritance() -> None:
    ir, _ = build_ir(load_data_model(FIXTURES / "CogniteCore.yaml"))
    classes = {cls.view.external_id: cls for cls in ir.classes}

    status = classes["Cognite3DRevision"].property("status").type
    assert isinstance(status, IREnum)
    assert [v.value for v in status.values] == sorted(v.value for v in status.values)

    asset = classes["CogniteAsset"]
    describable = core("CogniteDescribable")
    assert asset.property("name").source_view == describable
    assert asset.property("parent").source_view == asset.view
    assert asset.parents == (core("CogniteVisualizable"), describable, core("CogniteSourceable"))
    assert asset.property("type").names == {"python": "type_", "typescript": "type_"}
    image = classes["Cognite360ImageAnnotation"]
    assert image.ancestors == (describable, core("CogniteSourceable"), core("CogniteAnnotation"))
    assert image.property("status").source_view == core("CogniteAnnotation")
    assert image.kind == "edge"


def test_flatten_fills_in_unlisted_inherited_members() -> None:
    document = model(
        view("Base", {"name": mapped(), "next": direct("Base"), "peers": edge("Base")}),
        view("Child", {"own": mapped()}, implements=["Base"]),
        view("Grandchild", {"name": mapped("int32")}, implements=["Child"]),
    )

    ir = transform(parse(load(document)))

    child = ir.get_class(vid("Child"))
    assert [p.id for p in child.properties] == ["name", "next", "own"]
    assert [r.id for r in child.relationships] == ["next", "peers"]
    assert child.property("name").source_view == vid("Base")
    assert child.relationship("peers").source_view == vid("Base")
    grandchild = ir.get_class(vid("Grandchild"))
    assert grandchild.ancestors == (vid("Child"), vid("Base"))
    # its own definition wins, but the member counts as inherited (same id and kind)
    assert grandchild.property("name").type == IRPrimitive(kind="int32")
    assert grandchild.property("name").source_view == vid("Base")
    assert grandchild.property("own").source_view == vid("Child")


def test_a_member_redefined_with_another_kind_belongs_to_the_child() -> None:
    document = model(
        view("Base", {"link": edge("Base")}),
        view("Child", {"link": mapped()}, implements=["Base"]),
    )

    child = transform(parse(load(document))).get_class(vid("Child"))

    assert [p.id for p in child.properties] == ["link"]
    assert child.relationships == ()
    assert child.property("link").source_view == vid("Child")


def test_targets_outside_the_model_or_of_the_wrong_kind_resolve_to_none() -> None:
    document = model(
        view(
            "A",
            {
                "gone": direct("Gone"),
                "toEdge": direct("E", list=True),
                "untyped": direct(None),
                "edges": edge("Gone", edge_source="A"),
                "back": reverse("Gone", "x"),
            },
            implements=["Gone"],
        ),
        view("E", {"w": mapped()}, used_for="edge"),
    )

    ir = transform(parse(load(document)))

    a = ir.get_class(vid("A"))
    assert a.parents == ()
    gone = a.property("gone").type
    assert gone == IRReference(target=None, declared_target=vid("Gone"))
    to_edge = a.property("toEdge").type
    assert isinstance(to_edge, IRList) and to_edge.item == IRReference(declared_target=vid("E"))
    assert a.property("untyped").type == IRReference()
    edges = a.relationship("edges")
    assert edges.target is None and edges.declared_target == vid("Gone")
    assert edges.edge_class is None and edges.declared_edge_class == vid("A")
    # a reverse relation through a view outside the model cannot be read: it is left out
    assert [rel.id for rel in a.relationships if rel.kind == "reverse"] == []


def test_parse_keeps_what_the_model_says() -> None:
    document = model(view("A", {"d": direct("Gone")}, implements=["Gone", "A"]))

    ir = parse(load(document))

    (cls,) = ir.classes
    assert cls.parents == (vid("Gone"),)
    assert cls.names == {}
    assert cls.property("d").type == IRReference(target=vid("Gone"), declared_target=vid("Gone"))
    assert ir.modules == () and ir.metadata.languages == ()


def test_transform_with_one_convention() -> None:
    ir = transform(parse(load(model(view("my_view", {"myProp": mapped()})))), [PYTHON])

    (cls,) = ir.classes
    assert cls.names == {"python": "MyView"}
    assert cls.property("myProp").names == {"python": "my_prop"}
    assert ir.modules[0].names == {"python": "my_view"}  # views/my_view.py
    assert ir.metadata.languages == ("python",)


def test_build_ir_builds_from_the_filtered_model_but_hashes_the_input() -> None:
    data_model = load(
        model(
            view("A", {"r": reverse("B", "nope"), "x": mapped()}),
            view("B", {"y": mapped()}),
        )
    )

    ir, result = build_ir(data_model, strict=True)

    assert result.codes == ("PYG034",) and not result.is_valid
    assert [r.id for r in ir.get_class(vid("A")).relationships] == []
    assert ir.metadata.source_hash == source_hash(data_model)
    assert result.filtered_model is not None
    assert source_hash(result.filtered_model) != source_hash(data_model)

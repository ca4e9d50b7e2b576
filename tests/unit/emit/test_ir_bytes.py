"""``pygen.emit.ir_bytes``: the IR pickled faster, and a digest per class that the view
modules' cache keys are made of.

The pickle reads back equal with plain ``pickle.loads``; a class's digest is the same in every
build of the same view (whatever else the model holds), differs when any field differs, and
is computed once per class object of a stored or read model entry.
"""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import attrs
import pytest

from pygen.emit import ir_bytes
from pygen.ir import IRClass, IRModel, build_ir
from pygen.model_file import load_data_model, parse_data_model
from pygen.testing import synthesize_document

MODELS = Path(__file__).parents[2] / "data" / "models"


def _ir(document: dict[str, object]) -> IRModel:
    return build_ir(parse_data_model(copy.deepcopy(document)))[0]


def _digests(ir: IRModel) -> dict[object, bytes]:
    return {cls.view: ir_bytes.class_digest(cls) for cls in ir.classes}


@pytest.fixture(scope="module")
def document() -> dict[str, object]:
    return synthesize_document(views=16, base_views=4)


def test_the_pickle_reads_back_equal_with_plain_pickle(document: dict[str, object]) -> None:
    ir = _ir(document)
    assert pickle.loads(ir_bytes.dumps(ir)) == ir
    core = build_ir(load_data_model(MODELS / "CogniteCore.yaml"))[0]
    assert pickle.loads(ir_bytes.dumps(core)) == core


@pytest.mark.parametrize("name", ["CogniteCore.yaml", "Omni.yaml"])
def test_a_class_has_the_same_digest_in_every_build(name: str) -> None:
    first = build_ir(load_data_model(MODELS / name))[0]
    second = build_ir(load_data_model(MODELS / name))[0]
    assert ir_bytes.class_digests(first.classes) == ir_bytes.class_digests(second.classes)


def test_a_change_to_one_view_changes_only_the_digests_of_the_classes_it_reaches(
    document: dict[str, object],
) -> None:
    before = _ir(document)
    edited = copy.deepcopy(document)
    views = edited["views"]
    assert isinstance(views, list)
    leaf = views[-1]  # implemented by no view
    prop_id, prop = next(iter(leaf["properties"].items()))
    leaf["properties"][f"{prop_id}Copy"] = dict(prop)
    after = _ir(edited)
    old = _digests(before)
    new = _digests(after)
    changed = {view.external_id for view in new if new[view] != old[view]}
    assert changed == {leaf["externalId"]}


def test_any_field_changes_the_digest(document: dict[str, object]) -> None:
    cls = _ir(document).classes[0]
    digest = ir_bytes.class_digest(cls)
    edits: list[IRClass] = [
        attrs.evolve(cls, description=(cls.description or "") + "."),
        attrs.evolve(cls, writable=not cls.writable),
        attrs.evolve(cls, properties=cls.properties[1:]),
        attrs.evolve(cls, properties=(attrs.evolve(cls.properties[0], nullable=False),)),
    ]
    assert all(ir_bytes.class_digest(edit) != digest for edit in edits)


def test_registered_digests_are_used_for_those_objects_only(document: dict[str, object]) -> None:
    ir = _ir(document)
    first, second = ir.classes[:2]
    ir_bytes.remember([first], [b"registered"])
    try:
        assert ir_bytes.class_digest(first) == b"registered"
        assert ir_bytes.class_digest(copy.copy(first)) != b"registered"  # an equal object
        assert ir_bytes.class_digest(second) == ir_bytes.class_digests([second])[0]
        ir_bytes.remember([second], [b"other"])  # replaces the last model's
        assert ir_bytes.class_digest(first) != b"registered"
        ir_bytes.forget()
        assert ir_bytes.class_digest(second) != b"other"
    finally:
        ir_bytes.forget()

"""IR nodes reject inconsistent values where they are built."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from pygen.ir import (
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
)

VIEW = IRViewId(space="sp", external_id="A", version="1")
CONTAINER = IRContainerId(space="sp", external_id="C")


def _prop(**changes: Any) -> IRProperty:
    values: dict[str, Any] = {
        "id": "p",
        "type": IRPrimitive(kind="text"),
        "source_view": VIEW,
        "container": CONTAINER,
        "container_property": "p",
    }
    values.update(changes)
    return IRProperty(**values)


def test_nodes_are_frozen_and_hashable() -> None:
    prop = _prop(names=LanguageMap.of({"python": "p"}))

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        prop.id = "q"  # type: ignore[misc]
    assert attrs.has(type(prop)) and not hasattr(prop, "__dict__")  # slotted attrs classes
    assert hash(prop) == hash(_prop(names=LanguageMap.of({"python": "p"})))


def test_language_map_is_an_ordered_immutable_mapping() -> None:
    names = LanguageMap.of({"typescript": "myProp", "python": "my_prop"})

    assert list(names) == ["python", "typescript"]
    assert names["python"] == "my_prop" and names.get("java") is None
    assert names == LanguageMap((("python", "my_prop"), ("typescript", "myProp")))
    assert dict(names) == {"python": "my_prop", "typescript": "myProp"}
    with pytest.raises(ValueError, match="appears twice"):
        LanguageMap((("python", "a"), ("python", "b")))


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: IRPrimitive(kind="vector"), "unknown kind"),  # type: ignore[arg-type]
        (lambda: IRPrimitive(kind="text", unit="m"), "unit"),
        (lambda: IRPrimitive(kind="int32", max_text_size=3), "max_text_size"),
        (lambda: IREnum(values=()), "no values"),
        (lambda: IREnum(values=(IREnumValue(value="a"), IREnumValue(value="a"))), "duplicate"),
        (lambda: IREnum(values=(IREnumValue(value="a"),), unknown_value="b"), "unknown_value"),
        (lambda: IRList(item=IRList(item=IRPrimitive(kind="text"))), "a list of IRList"),  # type: ignore[arg-type]
        (lambda: IRList(item=IRPrimitive(kind="text"), max_size=0), "max_size"),
        (lambda: _prop(names=LanguageMap.of({"python": "not valid"})), "not an identifier"),
        (lambda: _prop(nullable=True, required=True), "required but nullable"),
        (lambda: IRThrough(property="x"), "exactly one"),
        (
            lambda: IRRelationship(id="e", kind="edge", multi=True, source_view=VIEW),
            "without edge_type",
        ),
        (
            lambda: IRRelationship(
                id="d", kind="direct", multi=False, source_view=VIEW, direction="inwards"
            ),
            "with edge fields",
        ),
        (
            lambda: IRRelationship(id="r", kind="reverse", multi=True, source_view=VIEW),
            "without through",
        ),
        (
            lambda: IRClass(view=VIEW, kind="node", properties=(_prop(), _prop())),
            "duplicate property",
        ),
        (
            lambda: IRClass(
                view=VIEW,
                kind="node",
                relationships=(
                    IRRelationship(id="d", kind="direct", multi=False, source_view=VIEW),
                ),
            ),
            "disagree",
        ),
        (lambda: IRClass(view=VIEW, kind="node", parents=(VIEW,)), "implements itself"),
        (lambda: IRModule(names=LanguageMap(), classes=()), "without classes"),
    ],
)
def test_invalid_nodes_are_rejected(build: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()


def _model(**changes: Any) -> IRModel:
    values: dict[str, Any] = {
        "model": IRDataModelId(space="sp", external_id="M", version="1"),
        "metadata": IRMetadata(pygen_version="0", source_hash="h"),
        "classes": (IRClass(view=VIEW, kind="node"),),
    }
    values.update(changes)
    return IRModel(**values)


def test_model_checks_its_classes_and_modules() -> None:
    module = IRModule(names=LanguageMap.of({"python": "a"}), classes=(VIEW,))
    other = IRViewId(space="sp", external_id="B", version="1")

    assert _model(modules=(module,)).get_class(VIEW).view == VIEW
    with pytest.raises(ValueError, match="same view"):
        _model(classes=(IRClass(view=VIEW, kind="node"), IRClass(view=VIEW, kind="edge")))
    with pytest.raises(ValueError, match="two modules"):
        _model(modules=(module, module))
    with pytest.raises(ValueError, match="unknown classes"):
        _model(modules=(IRModule(names=LanguageMap(), classes=(other,)),))
    with pytest.raises(ValueError, match="every class belongs"):
        _model(metadata=IRMetadata(pygen_version="0", source_hash="h", languages=("python",)))
    with pytest.raises(KeyError):
        _model().get_class(other)


def test_property_helpers() -> None:
    relation = _prop(type=IRList(item=IRReference()), default_json='[{"space":"s"}]')

    assert relation.is_relation
    assert relation.default == [{"space": "s"}]
    assert not _prop().is_relation and _prop().default is None
    assert str(VIEW) == "sp:A(version=1)" and VIEW.key == ("sp", "A", "1")
    assert str(IRNodeId(space="s", external_id="t")) == "s:t"


def test_hand_written_reprs_are_attrs_own_text() -> None:
    # IRViewId and LanguageMap write their repr themselves (faster: the view modules' cache
    # keys are digests of the IR's repr); the text is the one attrs would write, so keys
    # made before stay valid
    for node, fields in (
        (VIEW, ("space", "external_id", "version")),
        (LanguageMap.of({"python": "a_b", "typescript": "aB"}), ("entries",)),
        (LanguageMap.of({"python": LanguageMap.of({"write": "AWrite"})}), ("entries",)),
        (LanguageMap(), ("entries",)),
    ):
        twin = attrs.make_class(type(node).__name__, list(fields), kw_only=True)
        assert repr(node) == repr(twin(**{name: getattr(node, name) for name in fields}))


def test_names_that_are_not_identifiers_are_refused_whatever_was_checked_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pygen.ir import nodes

    monkeypatch.setattr(nodes, "_CHECKED_LIMIT", 3)
    monkeypatch.setattr(nodes, "_CHECKED_NAMES", set())
    for name in ("a", "b", "c", "d", "a"):  # remembered, then forgotten past the limit
        assert _prop(names=LanguageMap.of({"python": name})).names["python"] == name
    assert len(nodes._CHECKED_NAMES) <= 3
    for bad in ("my prop", "1a", "", "class-name"):
        with pytest.raises(ValueError, match="is not an identifier"):
            _prop(names=LanguageMap.of({"python": bad}))
        with pytest.raises(ValueError, match="is not an identifier"):
            _prop(filter_names=LanguageMap.of({"python": LanguageMap.of({"equals": bad})}))
    assert not {"my prop", "1a", "", "class-name"} & nodes._CHECKED_NAMES

"""``MappedProperty.target_view`` reads a direct relation's ``source`` without pydantic's
``getattr`` fallback, and gives what that gave for every type: the type's own source
(a direct relation's, or an unknown key ``source`` holding a view reference), else the
property's top-level hint."""

from __future__ import annotations

from typing import Any

import pytest

from pygen_runtime.client.models import MappedProperty, ViewReference

HINT = {"type": "view", "space": "sp", "externalId": "Hint", "version": "1"}
TYPED = {"type": "view", "space": "sp", "externalId": "Typed", "version": "1"}


def _prop(kind: dict[str, Any], **more: Any) -> MappedProperty:
    return MappedProperty.model_validate(
        {
            "container": {"type": "container", "space": "sp", "externalId": "C"},
            "containerPropertyIdentifier": "p",
            "type": kind,
            **more,
        }
    )


@pytest.mark.parametrize(
    ("kind", "hint"),
    [
        ({"type": "direct", "source": TYPED}, HINT),
        ({"type": "direct", "source": TYPED}, None),
        ({"type": "direct"}, HINT),
        ({"type": "direct"}, None),
        ({"type": "text"}, HINT),
        ({"type": "text", "source": TYPED}, HINT),  # an unknown key: a mapping, not a reference
        ({"type": "enum", "values": {"a": {}}}, None),
    ],
)
def test_target_view_is_what_getattr_on_the_type_gives(
    kind: dict[str, Any], hint: dict[str, Any] | None
) -> None:
    prop = _prop(kind, **({"source": HINT} if hint is not None else {}))
    type_source = getattr(prop.type, "source", None)
    expected = type_source if isinstance(type_source, ViewReference) else prop.source

    assert prop.target_view == expected
    if kind.get("source") and kind["type"] == "direct":
        assert prop.target_view is not None and prop.target_view.external_id == "Typed"


def test_an_unknown_source_key_holding_a_view_reference_is_read_as_getattr_reads_it() -> None:
    prop = _prop({"type": "text"})
    reference = ViewReference.model_validate(TYPED)
    assert prop.type.__pydantic_extra__ is not None
    prop.type.__pydantic_extra__["source"] = reference  # set in code, not from JSON

    assert getattr(prop.type, "source", None) is reference
    assert prop.target_view is reference


def test_a_type_that_is_not_a_model_has_no_source_of_its_own() -> None:
    # model_construct skips validation: the type stays the plain mapping it was given
    prop = MappedProperty.model_construct(type={"type": "direct", "source": TYPED}, source=None)

    assert getattr(prop.type, "source", None) is None
    assert prop.target_view is None

"""Rules about property types: enums, list and text sizes, defaults, autoIncrement."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pygen.validation.context import ValidationContext, location
from pygen_runtime.client.models import (
    BooleanType,
    DateType,
    DirectRelationType,
    EnumType,
    FileReferenceType,
    Float32Type,
    Float64Type,
    Int32Type,
    Int64Type,
    JSONType,
    ListablePropertyType,
    MappedProperty,
    SequenceReferenceType,
    TextType,
    TimeSeriesReferenceType,
    TimestampType,
    View,
)

__all__ = [
    "check_auto_increment",
    "check_default_values",
    "check_enum_values",
    "check_list_sizes",
]

_INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _mapped(ctx: ValidationContext) -> list[tuple[View, str, MappedProperty, bool]]:
    """Every mapped property with a flag telling whether it is inherited (reported upstream)."""
    inherited = ctx.inherited_ids()
    found = []
    for key, view in ctx.index().items():
        for prop_id, prop in view.properties.items():
            if isinstance(prop, MappedProperty):
                found.append((view, prop_id, prop, prop_id in inherited[key]))
    return found


def check_enum_values(ctx: ValidationContext) -> None:
    """PYG040 (enum without values: left out) and PYG041 (unknownValue not a value: ignored)."""
    for view, prop_id, prop, quiet in _mapped(ctx):
        if not isinstance(prop.type, EnumType):
            continue
        where = location(view, prop_id)
        if not prop.type.values:
            ctx.remove_property(view, prop_id)
            if not quiet:
                ctx.report(
                    "PYG040",
                    where,
                    f"Enum property {prop_id!r} has no values; it is left out.",
                    "Give the enum at least one value.",
                )
            continue
        unknown = prop.type.unknown_value
        if unknown is not None and unknown not in prop.type.values:
            copy = ctx.edit(view).properties[prop_id]
            assert isinstance(copy, MappedProperty) and isinstance(copy.type, EnumType)
            copy.type.unknown_value = None
            if not quiet:
                values = ", ".join(sorted(prop.type.values))
                ctx.report(
                    "PYG041",
                    where,
                    f"Enum property {prop_id!r} has unknownValue {unknown!r}, which is not one of "
                    f"its values ({values}); unknownValue is ignored.",
                    "Set unknownValue to one of the values, or remove it.",
                )


def check_list_sizes(ctx: ValidationContext) -> None:
    """PYG042 (maxListSize without list) and PYG043 (non-positive sizes); both ignored."""
    for view, prop_id, prop, quiet in _mapped(ctx):
        kind = prop.type
        if isinstance(kind, ListablePropertyType) and kind.max_list_size is not None:
            if not kind.list:
                _clear(ctx, view, prop_id, "max_list_size")
                if not quiet:
                    ctx.report(
                        "PYG042",
                        location(view, prop_id),
                        f"Property {prop_id!r} sets maxListSize ({kind.max_list_size}) but is not "
                        f"a list; maxListSize is ignored.",
                        "Remove maxListSize, or set list: true.",
                    )
            elif kind.max_list_size < 1:
                _clear(ctx, view, prop_id, "max_list_size")
                if not quiet:
                    ctx.report(
                        "PYG043",
                        location(view, prop_id),
                        f"Property {prop_id!r} has maxListSize {kind.max_list_size}; it is "
                        f"ignored.",
                        "Use a positive maxListSize.",
                    )
        if isinstance(kind, TextType) and kind.max_text_size is not None and kind.max_text_size < 1:
            _clear(ctx, view, prop_id, "max_text_size")
            if not quiet:
                ctx.report(
                    "PYG043",
                    location(view, prop_id),
                    f"Property {prop_id!r} has maxTextSize {kind.max_text_size}; it is ignored.",
                    "Use a positive maxTextSize.",
                )


def _clear(ctx: ValidationContext, view: View, prop_id: str, attribute: str) -> None:
    copy = ctx.edit(view).properties[prop_id]
    assert isinstance(copy, MappedProperty)
    setattr(copy.type, attribute, None)


def check_default_values(ctx: ValidationContext) -> None:
    """PYG044: default values that do not fit the property's type are ignored."""
    for view, prop_id, prop, quiet in _mapped(ctx):
        if prop.default_value is None:
            continue
        problem = _default_problem(prop)
        if problem is None:
            continue
        copy = ctx.edit(view).properties[prop_id]
        assert isinstance(copy, MappedProperty)
        copy.default_value = None
        if not quiet:
            ctx.report(
                "PYG044",
                location(view, prop_id),
                f"The default value of {prop_id!r} ({_short(prop.default_value)}) {problem}; it is "
                f"ignored.",
                "Give a default value of the property's type, or none.",
            )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _default_problem(prop: MappedProperty) -> str | None:
    kind = prop.type
    value = prop.default_value
    if isinstance(kind, ListablePropertyType) and kind.list:
        if not isinstance(value, list):
            return "is not a list, but the property is"
        problems = [_value_problem(kind, item) for item in value]
        return next((p for p in problems if p is not None), None)
    return _value_problem(kind, value)


def _value_problem(kind: object, value: Any) -> str | None:
    if isinstance(
        kind, TextType | TimeSeriesReferenceType | FileReferenceType | SequenceReferenceType
    ):
        return None if isinstance(value, str) else "is not text"
    if isinstance(kind, BooleanType):
        return None if isinstance(value, bool) else "is not true or false"
    if isinstance(kind, Int32Type | Int64Type):
        if isinstance(value, bool) or not isinstance(value, int):
            return "is not an integer"
        low, high = _INT_RANGES[kind.type]
        return None if low <= value <= high else f"is out of range for {kind.type}"
    if isinstance(kind, Float32Type | Float64Type):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "is not a number"
    if isinstance(kind, TimestampType):
        return (
            None
            if isinstance(value, str) and _is_timestamp(value)
            else "is not an ISO 8601 timestamp"
        )
    if isinstance(kind, DateType):
        return None if isinstance(value, str) and _is_date(value) else "is not a YYYY-MM-DD date"
    if isinstance(kind, JSONType):
        return None
    if isinstance(kind, DirectRelationType):
        ok = (
            isinstance(value, dict)
            and isinstance(value.get("space"), str)
            and isinstance(value.get("externalId", value.get("external_id")), str)
        )
        return None if ok else "is not a node reference {space, externalId}"
    if isinstance(kind, EnumType):
        return (
            None
            if isinstance(value, str) and value in kind.values
            else "is not one of the enum's values"
        )
    return None


def _is_timestamp(value: str) -> bool:
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def check_auto_increment(ctx: ValidationContext) -> None:
    """PYG045: autoIncrement only applies to single int32/int64 properties; otherwise ignored."""
    for view, prop_id, prop, quiet in _mapped(ctx):
        if not prop.auto_increment:
            continue
        kind = prop.type
        if isinstance(kind, Int32Type | Int64Type) and not kind.list:
            continue
        copy = ctx.edit(view).properties[prop_id]
        assert isinstance(copy, MappedProperty)
        copy.auto_increment = False
        if not quiet:
            ctx.report(
                "PYG045",
                location(view, prop_id),
                f"Property {prop_id!r} is autoIncrement but of type {kind.type}"
                + (" (a list)" if isinstance(kind, ListablePropertyType) and kind.list else "")
                + "; autoIncrement is ignored.",
                "autoIncrement works on single int32 and int64 properties only.",
            )

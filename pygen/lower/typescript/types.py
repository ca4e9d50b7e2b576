"""IR types to TypeScript types: the read form, the write form and the filter options."""

from __future__ import annotations

from pygen.ir import IREnum, IRList, IRPrimitive, IRProperty, IRReference, IRViewId
from ts_emitter import factory as f
from ts_emitter import nodes as n

from .context import Context, Here, runtime
from .naming import class_name

_NUMBER = frozenset({"int32", "int64", "float32", "float64"})
_STRING = frozenset({"text", "timeseries", "file", "sequence"})


def item_of(prop: IRProperty) -> IRPrimitive | IREnum | IRReference:
    """The type of one value of ``prop``."""
    return prop.type.item if isinstance(prop.type, IRList) else prop.type


def scalar(ctx: Context, prop: IRProperty, here: Here) -> n.TypeNode:
    """The type of one value (read form: a relation is an ``InstanceId``), used ``here``."""
    item = item_of(prop)
    if isinstance(item, IRPrimitive):
        if item.kind in _STRING:
            return f.string()
        if item.kind in _NUMBER:
            return f.number()
        if item.kind == "boolean":
            return f.boolean()
        if item.kind == "timestamp":
            return f.ref("Date")
        if item.kind == "date":
            return f.ref(runtime("DateString"))
        return f.ref(runtime("JsonValue"))
    if isinstance(item, IREnum):
        return f.ref(ctx.enum_type(prop, here))
    return f.ref(runtime("InstanceId"))


def is_json(prop: IRProperty) -> bool:
    """A ``json`` property: ``JsonValue`` holds ``null`` already."""
    return isinstance(prop.type, IRPrimitive) and prop.type.kind == "json"


def expandable(ctx: Context, target: IRViewId | None, here: Here) -> n.TypeNode:
    """``Expandable<Site>`` (``InstanceId | Site``) for a relation to a class of the model: an
    id, or the read object when read with ``expand``; ``InstanceId`` for any other target."""
    cls = ctx.class_of(target)
    if cls is None:
        return f.ref(runtime("InstanceId"))
    return f.ref(runtime("Expandable"), f.ref(ctx.refer(class_name(cls), cls, here)))


def read_type(ctx: Context, prop: IRProperty, here: Here) -> n.TypeNode:
    """``string``, ``number[] | null``, ``Expandable<Site> | null``, ``JsonValue`` ..."""
    item = item_of(prop)
    if isinstance(item, IRReference):
        value = expandable(ctx, item.target, here)
    else:
        value = scalar(ctx, prop, here)
    if isinstance(prop.type, IRList):
        value = f.array_of(value)
    elif is_json(prop):
        return value
    return f.union(value, f.null()) if prop.nullable else value


def write_type(ctx: Context, prop: IRProperty, here: Here) -> n.TypeNode:
    """The write form: lists are ``readonly``; a relation also takes the target's write object
    and a bare external id (in the client's ``instanceSpace``)."""
    item = item_of(prop)
    value = scalar(ctx, prop, here)
    if isinstance(item, IRReference):
        target = ctx.write_of(item.target, here)
        value = f.union(value, *([f.ref(target)] if target else []), f.string())
    if isinstance(prop.type, IRList):
        value = f.readonly_(f.array_of(value))
    elif is_json(prop):
        return value
    return f.union(value, f.null()) if prop.nullable else value


def write_optional(prop: IRProperty) -> bool:
    """Whether a write object may leave the field out: unless it is required."""
    return not prop.required

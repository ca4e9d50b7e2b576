"""IR types to TypeScript types: the read form, the write form and the filter options."""

from __future__ import annotations

from pygen.ir import IREnum, IRList, IRPrimitive, IRProperty, IRReference
from ts_emitter import Symbol
from ts_emitter import factory as f
from ts_emitter import nodes as n

from .context import DATA_CLASSES, Context, enum_key, runtime

_NUMBER = frozenset({"int32", "int64", "float32", "float64"})
_STRING = frozenset({"text", "timeseries", "file", "sequence"})


def item_of(prop: IRProperty) -> IRPrimitive | IREnum | IRReference:
    """The type of one value of ``prop``."""
    return prop.type.item if isinstance(prop.type, IRList) else prop.type


def scalar(ctx: Context, prop: IRProperty, module: str | None = None) -> n.TypeNode:
    """The type of one value (read form: a relation is an ``InstanceId``). ``module`` is where
    the type is used from (``None``: ``dataClasses.ts`` itself)."""
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
        return f.ref(local(ctx.enums[enum_key(prop)][0], module))
    return f.ref(runtime("InstanceId"))


def local(name: str, module: str | None) -> Symbol | str:
    """A name of ``dataClasses.ts``: plain inside it, imported elsewhere."""
    return name if module is None else Symbol(name, DATA_CLASSES)


def is_json(prop: IRProperty) -> bool:
    """A ``json`` property: ``JsonValue`` holds ``null`` already."""
    return isinstance(prop.type, IRPrimitive) and prop.type.kind == "json"


def read_type(ctx: Context, prop: IRProperty) -> n.TypeNode:
    """``string``, ``number[] | null``, ``InstanceId | null``, ``JsonValue`` ..."""
    value = scalar(ctx, prop)
    if isinstance(prop.type, IRList):
        value = f.array_of(value)
    elif is_json(prop):
        return value
    return f.union(value, f.null()) if prop.nullable else value


def write_type(ctx: Context, prop: IRProperty) -> n.TypeNode:
    """The write form: lists are ``readonly``; a relation also takes the target's write object
    and a bare external id (in the client's ``instanceSpace``)."""
    item = item_of(prop)
    value = scalar(ctx, prop)
    if isinstance(item, IRReference):
        target = ctx.write_of(item.target)
        value = f.union(value, *([f.ref(target)] if target else []), f.string())
    if isinstance(prop.type, IRList):
        value = f.readonly_(f.array_of(value))
    elif is_json(prop):
        return value
    return f.union(value, f.null()) if prop.nullable else value


def write_optional(prop: IRProperty) -> bool:
    """Whether a write object may leave the field out: unless it is required."""
    return not prop.required

"""IR types to Python annotations (read, write and filter forms)."""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst

from pygen.ir import IRClass, IREnum, IRList, IRPrimitive, IRProperty, IRReference, IRViewId

from . import _cst
from .imports import ImportCollector
from .naming import class_name, write_name

RUNTIME = "pygen_runtime"

_PRIMITIVES: dict[str, tuple[str, str]] = {
    "text": ("", "str"),
    "boolean": ("", "bool"),
    "int32": ("", "int"),
    "int64": ("", "int"),
    "float32": ("", "float"),
    "float64": ("", "float"),
    "timestamp": ("datetime", "datetime"),
    "date": ("datetime", "date"),
    "json": ("pydantic", "JsonValue"),
    "timeseries": ("", "str"),
    "file": ("", "str"),
    "sequence": ("", "str"),
}


class TypeMapper:
    """Maps IR types to annotation nodes, recording the imports they need.

    Args:
        imports: Where to record imports.
        enum_aliases: The ``Literal`` alias of each enum, by (container, container property).
        classes: Every class of the model, for relation targets.
    """

    def __init__(
        self,
        imports: ImportCollector,
        enum_aliases: Mapping[tuple[str, str, str], str],
        classes: Mapping[IRViewId, IRClass],
    ) -> None:
        self.imports = imports
        self.enum_aliases = enum_aliases
        self.classes = classes

    def scalar(
        self, prop: IRProperty, item: IRPrimitive | IREnum | IRReference
    ) -> cst.BaseExpression:
        """The type of one value (read form: relations as ``InstanceId``)."""
        if isinstance(item, IRPrimitive):
            module, type_name = _PRIMITIVES[item.kind]
            if module:
                return self.imports.use(module, type_name)
            return _cst.name(type_name)
        if isinstance(item, IREnum):
            return _cst.name(self.enum_aliases[enum_key(prop)])
        return self.imports.use(RUNTIME, "InstanceId")

    def read(self, prop: IRProperty) -> cst.BaseExpression:
        """The read annotation: ``str``, ``list[int] | None``, ``Expandable[Site] | None`` ...

        A direct relation whose target is a node class of the model reads as
        ``Expandable[Target]`` (an id, or the object when read with ``expand``); one without a
        known target stays ``InstanceId``."""
        item = _item(prop)
        value = self.scalar(prop, item)
        if isinstance(item, IRReference):
            value = self.expandable(item.target) or value
        return self._annotation(prop, value, optional=prop.nullable)

    def expandable(self, target: IRViewId | None) -> cst.BaseExpression | None:
        """``Expandable[Target]`` when ``target`` is a node class of the model, else ``None``."""
        cls = self.classes.get(target) if target is not None else None
        if cls is None or cls.kind == "edge":
            return None
        return _cst.subscript(self.imports.use(RUNTIME, "Expandable"), _cst.name(class_name(cls)))

    def write(self, prop: IRProperty) -> cst.BaseExpression:
        """The write annotation: relations also accept the target's write object, and a bare
        external id (``str``, in the client's instance space)."""
        item = _item(prop)
        value = self.scalar(prop, item)
        if isinstance(item, IRReference):
            value = _cst.binary_or([value, *self.write_targets(item.target), _cst.name("str")])
        # required: a value must be given; not nullable with a default: the default stands in
        optional = not prop.required and (prop.nullable or prop.default_json is None)
        return self._annotation(prop, value, optional=optional)

    def write_targets(self, target: IRViewId | None) -> list[cst.BaseExpression]:
        """The write class of ``target`` (when it is a writable class of the model)."""
        cls = self.classes.get(target) if target is not None else None
        if cls is None or not cls.writable:
            return []
        return [_cst.name(write_name(cls))]

    def _annotation(
        self, prop: IRProperty, value: cst.BaseExpression, *, optional: bool
    ) -> cst.BaseExpression:
        is_json = isinstance(prop.type, IRPrimitive) and prop.type.kind == "json"
        if isinstance(prop.type, IRList):
            value = _cst.subscript("list", value)
        elif is_json:
            return value  # JsonValue includes None
        return _cst.binary_or([value, _cst.name("None")]) if optional else value


def enum_key(prop: IRProperty) -> tuple[str, str, str]:
    """Enums are shared by every view mapping the same container property."""
    return (prop.container.space, prop.container.external_id, prop.container_property)


def _item(prop: IRProperty) -> IRPrimitive | IREnum | IRReference:
    return prop.type.item if isinstance(prop.type, IRList) else prop.type

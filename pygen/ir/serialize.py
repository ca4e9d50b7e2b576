"""The IR as JSON and back, through cattrs (snapshots, ``pygen inspect --format ir-json``, and the
IR handed to a generation worker).

:func:`to_dict` / :func:`to_json` turn any node into plain data; :func:`ir_to_json` wraps a whole
:class:`~pygen.ir.IRModel` in a versioned envelope and :func:`ir_from_json` reads it back, equal
to the original (``ir_from_json(ir_to_json(ir)) == ir``). The rules (see ``docs/ir.md``):

* a node is an object of its fields, by field name; identifiers too (``{"space": ...,
  "external_id": ..., "version": ...}``);
* a field at an empty default (``None``, an empty language map, an empty list) is left out;
  every other field, booleans included, is written;
* language maps are objects (``{"python": "type_"}``), tuples are lists;
* type nodes (:data:`~pygen.ir.IRType` and a list's item) carry their class under ``"node"``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn, override
from cattrs.strategies import configure_tagged_union
from cattrs.v import format_exception

from . import nodes
from .nodes import IREnum, IRList, IRModel, IRPrimitive, IRReference, IRType, LanguageMap

__all__ = ["IR_JSON_FORMAT", "IR_JSON_VERSION", "ir_from_json", "ir_to_json", "to_dict", "to_json"]

IR_JSON_FORMAT = "pygen-ir"
"""The ``format`` of the envelope :func:`ir_to_json` writes."""

IR_JSON_VERSION = 1
"""The ``version`` of the envelope: raised when a field is renamed, removed or changes meaning
(adding a field with an empty default keeps it). :func:`ir_from_json` reads this version only."""

_ITEM = IRPrimitive | IREnum | IRReference
_TYPES = (IRPrimitive, IREnum, IRReference, IRList)
_EMPTY: tuple[object, ...] = (None, (), LanguageMap())


def _is_language_map(kind: Any) -> bool:
    return kind is LanguageMap or get_origin(kind) is LanguageMap


def _is_node(kind: Any) -> bool:
    return attrs.has(kind) and not _is_language_map(kind)


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(unstruct_collection_overrides={tuple: list})

    def unstructure_map(kind: Any) -> Callable[[LanguageMap[Any]], dict[str, Any]]:
        (value,) = get_args(kind) or (Any,)
        if value is str:
            return lambda names: dict(names.entries)
        inner = converter.get_unstructure_hook(value)
        return lambda mapping: {language: inner(item) for language, item in mapping.entries}

    def structure_map(kind: Any) -> Callable[[Any, Any], LanguageMap[Any]]:
        (value,) = get_args(kind) or (Any,)
        inner = converter.get_structure_hook(value)

        def structure(data: Any, _: Any) -> LanguageMap[Any]:
            if not isinstance(data, dict):
                raise TypeError(f"a language map is an object, not {type(data).__name__}")
            return LanguageMap(tuple((key, inner(item, value)) for key, item in data.items()))

        return structure

    def unstructure_node(cls: Any) -> Callable[[Any], dict[str, Any]]:
        skip: dict[str, Any] = {
            field.name: override(omit_if_default=True)
            for field in attrs.fields(cls)
            if any(field.default is empty or field.default == empty for empty in _EMPTY)
        }
        return make_dict_unstructure_fn(cls, converter, **skip)

    for cls in vars(nodes).values():
        if attrs.has(cls):
            attrs.resolve_types(cls)
    converter.register_unstructure_hook_factory(_is_node, unstructure_node)
    converter.register_unstructure_hook_factory(_is_language_map, unstructure_map)
    converter.register_structure_hook_factory(_is_language_map, structure_map)
    for union in (_ITEM, IRType):
        configure_tagged_union(
            union, converter, tag_generator=lambda cls: cls.__name__, tag_name="node"
        )
    return converter


_CONVERTER = _make_converter()


def to_dict(node: Any) -> Any:
    """Turn an IR node (or a tuple of them) into JSON-ready data, by the rules above."""
    if isinstance(node, _TYPES):
        return _CONVERTER.unstructure(node, unstructure_as=IRType)
    return _CONVERTER.unstructure(node)


def to_json(node: Any, *, indent: int | None = 2) -> str:
    """:func:`to_dict` as JSON text (UTF-8 kept, final newline)."""
    return json.dumps(to_dict(node), indent=indent, ensure_ascii=False) + "\n"


def _reason(exc: BaseException, kind: type | None) -> str:
    """A node's own check says what is wrong; cattrs' wording is kept for the rest."""
    if type(exc) is ValueError and str(exc).startswith("invalid "):
        return str(exc)
    return format_exception(exc, kind)


def ir_to_json(ir: IRModel, *, indent: int | None = None) -> str:
    """The whole IR as JSON: ``{"format": "pygen-ir", "version": 1, "ir": {...}}``.
    :func:`ir_from_json` reads it back into an equal :class:`IRModel`."""
    envelope = {"format": IR_JSON_FORMAT, "version": IR_JSON_VERSION, "ir": to_dict(ir)}
    return json.dumps(envelope, indent=indent, ensure_ascii=False) + "\n"


def ir_from_json(text: str | bytes) -> IRModel:
    """The :class:`IRModel` :func:`ir_to_json` wrote.

    Raises:
        ValueError: not JSON, not this format or version, or not a valid IR (the message names
            the first fields at fault).
    """
    try:
        envelope = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"IR JSON: not JSON ({exc})") from None
    if not isinstance(envelope, dict) or envelope.get("format") != IR_JSON_FORMAT:
        raise ValueError(
            f'IR JSON: not a pygen IR (expected {{"format": "{IR_JSON_FORMAT}", ...}})'
        )
    version = envelope.get("version")
    if version != IR_JSON_VERSION:
        raise ValueError(
            f"IR JSON: version {version!r} is not readable by this pygen (it reads version "
            f"{IR_JSON_VERSION}); write the IR again with this pygen's ir_to_json"
        )
    try:
        return _CONVERTER.structure(envelope.get("ir"), IRModel)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
        # cattrs groups every failure; name the first few, with the node's own message
        details = (
            cattrs.transform_error(exc, path="ir", format_exception=_reason)
            if isinstance(exc, cattrs.BaseValidationError)
            else [str(exc)]
        )
        shown = "; ".join(details[:3]) + (
            f" (and {len(details) - 3} more)" if len(details) > 3 else ""
        )
        raise ValueError(f"IR JSON: not a valid IR: {shown}") from None

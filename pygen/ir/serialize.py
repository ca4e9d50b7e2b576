"""The IR as plain data (for snapshots, debugging and ``--format json`` outputs)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from .nodes import (
    IRContainerId,
    IRDataModelId,
    IREnum,
    IRList,
    IRNodeId,
    IRPrimitive,
    IRReference,
    IRViewId,
    LanguageMap,
)

__all__ = ["to_dict", "to_json"]

_TAGGED = (IRPrimitive, IREnum, IRReference, IRList)
_IDS = (IRViewId, IRNodeId, IRContainerId, IRDataModelId)


def to_dict(node: Any) -> Any:
    """Turn an IR node into JSON-ready data.

    Identifiers become their text form (``space:externalId(version=1)``), language maps become
    objects, tuples become lists, ``None`` fields, empty language maps and empty fields marked
    ``omit_empty`` are left out, and type nodes carry their class
    under ``"node"``.
    """
    if isinstance(node, _IDS):
        return str(node)
    if isinstance(node, LanguageMap):
        return {language: to_dict(value) for language, value in node.items()}
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        out: dict[str, Any] = {"node": type(node).__name__} if isinstance(node, _TAGGED) else {}
        for field in dataclasses.fields(node):
            value = getattr(node, field.name)
            if value is None or (isinstance(value, LanguageMap) and not value):
                continue
            if field.metadata.get("omit_empty") and not value:
                continue
            out[field.name] = to_dict(value)
        return out
    if isinstance(node, tuple | list):
        return [to_dict(item) for item in node]
    return node


def to_json(node: Any, *, indent: int | None = 2) -> str:
    """:func:`to_dict` as JSON text (UTF-8 kept, final newline)."""
    return json.dumps(to_dict(node), indent=indent, ensure_ascii=False) + "\n"

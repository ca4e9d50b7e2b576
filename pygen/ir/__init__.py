"""The intermediate representation between DMS models and the code generators.

``parse(model)`` translates a (validated) data model into IR nodes; ``transform(ir)`` resolves
references, flattens inheritance and names everything per target language; ``build_ir(model)``
validates, parses and transforms in one call. Language-neutral: see ``docs/ir.md``.

The JSON form (:mod:`pygen.ir.serialize`, through cattrs) is imported on first use: a
``pygen generate`` never needs it (14 ms of every run's start).
"""

from typing import TYPE_CHECKING, Any

from .build import build_ir
from .hashing import canonical_json, source_hash
from .nodes import (
    PRIMITIVE_KINDS,
    ClassKind,
    Direction,
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
    IRType,
    IRViewId,
    LanguageMap,
    PrimitiveKind,
    RelationshipKind,
)
from .parse import parse, view_id
from .transform import transform

if TYPE_CHECKING:
    from .serialize import IR_JSON_VERSION, ir_from_json, ir_to_json, to_dict, to_json

_SERIALIZE = frozenset({"IR_JSON_VERSION", "ir_from_json", "ir_to_json", "to_dict", "to_json"})


def __getattr__(name: str) -> Any:
    if name in _SERIALIZE:
        from . import serialize

        return getattr(serialize, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "IR_JSON_VERSION",
    "PRIMITIVE_KINDS",
    "ClassKind",
    "Direction",
    "IRClass",
    "IRContainerId",
    "IRDataModelId",
    "IREnum",
    "IREnumValue",
    "IRList",
    "IRMetadata",
    "IRModel",
    "IRModule",
    "IRNodeId",
    "IRPrimitive",
    "IRProperty",
    "IRReference",
    "IRRelationship",
    "IRThrough",
    "IRType",
    "IRViewId",
    "LanguageMap",
    "PrimitiveKind",
    "RelationshipKind",
    "build_ir",
    "canonical_json",
    "ir_from_json",
    "ir_to_json",
    "parse",
    "source_hash",
    "to_dict",
    "to_json",
    "transform",
    "view_id",
]

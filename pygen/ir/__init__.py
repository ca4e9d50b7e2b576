"""The intermediate representation between DMS models and the code generators.

``parse(model)`` translates a (validated) data model into IR nodes; ``transform(ir)`` resolves
references, flattens inheritance and names everything per target language; ``build_ir(model)``
validates, parses and transforms in one call. Language-neutral: see ``docs/ir.md``.
"""

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
from .serialize import IR_JSON_VERSION, ir_from_json, ir_to_json, to_dict, to_json
from .transform import transform

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

"""Names in generated code: casing, reserved words, runtime names, and unique allocation.

Shared by :mod:`pygen.validation` (which reports renames and clashes) and :mod:`pygen.ir`
(which stores the names per target language). See ``docs/ir.md`` (Naming).
"""

from .casing import Case, is_plain_identifier, split_words, to_camel, to_case, to_pascal, to_snake
from .conventions import (
    DEFAULT_CONVENTIONS,
    DERIVED_ROLES,
    FILTER_KINDS,
    PYTHON,
    TYPESCRIPT,
    ClassFilterKind,
    ClassKind,
    DerivedRole,
    FilterKind,
    FilterShape,
    NameRole,
    NamingConvention,
    python_convention,
    typescript_convention,
)
from .filters import scalar_filter_shape
from .plan import (
    ClassSpec,
    EnumKey,
    NameAllocator,
    NameEvent,
    NameEventKind,
    NamePlan,
    ViewKey,
    plan_names,
)
from .runtime import RUNTIME_NAMES, RuntimeNames

__all__ = [
    "DEFAULT_CONVENTIONS",
    "DERIVED_ROLES",
    "FILTER_KINDS",
    "PYTHON",
    "RUNTIME_NAMES",
    "TYPESCRIPT",
    "Case",
    "ClassFilterKind",
    "ClassKind",
    "ClassSpec",
    "DerivedRole",
    "EnumKey",
    "FilterKind",
    "FilterShape",
    "NameAllocator",
    "NameEvent",
    "NameEventKind",
    "NamePlan",
    "NameRole",
    "NamingConvention",
    "RuntimeNames",
    "ViewKey",
    "is_plain_identifier",
    "plan_names",
    "python_convention",
    "scalar_filter_shape",
    "split_words",
    "to_camel",
    "to_case",
    "to_pascal",
    "to_snake",
    "typescript_convention",
]

"""Naming conventions: how a CDF name becomes a class, member or module name in one language.

A :class:`NamingConvention` converts a single name (casing, transliteration, a prefix for names
that start with a digit) and knows which names are reserved. Making names *unique* is the job
of :func:`pygen.naming.plan.plan_names`, which applies conventions per scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .casing import Case, to_case
from .reserved import (
    PYTHON_RESERVED_CLASS_NAMES,
    PYTHON_RESERVED_MEMBER_NAMES,
    PYTHON_RESERVED_MODULE_NAMES,
    TYPESCRIPT_RESERVED_CLASS_NAMES,
    TYPESCRIPT_RESERVED_MEMBER_NAMES,
    TYPESCRIPT_RESERVED_MODULE_NAMES,
)
from .runtime import RUNTIME_NAMES, RuntimeNames

__all__ = [
    "DEFAULT_CONVENTIONS",
    "PYTHON",
    "TYPESCRIPT",
    "ClassKind",
    "NameRole",
    "NamingConvention",
    "python_convention",
    "typescript_convention",
]

ClassKind = Literal["node", "edge", "both"]
"""What instances a generated class describes: nodes, edges, or both (``usedFor: all``)."""

NameRole = Literal["class", "member", "module"]
"""The three kinds of names a convention hands out."""

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True, slots=True, kw_only=True)
class NamingConvention:
    """The naming rules of one target language.

    Attributes:
        language: The key under which names are stored in the IR (``"python"``).
        label: The language's name for messages (``"Python"``).
        class_case: Casing of class / type names.
        member_case: Casing of fields and members.
        module_case: Casing of module (file) names.
        reserved_classes: Class names that get the escape suffix (keywords, shadowed builtins).
        reserved_members: Member names that get the escape suffix.
        reserved_modules: Module names that get the escape suffix.
        runtime_classes: Class names the runtime uses (escaped, reported as a runtime clash).
        runtime_node_members: Members node classes inherit from the runtime.
        runtime_edge_members: Members edge classes inherit from the runtime.
        derived_class_suffixes: Suffixes of the classes generated per view (``PumpWrite``);
            a view class may not take a name another view's derived class uses.
        escape_suffix: Appended to a reserved name (``type`` -> ``type_``).
        class_fallback: Prefix for class names that would start with a digit, and the name
            used when nothing of the CDF name survives conversion.
        member_fallback: The same for members.
        module_fallback: The same for modules.
    """

    language: str
    label: str
    class_case: Case
    member_case: Case
    module_case: Case
    reserved_classes: frozenset[str]
    reserved_members: frozenset[str]
    reserved_modules: frozenset[str]
    runtime_classes: frozenset[str]
    runtime_node_members: frozenset[str]
    runtime_edge_members: frozenset[str]
    derived_class_suffixes: tuple[str, ...] = ("Write", "List", "WriteList", "API", "Filters")
    escape_suffix: str = "_"
    class_fallback: str = "View"
    member_fallback: str = "field"
    module_fallback: str = "module"

    def case_of(self, role: NameRole) -> Case:
        """The casing used for names of ``role``."""
        if role == "class":
            return self.class_case
        if role == "member":
            return self.member_case
        return self.module_case

    def convert(self, raw: str, role: NameRole) -> str:
        """Convert a CDF name to an identifier for ``role`` (no reserved-word or clash handling).

        The result is always a valid ASCII identifier: words are re-cased, a name that would
        start with a digit gets the role's fallback as a prefix (``2ndValue`` ->
        ``field_2nd_value``), and a name with no usable character becomes the fallback itself.
        """
        if role == "class":
            return _convert(raw, self.class_case, self.class_fallback)
        if role == "member":
            return _convert(raw, self.member_case, self.member_fallback)
        return _convert(raw, self.module_case, self.module_fallback)

    def reserved(self, role: NameRole) -> frozenset[str]:
        """The names that get the escape suffix in ``role``."""
        if role == "class":
            return self.reserved_classes
        if role == "member":
            return self.reserved_members
        return self.reserved_modules

    def runtime_members(self, kind: ClassKind) -> frozenset[str]:
        """Members a class of ``kind`` inherits from the runtime."""
        if kind == "node":
            return self.runtime_node_members
        if kind == "edge":
            return self.runtime_edge_members
        return self.runtime_node_members | self.runtime_edge_members

    def escape(self, name: str) -> str:
        """Escape a reserved name (``type`` -> ``type_``)."""
        return name + self.escape_suffix

    def numbered(self, name: str, number: int, role: NameRole) -> str:
        """The ``number``-th variant of a clashing name: ``my_prop_2``, ``myProp2``, ``MyView2``."""
        separator = "_" if self.case_of(role) == "snake" else ""
        return f"{name}{separator}{number}"

    def derived_class_names(self, name: str) -> tuple[str, ...]:
        """The other classes generated for a view class named ``name`` (``PumpWrite`` ...)."""
        return tuple(name + suffix for suffix in self.derived_class_suffixes)


@lru_cache(maxsize=1 << 16)
def _convert(raw: str, case: Case, fallback: str) -> str:
    name = to_case(raw, case)
    if not name:
        name = to_case(fallback, case)
    elif name[0].isdigit():
        prefix = to_case(fallback, case)
        name = f"{prefix}_{name}" if case == "snake" else prefix + name
    if not _IDENTIFIER.fullmatch(name):
        raise AssertionError(f"not an identifier: {name!r} (from {raw!r})")
    return name


def _members(
    names: RuntimeNames, case: Case, kind: ClassKind, extra: frozenset[str]
) -> frozenset[str]:
    groups = names.instance_fields | names.methods
    groups |= names.node_fields if kind == "node" else names.edge_fields
    return frozenset(to_case(name, case) for name in groups) | extra


def python_convention(runtime: RuntimeNames = RUNTIME_NAMES) -> NamingConvention:
    """Python: PascalCase classes, snake_case fields and modules; keywords and builtin type names
    get a trailing ``_``."""
    return NamingConvention(
        language="python",
        label="Python",
        class_case="pascal",
        member_case="snake",
        module_case="snake",
        reserved_classes=PYTHON_RESERVED_CLASS_NAMES,
        reserved_members=PYTHON_RESERVED_MEMBER_NAMES,
        reserved_modules=PYTHON_RESERVED_MODULE_NAMES,
        runtime_classes=runtime.classes,
        runtime_node_members=_members(runtime, "snake", "node", runtime.python_members),
        runtime_edge_members=_members(runtime, "snake", "edge", runtime.python_members),
    )


def typescript_convention(runtime: RuntimeNames = RUNTIME_NAMES) -> NamingConvention:
    """TypeScript: PascalCase types, camelCase members and modules; reserved words and global
    types are escaped only where they would be declared (types), not as members."""
    return NamingConvention(
        language="typescript",
        label="TypeScript",
        class_case="pascal",
        member_case="camel",
        module_case="camel",
        reserved_classes=TYPESCRIPT_RESERVED_CLASS_NAMES,
        reserved_members=TYPESCRIPT_RESERVED_MEMBER_NAMES,
        reserved_modules=TYPESCRIPT_RESERVED_MODULE_NAMES,
        runtime_classes=runtime.classes,
        runtime_node_members=_members(runtime, "camel", "node", frozenset()),
        runtime_edge_members=_members(runtime, "camel", "edge", frozenset()),
    )


PYTHON = python_convention()
"""The Python naming convention."""

TYPESCRIPT = typescript_convention()
"""The TypeScript naming convention."""

DEFAULT_CONVENTIONS: tuple[NamingConvention, ...] = (PYTHON, TYPESCRIPT)
"""The conventions validation checks and the IR transform applies by default."""

"""Naming conventions: how a CDF name becomes a class, member or module name in one language.

A :class:`NamingConvention` converts a single name (casing, transliteration, a prefix for names
that start with a digit) and knows which names are reserved. Making names *unique* is the job
of :func:`pygen.naming.plan.plan_names`, which applies conventions per scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

from .casing import Case, split_words, to_camel, to_case, to_pascal, to_snake
from .reserved import (
    PYTHON_CLIENT_MEMBERS,
    PYTHON_KEYWORDS,
    PYTHON_MODULE_NAMES,
    PYTHON_RESERVED_CLASS_NAMES,
    PYTHON_RESERVED_MEMBER_NAMES,
    PYTHON_RESERVED_MODULE_NAMES,
    PYTHON_RESERVED_PACKAGES,
    TYPESCRIPT_CLIENT_MEMBERS,
    TYPESCRIPT_MODULE_NAMES,
    TYPESCRIPT_RESERVED_CLASS_NAMES,
    TYPESCRIPT_RESERVED_MEMBER_NAMES,
    TYPESCRIPT_RESERVED_MODULE_NAMES,
)
from .runtime import RUNTIME_NAMES, RuntimeNames

__all__ = [
    "DEFAULT_CONVENTIONS",
    "DERIVED_ROLES",
    "PYTHON",
    "TYPESCRIPT",
    "BaseRole",
    "ClassKind",
    "DerivedRole",
    "NameRole",
    "NamingConvention",
    "python_convention",
    "typescript_convention",
]

ClassKind = Literal["node", "edge", "both"]
"""What instances a generated class describes: nodes, edges, or both (``usedFor: all``)."""

BaseRole = Literal["class", "member", "module"]
"""The names made straight from a CDF name: classes, members and modules."""

DerivedRole = Literal[
    "view_constant",
    "spec_constant",
    "enum_alias",
    "filter_function",
    "sort_alias",
    "client_attribute",
    "client",
    "package",
]
"""Names derived from other names: a view's constant (``PUMP_VIEW``), an edge or reverse spec
constant (``PUMP_CONNECTED_TO``), an enum's ``Literal`` alias (``PumpStatus``), a view's filter
function (``_pump_filter``), the ``Literal`` of the names a view sorts by (``PumpSortField``),
the client's attribute for a view (``pump``), the client class
(``ExampleModelClient``) and the package (``example_model``)."""

NameRole = Literal[BaseRole, DerivedRole]
"""Every kind of name a convention hands out."""

DERIVED_ROLES: tuple[DerivedRole, ...] = get_args(DerivedRole)

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
        derived_patterns: Per derived role, how the name is made from its owner's name (a
            class name, or for ``client`` and ``package`` the model's externalId) and, for
            ``spec_constant`` and ``enum_alias``, the member's name. Placeholders: ``{CLASS}``
            (UPPER_SNAKE), ``{class}`` (snake), ``{Class}`` (Pascal), ``{cLass}`` (camel), and
            ``{MEMBER}``, ``{member}``, ``{Member}``, ``{mEmber}`` for the member.
        module_names: Names generated modules import or use at module level (runtime classes,
            typing names, builtins in annotations, ``__all__`` ...): no generated name takes them.
        client_members: The client class's own attributes and methods.
        reserved_attributes: Client attribute names that get the escape suffix (keywords).
        reserved_packages: Package names that would shadow a module the SDK or its users import
            (keywords, the standard library, the SDK's dependencies): they get
            ``package_suffix``.
        package_suffix: Appended to a shadowing package name (``typing`` -> ``typing_sdk``).
        package_fallback: The package name when nothing of the model's externalId survives.
        class_modules: Whether the language puts each class in a module of its own (named by
            the plan); Python generates a fixed set of modules and plans no module names.
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
    derived_patterns: tuple[tuple[DerivedRole, str], ...] = ()
    module_names: frozenset[str] = frozenset()
    client_members: frozenset[str] = frozenset()
    reserved_attributes: frozenset[str] = frozenset()
    reserved_packages: frozenset[str] = frozenset()
    package_suffix: str = "_sdk"
    package_fallback: str = "data_model"
    class_modules: bool = True

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

    def pattern(self, role: DerivedRole) -> str:
        """The pattern of a derived role (``{CLASS}_VIEW``)."""
        for known, pattern in self.derived_patterns:
            if known == role:
                return pattern
        raise KeyError(f"{self.label} has no pattern for {role}")

    def derive(self, role: DerivedRole, owner: str, member: str = "") -> str:
        """The candidate name of ``role`` for ``owner`` (and ``member``), before uniqueness.

        ``owner`` is a generated class name, or the model's externalId for ``client`` and
        ``package``; an owner with no usable character gives the package fallback's words.
        The result is always an identifier (a leading digit gets the fallback as a prefix).
        """
        if not split_words(owner):
            owner = self.package_fallback
        return _derive(self.pattern(role), owner, member, self.package_fallback)

    def numbered_derived(self, name: str, number: int, role: DerivedRole) -> str:
        """The ``number``-th variant of a clashing derived name: ``PUMP_VIEW_2``,
        ``PumpStatus2``; in camelCase languages ``pumpView2``."""
        pascal = self.pattern(role).startswith("{Class}")
        separator = "_" if self.member_case == "snake" and not pascal else ""
        return f"{name}{separator}{number}"


@lru_cache(maxsize=1 << 16)
def _derive(pattern: str, owner: str, member: str, fallback: str) -> str:
    values = {
        "CLASS": to_snake(owner).upper(),
        "class": to_snake(owner),
        "Class": to_pascal(owner),
        "cLass": to_camel(owner),
        "MEMBER": to_snake(member).upper(),
        "member": to_snake(member),
        "Member": to_pascal(member),
        "mEmber": to_camel(member),
    }
    name = pattern.format(**values)
    if name[:1].isdigit():
        first = pattern[1:6]  # the placeholder the name starts with
        prefix = {"CLASS": to_snake(fallback).upper() + "_", "class": to_snake(fallback) + "_"}
        prefix["cLass"], prefix["Class"] = to_camel(fallback), to_pascal(fallback)
        name = prefix.get(first, to_pascal(fallback)) + name
    if not _IDENTIFIER.fullmatch(name):
        raise AssertionError(f"not an identifier: {name!r} (from {pattern!r}, {owner!r})")
    return name


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
        derived_patterns=(
            ("view_constant", "{CLASS}_VIEW"),
            ("spec_constant", "{CLASS}_{MEMBER}"),
            ("enum_alias", "{Class}{Member}"),
            ("filter_function", "_{class}_filter"),
            ("sort_alias", "{Class}SortField"),
            ("client_attribute", "{class}"),
            ("client", "{Class}Client"),
            ("package", "{class}"),
        ),
        module_names=PYTHON_MODULE_NAMES | runtime.classes,
        client_members=PYTHON_CLIENT_MEMBERS,
        reserved_attributes=PYTHON_KEYWORDS,
        reserved_packages=PYTHON_RESERVED_PACKAGES,
        class_modules=False,
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
        derived_patterns=(
            ("view_constant", "{cLass}View"),
            ("spec_constant", "{cLass}{Member}"),
            ("enum_alias", "{Class}{Member}"),
            ("filter_function", "{cLass}Filter"),
            ("sort_alias", "{Class}SortField"),
            ("client_attribute", "{cLass}"),
            ("client", "{Class}Client"),
            ("package", "{cLass}"),
        ),
        module_names=TYPESCRIPT_MODULE_NAMES | runtime.classes,
        client_members=TYPESCRIPT_CLIENT_MEMBERS,
        reserved_attributes=frozenset({"constructor", "__proto__"}),
        reserved_packages=TYPESCRIPT_RESERVED_MODULE_NAMES,
        package_fallback="dataModel",
    )


PYTHON = python_convention()
"""The Python naming convention."""

TYPESCRIPT = typescript_convention()
"""The TypeScript naming convention."""

DEFAULT_CONVENTIONS: tuple[NamingConvention, ...] = (PYTHON, TYPESCRIPT)
"""The conventions validation checks and the IR transform applies by default."""

"""Naming conventions: how a CDF name becomes a class, member or module name in one language.

A :class:`NamingConvention` converts a single name (casing, transliteration, a prefix for names
that start with a digit) and knows which names are reserved. Making names *unique* is the job
of :func:`pygen.naming.plan.plan_names`, which applies conventions per scope.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

from .casing import Case, split_words, to_camel, to_case, to_pascal, to_snake
from .reserved import (
    PYTHON_API_MEMBERS,
    PYTHON_CLIENT_MEMBERS,
    PYTHON_FILTER_PARAMETERS,
    PYTHON_KEYWORDS,
    PYTHON_MODULE_NAMES,
    PYTHON_QUERY_MEMBERS,
    PYTHON_RESERVED_CLASS_NAMES,
    PYTHON_RESERVED_MEMBER_NAMES,
    PYTHON_RESERVED_MODULE_NAMES,
    PYTHON_RESERVED_PACKAGES,
    TYPESCRIPT_API_MEMBERS,
    TYPESCRIPT_CLIENT_MEMBERS,
    TYPESCRIPT_FILTER_OPTIONS,
    TYPESCRIPT_MODULE_NAMES,
    TYPESCRIPT_RESERVED_CLASS_NAMES,
    TYPESCRIPT_RESERVED_MEMBER_NAMES,
    TYPESCRIPT_RESERVED_MODULE_NAMES,
)
from .runtime import RUNTIME_NAMES, RuntimeNames

__all__ = [
    "DEFAULT_CONVENTIONS",
    "DERIVED_ROLES",
    "FILTER_KINDS",
    "PYTHON",
    "TYPESCRIPT",
    "BaseRole",
    "ClassFilterKind",
    "ClassKind",
    "DerivedRole",
    "FilterKind",
    "FilterShape",
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
    "view_spec",
    "spec_constant",
    "enum_alias",
    "filter_function",
    "sort_alias",
    "client_attribute",
    "client",
    "client_options",
    "package",
    "edge_accessor",
    "query_class",
    "select_alias",
    "query_hop",
]
"""Names derived from other names: a view's constant (``PUMP_VIEW``), a view's spec constant
(TypeScript's ``PUMP_SPEC``; only conventions with a pattern for it get one), an edge or
reverse spec constant (``PUMP_CONNECTED_TO``), an enum's ``Literal`` alias (``PumpStatus``), a
view's filter function (``_pump_filter``), the ``Literal`` of the names a view sorts by
(``PumpSortField``), the client's attribute for a view (``pump``), the client class
(``ExampleModelClient``), the type of its options (TypeScript's ``ExampleModelClientOptions``),
the package (``example_model``), per edge connection with edge properties, the view API's
accessor of those edges (``connected_to_edges``), and for queries across relations a view's
query class (``PumpQuery``), the ``Literal`` of the properties it selects (``PumpSelectField``)
and, per relation, the query class's hop (``site``)."""

FilterKind = Literal["equals", "prefix", "min", "max", "all", "matching"]
"""The filter arguments a property yields: its value (``equals``: one value or any of several;
for relations, these nodes), a text's ``prefix``, a range's ``min`` and ``max``, a list of
relations' ``all`` (holds every one), a reverse relation's or edge connection's ``matching``
(a filter on the nodes at the other end)."""

ClassFilterKind = Literal["external_id_prefix", "space", "start_node", "end_node"]
"""The filter arguments every class has (``external_id_prefix``, ``space``) and edge classes
add (``start_node``, ``end_node``)."""

FilterShape = Literal["text", "range", "value", "nodes", "relation", "untyped_relation"]
"""What filter arguments a property has, language-neutral: a single ``text`` (equals, prefix),
a single number, timestamp or date (``range``: min, max), a single boolean, enum or direct
relation (``value``: equals), a list of direct relations (``nodes``: equals, all), a reverse
relation or edge connection to a class of the model (``relation``: matching) or to nodes of no
class (``untyped_relation``: matching, in languages that filter those)."""

FILTER_KINDS: dict[FilterShape, tuple[FilterKind, ...]] = {
    "text": ("equals", "prefix"),
    "range": ("min", "max"),
    "value": ("equals",),
    "nodes": ("equals", "all"),
    "relation": ("matching",),
    "untyped_relation": ("matching",),
}
"""The filter arguments of each shape, in the order the generated code lists them."""

NameRole = Literal[BaseRole, DerivedRole, "filter_argument"]
"""Every kind of name a convention hands out (``filter_argument``: an API method's keyword
filter argument / filter option, planned per class by :mod:`pygen.naming.filters`)."""

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
        query_members: The query builder's own attributes and methods (a hop may not take
            them).
        api_members: The view API class's own attributes and methods (an edge accessor may not
            take them).
        reserved_attributes: Client attribute names that get the escape suffix (keywords).
        reserved_packages: Package names that would shadow a module the SDK or its users import
            (keywords, the standard library, the SDK's dependencies): they get
            ``package_suffix``.
        package_suffix: Appended to a shadowing package name (``typing`` -> ``typing_sdk``).
        package_fallback: The package name when nothing of the model's externalId survives.
        distribution_separator: Languages whose package is published under a name of its
            own (npm): the separator of its lower-case words (``example-model``).
        class_modules: Whether the language puts each class in a module of its own (named by
            the plan); Python generates a fixed set of modules and plans no module names.
        filter_patterns: Per filter kind, how the argument is made from the member's name:
            ``{member}`` is the name as it is, ``{Member}`` the same with its first letter in
            upper case (``min_{member}``, ``min{Member}``).
        class_filters: The filter arguments every class (``external_id_prefix``, ``space``) or
            every edge class (``start_node``, ``end_node``) has, by kind.
        filter_parameters: The API methods' own parameters (options) besides the filters: a
            filter argument may not take them.
        untyped_relation_filters: Whether relations to nodes of no class get a ``matching``
            filter argument.
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
    api_members: frozenset[str] = frozenset()
    query_members: frozenset[str] = frozenset()
    reserved_attributes: frozenset[str] = frozenset()
    reserved_packages: frozenset[str] = frozenset()
    package_suffix: str = "_sdk"
    package_fallback: str = "data_model"
    class_modules: bool = True
    distribution_separator: str | None = None
    filter_patterns: tuple[tuple[FilterKind, str], ...] = ()
    class_filters: tuple[tuple[ClassFilterKind, str], ...] = ()
    filter_parameters: frozenset[str] = frozenset()
    untyped_relation_filters: bool = False

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

    def has_pattern(self, role: DerivedRole) -> bool:
        """Whether the convention makes names of ``role`` (TypeScript has ``view_spec``)."""
        return any(known == role for known, _ in self.derived_patterns)

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

    def filter_argument(self, kind: FilterKind, member: str) -> str:
        """The candidate filter argument of ``kind`` for a member named ``member``
        (``min_size``, ``minSize``), before uniqueness."""
        for known, pattern in self.filter_patterns:
            if known == kind:
                upper = member[:1].upper() + member[1:]
                return pattern.replace("{member}", member).replace("{Member}", upper)
        raise KeyError(f"{self.label} has no filter argument pattern for {kind}")

    def numbered_derived(self, name: str, number: int, role: DerivedRole) -> str:
        """The ``number``-th variant of a clashing derived name: ``PUMP_VIEW_2``,
        ``PumpStatus2``; in camelCase languages ``pumpAttribute2`` (UPPER_SNAKE constants keep
        the underscore: ``PUMP_VIEW_2``)."""
        pattern = self.pattern(role)
        pascal = pattern.startswith("{Class}")
        upper = pattern.startswith("{CLASS}")
        separator = "_" if (self.member_case == "snake" and not pascal) or upper else ""
        return f"{name}{separator}{number}"


_PLACEHOLDERS: dict[str, Callable[[str, str], str]] = {
    "CLASS": lambda owner, member: to_snake(owner).upper(),
    "class": lambda owner, member: to_snake(owner),
    "Class": lambda owner, member: to_pascal(owner),
    "cLass": lambda owner, member: to_camel(owner),
    "MEMBER": lambda owner, member: to_snake(member).upper(),
    "member": lambda owner, member: to_snake(member),
    "Member": lambda owner, member: to_pascal(member),
    "mEmber": lambda owner, member: to_camel(member),
}


@lru_cache(maxsize=64)
def _fields(pattern: str) -> tuple[str, ...]:
    """The placeholders ``pattern`` uses (only those are converted)."""
    return tuple(
        dict.fromkeys(field for _, field, _, _ in string.Formatter().parse(pattern) if field)
    )


@lru_cache(maxsize=1 << 16)
def _derive(pattern: str, owner: str, member: str, fallback: str) -> str:
    values = {field: _PLACEHOLDERS[field](owner, member) for field in _fields(pattern)}
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


def python_convention(
    runtime: RuntimeNames = RUNTIME_NAMES,
    *,
    class_case: Case = "pascal",
    member_case: Case = "snake",
    method_case: Case = "snake",
) -> NamingConvention:
    """Python: PascalCase classes, snake_case fields and modules; keywords and builtin type names
    get a trailing ``_``.

    ``class_case``, ``member_case`` and ``method_case`` follow ``generation.naming`` of
    pygen.yaml (``class_format``, ``property_format``, ``method_format``): the casing of
    classes (and the names derived from them: ``work_order_write`` with snake_case classes),
    of fields, and of the client's attributes. The runtime's own members are snake_case
    whatever the casing, so both their names and their camelCase aliases stay reserved when
    fields are camelCase.
    """
    snake_classes = class_case == "snake"
    client_attribute = {"snake": "{class}", "camel": "{cLass}", "pascal": "{Class}"}[method_case]
    extra = runtime.python_members
    if member_case != "snake":
        extra = extra | _members(runtime, member_case, "node", frozenset())
        extra = extra | _members(runtime, member_case, "edge", frozenset())
    return NamingConvention(
        language="python",
        label="Python",
        class_case=class_case,
        member_case=member_case,
        module_case="snake",
        reserved_classes=PYTHON_RESERVED_CLASS_NAMES,
        reserved_members=PYTHON_RESERVED_MEMBER_NAMES,
        reserved_modules=PYTHON_RESERVED_MODULE_NAMES,
        runtime_classes=runtime.classes,
        runtime_node_members=_members(runtime, "snake", "node", extra),
        runtime_edge_members=_members(runtime, "snake", "edge", extra),
        derived_class_suffixes=(
            ("_write", "_list", "_write_list", "_api", "_filters")
            if snake_classes
            else ("Write", "List", "WriteList", "API", "Filters")
        ),
        derived_patterns=(
            ("view_constant", "{CLASS}_VIEW"),
            ("spec_constant", "{CLASS}_{MEMBER}"),
            ("enum_alias", "{class}_{member}" if snake_classes else "{Class}{Member}"),
            ("filter_function", "_{class}_filter"),
            ("sort_alias", "{class}_sort_field" if snake_classes else "{Class}SortField"),
            ("client_attribute", client_attribute),
            ("client", "{class}_client" if snake_classes else "{Class}Client"),
            ("package", "{class}"),
            ("edge_accessor", "{member}_edges"),
            ("query_class", "{class}_query" if snake_classes else "{Class}Query"),
            ("select_alias", "{class}_select_field" if snake_classes else "{Class}SelectField"),
            ("query_hop", "{member}"),
        ),
        module_names=PYTHON_MODULE_NAMES | runtime.classes,
        client_members=PYTHON_CLIENT_MEMBERS,
        api_members=PYTHON_API_MEMBERS,
        query_members=PYTHON_QUERY_MEMBERS,
        reserved_attributes=PYTHON_KEYWORDS,
        reserved_packages=PYTHON_RESERVED_PACKAGES,
        class_modules=True,
        filter_patterns=(
            ("equals", "{member}"),
            ("prefix", "{member}_prefix"),
            ("min", "min_{member}"),
            ("max", "max_{member}"),
            ("all", "{member}_all"),
            ("matching", "{member}"),
        ),
        class_filters=(
            ("external_id_prefix", "external_id_prefix"),
            ("space", "space"),
            ("start_node", "start_node"),
            ("end_node", "end_node"),
        ),
        filter_parameters=PYTHON_FILTER_PARAMETERS,
    )


def typescript_convention(runtime: RuntimeNames = RUNTIME_NAMES) -> NamingConvention:
    """TypeScript: PascalCase types, camelCase members and modules, UPPER_SNAKE constants
    (``PUMP_VIEW``, ``PUMP_SPEC``, ``PUMP_CONNECTED_TO``); reserved words and global types are
    escaped only where they would be declared (types), not as members; ``type`` is the
    runtime's node / edge type field."""
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
        runtime_node_members=_members(runtime, "camel", "node", runtime.typescript_members),
        runtime_edge_members=_members(runtime, "camel", "edge", runtime.typescript_members),
        derived_class_suffixes=("Write", "List", "WriteList", "API", "Filter"),
        derived_patterns=(
            ("view_constant", "{CLASS}_VIEW"),
            ("view_spec", "{CLASS}_SPEC"),
            ("spec_constant", "{CLASS}_{MEMBER}"),
            ("enum_alias", "{Class}{Member}"),
            ("filter_function", "{cLass}Filter"),
            ("sort_alias", "{Class}SortField"),
            ("client_attribute", "{cLass}"),
            ("client", "{Class}Client"),
            ("client_options", "{Class}ClientOptions"),
            ("package", "{cLass}"),
            ("edge_accessor", "{mEmber}Edges"),
        ),
        module_names=TYPESCRIPT_MODULE_NAMES | runtime.classes,
        client_members=TYPESCRIPT_CLIENT_MEMBERS,
        api_members=TYPESCRIPT_API_MEMBERS,
        reserved_attributes=frozenset({"constructor", "__proto__"}),
        reserved_packages=TYPESCRIPT_RESERVED_MODULE_NAMES,
        package_fallback="dataModel",
        distribution_separator="-",
        filter_patterns=(
            ("equals", "{member}"),
            ("prefix", "{member}Prefix"),
            ("min", "min{Member}"),
            ("max", "max{Member}"),
            ("all", "{member}All"),
            ("matching", "{member}"),
        ),
        class_filters=(
            ("external_id_prefix", "externalIdPrefix"),
            ("space", "space"),
            ("start_node", "startNode"),
            ("end_node", "endNode"),
        ),
        filter_parameters=TYPESCRIPT_FILTER_OPTIONS,
        untyped_relation_filters=True,
    )


PYTHON = python_convention()
"""The Python naming convention."""

TYPESCRIPT = typescript_convention()
"""The TypeScript naming convention."""

DEFAULT_CONVENTIONS: tuple[NamingConvention, ...] = (PYTHON, TYPESCRIPT)
"""The conventions validation checks and the IR transform applies by default."""

"""Unique names for every class, module and member of a model, in every target language.

:func:`plan_names` is the single place that decides generated names. Validation runs it to
report renames and clashes; the IR transform runs it to store the names. Both feed it the same
language-neutral description of the classes (:class:`ClassSpec`), so what ``pygen validate``
reports is exactly what the generators will use.

Rules, per language:

- **Classes** share the module-level scope (with the classes derived per view, ``PumpWrite``,
  ``PumpList`` ..., the runtime's classes, the names generated modules import, and the derived
  names of :mod:`pygen.naming.derived`). **Modules** (languages with a module per class) share
  one scope, compared case-insensitively (file systems may not tell ``abc.py`` from
  ``ABC.py``). **Members** have one scope per class; a member is never named like another
  member's CDF id (its alias).
- A reserved word gets the convention's escape suffix (``type`` -> ``type_``); so does a name
  the runtime uses (``space`` -> ``space_``), reported separately.
- When two names clash, the one allocated second gets a number: ``my_prop_2``, ``myProp2``,
  ``MyView2``. Names that are already in the target casing are allocated first, then the rest
  in order of their CDF identifier; so in ``{myProp, my_prop}`` Python keeps ``my_prop`` for
  ``my_prop`` and TypeScript keeps ``myProp`` for ``myProp``.
- A class inherits the member names of its parents for the properties it inherits, so a field
  has the same name all the way down a hierarchy. Classes are planned parents first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pygen._graph import topological_order

from .casing import is_plain_identifier
from .conventions import ClassKind, FilterShape, NameRole, NamingConvention

__all__ = [
    "ClassSpec",
    "EnumKey",
    "NameAllocator",
    "NameEvent",
    "NameEventKind",
    "NamePlan",
    "ViewKey",
    "plan_names",
]

ViewKey = tuple[str, str, str]
"""``(space, externalId, version)`` of a view: the identity of a generated class."""

EnumKey = tuple[str, str, str]
"""``(container space, container externalId, container property)`` of an enum."""

NameEventKind = Literal["renamed", "reserved", "runtime", "clash"]
"""Why a generated name differs from the plain conversion of the CDF name."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClassSpec:
    """What naming needs to know about one class.

    Attributes:
        key: The view's identity.
        name: The view's externalId (the CDF name the class name is made from).
        kind: Whether the class describes nodes, edges or both.
        parents: Keys of the views it implements, in declared order.
        fields: CDF identifiers of all its properties, inherited ones included.
        connections: The fields that are edge connections or reverse relations (each gets a
            module-level spec constant).
        edge_accessors: The edge connections with edge properties (each gets an accessor on
            the view's API class, named in the API class's scope).
        hops: The relations a query can follow (direct relations with a source view,
            reverse relations, edges): each gets a hop on the view's query class, named in
            the query class's scope.
        enums: ``(field, enum key)`` of its enum fields; the key (container space, container
            externalId, container property) identifies an enum shared by several views.
        filters: ``(field, shape)`` of the fields the view's API filters by: the shape says
            which filter arguments the field yields (see :data:`FILTER_KINDS
            <pygen.naming.conventions.FILTER_KINDS>`).
    """

    key: ViewKey
    name: str
    kind: ClassKind
    parents: tuple[ViewKey, ...] = ()
    fields: tuple[str, ...] = ()
    connections: tuple[str, ...] = ()
    enums: tuple[tuple[str, EnumKey], ...] = ()
    edge_accessors: tuple[str, ...] = ()
    hops: tuple[str, ...] = ()
    filters: tuple[tuple[str, FilterShape], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class NameEvent:
    """A generated name that is not simply the CDF name in the target casing.

    Attributes:
        kind: ``renamed`` (not an identifier as it is), ``reserved`` (a reserved word, escaped),
            ``runtime`` (a name the runtime uses, escaped) or ``clash`` (numbered because
            another name took it).
        role: ``class``, ``module``, ``member`` or a derived role (``view_constant`` ...).
        language: The convention's language.
        view: The class concerned; ``None`` for the model's own names (package, client).
        field: The CDF property identifier, for members.
        original: The CDF name (for modules, the class name it derives from).
        name: The name finally given.
        conflict: For clashes, what had the name first.
    """

    kind: NameEventKind
    role: NameRole
    language: str
    view: ViewKey | None
    field: str | None
    original: str
    name: str
    conflict: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NamePlan:
    """The names of every class, module and member, per language, and how they came about.

    Attributes:
        classes: view -> language -> class name.
        modules: view -> language -> module name.
        members: view -> CDF property id -> language -> field name.
        derived: view -> language -> role -> name, for the names made per class: ``write``,
            ``list``, ``api``, ``filters`` (the derived classes), ``view_constant``,
            ``filter_function`` and ``client_attribute``.
        specs: view -> CDF property id -> language -> spec constant (edges, reverse relations).
        enums: view -> CDF property id -> language -> the enum's ``Literal`` alias.
        accessors: view -> CDF property id -> language -> the API's edge accessor.
        hops: view -> CDF property id -> language -> the query class's hop.
        filters: view -> CDF property id -> language -> filter kind -> the API's filter
            argument (``equals`` -> ``name``, ``prefix`` -> ``name_prefix`` ...).
        class_filters: view -> language -> class filter kind -> the filter argument every
            class has (``external_id_prefix`` -> ``externalIdPrefix`` ...).
        model: language -> ``package`` / ``client`` -> name.
        events: Every name that is not the plain conversion of its source, and why.
    """

    classes: dict[ViewKey, dict[str, str]] = field(default_factory=dict)
    modules: dict[ViewKey, dict[str, str]] = field(default_factory=dict)
    members: dict[ViewKey, dict[str, dict[str, str]]] = field(default_factory=dict)
    derived: dict[ViewKey, dict[str, dict[str, str]]] = field(default_factory=dict)
    specs: dict[ViewKey, dict[str, dict[str, str]]] = field(default_factory=dict)
    enums: dict[ViewKey, dict[str, dict[str, str]]] = field(default_factory=dict)
    accessors: dict[ViewKey, dict[str, dict[str, str]]] = field(default_factory=dict)
    hops: dict[ViewKey, dict[str, dict[str, str]]] = field(default_factory=dict)
    filters: dict[ViewKey, dict[str, dict[str, dict[str, str]]]] = field(default_factory=dict)
    class_filters: dict[ViewKey, dict[str, dict[str, str]]] = field(default_factory=dict)
    model: dict[str, dict[str, str]] = field(default_factory=dict)
    events: tuple[NameEvent, ...] = ()


class NameAllocator:
    """Hands out unique names within one scope (after JavaPoet's ``NameAllocator``).

    Deterministic: the same requests in the same order give the same names.
    """

    def __init__(self, *, case_insensitive: bool = False) -> None:
        self._owners: dict[str, str] = {}
        self._case_insensitive = case_insensitive

    @classmethod
    def holding(cls, names: Iterable[str], owner: Callable[[str], str]) -> NameAllocator:
        """A scope where ``names`` are taken (in sorted order), each by ``owner(name)``."""
        allocator = cls()
        for name in sorted(names):
            allocator.claim(name, owner(name))
        return allocator

    def copy(self) -> NameAllocator:
        """Another scope holding what this one holds (a scope per class seeded alike is
        copied from one seeded once)."""
        other = NameAllocator(case_insensitive=self._case_insensitive)
        other._owners = dict(self._owners)
        return other

    def _normal(self, name: str) -> str:
        return name.casefold() if self._case_insensitive else name

    def owner(self, name: str) -> str | None:
        """Who holds ``name`` (a description), or None when it is free."""
        return self._owners.get(self._normal(name))

    def claim(self, name: str, owner: str) -> None:
        """Take ``name`` for ``owner``; it must be free."""
        normal = self._normal(name)
        if normal in self._owners:
            raise ValueError(f"{name!r} is already taken by {self._owners[normal]}")
        self._owners[normal] = owner

    def allocate(
        self,
        candidate: str,
        owner: str,
        numbered: Callable[[str, int], str],
        companions: Callable[[str], Sequence[tuple[str, str]]] | None = None,
        blocked: Callable[[str], str | None] | None = None,
    ) -> tuple[str, str | None]:
        """Claim ``candidate``, or its first free numbered variant (2, 3, ...).

        ``companions(name)`` lists further ``(name, owner)`` pairs that must be free as well and
        are claimed together (the derived classes of a view class). ``blocked(name)`` names
        who else holds a name outside this scope (another field's alias), or gives None.

        Returns:
            The name given and, when the candidate was taken, the owner it clashed with.
        """
        conflict: str | None = None
        name = candidate
        number = 1
        owners, fold = self._owners, self._case_insensitive
        while True:
            claims = [(name, owner), *(companions(name) if companions else ())]
            taken = None
            for claim_name, _ in claims:  # the first holder of any of them
                taken = owners.get(claim_name.casefold() if fold else claim_name)
                if taken is not None:
                    break
            if taken is None and blocked is not None:
                taken = blocked(name)
            if taken is None:
                break
            conflict = conflict or taken
            number += 1
            name = numbered(candidate, number)
        for claim_name, claim_owner in claims:
            self.claim(claim_name, claim_owner)
        return name, conflict


def _sort_key(spec: ClassSpec) -> ViewKey:
    return spec.key


def plan_names(
    specs: Sequence[ClassSpec], conventions: Sequence[NamingConvention], model: str | None = None
) -> NamePlan:
    """Decide every generated name of a model of ``specs`` for each convention.

    ``model`` is the data model's externalId, which the package and client names come from
    (``None``: the plan has no package and client names).

    The plan is remembered for the last few inputs: validation and the IR ask for the names of
    the same classes, and planning is a sixth of validate+IR. Treat the plan as read-only.
    """
    # the plan does not depend on the order of classes or fields: key the memory on a sorted form
    canonical = tuple(sorted((_sorted_fields(spec) for spec in specs), key=_sort_key))
    return _plan_names(canonical, tuple(conventions), model)


def _sorted_fields(spec: ClassSpec) -> ClassSpec:
    fields = tuple(sorted(set(spec.fields)))
    connections = tuple(sorted(set(spec.connections)))
    enums = tuple(sorted(set(spec.enums)))
    accessors = tuple(sorted(set(spec.edge_accessors)))
    hops = tuple(sorted(set(spec.hops)))
    filters = tuple(sorted(set(spec.filters)))
    given = (spec.fields, spec.connections, spec.enums, spec.edge_accessors, spec.hops)
    if given == (fields, connections, enums, accessors, hops) and spec.filters == filters:
        return spec
    return dataclasses.replace(
        spec,
        fields=fields,
        connections=connections,
        enums=enums,
        edge_accessors=accessors,
        hops=hops,
        filters=filters,
    )


@lru_cache(maxsize=4)
def _plan_names(
    specs: tuple[ClassSpec, ...], conventions: tuple[NamingConvention, ...], model: str | None
) -> NamePlan:
    from .derived import plan_derived
    from .filters import plan_filters

    plan = NamePlan()
    events: list[NameEvent] = []
    unique = {spec.key: spec for spec in specs}  # plan_names passes them sorted
    for convention in conventions:
        scope = _plan_classes(unique, convention, plan, events)
        if convention.class_modules:
            _plan_modules(unique, convention, plan, events)
        _plan_members(unique, convention, plan, events)
        plan_derived(unique, convention, plan, events, scope, model)
        plan_filters(unique, convention, plan, events)
    return dataclasses.replace(plan, events=tuple(events))


def _escape(
    candidate: str, role: NameRole, runtime: frozenset[str], convention: NamingConvention
) -> tuple[str, NameEventKind | None]:
    if candidate in convention.reserved(role):
        return convention.escape(candidate), "reserved"
    if candidate in runtime:
        return convention.escape(candidate), "runtime"
    return candidate, None


def _plan_classes(
    specs: dict[ViewKey, ClassSpec],
    convention: NamingConvention,
    plan: NamePlan,
    events: list[NameEvent],
) -> NameAllocator:
    """Class names, in the module-level scope they share with every other module-level name
    (returned, for :func:`pygen.naming.derived.plan_derived` to go on with)."""
    language = convention.language
    allocator = NameAllocator()
    for runtime_class in sorted(convention.runtime_classes):
        allocator.claim(runtime_class, f"the runtime's {runtime_class}")
    for used in sorted(convention.module_names - convention.runtime_classes):
        allocator.claim(used, f"{used} (a name generated modules use)")
    converted = {key: convention.convert(spec.name, "class") for key, spec in specs.items()}
    order = sorted(specs, key=lambda key: (converted[key] != specs[key].name, key))
    for key in order:
        spec = specs[key]
        candidate, escaped = _escape(
            converted[key], "class", convention.runtime_classes, convention
        )

        def companions(name: str, spec: ClassSpec = spec) -> list[tuple[str, str]]:
            return [
                (derived, f"{derived} (generated for {spec.name})")
                for derived in convention.derived_class_names(name)
            ]

        name, conflict = allocator.allocate(
            candidate,
            spec.name,
            lambda base, number: convention.numbered(base, number, "class"),
            companions,
        )
        plan.classes.setdefault(key, {})[language] = name
        if not is_plain_identifier(spec.name):
            events.append(_event("renamed", "class", language, key, None, spec.name, name))
        if escaped is not None:
            events.append(_event(escaped, "class", language, key, None, spec.name, name))
        if conflict is not None:
            events.append(_event("clash", "class", language, key, None, spec.name, name, conflict))
    return allocator


def _plan_modules(
    specs: dict[ViewKey, ClassSpec],
    convention: NamingConvention,
    plan: NamePlan,
    events: list[NameEvent],
) -> None:
    language = convention.language
    allocator = NameAllocator(case_insensitive=True)
    for key in sorted(specs):
        class_name = plan.classes[key][language]
        candidate, escaped = _escape(
            convention.convert(class_name, "module"), "module", frozenset(), convention
        )
        name, conflict = allocator.allocate(
            candidate, class_name, lambda base, number: convention.numbered(base, number, "module")
        )
        plan.modules.setdefault(key, {})[language] = name
        if escaped is not None:
            events.append(_event(escaped, "module", language, key, None, class_name, name))
        if conflict is not None:
            events.append(
                _event("clash", "module", language, key, None, class_name, name, conflict)
            )


def _plan_members(
    specs: dict[ViewKey, ClassSpec],
    convention: NamingConvention,
    plan: NamePlan,
    events: list[NameEvent],
) -> None:
    language = convention.language
    parents = {key: [p for p in spec.parents if p in specs] for key, spec in specs.items()}
    for key in topological_order(specs, parents, key=lambda k: k):
        spec = specs[key]
        fields = list(dict.fromkeys(spec.fields))
        wanted = set(fields)
        allocator = NameAllocator()
        names: dict[str, str] = {}
        for parent in parents[key]:
            for cdf_id, per_language in sorted(plan.members.get(parent, {}).items()):
                inherited = per_language.get(language)
                if cdf_id not in wanted or cdf_id in names or inherited is None:
                    continue
                if allocator.owner(inherited) is None:
                    allocator.claim(inherited, cdf_id)
                    names[cdf_id] = inherited
        runtime = convention.runtime_members(spec.kind)
        converted = {f: convention.convert(f, "member") for f in fields if f not in names}
        for cdf_id in sorted(converted, key=lambda f: (converted[f] != f, f)):
            candidate, escaped = _escape(converted[cdf_id], "member", runtime, convention)

            def alias_of_another(
                name: str, cdf_id: str = cdf_id, wanted: set[str] = wanted
            ) -> str | None:
                # another field's CDF id is its alias: a field named like it would take its input
                return f"the CDF name of {name!r}" if name in wanted and name != cdf_id else None

            name, conflict = allocator.allocate(
                candidate,
                cdf_id,
                lambda base, number: convention.numbered(base, number, "member"),
                blocked=alias_of_another,
            )
            names[cdf_id] = name
            if not is_plain_identifier(cdf_id):
                events.append(_event("renamed", "member", language, key, cdf_id, cdf_id, name))
            if escaped is not None:
                events.append(_event(escaped, "member", language, key, cdf_id, cdf_id, name))
            if conflict is not None:
                events.append(
                    _event("clash", "member", language, key, cdf_id, cdf_id, name, conflict)
                )
        members = plan.members.setdefault(key, {})
        for cdf_id in fields:
            members.setdefault(cdf_id, {})[language] = names[cdf_id]


def _event(
    kind: NameEventKind,
    role: NameRole,
    language: str,
    view: ViewKey | None,
    field: str | None,
    original: str,
    name: str,
    conflict: str | None = None,
) -> NameEvent:
    return NameEvent(
        kind=kind,
        role=role,
        language=language,
        view=view,
        field=field,
        original=original,
        name=name,
        conflict=conflict,
    )

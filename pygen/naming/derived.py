"""Names derived from class and member names, allocated in the scopes they are defined in.

Called by :func:`pygen.naming.plan.plan_names` once the classes, modules and members of one
language are named. Three kinds of scope:

- **module level**: one scope per language for everything a generated module defines or
  imports: the view classes and their derived classes (already claimed by the class plan),
  the names generated modules import or use (``ViewRef``, ``Field``, ``TYPE_CHECKING``,
  builtins ...), the client class, each view's constant and filter function, the edge and
  reverse spec constants and the enums' ``Literal`` aliases.
- **a view API class's members**: per edge connection with edge properties, the accessor of
  those edges (``connected_to_edges``), next to the API's own methods. One scope for the whole package
  is what the single-file layout needs, and it keeps each module of the package layout unique.
- **a view query class's members**: per relation a query can follow, its hop (``site``), next
  to the builder's own methods (``filter``, ``limit``, ``list`` ...).
- **the client's attributes**: one per view, next to the client's own methods.
- **the package**: the model's externalId made safe as a package name.

A clash gives the name allocated second a number (``HTTP_SERVER_VIEW_2``); a reserved word an
escape (``global_``, ``typing_sdk``). Each is recorded as a :class:`~pygen.naming.NameEvent`.
"""

from __future__ import annotations

from collections.abc import Callable

from pygen._graph import topological_order

from .casing import split_words
from .conventions import DerivedRole, NamingConvention
from .plan import (
    ClassSpec,
    EnumKey,
    NameAllocator,
    NameEvent,
    NamePlan,
    ViewKey,
    _event,
)

__all__ = ["plan_derived"]

_Allocate = Callable[[DerivedRole, str, str, ViewKey | None, str | None], str]
"""``allocate(role, candidate, owner, view, field)``: a name in the module-level scope."""


def plan_derived(
    specs: dict[ViewKey, ClassSpec],
    convention: NamingConvention,
    plan: NamePlan,
    events: list[NameEvent],
    scope: NameAllocator,
    model: str | None,
) -> None:
    """Allocate the derived names of one language (see the module docstring).

    ``scope`` is the module-level allocator the class names were allocated in.
    """
    language = convention.language
    order = sorted(specs)

    def allocate(
        role: DerivedRole,
        candidate: str,
        owner: str,
        view: ViewKey | None,
        field: str | None,
        allocator: NameAllocator = scope,
    ) -> str:
        name, conflict = allocator.allocate(
            candidate, owner, lambda base, number: convention.numbered_derived(base, number, role)
        )
        if conflict is not None:
            events.append(_event("clash", role, language, view, field, candidate, name, conflict))
        return name

    if model is not None:
        client = convention.derive("client", model)
        owner = f"the client class {client}"
        plan.model.setdefault(language, {})["client"] = allocate(
            "client", client, owner, None, None
        )
        if convention.has_pattern("client_options"):
            options = convention.derive("client_options", model)
            plan.model[language]["client_options"] = allocate(
                "client_options", options, f"the client options {options}", None, None
            )
    for key in order:
        class_name = plan.classes[key][language]
        derived = plan.derived.setdefault(key, {}).setdefault(language, {})
        suffixes = convention.derived_class_suffixes
        roles = ("write", "list", "write_list", "api", "filters")
        for derived_class, suffix in zip(roles, suffixes, strict=True):
            derived[derived_class] = class_name + suffix  # claimed with the class
        own: tuple[DerivedRole, ...] = (
            "view_constant",
            "view_spec",
            "filter_function",
            "sort_alias",
            "query_class",
            "select_alias",
        )
        for role in (role for role in own if convention.has_pattern(role)):
            candidate = convention.derive(role, class_name)
            owner = f"{candidate} (of {class_name})"
            derived[role] = allocate(role, candidate, owner, key, None)
    for key in order:
        class_name = plan.classes[key][language]
        members = plan.members.get(key, {})
        constants = plan.specs.setdefault(key, {})
        for field in specs[key].connections:
            member = members[field][language]
            candidate = convention.derive("spec_constant", class_name, member)
            owner = f"{candidate} (of {class_name}.{member})"
            name = allocate("spec_constant", candidate, owner, key, field)
            constants.setdefault(field, {})[language] = name
    api_members = NameAllocator.holding(
        convention.api_members, lambda name: f"the API's own {name}"
    )
    for key in order:
        if not specs[key].edge_accessors:
            continue
        class_name = plan.classes[key][language]
        members = plan.members.get(key, {})
        api_scope = api_members.copy()  # the API class's members
        accessors = plan.accessors.setdefault(key, {})
        for field in specs[key].edge_accessors:
            member = members[field][language]
            candidate = convention.derive("edge_accessor", class_name, member)
            owner = f"{candidate} (the edges of {class_name}.{member})"
            name = allocate("edge_accessor", candidate, owner, key, field, api_scope)
            accessors.setdefault(field, {})[language] = name
    if convention.has_pattern("query_hop"):
        _plan_hops(specs, convention, plan, events, allocate)
    _plan_enum_aliases(specs, convention, plan, allocate)
    _plan_client_attributes(specs, convention, plan, events)
    if model is not None:
        _plan_package(convention, plan, events, model)


def _plan_hops(
    specs: dict[ViewKey, ClassSpec],
    convention: NamingConvention,
    plan: NamePlan,
    events: list[NameEvent],
    allocate: Callable[..., str],
) -> None:
    """Per view, the hops of its query class: one per relation, in a scope where the builder's
    own members are claimed first (a relation named ``limit`` gets ``limit_2``)."""
    language = convention.language
    builder = NameAllocator.holding(
        convention.query_members, lambda name: f"the query builder's own {name}"
    )
    for key in sorted(specs):
        if not specs[key].hops:
            continue
        class_name = plan.classes[key][language]
        members = plan.members.get(key, {})
        query_scope = builder.copy()
        hops = plan.hops.setdefault(key, {})
        for field in specs[key].hops:
            member = members[field][language]
            candidate = convention.derive("query_hop", class_name, member)
            if candidate in convention.reserved_attributes:  # ``class`` from a member ``class_``
                escaped = convention.escape(candidate)
                events.append(
                    _event("reserved", "query_hop", language, key, field, candidate, escaped)
                )
                candidate = escaped
            owner = f"{candidate} (the query hop of {class_name}.{member})"
            name = allocate("query_hop", candidate, owner, key, field, query_scope)
            hops.setdefault(field, {})[language] = name


def _plan_enum_aliases(
    specs: dict[ViewKey, ClassSpec],
    convention: NamingConvention,
    plan: NamePlan,
    allocate: _Allocate,
) -> None:
    """One alias per enum, named after the first class (parents first) and field using it."""
    language = convention.language
    aliases: dict[EnumKey, str] = {}
    parents = {key: [p for p in spec.parents if p in specs] for key, spec in specs.items()}
    for key in topological_order(specs, parents, key=lambda k: k):
        class_name = plan.classes[key][language]
        for field, enum in specs[key].enums:
            if enum not in aliases:
                member = plan.members[key][field][language]
                candidate = convention.derive("enum_alias", class_name, member)
                owner = f"{candidate} (the values of {class_name}.{member})"
                aliases[enum] = allocate("enum_alias", candidate, owner, key, field)
            plan.enums.setdefault(key, {}).setdefault(field, {})[language] = aliases[enum]


def _plan_client_attributes(
    specs: dict[ViewKey, ClassSpec],
    convention: NamingConvention,
    plan: NamePlan,
    events: list[NameEvent],
) -> None:
    language = convention.language
    allocator = NameAllocator()
    for own in sorted(convention.client_members):
        allocator.claim(own, f"the client's own {own}")
    for key in sorted(specs):
        class_name = plan.classes[key][language]
        candidate = convention.derive("client_attribute", class_name)
        if candidate in convention.reserved_attributes:
            escaped = convention.escape(candidate)
            events.append(
                _event("reserved", "client_attribute", language, key, None, candidate, escaped)
            )
            candidate = escaped
        name, conflict = allocator.allocate(
            candidate,
            f"the client attribute of {class_name}",
            lambda base, number: convention.numbered_derived(base, number, "client_attribute"),
        )
        if conflict is not None:
            events.append(
                _event("clash", "client_attribute", language, key, None, candidate, name, conflict)
            )
        plan.derived[key][language]["client_attribute"] = name


def _plan_package(
    convention: NamingConvention, plan: NamePlan, events: list[NameEvent], model: str
) -> None:
    language = convention.language
    name = convention.derive("package", model)
    if not split_words(model):
        events.append(_event("renamed", "package", language, None, None, model, name))
    elif name in convention.reserved_packages or name.casefold() in convention.reserved_packages:
        escaped = name + convention.package_suffix
        events.append(_event("reserved", "package", language, None, None, name, escaped))
        name = escaped
    plan.model[language]["package"] = name
    if convention.distribution_separator is not None:
        plan.model[language]["distribution"] = _distribution(convention, model)


_NODE_BUILTINS = frozenset(
    {
        "assert", "buffer", "child-process", "cluster", "console", "crypto", "dgram", "dns",
        "events", "fs", "http", "http2", "https", "module", "net", "os", "path", "process",
        "punycode", "querystring", "readline", "repl", "stream", "timers", "tls", "tty", "url",
        "util", "v8", "vm", "worker-threads", "zlib", "node-modules", "favicon.ico",
    }
)  # fmt: skip
"""Names npm refuses for a new package (node's core modules, ``node_modules``)."""


def _distribution(convention: NamingConvention, model: str) -> str:
    """The distribution (npm package) name: the externalId's words in lower case joined by the
    convention's separator (``ExampleModel`` -> ``example-model``), at most 214 characters;
    a name npm refuses gets ``-sdk``; no usable character gives the package fallback's words."""
    separator = convention.distribution_separator or "-"
    words = split_words(model) or split_words(convention.package_fallback)
    name = separator.join(word.lower() for word in words)[:200].strip(separator)
    if name in _NODE_BUILTINS:
        name += separator + "sdk"
    return name

"""The filter arguments of each view's API, allocated per class and language.

Called by :func:`pygen.naming.plan.plan_names` once the members of one language are named.
Every view's API methods take keyword filter arguments (Python: the ``<View>Filters`` typed
dict; TypeScript: the options of the ``<View>Filter`` interface). They share one scope per
class, which first holds the methods' own parameters (``limit``, ``sort``, ``filter``,
``expand`` ...; the convention's ``filter_parameters``) and the arguments every class has
(``external_id_prefix`` and ``space``; for edge classes ``start_node`` and ``end_node``).

Each field then yields the arguments of its shape (:data:`FILTER_KINDS
<pygen.naming.conventions.FILTER_KINDS>`), made from the field's name by the convention's
patterns (``name``, ``name_prefix``, ``min_size``, ``max_size``, ``assets_all``). Allocation
is in two passes, so no argument takes the natural name of another:

1. every argument whose name is free claims it: first the arguments named like their field
   (``equals``, ``matching``), then the others, each group in CDF id order;
2. the rest get the plan's usual number (``name_prefix_2``, ``limit2``), in the same order,
   each reported as a ``clash`` :class:`~pygen.naming.NameEvent` of role ``filter_argument``.
"""

from __future__ import annotations

from .conventions import FILTER_KINDS, FilterKind, FilterShape, NamingConvention
from .plan import ClassSpec, NameAllocator, NameEvent, NamePlan, ViewKey, _event

__all__ = ["plan_filters", "scalar_filter_shape"]

_EDGE_ENDS = frozenset({"start_node", "end_node"})
_SCALAR_SHAPES: dict[str, FilterShape] = {
    "text": "text",
    "boolean": "value",
    **dict.fromkeys(("int32", "int64", "float32", "float64", "timestamp", "date"), "range"),
}


def scalar_filter_shape(kind: str) -> FilterShape | None:
    """The filter shape of a single (not list) primitive of DMS type ``kind`` (``text``,
    ``int32`` ...); ``None`` for types the API does not filter by (``json``, ``timeseries``
    ...). Enums and direct relations are ``value`` (lists of relations ``nodes``)."""
    return _SCALAR_SHAPES.get(kind)


def plan_filters(
    specs: dict[ViewKey, ClassSpec],
    convention: NamingConvention,
    plan: NamePlan,
    events: list[NameEvent],
) -> None:
    """Allocate the filter arguments of every class in ``convention``'s language."""
    if not convention.filter_patterns:
        return
    language = convention.language
    own = NameAllocator.holding(
        convention.filter_parameters, lambda name: f"the API methods' own parameter {name!r}"
    )
    for key in sorted(specs):
        spec = specs[key]
        scope = own.copy()
        fixed = plan.class_filters.setdefault(key, {}).setdefault(language, {})
        for class_kind, name in convention.class_filters:
            if class_kind in _EDGE_ENDS and spec.kind != "edge":
                continue
            if scope.owner(name) is None:
                scope.claim(name, f"the filter argument {name!r} every view has")
            fixed[class_kind] = name
        _plan_class(spec, convention, plan, events, scope)


def _plan_class(
    spec: ClassSpec,
    convention: NamingConvention,
    plan: NamePlan,
    events: list[NameEvent],
    scope: NameAllocator,
) -> None:
    language = convention.language
    members = plan.members.get(spec.key, {})
    class_name = plan.classes[spec.key][language]
    wanted: list[tuple[str, FilterKind, str, str]] = []  # field, kind, candidate, member
    for field, shape in spec.filters:
        if shape == "untyped_relation" and not convention.untyped_relation_filters:
            continue
        member = members[field][language]
        for kind in FILTER_KINDS[shape]:
            wanted.append((field, kind, convention.filter_argument(kind, member), member))
    # named like their field first, then the rest; CDF id order within (the sort is stable)
    wanted.sort(key=lambda item: (item[2] != item[3], item[0]))
    given = plan.filters.setdefault(spec.key, {})
    later = []
    for field, kind, candidate, member in wanted:
        if scope.owner(candidate) is None:
            scope.claim(candidate, _owner(candidate, class_name, member))
            given.setdefault(field, {}).setdefault(language, {})[kind] = candidate
        else:
            later.append((field, kind, candidate, member))
    for field, kind, candidate, member in later:
        name, conflict = scope.allocate(
            candidate,
            _owner(candidate, class_name, member),
            lambda base, number: convention.numbered(base, number, "member"),
        )
        given.setdefault(field, {}).setdefault(language, {})[kind] = name
        events.append(
            _event("clash", "filter_argument", language, spec.key, field, candidate, name, conflict)
        )


def _owner(name: str, class_name: str, member: str) -> str:
    return f"the filter argument {name!r} of {class_name}.{member}"

"""Typed filters of the data-modeling filter language, and a small builder.

Filters are immutable values; ``dump()`` gives the wire form. Combine them with ``&``, ``|``
and ``~``, or with :func:`and_` / :func:`or_`, which skip ``None`` so that optional keyword
arguments can be passed straight through::

    weight = EQUIPMENT_VIEW.prop("weight")
    f = and_(weight.range(gte=10, lte=None), EQUIPMENT_VIEW.prop("name").prefix("Pump"))
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, TypeAlias, TypeVar, Union

from .ids import BareId, InstanceId, ViewRef
from .values import to_wire

__all__ = [
    "And",
    "ContainsAll",
    "ContainsAny",
    "Equals",
    "Exists",
    "Filter",
    "HasData",
    "In",
    "InstanceReferences",
    "MatchAll",
    "Nested",
    "Not",
    "OneOrMany",
    "Or",
    "Overlaps",
    "Prefix",
    "Prop",
    "Range",
    "Related",
    "and_",
    "check_filter_arguments",
    "node_prop",
    "or_",
    "with_instance_space",
]

PropertyPath = tuple[str, ...]

T = TypeVar("T")
OneOrMany: TypeAlias = Union[T, Sequence[T]]  # noqa: UP007 - a generic alias needs Union here
"""A filter argument that takes one value (``equals``) or several (``in``)."""


class Filter:
    """Base of every filter: ``dump()`` for the wire, ``&``, ``|`` and ``~`` to combine."""

    __slots__ = ()

    def dump(self) -> dict[str, Any]:
        """Return the wire form: an object with exactly one key, the operator."""
        raise NotImplementedError

    def __and__(self, other: Filter) -> Filter:
        return And((self, other))

    def __or__(self, other: Filter) -> Filter:
        return Or((self, other))

    def __invert__(self) -> Filter:
        return Not(self)


@dataclass(frozen=True, slots=True)
class Equals(Filter):
    """The property equals ``value``."""

    property: PropertyPath
    value: Any

    def dump(self) -> dict[str, Any]:
        return {"equals": {"property": list(self.property), "value": to_wire(self.value)}}


@dataclass(frozen=True, slots=True)
class In(Filter):
    """The property equals one of ``values``."""

    property: PropertyPath
    values: tuple[Any, ...]

    def dump(self) -> dict[str, Any]:
        return {
            "in": {"property": list(self.property), "values": [to_wire(v) for v in self.values]}
        }


@dataclass(frozen=True, slots=True)
class Range(Filter):
    """The property lies in a range; give at most one lower and one upper bound."""

    property: PropertyPath
    gt: Any = None
    gte: Any = None
    lt: Any = None
    lte: Any = None

    def __post_init__(self) -> None:
        if self.gt is not None and self.gte is not None:
            raise ValueError("a range takes gt or gte, not both")
        if self.lt is not None and self.lte is not None:
            raise ValueError("a range takes lt or lte, not both")

    def dump(self) -> dict[str, Any]:
        body: dict[str, Any] = {"property": list(self.property)}
        for key in ("gt", "gte", "lt", "lte"):
            bound = getattr(self, key)
            if bound is not None:
                body[key] = to_wire(bound)
        return {"range": body}


@dataclass(frozen=True, slots=True)
class Prefix(Filter):
    """A text property starts with ``value``."""

    property: PropertyPath
    value: str

    def dump(self) -> dict[str, Any]:
        return {"prefix": {"property": list(self.property), "value": self.value}}


@dataclass(frozen=True, slots=True)
class Exists(Filter):
    """The property has a value."""

    property: PropertyPath

    def dump(self) -> dict[str, Any]:
        return {"exists": {"property": list(self.property)}}


@dataclass(frozen=True, slots=True)
class ContainsAny(Filter):
    """A list property contains at least one of ``values``."""

    property: PropertyPath
    values: tuple[Any, ...]

    def dump(self) -> dict[str, Any]:
        return {
            "containsAny": {
                "property": list(self.property),
                "values": [to_wire(v) for v in self.values],
            }
        }


@dataclass(frozen=True, slots=True)
class ContainsAll(Filter):
    """A list property contains every one of ``values``."""

    property: PropertyPath
    values: tuple[Any, ...]

    def dump(self) -> dict[str, Any]:
        return {
            "containsAll": {
                "property": list(self.property),
                "values": [to_wire(v) for v in self.values],
            }
        }


@dataclass(frozen=True, slots=True)
class MatchAll(Filter):
    """Every instance."""

    def dump(self) -> dict[str, Any]:
        return {"matchAll": {}}


@dataclass(frozen=True, slots=True)
class Nested(Filter):
    """``filter`` holds for the node that the direct relation ``scope`` points to."""

    scope: PropertyPath
    filter: Filter

    def dump(self) -> dict[str, Any]:
        return {"nested": {"scope": list(self.scope), "filter": self.filter.dump()}}


@dataclass(frozen=True, slots=True)
class Related(Filter):
    """``filter`` holds for a node at the other end of a relation the API cannot filter through
    in one request: a multi-valued direct relation (``kind="list"``, ``path`` its property), a
    reverse direct relation (``spec`` a ``ReverseSpec``) or an edge connection (``spec`` an
    ``EdgeSpec``). It is resolved into ids with one query (paged) when the filter is sent."""

    kind: str
    filter: Filter
    path: PropertyPath = ()
    spec: Any = None

    def dump(self) -> dict[str, Any]:
        raise TypeError(
            "a relation filter is resolved when it is sent: pass it to an API method "
            "(list, iterate, count ...), not to dump()"
        )


@dataclass(frozen=True, slots=True)
class Overlaps(Filter):
    """The range ``[start_property, end_property]`` overlaps the given range."""

    start_property: PropertyPath
    end_property: PropertyPath
    gt: Any = None
    gte: Any = None
    lt: Any = None
    lte: Any = None

    def dump(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "startProperty": list(self.start_property),
            "endProperty": list(self.end_property),
        }
        for key in ("gt", "gte", "lt", "lte"):
            bound = getattr(self, key)
            if bound is not None:
                body[key] = to_wire(bound)
        return {"overlaps": body}


@dataclass(frozen=True, slots=True)
class HasData(Filter):
    """The instance has data in every one of ``views``."""

    views: tuple[ViewRef, ...]

    def dump(self) -> dict[str, Any]:
        return {"hasData": [view.dump() for view in self.views]}


@dataclass(frozen=True, slots=True)
class InstanceReferences(Filter):
    """The instance is one of ``ids`` (``(space, external_id)`` pairs or ``InstanceId``)."""

    ids: tuple[Any, ...]

    def dump(self) -> dict[str, Any]:
        return {"instanceReferences": [to_wire(i) for i in self.ids]}


@dataclass(frozen=True, slots=True)
class And(Filter):
    """Every one of ``filters`` holds."""

    filters: tuple[Filter, ...]

    def dump(self) -> dict[str, Any]:
        return {"and": [item.dump() for item in self.filters]}


@dataclass(frozen=True, slots=True)
class Or(Filter):
    """At least one of ``filters`` holds."""

    filters: tuple[Filter, ...]

    def dump(self) -> dict[str, Any]:
        return {"or": [item.dump() for item in self.filters]}


@dataclass(frozen=True, slots=True)
class Not(Filter):
    """``filter`` does not hold."""

    filter: Filter

    def dump(self) -> dict[str, Any]:
        return {"not": self.filter.dump()}


def and_(*filters: Filter | None) -> Filter | None:
    """All of the given filters; ``None`` entries are skipped, nested ``And``s flattened.

    Returns ``None`` when nothing is left, the filter itself when one is.
    """
    kept = _flatten(And, filters)
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else And(tuple(kept))


def check_filter_arguments(given: Mapping[str, object], arguments: Any) -> None:
    """Refuse keyword filter arguments that ``arguments`` (a ``TypedDict`` of them) does not
    declare, as Python refuses an unknown keyword argument: a misspelt filter must not
    silently match everything.

    Raises:
        TypeError: naming the unknown arguments, with the closest known name when there is one.
    """
    known = arguments.__required_keys__ | arguments.__optional_keys__
    unknown = [key for key in given if key not in known]
    if not unknown:
        return
    problems = []
    for key in unknown:
        close = difflib.get_close_matches(key, known, n=1)
        problems.append(f"{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    raise TypeError(
        f"unknown filter argument {', '.join(problems)}; "
        f"{arguments.__name__} lists the filter arguments"
    )


def or_(*filters: Filter | None) -> Filter | None:
    """Any of the given filters; ``None`` entries are skipped (see :func:`and_`)."""
    kept = _flatten(Or, filters)
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else Or(tuple(kept))


def _flatten(kind: type[And] | type[Or], filters: Iterable[Filter | None]) -> list[Filter]:
    kept: list[Filter] = []
    for item in filters:
        if item is None:
            continue
        if isinstance(item, kind):
            kept.extend(item.filters)
        else:
            kept.append(item)
    return kept


@dataclass(frozen=True, slots=True)
class Prop:
    """Builds filters on one property. Methods given ``None`` return ``None``.

    Get one from a view (``VIEW.prop("weight")``) or for instance fields (``node_prop("space")``).
    """

    path: PropertyPath

    def equals(self, value: Any) -> Filter | None:
        """Equals ``value``."""
        return None if value is None else Equals(self.path, value)

    def in_(self, values: Iterable[Any] | None) -> Filter | None:
        """Equals one of ``values``."""
        return None if values is None else In(self.path, tuple(values))

    def equals_or_in(self, value: Any) -> Filter | None:
        """``equals`` for one value, ``in`` for a list, tuple or set of values.

        A ``(space, external_id)`` tuple counts as one value (a node id).
        """
        if value is None:
            return None
        if isinstance(value, list | set | frozenset) or (
            isinstance(value, tuple) and not _is_id_pair(value)
        ):
            return In(self.path, tuple(value))
        return Equals(self.path, value)

    def range(
        self, *, gt: Any = None, gte: Any = None, lt: Any = None, lte: Any = None
    ) -> Filter | None:
        """Within the given bounds; ``None`` when no bound is given."""
        if gt is None and gte is None and lt is None and lte is None:
            return None
        return Range(self.path, gt=gt, gte=gte, lt=lt, lte=lte)

    def prefix(self, value: str | None) -> Filter | None:
        """Starts with ``value``."""
        return None if value is None else Prefix(self.path, value)

    def exists(self, value: bool | None = True) -> Filter | None:
        """Has a value (``True``), has none (``False``), or no filter (``None``)."""
        if value is None:
            return None
        return Exists(self.path) if value else Not(Exists(self.path))

    def contains_any(self, values: Sequence[Any] | None) -> Filter | None:
        """A list property containing any of ``values``."""
        return None if values is None else ContainsAny(self.path, tuple(values))

    def contains_all(self, values: Sequence[Any] | None) -> Filter | None:
        """A list property containing all of ``values``."""
        return None if values is None else ContainsAll(self.path, tuple(values))

    def references(self, nodes: Any) -> Filter | None:
        """A direct relation pointing to this node (``equals``) or one of these (``in``).

        Nodes are ``InstanceId``s, ``(space, external_id)`` pairs, or bare external ids, which
        are in the client's instance space.
        """
        if nodes is None:
            return None
        if isinstance(nodes, Filter):  # a filter on the target: the API's ``nested``
            return Nested(self.path, nodes)
        values = _nodes(nodes)
        return Equals(self.path, values[0]) if len(values) == 1 else In(self.path, values)

    def references_any(self, nodes: Any) -> Filter | None:
        """A multi-valued direct relation holding this node or any of these (``containsAny``);
        nodes as in :meth:`references`."""
        if isinstance(nodes, Filter):  # no ``nested`` through a list: resolved in two steps
            return Related("list", nodes, self.path)
        return None if nodes is None else ContainsAny(self.path, _nodes(nodes))

    def references_all(self, nodes: Any) -> Filter | None:
        """A multi-valued direct relation holding every one of these nodes (``containsAll``);
        nodes as in :meth:`references`."""
        return None if nodes is None else ContainsAll(self.path, _nodes(nodes))


def _node(value: Any) -> Any:
    """A node given to a relation filter: a bare external id becomes a :class:`BareId`."""
    return BareId(value) if isinstance(value, str) else value


def _nodes(values: Any) -> tuple[Any, ...]:
    """One node or several, as a tuple (a ``(space, external_id)`` pair is one node)."""
    if isinstance(values, str | InstanceId) or (isinstance(values, tuple) and _is_id_pair(values)):
        return (_node(values),)
    return tuple(_node(value) for value in values)


def with_instance_space(filter: Filter, instance_space: str | None) -> Filter:
    """``filter`` with every bare external id (:class:`BareId`) resolved in ``instance_space``.

    Raises:
        ValueError: the filter holds a bare external id and ``instance_space`` is ``None``.
    """

    def resolved(value: Any) -> Any:
        if isinstance(value, Filter):
            return with_instance_space(value, instance_space)
        if isinstance(value, BareId):
            return value.resolve(instance_space)
        if isinstance(value, tuple):
            return tuple(resolved(item) for item in value)
        return value

    if isinstance(
        filter, Equals | In | ContainsAny | ContainsAll | And | Or | Not | Nested | Related
    ):
        changes = {field.name: resolved(getattr(filter, field.name)) for field in fields(filter)}
        return replace(filter, **changes)
    return filter


def _is_id_pair(value: tuple[Any, ...]) -> bool:
    return len(value) == 2 and all(isinstance(part, str) for part in value)


def node_prop(field: str, instance_type: str = "node") -> Prop:
    """A builder for an instance field: ``space``, ``externalId``, ``createdTime`` ..."""
    return Prop((instance_type, field))


def view_prop(view: ViewRef, identifier: str) -> Prop:
    """A builder for one of a view's properties (same as ``view.prop(identifier)``)."""
    return Prop((view.space, view.source_key, identifier))

"""Expand on read: typed nested objects across relations, from the DMS query endpoint.

``api.list(expand=2)`` / ``api.retrieve(id, expand=Expand(depth=2))`` build one query whose
result sets follow every relation of the view to ``depth`` hops:

- a direct relation with a ``source`` view: ``nodes`` through the property, ``outwards``;
- a reverse direct relation: ``nodes`` through the other view's property, ``inwards``;
- an edge connection: an ``edges`` set (one hop, filtered on the edge type) and a ``nodes``
  set of the nodes at their far end.

Each set selects one view (the API allows ten per select). Requests grow with result pages,
never with instances: the first request returns a page of every set; a set that has more
(``nextCursor``) is then paged *within the pages of its ancestors* — the follow-up request
holds the set's ancestors with the cursors that produced their current page, the set with its
own cursor, and the set's descendants (computed from the set's new page, from their first
page). The root set pages last, with everything below it. Objects are linked from the data
(property values and edge ends), so the order of pages does not matter; each instance is one
object per read class however often it is reached.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias, get_args, get_origin

from pydantic import ConfigDict, Field, TypeAdapter, create_model

from pygen_runtime._gc import gc_paused

from .expandable import target_of
from .filters import Filter, HasData, and_, node_prop
from .ids import InstanceId, ViewRef
from .instance import Edge, EdgeSpec, Node, ReverseSpec

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_INSTANCES",
    "Expand",
    "ExpandArg",
    "ExpandLimitError",
    "expansion_of",
]

DEFAULT_MAX_DEPTH = 3
DEFAULT_MAX_INSTANCES = 100_000
DEFAULT_MAX_RESULT_SETS = 100
SET_LIMIT = 10_000  # the API's largest page of one result set
ROOT_PAGE = 1_000


class ExpandLimitError(ValueError):
    """An expanded read went over a limit (depth or instances); nothing is returned."""


@dataclass(frozen=True, slots=True)
class Expand:
    """How far to follow relations on read.

    Attributes:
        depth: Hops to follow (1: the view's own relations as objects).
        max_instances: The most instances one read may hold in memory, all levels together;
            over it the read stops with :class:`ExpandLimitError` (never truncated data).
        max_depth: The deepest expansion allowed (result sets grow with every level).
        max_result_sets: The most result sets one query may hold (a view with many relations
            multiplies them at every level; each set is a page of up to 10,000 instances).
    """

    depth: int = 1
    max_instances: int = DEFAULT_MAX_INSTANCES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_result_sets: int = DEFAULT_MAX_RESULT_SETS

    def __post_init__(self) -> None:
        if self.depth < 1:
            raise ValueError(f"expand depth must be at least 1, got {self.depth}")
        if self.depth > self.max_depth:
            raise ExpandLimitError(
                f"expand depth {self.depth} is over the limit of {self.max_depth}: every level "
                "multiplies the result sets; raise it with "
                f"Expand(depth={self.depth}, max_depth={self.depth})"
            )


ExpandArg: TypeAlias = Literal["none", "ids"] | int | Expand
"""``"none"``: properties only (direct relations as ids). ``"ids"``: also edges and reverse
relations, as ids (edges with properties as edge objects). An ``int`` or :class:`Expand`:
typed nested objects to that depth."""


def expansion_of(value: ExpandArg) -> Expand | None:
    """The :class:`Expand` of an ``expand=`` argument (``None`` for ``"none"``/``"ids"``)."""
    if isinstance(value, Expand):
        return value
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"expand takes 'none', 'ids', a depth or an Expand, got {value!r}")
    if isinstance(value, str):
        if value not in ("none", "ids"):
            raise ValueError(f"expand takes 'none', 'ids', a depth or an Expand, got {value!r}")
        return None
    return Expand(depth=value)


# -- what a read class can expand ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hop:
    """One expandable relation of a read class."""

    field: str
    kind: Literal["direct", "reverse", "edge"]
    target: type[Any] | None  # the node class reached (None: edges kept, end nodes as ids)
    multi: bool
    property: str = ""  # direct: the property id in the owner's view
    reverse: ReverseSpec | None = None
    edge: EdgeSpec | None = None
    edge_class: type[Any] | None = None


_HOPS: dict[type[Any], tuple[Hop, ...]] = {}


def hops_of(read_class: type[Any]) -> tuple[Hop, ...]:
    """The expandable relations of ``read_class``, worked out once from its fields and specs."""
    found = _HOPS.get(read_class)
    if found is not None:
        return found
    read_class.model_rebuild()
    hops: list[Hop] = []
    edges: dict[str, EdgeSpec] = dict(read_class._edges)
    reverse: dict[str, ReverseSpec] = dict(read_class._reverse)
    for name, info in read_class.model_fields.items():
        annotation = info.annotation
        multi = _is_list(annotation)
        if name in edges:
            spec = edges[name]
            edge_class = _edge_class_in(annotation)
            target = target_of(annotation)
            if target is None and spec.target_view is not None:
                target = class_for_view(read_class, spec.target_view)
            hops.append(Hop(name, "edge", target, spec.multi, edge=spec, edge_class=edge_class))
        elif name in reverse:
            target = target_of(annotation)
            if target is not None:
                hops.append(
                    Hop(name, "reverse", target, reverse[name].multi, reverse=reverse[name])
                )
        else:
            target = target_of(annotation)
            alias = info.validation_alias
            path = getattr(alias, "path", None)
            if target is not None and path:
                hops.append(Hop(name, "direct", target, multi, property=str(path[-1])))
    result = tuple(hops)
    _HOPS[read_class] = result
    return result


def _is_list(annotation: Any) -> bool:
    return any(get_origin(a) is list for a in (annotation, *get_args(annotation)))


def _edge_class_in(annotation: Any) -> type[Any] | None:
    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, Edge):
            return current
        stack.extend(get_args(current))
    return None


def class_for_view(owner: type[Any], view: ViewRef) -> type[Any] | None:
    """The node read class of ``view`` defined next to ``owner``, in its generated module. In
    the package layout (one module per view) the module binds, on first use, the classes of
    the other views it relates to (``__pygen_links__``): an edge view's module binds the node
    classes at the ends of every connection that uses it."""
    module = sys.modules.get(owner.__module__)
    for value in list(vars(module).values()) if module is not None else ():
        if (
            isinstance(value, type)
            and issubclass(value, Node)
            and value.__dict__.get("_view") == view
        ):
            return value
    return None


def outwards_connections(edge_class: type[Any]) -> dict[InstanceId, EdgeSpec]:
    """Edge type -> the outwards connection declared with ``edge_class``'s view as its edge
    view, from the module that defines ``edge_class`` (in the package layout its module binds
    the specs of those connections on first use, ``__pygen_links__``)."""
    module = sys.modules.get(edge_class.__module__)
    view = getattr(edge_class, "_view", None)
    found: dict[InstanceId, EdgeSpec] = {}
    for value in list(vars(module).values()) if module is not None else ():
        if (
            isinstance(value, EdgeSpec)
            and value.edge_view == view
            and value.direction == "outwards"
        ):
            found.setdefault(value.edge_type, value)
    return found


def _property_fields(read_class: type[Any]) -> dict[str, str]:
    """CDF property id -> field name, for the properties a read class reads."""
    fields: dict[str, str] = {}
    for name, info in read_class.model_fields.items():
        path = getattr(info.validation_alias, "path", None)
        if path:
            fields[str(path[-1])] = name
    return fields


# -- the query: one result set per hop and level ---------------------------------------------------


@dataclass(eq=False)
class ResultSet:
    """One named result set of an expansion query."""

    name: str
    cls: type[Any]
    expression: dict[str, Any]
    parent: ResultSet | None = None
    hop: Hop | None = None
    edges: ResultSet | None = None  # for the end-node set of an edge hop: its edge set
    children: list[ResultSet] = field(default_factory=list)
    absent: tuple[str, ...] = ()  # fields not selected (a query's select): removed once read

    def ancestors(self) -> list[ResultSet]:
        chain = []
        current = self.parent
        while current is not None:
            chain.append(current)
            current = current.parent
        return chain

    def descendants(self) -> list[ResultSet]:
        found = []
        stack = list(self.children)
        while stack:
            current = stack.pop(0)
            found.append(current)
            stack.extend(current.children)
        return found

    def select(self) -> dict[str, Any]:
        view = getattr(self.cls, "_view", None) if self.cls is not Edge else None
        if view is None:
            return {"sources": []}
        absent = self.absent
        properties = (
            [pid for pid, name in _property_fields(self.cls).items() if name not in absent]
            if absent
            else ["*"]
        )
        return {"sources": [{"source": view.dump(), "properties": properties}]}


def build_sets(
    read_class: type[Any],
    root: dict[str, Any],
    depth: int,
    max_result_sets: int = DEFAULT_MAX_RESULT_SETS,
) -> list[ResultSet]:
    """The result sets of an expansion: ``root`` (a ``nodes`` expression), then each hop.

    Raises:
        ExpandLimitError: more than ``max_result_sets`` sets.
    """
    sets = [ResultSet("s0", read_class, root)]
    level = [sets[0]]
    for _ in range(depth):
        next_level: list[ResultSet] = []
        for parent in level:
            for hop in hops_of(parent.cls):
                made = hop_sets(parent, hop, len(sets))
                sets.extend(made)
                if len(sets) > max_result_sets:
                    raise ExpandLimitError(
                        f"expanding {read_class.__name__} to depth {depth} needs more than "
                        f"{max_result_sets} result sets (max_result_sets; every relation "
                        "multiplies them at every level): expand less deep, or raise the limit "
                        f"with Expand(depth={depth}, max_result_sets=...)"
                    )
                next_level.extend(s for s in made if issubclass(s.cls, Node))
        level = next_level
    return sets


def _has_data(cls: type[Any], where: Filter | None = None) -> dict[str, Any]:
    condition = and_(HasData((cls._view,)), where)
    assert condition is not None
    return condition.dump()


def hop_sets(
    parent: ResultSet,
    hop: Hop,
    number: int,
    *,
    where: Filter | None = None,
    edge_where: Filter | None = None,
) -> list[ResultSet]:
    """The result sets that follow ``hop`` from ``parent`` (named from ``s<number>`` on).

    ``where`` narrows the nodes reached (for an edge hop also the edges: ``nodeFilter``),
    ``edge_where`` the edges of an edge hop by their own properties; both must be wire-ready
    (relation filters resolved).
    """
    made: list[ResultSet] = []

    def add(cls: type[Any], expression: dict[str, Any], **links: Any) -> ResultSet:
        result = ResultSet(f"s{number + len(made)}", cls, expression, **links)
        made.append(result)
        return result

    if hop.kind == "direct" or hop.kind == "reverse":
        assert hop.target is not None
        if hop.kind == "direct":
            through = {"source": parent.cls._view.dump(), "identifier": hop.property}
            direction = "outwards"
        else:
            assert hop.reverse is not None
            through = {"source": hop.reverse.source_view.dump(), "identifier": hop.reverse.through}
            direction = "inwards"
        child = add(
            hop.target,
            {
                "nodes": {
                    "from": parent.name,
                    "through": through,
                    "direction": direction,
                    "filter": _has_data(hop.target, where),
                },
                "limit": SET_LIMIT,
            },
            parent=parent,
            hop=hop,
        )
        parent.children.append(child)
        return made
    assert hop.edge is not None
    edge_filter = and_(node_prop("type", "edge").equals(hop.edge.edge_type), edge_where)
    assert edge_filter is not None
    traversal: dict[str, Any] = {
        "from": parent.name,
        "direction": hop.edge.direction,
        "maxDistance": 1,
        "filter": edge_filter.dump(),
    }
    if where is not None and hop.target is not None:
        traversal["nodeFilter"] = _has_data(hop.target, where)
    edges = add(
        hop.edge_class or Edge,
        {"edges": traversal, "limit": SET_LIMIT},
        parent=parent,
        hop=hop,
    )
    parent.children.append(edges)
    if hop.target is not None:
        ends = add(
            hop.target,
            {
                "nodes": {"from": edges.name, "filter": _has_data(hop.target, where)},
                "limit": SET_LIMIT,
            },
            parent=edges,
            hop=hop,
            edges=edges,
        )
        edges.children.append(ends)
    return made


# -- running it ----------------------------------------------------------------------------------

_ADAPTERS: dict[tuple[tuple[str, type[Any]], ...], TypeAdapter[Any]] = {}
_CONFIG = ConfigDict(cache_strings="keys")


def _adapter(sets: Sequence[ResultSet]) -> TypeAdapter[Any]:
    """A response model with one typed list per result set, validated in one call."""
    key = tuple((s.name, s.cls) for s in sets)
    adapter = _ADAPTERS.get(key)
    if adapter is None:
        items = create_model(  # type: ignore[call-overload]
            "ExpandItems",
            __config__=_CONFIG,
            **{s.name: (list[s.cls], Field(default_factory=list)) for s in sets},  # type: ignore[name-defined]
        )
        response = create_model(
            "ExpandResponse",
            __config__=_CONFIG,
            items=(items, ...),
            next_cursor=(dict[str, str], Field(default_factory=dict, alias="nextCursor")),
        )
        adapter = TypeAdapter(response)
        _ADAPTERS[key] = adapter
    return adapter


class Expansion:
    """One expanded read: sends the queries, keeps one object per instance, links them."""

    def __init__(
        self,
        post: Any,
        spec: Expand,
        sets: list[ResultSet],
        *,
        raise_with: str | None = None,
    ) -> None:
        self._post = post
        self._spec = spec
        self._sets = sets
        self._root = sets[0]
        self._seen: dict[tuple[type[Any], Key], Any] = {}
        self._raise_with = raise_with or f"Expand(depth={spec.depth}, max_instances=...)"
        self.requests = 0

    def root_pages(self, limit: int | None) -> Iterator[list[Any]]:
        """Yield each page of root objects, expanded, until ``limit`` roots (``None``: all).

        The root page size stays the same from page to page (a cursor belongs to its query);
        the last page is cut to ``limit`` here.
        """
        for roots, _ in self.root_pages_with_cursors(limit):
            yield roots

    def root_pages_with_cursors(
        self, limit: int | None, cursor: str | None = None
    ) -> Iterator[tuple[list[Any], str | None]]:
        """:meth:`root_pages` from the root page at ``cursor`` (``None``: the first), each
        page with the root set's cursor of the next (``None`` at the end): the cursor of a
        query across relations, which resumes it (the sets below a root page are read whole
        with it, so the root's cursor is all a later run needs)."""
        remaining = limit
        self._root.expression["limit"] = ROOT_PAGE if limit is None else min(ROOT_PAGE, limit)
        while remaining is None or remaining > 0:
            found: dict[str, dict[Key, Any]] = {s.name: {} for s in self._sets}
            cursors = self._fetch(self._root, cursor, {}, found)
            self._follow(self._root, cursors, {self._root.name: cursor} if cursor else {}, found)
            self._link(found)
            roots = list(found[self._root.name].values())
            if remaining is not None:
                roots = roots[:remaining]
                remaining -= len(roots)
            cursor = cursors.get(self._root.name) or None
            yield roots, cursor
            if not cursor or not roots:
                return

    def _fetch(
        self,
        target: ResultSet,
        cursor: str | None,
        context: dict[str, str],
        found: dict[str, dict[Key, Any]],
    ) -> dict[str, str]:
        """One request: ``target``'s page at ``cursor`` and its descendants' first pages, its
        ancestors on the pages ``context`` names. Returns the next cursors of the sets read."""
        chosen = [target, *target.descendants()]
        names = {s.name for s in target.ancestors()} | {s.name for s in chosen}
        body: dict[str, Any] = {
            "with": {s.name: s.expression for s in self._sets if s.name in names},
            "select": {s.name: s.select() for s in chosen},
        }
        cursors = dict(context)
        if cursor:
            cursors[target.name] = cursor
        if cursors:
            body["cursors"] = cursors
        content = self._post("/models/instances/query", body)
        self.requests += 1
        with gc_paused():
            response = _adapter(chosen).validate_json(content)
        seen = self._seen
        for s in chosen:
            bucket = found[s.name]
            cls = s.cls
            items = getattr(response.items, s.name)
            for name in s.absent:  # not selected (a query's select): absent, not None
                for item in items:
                    del item.__dict__[name]
            for item in items:
                values = item.__dict__
                key = (values["space"], values["external_id"])
                bucket[key] = seen.setdefault((cls, key), item)
        self._check()
        return {
            s.name: response.next_cursor[s.name] for s in chosen if s.name in response.next_cursor
        }

    def _follow(
        self,
        target: ResultSet,
        cursors: dict[str, str],
        context: dict[str, str],
        found: dict[str, dict[Key, Any]],
    ) -> None:
        """Page every descendant of ``target`` that has more, within the pages of its ancestors
        that the last request read (``target`` at ``context``, the sets between on their first
        page)."""
        for descendant in target.descendants():
            cursor = cursors.get(descendant.name)
            while cursor:
                more = self._fetch(descendant, cursor, context, found)
                self._follow(descendant, more, {**context, descendant.name: cursor}, found)
                cursor = more.get(descendant.name)

    def _check(self) -> None:
        if len(self._seen) > self._spec.max_instances:
            raise ExpandLimitError(
                f"expand read more than {self._spec.max_instances:,} instances (max_instances); "
                "narrow the read (a filter, a smaller limit or depth) or raise the limit with "
                + self._raise_with
            )

    def _link(self, found: dict[str, dict[Key, Any]]) -> None:
        """Set every expanded relation of every parent from the data of its child sets."""
        for s in self._sets:
            if s.hop is None or s.parent is None or s.edges is not None:
                continue
            parents = list(found[s.parent.name].values())
            hop = s.hop
            if hop.kind == "direct":
                _link_direct(parents, hop, self._seen)
            elif hop.kind == "reverse":
                _link_reverse(parents, hop, list(found[s.name].values()))
            else:
                ends = next((c for c in s.children if c.edges is s), None)
                _link_edges(parents, hop, list(found[s.name].values()), self._seen, ends)


Key: TypeAlias = tuple[str, str]
"""``(space, external_id)``: hashing a tuple is several times cheaper than an ``InstanceId``."""


def _key(value: Any) -> Key:
    """The key of an ``InstanceId`` or an instance."""
    return (value.space, value.external_id)


def _link_direct(parents: list[Any], hop: Hop, seen: dict[tuple[type[Any], Key], Any]) -> None:
    target = hop.target

    def resolve(value: Any) -> Any:
        if type(value) is InstanceId:
            return seen.get((target, (value.space, value.external_id)), value)  # type: ignore[arg-type]
        return value

    for parent in parents:
        value = parent.__dict__.get(hop.field)
        if value is None:
            continue
        if type(value) is list:
            parent.__dict__[hop.field] = [resolve(item) for item in value]
        else:
            parent.__dict__[hop.field] = resolve(value)


def _link_reverse(parents: list[Any], hop: Hop, children: list[Any]) -> None:
    assert hop.reverse is not None and hop.target is not None
    through = _property_fields(hop.target).get(hop.reverse.through)
    grouped: dict[Key, dict[Key, Any]] = {_key(parent): {} for parent in parents}
    if through is not None:
        for child in children:
            value = child.__dict__.get(through)
            for ref in value if isinstance(value, list) else [value]:
                if ref is None:
                    continue
                bucket = grouped.get(_key(ref))
                if bucket is not None:
                    bucket[_key(child)] = child
    _assign(parents, hop, grouped)


def _link_edges(
    parents: list[Any],
    hop: Hop,
    edges: list[Any],
    seen: dict[tuple[type[Any], Key], Any],
    ends: ResultSet | None,
) -> None:
    assert hop.edge is not None
    outwards = hop.edge.direction == "outwards"
    grouped: dict[Key, dict[Key, Any]] = {_key(parent): {} for parent in parents}
    target = hop.target
    for edge in edges:
        values = edge.__dict__
        near, far = (
            (values["start_node"], values["end_node"])
            if outwards
            else (values["end_node"], values["start_node"])
        )
        bucket = grouped.get((near.space, near.external_id))
        if bucket is None:
            continue
        far_key = (far.space, far.external_id)
        node = seen.get((target, far_key)) if ends is not None else None  # type: ignore[arg-type]
        if hop.edge_class is not None:
            values["other_node"] = node
            bucket[_key(edge)] = edge
        else:
            bucket[far_key] = node if node is not None else far
    _assign(parents, hop, grouped)


def _assign(parents: list[Any], hop: Hop, grouped: dict[Key, dict[Key, Any]]) -> None:
    for parent in parents:
        found = grouped[_key(parent)]
        values = [found[key] for key in sorted(found)]
        parent.__dict__[hop.field] = values if hop.multi else (values[0] if values else None)


def root_expression(
    view: ViewRef,
    filter: Filter | None,
    sort: list[dict[str, Any]],
    instance_type: Literal["node", "edge"] = "node",
) -> dict[str, Any]:
    """The root set: the view's nodes (or edges: an ``edges`` set without ``from``) matching
    ``filter``, sorted."""
    condition = and_(HasData((view,)), filter)
    assert condition is not None
    kind = "nodes" if instance_type == "node" else "edges"
    expression: dict[str, Any] = {kind: {"filter": condition.dump()}, "limit": ROOT_PAGE}
    if sort:
        expression["sort"] = sort
    return expression

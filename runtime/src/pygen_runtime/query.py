"""Queries across relations: a fluent, lazy, typed builder whose first hop is a view.

    (api.query().filter(name_prefix="Pump").sort("-weight").limit(10)
        .assets.filter(status="running").limit(3).up()
        .list())

A builder is an immutable tree of :class:`HopSpec` (the root is the API's view, each child a
relation followed from its parent) plus the path of the hop it stands at. Every method returns
a new builder; nothing is sent until ``list()``, ``execute()``, ``to_list()``, ``to_pandas()``,
``rows()`` or ``count()``. A query with hops or a selection runs on ``/models/instances/query``
through :mod:`.expand`'s result-set machinery (one query per root page, dependent cursors
followed within their ancestors' pages, the same guards); a plain one as ``api.iterate``.

Generated SDKs subclass :class:`QueryBuilder` per view (``EquipmentQuery``): typed ``filter``
keyword arguments, the view's sort and select names as ``Literal``s, and one property per
relation returning the target view's query class. See docs/python-runtime.md, "Queries across
relations".
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from pydantic import Field, create_model
from typing_extensions import Self

from .expand import (
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_INSTANCES,
    DEFAULT_MAX_RESULT_SETS,
    Expand,
    ExpandLimitError,
    Expansion,
    Hop,
    Key,
    ResultSet,
    hop_sets,
    hops_of,
    root_expression,
)
from .filters import Filter, and_, with_instance_space
from .instance import Edge
from .results import Page
from .sort import Sort, parse_sort

if TYPE_CHECKING:
    from .api import InstanceAPI

__all__ = ["HopSpec", "QueryBuilder", "TList", "TRoot", "TUp", "ViewQuery"]

TRoot = TypeVar("TRoot")
"""The read class of a query's root view (what ``execute()`` yields)."""
TList = TypeVar("TList")
"""The list class of a query's root view (what ``list()`` returns)."""
TUp = TypeVar("TUp")
"""The builder of the hop above (what ``up()`` returns; ``None`` at the root)."""
TSort = TypeVar("TSort", bound=str)
TSelect = TypeVar("TSelect", bound=str)

_OWN_FIELDS = frozenset({"space", "external_id", "version", "created_time", "last_updated_time"})


@dataclass(frozen=True, slots=True)
class HopSpec:
    """One hop of a query: the root (``field == ""``) or a relation followed from its parent."""

    read_class: type[Any]
    field: str = ""
    filters: tuple[Filter, ...] = ()
    edge_filters: tuple[Filter, ...] = ()
    sort: tuple[str | Sort, ...] = ()
    limit: int | None = None
    select: tuple[str, ...] = ()
    children: tuple[HopSpec, ...] = ()

    def at(self, path: Sequence[str]) -> HopSpec:
        node = self
        for name in path:
            node = next(child for child in node.children if child.field == name)
        return node

    def replace_at(self, path: Sequence[str], **changes: Any) -> HopSpec:
        """A copy of the tree with the hop at ``path`` changed."""
        if not path:
            return dataclasses.replace(self, **changes)
        children = tuple(
            child.replace_at(path[1:], **changes) if child.field == path[0] else child
            for child in self.children
        )
        return dataclasses.replace(self, children=children)

    def depth(self) -> int:
        return 1 + max((child.depth() for child in self.children), default=0)


@dataclass(frozen=True, slots=True)
class _Guards:
    max_instances: int = DEFAULT_MAX_INSTANCES
    max_result_sets: int = DEFAULT_MAX_RESULT_SETS
    max_depth: int = DEFAULT_MAX_DEPTH


class QueryBuilder(Generic[TRoot, TList, TUp, TSort, TSelect]):
    """A query of the API's view that can follow relations (see the module docstring).

    Generated query classes (``EquipmentQuery``) bind ``TSort`` and ``TSelect`` to the view's
    ``Literal``s and add typed keyword filters and one property per relation.
    """

    def __init__(
        self,
        source: InstanceAPI[Any, Any, Any] | QueryBuilder[Any, Any, Any, Any, Any],
        *,
        tree: HopSpec | None = None,
        path: tuple[str, ...] = (),
        guards: _Guards = _Guards(),
        above: tuple[type[QueryBuilder[Any, Any, Any, Any, Any]], ...] = (),
    ) -> None:
        self._api: InstanceAPI[Any, Any, Any]
        self._tree: HopSpec
        self._path: tuple[str, ...]
        self._guards: _Guards
        self._above: tuple[type[QueryBuilder[Any, Any, Any, Any, Any]], ...]
        if isinstance(source, QueryBuilder):  # a hop: relation properties pass `self._hop(...)`
            self._api, self._tree, self._path = source._api, source._tree, source._path
            self._guards, self._above = source._guards, source._above
            return
        self._api = source
        self._tree = tree if tree is not None else HopSpec(source._read_class)
        self._path = path
        self._guards = guards
        self._above = above  # the builder classes of the hops above, root first

    # -- building --------------------------------------------------------------------------------

    @property
    def _here(self) -> HopSpec:
        return self._tree.at(self._path)

    def _with(self, **changes: Any) -> Self:
        return self._moved(self._tree.replace_at(self._path, **changes))

    def _moved(self, tree: HopSpec, guards: _Guards | None = None) -> Self:
        return type(self)(
            self._api,
            tree=tree,
            path=self._path,
            guards=guards or self._guards,
            above=self._above,
        )

    def _filtered(self, added: Filter | None) -> Self:
        here = self._here
        return self._with(filters=(*here.filters, added)) if added is not None else self

    def filter(self, filter: Filter | None = None) -> Self:
        """Add a condition. At the root it chooses the roots; at a hop, which related items
        each parent gets (parents are never dropped). Conditions from several calls must all
        hold. Generated query classes add the view's typed keyword filters."""
        return self._filtered(filter)

    def edge_filter(self, filter: Filter | None) -> Self:
        """At a hop over an edge connection: a filter on the edges' own properties (the edge
        view's, e.g. ``CONNECTION_VIEW.prop("cableType").equals("copper")``). Generated query
        classes reached over edges with properties take the edge view's typed filter
        arguments too (``edge_filter(cable_type="copper")``)."""
        self._edge_hop()
        return self._edge_filtered(filter)

    def _edge_hop(self) -> Hop:
        hop = self._hop_info()
        if hop is None or hop.kind != "edge":
            raise ValueError(
                f"edge_filter applies at a hop over an edge connection; "
                f"{self._where_am_i()} is not one"
            )
        return hop

    def _edge_filtered(self, filter: Filter | None) -> Self:
        if filter is None:
            return self
        return self._with(edge_filters=(*self._here.edge_filters, filter))

    def _typed_edge_filter(
        self,
        filter: Filter | None,
        filters: Mapping[str, object],
        builders: Mapping[type[Any], Callable[[Any, Filter | None], Filter | None]],
    ) -> Self:
        """``edge_filter`` of a generated query class: the typed filter arguments of the edge
        view this hop goes over (``builders``: edge read class -> its filter function, one per
        edge view whose edges lead to this view). The filter function checks the names."""
        hop = self._edge_hop()
        build = builders.get(hop.edge_class) if hop.edge_class is not None else None
        if build is None:
            if not filters:
                return self._edge_filtered(filter)
            edge = (
                "edges without properties"
                if hop.edge_class is None
                else (f"{hop.edge_class.__name__} edges")
            )
            raise TypeError(
                f"{self._where_am_i()} goes over {edge}: filter arguments "
                f"{', '.join(sorted(filters))} are not theirs; pass a Filter"
            )
        return self._edge_filtered(build(filters, filter))

    def sort(self, *keys: TSort | Sort) -> Self:
        """Sort by fields: ``"weight"`` ascending, ``"-weight"`` descending. At the root the API
        sorts; at a hop each parent's items are sorted (missing values last)."""
        fields = self._here.read_class.model_fields
        for key in keys:
            name = key.property if isinstance(key, Sort) else key.lstrip("-+")
            if name not in fields or (self._path and not _is_value_field(fields[name])):
                raise ValueError(
                    f"{self._here.read_class.__name__} cannot be sorted by {name!r}; "
                    "sort by one of its fields (a leading '-' sorts descending)"
                )
        return self._with(sort=(*self._here.sort, *keys))

    def limit(self, count: int | None) -> Self:
        """At the root: the most roots (``None``: all). At a hop: the most items per parent."""
        if count is not None and count < 0:
            raise ValueError(f"limit must be >= 0 or None, got {count}")
        return self._with(limit=count)

    def select(self, *properties: TSelect) -> Self:
        """Fetch only these properties (field names) at this hop; the others are absent from
        the objects read (reading one raises ``AttributeError``)."""
        known = _property_ids(self._here.read_class)
        for name in properties:
            if name not in known:
                raise ValueError(
                    f"{self._here.read_class.__name__} has no property {name!r} to select; "
                    f"choose from {', '.join(sorted(known))}"
                )
        return self._with(select=(*self._here.select, *properties))

    def guard(
        self,
        *,
        max_instances: int | None = None,
        max_result_sets: int | None = None,
        max_depth: int | None = None,
    ) -> Self:
        """Raise (or lower) the memory guards of the whole query (see ``Expand``)."""
        changes = {
            "max_instances": max_instances,
            "max_result_sets": max_result_sets,
            "max_depth": max_depth,
        }
        guards = dataclasses.replace(
            self._guards, **{k: v for k, v in changes.items() if v is not None}
        )
        return self._moved(self._tree, guards)

    def up(self) -> TUp:
        """The builder of the hop above, with everything built below it kept."""
        if not self._path:
            raise ValueError("up() at the root of a query: there is no hop above")
        made = self._above[-1](
            self._api,
            tree=self._tree,
            path=self._path[:-1],
            guards=self._guards,
            above=self._above[:-1],
        )
        return cast(TUp, made)

    def _hop(self, field: str) -> QueryBuilder[Any, Any, Any, Any, Any]:
        """This builder moved one hop down, along the relation ``field`` (added to the tree
        if it is not there yet). Generated relation properties wrap it in the target's class."""
        here = self._here
        hop = next((h for h in hops_of(here.read_class) if h.field == field), None)
        if hop is None or hop.target is None:
            raise ValueError(
                f"{here.read_class.__name__}.{field} is not a relation to a class of the model"
            )
        tree = self._tree
        if all(child.field != field for child in here.children):
            child = HopSpec(hop.target, field)
            tree = tree.replace_at(self._path, children=(*here.children, child))
        return QueryBuilder(
            self._api,
            tree=tree,
            path=(*self._path, field),
            guards=self._guards,
            above=(*self._above, type(self)),
        )

    def _hop_info(self) -> Hop | None:
        if not self._path:
            return None
        parent = self._tree.at(self._path[:-1])
        return next(h for h in hops_of(parent.read_class) if h.field == self._path[-1])

    def _where_am_i(self) -> str:
        names = [self._tree.read_class.__name__, *self._path]
        return ".".join(names)

    @property
    def where(self) -> Filter | None:
        """The combined filter of the root (``None`` when there is none)."""
        return and_(*self._tree.filters)

    # -- running ---------------------------------------------------------------------------------

    def execute(self) -> Iterator[TRoot]:
        """Yield the root objects, fetching one root page (with everything below it) at a time."""
        for page in self.pages():
            items: Any = page.items
            yield from items

    def pages(self, cursor: str | None = None) -> Iterator[Page[TList]]:
        """Yield the roots a page (up to 1,000, with everything below them) at a time, each
        with the cursor of the next page (``None`` at the end). Pass a cursor to resume the
        same query where that page ended (``limit`` then counts from there)."""
        tree = self._tree
        sort: Any = list(tree.sort) or None
        if not tree.children and not tree.select:
            yield from self._api.pages(
                filter=self.where, sort=sort, limit=tree.limit, cursor=cursor
            )
            return
        run = _QueryRun(self._api, tree, self._guards)
        for roots, after in run.root_pages_with_cursors(tree.limit, cursor):
            yield Page(self._api._list_class(roots), after)

    def list(self) -> TList:
        """Run the whole query (from the root) and collect the roots in the view's list class."""
        result: Any = self._api._list_class(self.execute())
        return cast(TList, result)

    def to_list(self) -> TList:
        """The same as :meth:`list`."""
        return self.list()

    def to_pandas(self, camel_case: bool = False) -> Any:
        """``list().to_pandas()``: one flat row per root (needs pandas)."""
        return self._api._list_class(self.execute()).to_pandas(camel_case=camel_case)

    def rows(self) -> Iterator[dict[str, Any]]:
        """Yield plain dicts of the roots with ``space``, ``external_id`` and the selected
        properties (every property when nothing was selected)."""
        names = self._tree.select or tuple(_property_ids(self._tree.read_class))
        for item in self.execute():
            row = {"space": item.space, "external_id": item.external_id}  # type: ignore[attr-defined]
            row.update({name: getattr(item, name) for name in names})
            yield row

    def count(self) -> int:
        """Count the roots the root filter matches on the server (no instances are fetched)."""
        value = self._api.aggregate("count", filter=self.where)
        return int(value or 0)

    def __repr__(self) -> str:
        where = self.where
        try:  # shown without resolving relation filters: a repr sends no request
            space = self._api._client.instance_space
            shown: object = with_instance_space(where, space).dump() if where else None
        except (TypeError, ValueError):  # a relation filter, or a bare id and no instance space
            shown = where
        tree = self._tree
        hops = _describe(tree.children)
        return (
            f"{type(self).__name__}(view={self._api._view}, filter={shown}, "
            f"sort={list(tree.sort)}, limit={tree.limit}, select={list(tree.select)}"
            + (f", hops={hops}" if hops else "")
            + (f", at={'.'.join(self._path)!r}" if self._path else "")
            + ")"
        )


class ViewQuery(QueryBuilder[TRoot, TList, None, str, str]):
    """The builder of a runtime ``InstanceAPI`` without generated classes: keyword filters
    named like the API's at the root (``name_prefix="P"``, ``min_weight=1``), any name."""

    def filter(self, filter: Filter | None = None, **kwargs: Any) -> Self:
        """A :class:`Filter` and/or keyword filters (at the root only)."""
        if kwargs:
            if self._path:
                raise TypeError(
                    "keyword filters at a hop need the generated query class of the view; "
                    "pass a Filter"
                )
            filter = and_(filter, self._api._filter_from_kwargs(**kwargs))
        return self._filtered(filter)


def _describe(children: tuple[HopSpec, ...]) -> dict[str, Any]:
    return {child.field: _describe(child.children) for child in children}


def _is_value_field(info: Any) -> bool:
    return getattr(info.validation_alias, "path", None) is not None or info.alias in (
        "externalId",
        "createdTime",
        "lastUpdatedTime",
    )


def _property_ids(read_class: type[Any]) -> dict[str, str]:
    """Field name -> CDF property id, for the properties ``read_class`` reads."""
    found: dict[str, str] = {}
    for name, info in read_class.model_fields.items():
        path = getattr(info.validation_alias, "path", None)
        if path:
            found[name] = str(path[-1])
    return found


# -- selections: the read class with some properties absent ---------------------------------------

_SELECTED: dict[tuple[type[Any], frozenset[str]], type[Any]] = {}


def selected_class(read_class: type[Any], kept: frozenset[str]) -> type[Any]:
    """A subclass of ``read_class`` (made once per selection) that validates with the
    properties outside ``kept`` missing; :func:`_absent_names` are then removed from each object,
    and reading one raises ``AttributeError`` naming the fix."""
    key = (read_class, kept)
    found = _SELECTED.get(key)
    if found is not None:
        return found
    absent = tuple(name for name in _property_ids(read_class) if name not in kept)
    overrides: dict[str, Any] = {}
    for name in absent:
        info = read_class.model_fields[name]
        overrides[name] = (
            info.annotation | None,
            Field(None, validation_alias=info.validation_alias),
        )
    made: Any = create_model(
        read_class.__name__, __base__=read_class, __module__=read_class.__module__, **overrides
    )
    made.__qualname__ = read_class.__qualname__
    setattr(made, "_absent", absent)  # noqa: B010 - set on a class made at run time
    setattr(made, "__getattr__", _absent_attribute)  # noqa: B010
    made.model_rebuild(_types_namespace=vars(sys.modules[read_class.__module__]))
    _SELECTED[key] = made
    return cast(type[Any], made)


def _absent_attribute(self: Any, name: str) -> Any:
    if name in type(self).__dict__.get("_absent", ()):
        raise AttributeError(
            f"{type(self).__name__}.{name} was not selected: add it to select(...) to read it"
        )
    return super(type(self), self).__getattr__(name)


# -- running: the tree as result sets ---------------------------------------------------------------


@dataclass(eq=False)
class _Placed:
    """Where a hop of the tree landed in the query: its parent set, its node set."""

    hop: HopSpec
    parent: ResultSet
    nodes: ResultSet


class _QueryRun(Expansion):
    """One run of a query tree: its result sets, then the per-parent sort and limit."""

    def __init__(self, api: InstanceAPI[Any, Any, Any], tree: HopSpec, guards: _Guards) -> None:
        depth = tree.depth() - 1
        if depth > guards.max_depth:
            raise ExpandLimitError(
                f"the query follows relations {depth} hops deep, over the limit of "
                f"{guards.max_depth} (max_depth): every hop multiplies the result sets; "
                f"raise it with .guard(max_depth={depth})"
            )
        self._api = api
        self._placed: list[_Placed] = []
        full = and_(api._has_data(), api._scope(), *tree.filters)
        wire = None if full is None else api._resolved(full)
        sort = parse_sort(list(tree.sort) or None, api._sort_path)
        root = ResultSet(
            "s0",
            _class_of(tree, None),
            root_expression(api._view, wire, sort, api._instance_type),
        )
        root.absent = root.cls.__dict__.get("_absent", ())
        sets = [root]
        self._place(tree, root, sets, guards)
        spec = Expand(
            depth=max(depth, 1),
            max_instances=guards.max_instances,
            max_depth=max(depth, 1),
            max_result_sets=guards.max_result_sets,
        )
        super().__init__(api._client.post, spec, sets, raise_with=".guard(max_instances=...)")

    def _place(
        self, parent: HopSpec, parent_set: ResultSet, sets: list[ResultSet], guards: _Guards
    ) -> None:
        for child in parent.children:
            link = next(h for h in hops_of(parent.read_class) if h.field == child.field)
            cls = _class_of(child, link)
            where = and_(*child.filters)
            edge_where = and_(*child.edge_filters)
            api = self._api
            made = hop_sets(
                parent_set,
                dataclasses.replace(link, target=cls),
                len(sets),
                where=None if where is None else api._resolved(where),
                edge_where=None if edge_where is None else api._resolved(edge_where),
            )
            sets.extend(made)
            if len(sets) > guards.max_result_sets:
                raise ExpandLimitError(
                    f"the query needs more than {guards.max_result_sets} result sets "
                    "(max_result_sets): follow fewer relations, or raise the limit with "
                    ".guard(max_result_sets=...)"
                )
            nodes = next(s for s in made if s.cls is cls)
            nodes.absent = cls.__dict__.get("_absent", ())
            self._placed.append(_Placed(child, parent_set, nodes))
            self._place(child, nodes, sets, guards)

    def _link(self, found: dict[str, dict[Key, Any]]) -> None:
        super()._link(found)
        for placed in self._placed:
            hop = placed.hop
            if not hop.sort and hop.limit is None:
                continue
            for parent in found[placed.parent.name].values():
                items = parent.__dict__.get(hop.field)
                if type(items) is not list:
                    continue
                ordered = _sorted(items, hop.sort) if len(items) > 1 and hop.sort else items
                if hop.limit is not None and len(ordered) > hop.limit:
                    ordered = ordered[: hop.limit]
                parent.__dict__[hop.field] = ordered


def _class_of(hop: HopSpec, link: Hop | None) -> type[Any]:
    """The class a hop's nodes are read as: the read class, or with a selection the class
    that leaves the rest absent. A selection keeps what the links need: the direct relations
    followed from this hop, and a reverse relation's ``through`` property."""
    if not hop.select:
        return hop.read_class
    below = {h.field: h for h in hops_of(hop.read_class)}
    needed = [c.field for c in hop.children if below[c.field].kind == "direct"]
    if link is not None and link.kind == "reverse" and link.reverse is not None:
        by_id = {pid: name for name, pid in _property_ids(hop.read_class).items()}
        needed.append(by_id[link.reverse.through])
    return selected_class(hop.read_class, frozenset((*hop.select, *needed)))


def _sorted(items: list[Any], keys: tuple[str | Sort, ...]) -> list[Any]:
    ordered = list(items)
    for key in reversed(keys):
        sort = key if isinstance(key, Sort) else None
        name = sort.property if sort else str(key).lstrip("-+")
        descending = sort.direction == "descending" if sort else str(key).startswith("-")

        def value(item: Any, name: str = name) -> Any:
            node = item.__dict__.get("other_node") if isinstance(item, Edge) else item
            return None if node is None else node.__dict__.get(name)

        present = [i for i in ordered if value(i) is not None]
        missing = [i for i in ordered if value(i) is None]
        present.sort(key=value, reverse=descending)
        ordered = present + missing
    return ordered

"""``InstanceAPI``: retrieve, list, iterate, search and aggregate the instances of one view."""

from __future__ import annotations

import builtins
import json
import typing
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar, Generic, Literal, TypeVar, overload

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, create_model

from pygen_runtime._gc import gc_paused

from .expand import (
    Expand,
    ExpandArg,
    Expansion,
    build_sets,
    class_for_view,
    expansion_of,
    outwards_connections,
    root_expression,
)
from .filters import Filter, HasData, InstanceReferences, and_, node_prop, with_instance_space
from .ids import InstanceId, ViewRef
from .instance import Edge, EdgeSpec, Instance, InstanceWrite, ReverseSpec
from .instance_client import InstanceClient
from .lazy import link
from .lists import InstanceList
from .query import QueryBuilder, ViewQuery
from .related import resolve_related
from .results import InstanceResult, Page
from .sort import SortArg, parse_sort
from .sync import SyncBatch, sync_batches

__all__ = ["DEFAULT_LIMIT", "Aggregate", "GroupedValue", "InstanceAPI"]

TWrite = TypeVar("TWrite", bound=InstanceWrite)
TRead = TypeVar("TRead", bound=Instance)
TList = TypeVar("TList", bound=InstanceList[Any])

DEFAULT_LIMIT = 25
PAGE_LIMIT = 1000
Aggregate = Literal["count", "avg", "min", "max", "sum"]
IdLike = InstanceId | tuple[str, str] | str
_BASE_SORT_FIELDS = {
    "external_id": "externalId",
    "externalId": "externalId",
    "space": "space",
    "version": "version",
    "created_time": "createdTime",
    "createdTime": "createdTime",
    "last_updated_time": "lastUpdatedTime",
    "lastUpdatedTime": "lastUpdatedTime",
}


class GroupedValue(BaseModel):
    """One group of a grouped aggregate: the group's values and the aggregate."""

    model_config = ConfigDict(frozen=True)

    group: dict[str, Any]
    value: float | None


_PAGE_MODELS: dict[type[Any], TypeAdapter[Any]] = {}
# Only object keys go through pydantic-core's string cache: the values of a page (external ids,
# names, timestamps) are mostly distinct, and looking each up in the cache costs more than it saves
# (reads ~5-10% faster; repeated values such as a space name are no longer shared between objects).
_PAGE_CONFIG = ConfigDict(cache_strings="keys")


def _page_adapter(read_class: type[Any]) -> TypeAdapter[Any]:
    adapter = _PAGE_MODELS.get(read_class)
    if adapter is None:
        page = create_model(
            f"{read_class.__name__}Page",
            __config__=_PAGE_CONFIG,
            items=(list[read_class], Field(default_factory=list)),  # type: ignore[valid-type]
            next_cursor=(str | None, Field(None, alias="nextCursor")),
        )
        adapter = TypeAdapter(page)
        _PAGE_MODELS[read_class] = adapter
    return adapter


def _read_page(adapter: TypeAdapter[Any], content: bytes) -> Any:
    """A response page (``{"items": [...], "nextCursor": ...}``) as typed read objects.

    All in pydantic-core, with the cyclic GC paused: a page makes thousands of objects (each
    instance, its ``__dict__``, its fields set, its lists and ids), and the collector would
    otherwise walk them over and over while they are being made (~10-20% of a read).
    """
    with gc_paused():
        return adapter.validate_json(content)


class InstanceAPI(Generic[TWrite, TRead, TList]):
    """Reads of one view, typed by its generated classes.

    Generated SDKs subclass it per view and add typed keyword filters; the behaviour is here.
    Listing is lazy: ``iterate`` fetches a page at a time, ``list(limit=None)`` fetches all.

    Args:
        client: the shared transport and writer.
        edges: for an API of an edge view, the edge connection to keep to: every read then
            finds only edges of its type (``equipment.connected_to_edges`` is the
            ``Connection`` API kept to the ``Equipment.connectedTo`` edges).
    """

    _view: ClassVar[ViewRef]
    _read_class: ClassVar[type[Any]]
    _list_class: ClassVar[type[Any]]

    def __init__(self, client: InstanceClient, *, edges: EdgeSpec | None = None) -> None:
        self._client = client
        self._edge_spec = edges
        link(type(self).__module__)  # the other views its module names (per-view layout)

    # -- retrieve ---------------------------------------------------------------------------

    @overload
    def retrieve(self, id: IdLike, *, expand: ExpandArg = "ids") -> TRead | None: ...

    @overload
    def retrieve(
        self,
        id: Sequence[InstanceId | tuple[str, str]] | builtins.list[str],
        *,
        expand: ExpandArg = "ids",
    ) -> TList: ...

    def retrieve(self, id: Any, *, expand: ExpandArg = "ids") -> TRead | TList | None:
        """Retrieve by id: one id gives the object or ``None``, a list gives a list.

        Ids are ``InstanceId``s, ``(space, external_id)`` tuples, or bare external ids (in the
        client's ``instance_space``). ``expand`` (see :data:`ExpandArg`): ``"ids"`` (the
        default) also fetches edges and reverse relations as ids, ``"none"`` only properties,
        a depth (or :class:`Expand`) typed nested objects.
        """
        single = isinstance(id, str | InstanceId) or _is_pair(id)
        ids = [self._client.to_id(id)] if single else [self._client.to_id(item) for item in id]
        spec = expansion_of(expand)
        found = self._list_class()
        if spec is not None and self._instance_type == "node":
            found.extend(self._retrieve_expanded(ids, spec))
        else:
            for start in range(0, len(ids), PAGE_LIMIT):
                found.extend(self._retrieve_chunk(ids[start : start + PAGE_LIMIT]))
            if expand != "none":
                self._attach_connections(found)
        if single:
            return found[0] if found else None
        return typing.cast(TList, found)

    def _retrieve_chunk(self, chunk: builtins.list[InstanceId]) -> Any:
        body = {
            "items": [
                {"instanceType": self._instance_type, "space": i.space, "externalId": i.external_id}
                for i in chunk
            ],
            "sources": [{"source": self._view.dump()}],
        }
        return self._validate_page(self._client.post("/models/instances/byids", body)).items

    def _retrieve_expanded(
        self, ids: builtins.list[InstanceId], spec: Expand
    ) -> builtins.list[Any]:
        """The nodes ``ids`` (in that order, unknown ones left out), expanded by ``spec``."""
        by_id: dict[InstanceId, Any] = {}
        for start in range(0, len(ids), PAGE_LIMIT):
            chunk = ids[start : start + PAGE_LIMIT]
            root = root_expression(self._view, InstanceReferences(tuple(chunk)), [])
            expansion = self._expansion(root, spec)
            for page in expansion.root_pages(None):
                by_id.update((item.id, item) for item in page)
        return [by_id[i] for i in dict.fromkeys(ids) if i in by_id]

    def _expansion(self, root: dict[str, Any], spec: Expand) -> Expansion:
        sets = build_sets(self._read_class, root, spec.depth, spec.max_result_sets)
        return Expansion(self._client.post, spec, sets)

    # -- list / iterate -------------------------------------------------------------------------

    def list(
        self,
        *,
        filter: Filter | None = None,
        sort: Any = None,
        limit: int | None = DEFAULT_LIMIT,
        expand: ExpandArg = "none",
    ) -> TList:
        """List instances of the view; ``limit=None`` lists them all.

        ``sort`` is a :data:`SortArg`; it is typed ``Any`` here so that generated APIs can
        narrow it to their view's names (``SortBy[EquipmentSortField]``).

        ``expand`` (see :data:`ExpandArg`): ``"none"`` (the default) reads properties only,
        ``"ids"`` also edges and reverse relations as ids, a depth (or :class:`Expand`) typed
        nested objects, read through the query endpoint.
        """
        spec = expansion_of(expand)
        result = self._list_class()
        if spec is not None and self._instance_type == "node":
            if limit is not None and limit < 0:
                raise ValueError(f"limit must be >= 0 or None, got {limit}")
            full = and_(self._has_data(), filter)
            wire = None if full is None else self._resolved(full)
            root = root_expression(self._view, wire, parse_sort(sort, self._sort_path))
            for page in self._expansion(root, spec).root_pages(limit):
                result.extend(page)
            return typing.cast(TList, result)
        for page in self.iterate(PAGE_LIMIT, filter=filter, sort=sort, limit=limit):
            result.extend(page)
        if spec is not None:  # an edge view's API: the nodes at the far end, expanded
            self._attach_far_nodes(result, spec)
        elif expand != "none":
            self._attach_connections(result)
        return typing.cast(TList, result)

    def _attach_far_nodes(self, edges: builtins.list[Any], spec: Expand) -> None:
        """Set each edge's ``other_node`` to the node at its far end, read as the connection's
        target class and expanded ``spec.depth - 1`` further, a page of ids per query.

        The connection is this API's (``edges=``), or, for the edge view's own API, the
        outwards connection of the model declaring the edge's type with this edge view (its
        far end is the end node). An edge of a type no such connection declares, or whose far
        node has no data in the target view, keeps ``other_node`` ``None``.
        """
        connections = (
            {self._edge_spec.edge_type: self._edge_spec}
            if self._edge_spec is not None
            else outwards_connections(self._read_class)
        )
        by_target: dict[type[Any], builtins.list[tuple[Any, InstanceId]]] = {}
        for edge in edges:
            connection = connections.get(edge.edge_type)
            view = connection.target_view if connection is not None else None
            target = class_for_view(self._read_class, view) if view is not None else None
            if connection is None or target is None:
                continue
            far = edge.end_node if connection.direction == "outwards" else edge.start_node
            by_target.setdefault(target, []).append((edge, far))
        for target, pairs in by_target.items():
            ids = list(dict.fromkeys(far for _, far in pairs))
            nodes: dict[InstanceId, Any] = {}
            for start in range(0, len(ids), PAGE_LIMIT):
                chunk = ids[start : start + PAGE_LIMIT]
                root = root_expression(target._view, InstanceReferences(tuple(chunk)), [])
                sets = build_sets(target, root, spec.depth - 1, spec.max_result_sets)
                for page in Expansion(self._client.post, spec, sets).root_pages(None):
                    nodes.update((node.id, node) for node in page)
            for edge, far in pairs:
                edge.__dict__["other_node"] = nodes.get(far)

    def iterate(
        self,
        chunk_size: int = PAGE_LIMIT,
        *,
        filter: Filter | None = None,
        sort: Any = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Iterator[TList]:
        """Yield pages of at most ``chunk_size`` instances, fetching each only when asked for.

        Memory stays O(chunk_size) however many instances match.
        """
        for page in self.pages(chunk_size, filter=filter, sort=sort, limit=limit, cursor=cursor):
            yield page.items

    def pages(
        self,
        chunk_size: int = PAGE_LIMIT,
        *,
        filter: Filter | None = None,
        sort: SortArg = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Iterator[Page[TList]]:
        """Like :meth:`iterate`, with each page's cursor (to resume a listing later)."""
        if not 1 <= chunk_size <= PAGE_LIMIT:
            raise ValueError(f"chunk_size must be between 1 and {PAGE_LIMIT}, got {chunk_size}")
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be >= 0 or None, got {limit}")
        remaining = limit
        body: dict[str, Any] = {
            "instanceType": self._instance_type,
            "sources": [{"source": self._view.dump()}],
        }
        full_filter = and_(self._has_data(), self._scope(), filter)
        if full_filter is not None:
            body["filter"] = self._wire_filter(full_filter)
        sort_wire = parse_sort(sort, self._sort_path)
        if sort_wire:
            body["sort"] = sort_wire
        while remaining is None or remaining > 0:
            body["limit"] = chunk_size if remaining is None else min(chunk_size, remaining)
            if cursor:
                body["cursor"] = cursor
            page = self._validate_page(self._client.post("/models/instances/list", body))
            items = self._list_class(page.items)
            cursor = page.next_cursor
            if remaining is not None:
                remaining -= len(items)
            yield Page(items=items, cursor=cursor)
            if not cursor or not items:
                return

    # -- search / aggregate ---------------------------------------------------------------------

    def search(
        self,
        query: str | None = None,
        *,
        properties: Sequence[str] | None = None,
        filter: Filter | None = None,
        operator: Literal["AND", "OR"] = "OR",
        limit: int = DEFAULT_LIMIT,
    ) -> TList:
        """Free-text search over the view's text properties (or only ``properties``)."""
        if not 1 <= limit <= PAGE_LIMIT:
            raise ValueError(f"search limit must be between 1 and {PAGE_LIMIT}, got {limit}")
        body: dict[str, Any] = {
            "view": self._view.dump(),
            "instanceType": self._instance_type,
            "limit": limit,
            "operator": operator,
        }
        if query is not None:
            body["query"] = query
        if properties:
            body["properties"] = [self._property_id(name) for name in properties]
        filter = and_(self._scope(), filter)
        if filter is not None:
            body["filter"] = self._wire_filter(filter)
        page = self._validate_page(self._client.post("/models/instances/search", body))
        return typing.cast(TList, self._list_class(page.items))

    @overload
    def aggregate(
        self,
        aggregate: Aggregate,
        property: str | None = None,
        *,
        group_by: None = None,
        filter: Filter | None = None,
        query: str | None = None,
        search_properties: Sequence[str] | None = None,
    ) -> float | None: ...

    @overload
    def aggregate(
        self,
        aggregate: Aggregate,
        property: str | None = None,
        *,
        group_by: str | Sequence[str],
        filter: Filter | None = None,
        query: str | None = None,
        search_properties: Sequence[str] | None = None,
        limit: int = ...,
    ) -> builtins.list[GroupedValue]: ...

    def aggregate(
        self,
        aggregate: Aggregate,
        property: str | None = None,
        *,
        group_by: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        query: str | None = None,
        search_properties: Sequence[str] | None = None,
        limit: int = PAGE_LIMIT,
    ) -> float | builtins.list[GroupedValue] | None:
        """Count, average, minimum, maximum or sum over the matching instances.

        ``count`` needs no property. With ``group_by`` the result is one :class:`GroupedValue`
        per distinct value (combination); without it, a single number (``None`` when no
        instance has the property).
        """
        if aggregate != "count" and property is None:
            raise ValueError(f"{aggregate} needs a property")
        spec: dict[str, Any] = {}
        if property is not None:
            spec["property"] = self._property_id(property)
        body = self._aggregate_body([{aggregate: spec}], filter, query, search_properties)
        groups = [group_by] if isinstance(group_by, str) else list(group_by or [])
        if groups:
            body["groupBy"] = [self._property_id(name) for name in groups]
            body["limit"] = limit
        response = self._client.post_json("/models/instances/aggregate", body)
        items = response.get("items", [])
        if not groups:
            if not items:
                return 0 if aggregate == "count" else None
            value = items[0]["aggregates"][0].get("value")
            return typing.cast(float | None, value)
        return [
            GroupedValue(group=item.get("group", {}), value=item["aggregates"][0].get("value"))
            for item in items
        ]

    def histogram(
        self,
        property: str,
        interval: float,
        *,
        filter: Filter | None = None,
    ) -> builtins.list[tuple[float, int]]:
        """Bucket a number property: ``(bucket start, count)`` pairs."""
        body = self._aggregate_body(
            [{"histogram": {"property": self._property_id(property), "interval": interval}}],
            filter,
            None,
            None,
        )
        response = self._client.post_json("/models/instances/aggregate", body)
        items = response.get("items", [])
        if not items:
            return []
        buckets = items[0]["aggregates"][0].get("buckets", [])
        return [(bucket["start"], bucket["count"]) for bucket in buckets]

    def sync(
        self,
        cursor: str | None = None,
        *,
        filter: Filter | None = None,
        chunk_size: int = PAGE_LIMIT,
        accept_missed_deletes: bool = False,
    ) -> Iterator[SyncBatch[TList]]:
        """Yield what changed since ``cursor``: batches of changed instances and deleted ids.

        Without a cursor the first batches hold every instance of the view (that matches
        ``filter``); each batch carries the cursor after it (a string: persist it, and pass it
        here later to get only the changes since). Iteration ends when the view is caught up.

        Raises:
            SyncCursorExpiredError: the cursor is older than the API keeps cursors (3 days);
                its message says how to start over.
        """
        full_filter = and_(HasData((self._view,)), self._scope(), filter)
        assert full_filter is not None
        return sync_batches(
            self._client.post,
            instance_type=self._instance_type,
            view=self._view.dump(),
            filter=self._wire_filter(full_filter),
            cursor=cursor,
            chunk_size=chunk_size,
            accept_missed_deletes=accept_missed_deletes,
            read_items=self._read_items,
        )

    def _read_items(self, items: builtins.list[dict[str, Any]]) -> TList:
        """Wire instances (already decoded) as the typed list."""
        with gc_paused():
            page = _page_adapter(self._read_class).validate_python({"items": items})
        return typing.cast(TList, self._list_class(page.items))

    def query(self) -> QueryBuilder[TRead, TList, None, Any, Any]:
        """Start a query, lazily run: ``api.query().filter(...).sort("-weight").limit(10).list()``;
        generated APIs return their view's query class, which also follows relations."""
        return ViewQuery(self)

    # -- writes through the shared client ------------------------------------------------------

    def upsert(
        self,
        items: TWrite | Sequence[TWrite],
        *,
        mode: Literal["update", "replace", "create"] = "update",
    ) -> InstanceResult:
        """Create or update instances (see ``InstanceClient.upsert``)."""
        return self._client.upsert(items, mode=mode)

    def delete(self, ids: Any) -> InstanceResult:
        """Delete instances of this view by id (see ``InstanceClient.delete``)."""
        return self._client.delete(ids, instance_type=self._instance_type)

    # -- helpers used by generated code and the query builder -----------------------------------

    @property
    def _instance_type(self) -> Literal["node", "edge"]:
        return "edge" if issubclass(self._read_class, Edge) else "node"

    def _has_data(self) -> Filter | None:
        return None

    def _scope(self) -> Filter | None:
        """The edge type this API keeps to (see ``edges``), or None."""
        spec = self._edge_spec
        return None if spec is None else node_prop("type", "edge").equals(spec.edge_type)

    def _wire_filter(self, filter: Filter) -> dict[str, Any]:
        """The wire form of ``filter``: relation filters resolved (see ``related``), bare
        external ids resolved in the instance space."""
        return self._resolved(filter).dump()

    def _resolved(self, filter: Filter) -> Filter:
        space = self._client.instance_space
        return with_instance_space(resolve_related(filter, self._client.post, space), space)

    def _validate_page(self, content: bytes) -> Any:
        return _read_page(_page_adapter(self._read_class), content)

    def _aggregate_body(
        self,
        aggregates: builtins.list[dict[str, Any]],
        filter: Filter | None,
        query: str | None,
        search_properties: Sequence[str] | None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "view": self._view.dump(),
            "instanceType": self._instance_type,
            "aggregates": aggregates,
        }
        filter = and_(self._scope(), filter)
        if filter is not None:
            body["filter"] = self._wire_filter(filter)
        if query is not None:
            body["query"] = query
        if search_properties:
            body["properties"] = [self._property_id(name) for name in search_properties]
        return body

    def _property_id(self, name: str) -> str:
        """The CDF property id of a field name (or of a CDF id given as is)."""
        fields = self._read_class.model_fields
        field = fields.get(name)
        if field is not None and field.serialization_alias:
            return str(field.serialization_alias)
        ids = {str(f.serialization_alias) for f in fields.values() if f.serialization_alias}
        if name in ids:
            return name
        known = sorted(n for n, f in fields.items() if f.serialization_alias)
        raise ValueError(
            f"{self._read_class.__name__} has no property {name!r}; choose from {', '.join(known)}"
        )

    def _sort_path(self, name: str) -> builtins.list[str]:
        if name in _BASE_SORT_FIELDS:
            return [self._instance_type, _BASE_SORT_FIELDS[name]]
        return self._view.property_path(self._property_id(name))

    def _filter_from_kwargs(self, **kwargs: Any) -> Filter | None:
        """Build a filter from keyword arguments named like the generated ones:
        ``<field>`` (equals / in), ``<field>_prefix``, ``min_<field>`` / ``max_<field>``,
        ``external_id_prefix`` and ``space``."""
        filters: builtins.list[Filter | None] = []
        for key, value in kwargs.items():
            if value is None:
                continue
            if key == "external_id_prefix":
                filters.append(node_prop("externalId", self._instance_type).prefix(value))
            elif key == "space":
                filters.append(node_prop("space", self._instance_type).equals_or_in(value))
            elif key.startswith("min_"):
                filters.append(self._view.prop(self._property_id(key[4:])).range(gte=value))
            elif key.startswith("max_"):
                filters.append(self._view.prop(self._property_id(key[4:])).range(lte=value))
            elif key.endswith("_prefix"):
                filters.append(self._view.prop(self._property_id(key[:-7])).prefix(value))
            else:
                filters.append(self._view.prop(self._property_id(key)).equals_or_in(value))
        return and_(*filters)

    def _attach_connections(self, items: builtins.list[Any]) -> None:
        if not items:
            return
        read_class = self._read_class
        for name, spec in read_class._edges.items():
            self._attach_edges(items, name, spec)
        for name, reverse in read_class._reverse.items():
            self._attach_reverse(items, name, reverse)

    def _attach_edges(self, items: builtins.list[Any], name: str, spec: EdgeSpec) -> None:
        edge_class = _edge_class(self._read_class, name)
        here, there = (
            ("startNode", "endNode") if spec.direction == "outwards" else ("endNode", "startNode")
        )
        found: dict[InstanceId, builtins.list[Any]] = {item.id: [] for item in items}
        adapter = _page_adapter(edge_class) if edge_class is not None else None
        for chunk in _chunks(list(found)):
            body: dict[str, Any] = {
                "instanceType": "edge",
                "filter": and_(
                    node_prop("type", "edge").equals(spec.edge_type),
                    node_prop(here, "edge").in_(chunk),
                ).dump(),  # type: ignore[union-attr]
                "limit": PAGE_LIMIT,
            }
            if spec.edge_view is not None:
                body["sources"] = [{"source": spec.edge_view.dump()}]
            if adapter is not None:
                for edge in self._follow(body, lambda content: _typed_page(adapter, content)):
                    found[edge.start_node if here == "startNode" else edge.end_node].append(edge)
            else:
                for edge in self._follow(body, _raw_page):
                    found[_ref(edge[here])].append(_ref(edge[there]))
        _assign(items, name, found, spec.multi)

    def _attach_reverse(self, items: builtins.list[Any], name: str, spec: ReverseSpec) -> None:
        found: dict[InstanceId, builtins.list[Any]] = {item.id: [] for item in items}
        through = spec.source_view.prop(spec.through)
        for chunk in _chunks(list(found)):
            condition = through.contains_any(chunk) if spec.through_is_list else through.in_(chunk)
            body: dict[str, Any] = {
                "instanceType": "node",
                "sources": [{"source": spec.source_view.dump()}],
                "filter": condition.dump(),  # type: ignore[union-attr]
                "limit": PAGE_LIMIT,
            }
            for node in self._follow(body, _raw_page):
                props = node.get("properties", {}).get(spec.source_view.space, {})
                value = props.get(spec.source_view.source_key, {}).get(spec.through)
                for ref in value if isinstance(value, list) else [value]:
                    if isinstance(ref, dict) and _ref(ref) in found:
                        found[_ref(ref)].append(_ref(node))
        _assign(items, name, found, spec.multi)

    def _follow(
        self, body: dict[str, Any], parse: Callable[[bytes], tuple[Sequence[Any], str | None]]
    ) -> Iterator[Any]:
        """Every item a listing returns, following ``nextCursor`` page by page."""
        while True:
            page_items, cursor = parse(self._client.post("/models/instances/list", body))
            yield from page_items
            if not cursor:
                return
            body["cursor"] = cursor


def _chunks(ids: builtins.list[InstanceId]) -> Iterator[builtins.list[InstanceId]]:
    """``ids`` in slices the API takes in one filter."""
    for start in range(0, len(ids), PAGE_LIMIT):
        yield ids[start : start + PAGE_LIMIT]


def _typed_page(adapter: TypeAdapter[Any], content: bytes) -> tuple[Sequence[Any], str | None]:
    page = _read_page(adapter, content)
    return page.items, page.next_cursor


def _raw_page(content: bytes) -> tuple[Sequence[Any], str | None]:
    raw = json.loads(content)
    return raw.get("items", []), raw.get("nextCursor")


def _ref(value: dict[str, Any]) -> InstanceId:
    """The ``InstanceId`` of a wire node reference (or of a wire instance)."""
    return InstanceId(value["space"], value["externalId"])


def _assign(
    items: builtins.list[Any],
    name: str,
    found: dict[InstanceId, builtins.list[Any]],
    multi: bool,
) -> None:
    """Set each item's connection field: a sorted list, or the one value (``None`` if none)."""
    for item in items:
        values = sorted(found[item.id], key=_sort_key)
        setattr(item, name, values if multi else (values[0] if values else None))


def _sort_key(value: Any) -> tuple[str, str]:
    identifier = value if isinstance(value, InstanceId) else InstanceId.of(value)
    return (identifier.space, identifier.external_id)


def _is_pair(value: Any) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value)


def _edge_class(read_class: type[Any], name: str) -> type[Any] | None:
    """The Edge subclass a connection field holds (``list[Connection] | None``), if any."""
    read_class.model_rebuild()
    annotation = read_class.model_fields[name].annotation
    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, Edge):
            return current
        stack.extend(typing.get_args(current))
    return None

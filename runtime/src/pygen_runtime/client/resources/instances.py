"""The instances API: nodes and edges under ``/models/instances``."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Sequence
from typing import Any, Literal, overload

from pydantic import TypeAdapter

from pygen_runtime.client.http import HTTPClient
from pygen_runtime.client.models import (
    Edge,
    EdgeApply,
    Instance,
    InstanceId,
    Node,
    NodeApply,
    NodeId,
    SlimInstance,
)
from pygen_runtime.client.models.aggregates import AggregateResult
from pygen_runtime.errors import ClientError, ResourceNotFoundError

from ._ids import InstanceIdLike, ViewIdLike, describe_id, to_instance_id, to_view_id
from ._paging import (
    MAX_PAGE_SIZE,
    check_limit,
    chunks,
    iterate_pages,
    parse_item,
    response_items,
)
from ._schema import as_sequence

__all__ = ["INSTANCE_BATCH_SIZE", "InstancesAPI"]

INSTANCE_BATCH_SIZE = 1000
"""Items per apply/byids/delete request for instances (the API's limit)."""

InstanceType = Literal["node", "edge"]

_INSTANCE: TypeAdapter[Node | Edge] = TypeAdapter(Instance)


def _single_id(value: object) -> bool:
    return isinstance(value, InstanceId | NodeId) or (
        isinstance(value, tuple) and all(isinstance(part, str) for part in value)
    )


def _source_list(sources: Sequence[ViewIdLike] | None) -> builtins.list[dict[str, Any]] | None:
    if sources is None:
        return None
    return [{"source": to_view_id(view).as_reference().dump()} for view in sources]


def _check_max(limit: int | None, what: str) -> None:
    check_limit(limit)
    if limit is not None and limit > MAX_PAGE_SIZE:
        raise ValueError(
            f"{what} returns at most {MAX_PAGE_SIZE} items (no cursor); got limit={limit}"
        )


def _without_none(body: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in body.items() if value is not None}


class InstancesAPI:
    """List, retrieve, search, aggregate, query, apply and delete nodes and edges."""

    def __init__(self, http: HTTPClient) -> None:
        self._http = http

    # -- reading -------------------------------------------------------------------------------

    @overload
    def retrieve(
        self, ids: InstanceIdLike, *, sources: Sequence[ViewIdLike] | None = None
    ) -> Node | Edge: ...
    @overload
    def retrieve(
        self, ids: builtins.list[InstanceIdLike], *, sources: Sequence[ViewIdLike] | None = None
    ) -> builtins.list[Node | Edge]: ...
    def retrieve(
        self,
        ids: InstanceIdLike | builtins.list[InstanceIdLike],
        *,
        sources: Sequence[ViewIdLike] | None = None,
    ) -> Node | Edge | builtins.list[Node | Edge]:
        """Retrieve one instance (``ResourceNotFoundError`` when missing) or a list of them.

        Args:
            ids: An ``InstanceId`` (``NodeId`` or ``(space, externalId)`` mean a node), or a list
                of them; missing instances are left out of a list result. 1000 per request.
            sources: Views whose properties to return.
        """
        if isinstance(ids, builtins.list):
            return self._retrieve([to_instance_id(i) for i in ids], sources)
        wanted = to_instance_id(ids)
        for item in self._retrieve([wanted], sources):
            if item.as_id() == wanted:
                return item
        raise ResourceNotFoundError(
            f"{describe_id(wanted)} not found",
            status_code=404,
            method="POST",
            path="/models/instances/byids",
            missing=[wanted.dump()],
        )

    def _retrieve(
        self, ids: builtins.list[InstanceId], sources: Sequence[ViewIdLike] | None
    ) -> builtins.list[Node | Edge]:
        path = "/models/instances/byids"
        source_list = _source_list(sources)
        found: builtins.list[Node | Edge] = []
        for batch in chunks(ids, INSTANCE_BATCH_SIZE):
            body = _without_none({"items": [i.dump() for i in batch], "sources": source_list})
            raw = response_items(self._http.post(path, json=body), f"POST {path}")
            found.extend(
                parse_item(_INSTANCE.validate_python, item, f"POST {path}", n)
                for n, item in enumerate(raw)
            )
        return found

    @overload
    def list(
        self,
        instance_type: Literal["node"] = "node",
        *,
        sources: Sequence[ViewIdLike] | None = None,
        filter: dict[str, Any] | None = None,
        sort: Sequence[dict[str, Any]] | None = None,
        space: str | Sequence[str] | None = None,
        limit: int | None = None,
    ) -> Iterator[Node]: ...
    @overload
    def list(
        self,
        instance_type: Literal["edge"],
        *,
        sources: Sequence[ViewIdLike] | None = None,
        filter: dict[str, Any] | None = None,
        sort: Sequence[dict[str, Any]] | None = None,
        space: str | Sequence[str] | None = None,
        limit: int | None = None,
    ) -> Iterator[Edge]: ...
    def list(
        self,
        instance_type: InstanceType = "node",
        *,
        sources: Sequence[ViewIdLike] | None = None,
        filter: dict[str, Any] | None = None,
        sort: Sequence[dict[str, Any]] | None = None,
        space: str | Sequence[str] | None = None,
        limit: int | None = None,
    ) -> Iterator[Node | Edge]:
        """Iterate over nodes or edges, fetching pages of up to 1000 lazily (cursor paging).

        Args:
            instance_type: ``"node"`` or ``"edge"``.
            sources: Views whose properties to return; instances must have data in all of them.
            filter: A filter in the API's filter language, e.g.
                ``{"equals": {"property": ["node", "externalId"], "value": "p1"}}``.
            sort: Sort specs, e.g.
                ``[{"property": ["sp", "Pump/v1", "name"], "direction": "ascending"}]``.
            space: Only instances in this space (or these spaces); AND-ed with ``filter``.
            limit: Stop after this many instances; ``None`` returns all.
        """
        path = "/models/instances/list"
        body = _without_none(
            {
                "instanceType": instance_type,
                "sources": _source_list(sources),
                "filter": _space_filter(instance_type, space, filter),
                "sort": builtins.list(sort) if sort is not None else None,
            }
        )

        def fetch(page_size: int, cursor: str | None) -> Any:
            return self._http.post(
                path, json=_without_none({**body, "limit": page_size, "cursor": cursor})
            )

        return iterate_pages(fetch, _INSTANCE.validate_python, limit=limit, where=f"POST {path}")

    @overload
    def search(
        self,
        view: ViewIdLike,
        query: str | None = None,
        *,
        instance_type: Literal["node"] = "node",
        properties: Sequence[str] | None = None,
        filter: dict[str, Any] | None = None,
        sort: Sequence[dict[str, Any]] | None = None,
        operator: Literal["AND", "OR"] | None = None,
        limit: int | None = None,
    ) -> builtins.list[Node]: ...
    @overload
    def search(
        self,
        view: ViewIdLike,
        query: str | None = None,
        *,
        instance_type: Literal["edge"],
        properties: Sequence[str] | None = None,
        filter: dict[str, Any] | None = None,
        sort: Sequence[dict[str, Any]] | None = None,
        operator: Literal["AND", "OR"] | None = None,
        limit: int | None = None,
    ) -> builtins.list[Edge]: ...
    def search(
        self,
        view: ViewIdLike,
        query: str | None = None,
        *,
        instance_type: InstanceType = "node",
        properties: Sequence[str] | None = None,
        filter: dict[str, Any] | None = None,
        sort: Sequence[dict[str, Any]] | None = None,
        operator: Literal["AND", "OR"] | None = None,
        limit: int | None = None,
    ) -> builtins.list[Node] | builtins.list[Edge]:
        """Free-text search in the text properties of a view (one request, no cursor).

        Args:
            view: The view to search through; results carry its properties.
            query: The text to search for; ``None`` returns instances matching ``filter``.
            instance_type: ``"node"`` or ``"edge"``.
            properties: The text properties to search (default: all).
            filter: A filter in the API's filter language (``overlaps`` is not allowed).
            sort: Sort specs ``{"property": [...], "direction": ...}``.
            operator: ``"AND"`` (all terms) or ``"OR"`` (any term).
            limit: At most this many results (1-1000; the API defaults to 1000).
        """
        _check_max(limit, "search")
        path = "/models/instances/search"
        body = _without_none(
            {
                "view": to_view_id(view).as_reference().dump(),
                "query": query,
                "instanceType": instance_type,
                "properties": builtins.list(properties) if properties is not None else None,
                "filter": filter,
                "sort": builtins.list(sort) if sort is not None else None,
                "operator": operator,
                "limit": limit,
            }
        )
        raw = response_items(self._http.post(path, json=body), f"POST {path}")
        where = f"POST {path}"
        if instance_type == "edge":
            return [parse_item(Edge.model_validate, item, where, n) for n, item in enumerate(raw)]
        return [parse_item(Node.model_validate, item, where, n) for n, item in enumerate(raw)]

    def aggregate(
        self,
        view: ViewIdLike,
        aggregates: Sequence[dict[str, Any]] | None = None,
        *,
        group_by: Sequence[str] | None = None,
        filter: dict[str, Any] | None = None,
        query: str | None = None,
        properties: Sequence[str] | None = None,
        instance_type: InstanceType = "node",
        limit: int | None = None,
    ) -> builtins.list[AggregateResult]:
        """Compute aggregates over the instances of a view.

        Args:
            view: The view whose properties are aggregated.
            aggregates: e.g. ``[{"count": {"property": "externalId"}}, {"avg": {"property": "x"}},
                {"histogram": {"property": "x", "interval": 10}}]``. With only ``group_by``,
                the result lists the distinct groups.
            group_by: Up to five view property ids to group by.
            filter: A filter in the API's filter language.
            query: Restrict to instances matching this free text.
            properties: The text properties ``query`` searches.
            instance_type: ``"node"`` or ``"edge"``.
            limit: At most this many groups (1-1000; the API defaults to 100).

        Returns:
            One :class:`~pygen_runtime.client.models.aggregates.AggregateResult` per group (one in total
            without ``group_by``); ``result.value("avg", "x")`` reads a number.
        """
        _check_max(limit, "aggregate")
        path = "/models/instances/aggregate"
        body = _without_none(
            {
                "view": to_view_id(view).as_reference().dump(),
                "instanceType": instance_type,
                "aggregates": builtins.list(aggregates) if aggregates is not None else None,
                "groupBy": builtins.list(group_by) if group_by is not None else None,
                "filter": filter,
                "query": query,
                "properties": builtins.list(properties) if properties is not None else None,
                "limit": limit,
            }
        )
        raw = response_items(self._http.post(path, json=body), f"POST {path}")
        return [
            parse_item(AggregateResult.model_validate, item, f"POST {path}", n)
            for n, item in enumerate(raw)
        ]

    def query(self, body: dict[str, Any]) -> dict[str, Any]:
        """Run a graph query (``with``/``select``/``cursors``/``parameters``); return the raw
        response ``{"items": {name: [...]}, "nextCursor": {name: cursor}}``."""
        return self._post_object("/models/instances/query", body)

    def sync(self, body: dict[str, Any]) -> dict[str, Any]:
        """Run a sync request (cursors return the changes since); return the raw response."""
        return self._post_object("/models/instances/sync", body)

    def _post_object(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        payload = self._http.post(path, json=body)
        if not isinstance(payload, dict):
            raise ClientError(f"POST {path}: expected a JSON object, got {type(payload).__name__}")
        return payload

    # -- writing -------------------------------------------------------------------------------

    def apply(
        self,
        items: NodeApply | EdgeApply | Sequence[NodeApply | EdgeApply],
        *,
        auto_create_direct_relations: bool = True,
        auto_create_start_nodes: bool = False,
        auto_create_end_nodes: bool = False,
        skip_on_version_conflict: bool = False,
        replace: bool = False,
    ) -> builtins.list[SlimInstance]:
        """Create or update nodes and edges, 1000 per request.

        Each request is atomic in the API; a call with more than 1000 items makes several
        requests, and an error in a later one leaves the earlier batches written.

        Args:
            items: Node and edge writes.
            auto_create_direct_relations: Create missing targets of direct relations.
            auto_create_start_nodes: Create missing edge start nodes.
            auto_create_end_nodes: Create missing edge end nodes.
            skip_on_version_conflict: Skip items whose ``existing_version`` conflicts
                instead of failing the request.
            replace: Replace the listed sources' properties instead of patching them.

        Returns:
            One :class:`~pygen_runtime.client.models.SlimInstance` per written item.
        """
        writes: builtins.list[NodeApply | EdgeApply] = as_sequence(
            items, lambda v: isinstance(v, NodeApply | EdgeApply)
        )
        path = "/models/instances"
        options = {
            "autoCreateDirectRelations": auto_create_direct_relations,
            "autoCreateStartNodes": auto_create_start_nodes,
            "autoCreateEndNodes": auto_create_end_nodes,
            "skipOnVersionConflict": skip_on_version_conflict,
            "replace": replace,
        }
        results: builtins.list[SlimInstance] = []
        for batch in chunks(writes, INSTANCE_BATCH_SIZE):
            body = {"items": [item.dump() for item in batch], **options}
            raw = response_items(self._http.post(path, json=body), f"POST {path}")
            results.extend(
                parse_item(SlimInstance.model_validate, item, f"POST {path}", n)
                for n, item in enumerate(raw)
            )
        return results

    create = apply

    def delete(self, ids: InstanceIdLike | Sequence[InstanceIdLike]) -> builtins.list[InstanceId]:
        """Delete nodes and edges (1000 per request; deleting a node deletes its edges).

        Returns:
            The ids the API reports deleted (unknown ids are ignored by the API).
        """
        targets: builtins.list[InstanceIdLike] = as_sequence(ids, _single_id)
        path = "/models/instances/delete"
        deleted: builtins.list[InstanceId] = []
        for batch in chunks([to_instance_id(i) for i in targets], INSTANCE_BATCH_SIZE):
            raw = response_items(
                self._http.post(path, json={"items": [i.dump() for i in batch]}), f"POST {path}"
            )
            deleted.extend(
                parse_item(InstanceId.model_validate, item, f"POST {path}", n)
                for n, item in enumerate(raw)
            )
        return deleted


def _space_filter(
    instance_type: InstanceType, space: str | Sequence[str] | None, filter: dict[str, Any] | None
) -> dict[str, Any] | None:
    """AND a filter on the instances' space with the caller's filter."""
    if space is None:
        return filter
    prop = [instance_type, "space"]
    on_space: dict[str, Any] = (
        {"equals": {"property": prop, "value": space}}
        if isinstance(space, str)
        else {"in": {"property": prop, "values": builtins.list(space)}}
    )
    return on_space if filter is None else {"and": [on_space, filter]}

"""Reading instances: ``/instances/list`` (filter, sort, cursor) and ``/instances/byids``."""

from __future__ import annotations

from typing import Any

from .catalog import Catalog, load_catalog
from .filters import read_conditions
from .instances import INSTANCE_ITEM_LIMIT
from .listing import decode_cursor, encode_cursor, fingerprint, select_page, sort_keys
from .reader import Selection, find_rows, render, typing_for
from .requests import InstanceIdsRequest, InstanceListRequest, SourceSelector, check_item_count
from .sql import Statement
from .store import Store

__all__ = ["list_instances", "retrieve_instances", "selections"]


def selections(catalog: Catalog, sources: list[SourceSelector] | None) -> list[Selection]:
    """Resolve the ``sources`` of a request (400 for a view that does not exist)."""
    return [
        Selection(catalog.view(source.source.as_id(), f"sources[{index}].source"))
        for index, source in enumerate(sources or [])
    ]


def list_instances(store: Store, request: InstanceListRequest) -> dict[str, Any]:
    """One page of nodes or edges matching the filter, in the requested order."""
    with store.read() as conn:
        catalog = load_catalog(store, conn)
        chosen = selections(catalog, request.sources)
        statement = Statement(catalog)
        scope = statement.scope(request.instance_type)
        views = [selection.view.id for selection in chosen]
        where = read_conditions(scope, request.instance_type, views, request.filter)
        keys = sort_keys(request.sort, scope)
        print_ = fingerprint(
            "list",
            request.instance_type,
            request.filter,
            [s.dump() for s in request.sort or []],
            [view.dump() for view in views],
        )
        page = select_page(
            conn, scope, where, keys, request.limit, decode_cursor(request.cursor, print_)
        )
        response: dict[str, Any] = {"items": render(conn, page.ids, chosen)}
        if request.include_typing:
            response["typing"] = typing_for(catalog, views)
    if page.next_values is not None:
        response["nextCursor"] = encode_cursor(print_, page.next_values)
    return response


def retrieve_instances(store: Store, request: InstanceIdsRequest) -> dict[str, Any]:
    """Nodes and edges by id, in request order; unknown ids are left out."""
    check_item_count(request.items, INSTANCE_ITEM_LIMIT)
    with store.read() as conn:
        catalog = load_catalog(store, conn)
        chosen = selections(catalog, request.sources)
        keys = list(
            dict.fromkeys(
                (item.instance_type, item.space, item.external_id) for item in request.items
            )
        )
        rows = find_rows(conn, keys)
        ids = [rows[key].id for key in keys if key in rows]
        response: dict[str, Any] = {"items": render(conn, ids, chosen)}
        if request.include_typing:
            response["typing"] = typing_for(catalog, [selection.view.id for selection in chosen])
    return response

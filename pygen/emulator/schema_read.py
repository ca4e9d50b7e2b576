"""Read forms of spaces, containers, views and data models; GET lists and byids.

Views are returned with their inherited properties (unless ``includeInheritedProperties`` is
false), mapped properties carrying the container property's type and flags (a direct
relation's ``source`` hint inside ``type``), ``writable``, ``usedFor`` and ``mappedContainers``.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from pygen_runtime.client.models import (
    EdgeConnectionApply,
    MappedPropertyApply,
    ReverseDirectRelationApply,
    ViewId,
)

from .catalog import Catalog, ResolvedView, load_catalog
from .listing import decode_cursor, encode_cursor, fingerprint
from .store import Store

__all__ = ["ListOptions", "read_by_keys", "read_list"]

_TABLES = {
    "spaces": ("spaces", ("space",)),
    "containers": ("containers", ("space", "external_id")),
    "views": ("views", ("space", "external_id", "version")),
    "datamodels": ("data_models", ("space", "external_id", "version")),
}


@dataclass(frozen=True)
class ListOptions:
    """Query parameters of the schema GET endpoints and byids."""

    limit: int = 10
    cursor: str | None = None
    space: str | None = None
    all_versions: bool = False
    include_global: bool = False
    inline_views: bool = False
    include_inherited: bool = True
    used_for: tuple[str, ...] = ()


def read_list(store: Store, resource: str, options: ListOptions) -> dict[str, Any]:
    """One page of a schema resource, ordered by creation (rowid)."""
    table, _ = _TABLES[resource]
    print_ = fingerprint(resource, options.space, options.all_versions, options.used_for)
    after = decode_cursor(options.cursor, print_)
    last_id = after[0] if after and isinstance(after[0], int) else 0
    with store.read() as conn:
        rows = _rows(conn, table, options.space)
        if resource in ("views", "datamodels") and not options.all_versions:
            rows = _latest_versions(rows)
        if resource == "containers" and options.used_for:
            rows = [
                row for row in rows if json.loads(row[1]).get("usedFor", "node") in options.used_for
            ]
        if resource == "views" and options.used_for:
            catalog = load_catalog(store, conn)
            rows = [row for row in rows if _view_of(catalog, row).used_for in options.used_for]
        rows = [row for row in rows if row[0] > last_id]
        page = rows[: options.limit]
        items = _read_forms(store, conn, resource, page, options)
    response: dict[str, Any] = {"items": items}
    if len(rows) > options.limit and page:
        response["nextCursor"] = encode_cursor(print_, [page[-1][0]])
    return response


def read_by_keys(
    store: Store, resource: str, keys: list[tuple[str | None, ...]], options: ListOptions
) -> list[dict[str, Any]]:
    """Read forms for the given keys, in key order; a None version means every version."""
    table, columns = _TABLES[resource]
    with store.read() as conn:
        rows: dict[int, tuple[Any, ...]] = {}
        for key in keys:
            present = [
                (column, value)
                for column, value in zip(columns, key, strict=True)
                if value is not None
            ]
            match = " AND ".join(f"{column} = ?" for column, _ in present)
            sql = f"SELECT id, body, created_time, last_updated_time FROM {table} WHERE {match} ORDER BY id"
            for row in conn.execute(sql, tuple(value for _, value in present)):
                rows.setdefault(row[0], row)
        return _read_forms(store, conn, resource, list(rows.values()), options)


def _rows(conn: sqlite3.Connection, table: str, space: str | None) -> list[tuple[Any, ...]]:
    sql = f"SELECT id, body, created_time, last_updated_time FROM {table}"
    if space is not None:
        return conn.execute(sql + " WHERE space = ? ORDER BY id", (space,)).fetchall()
    return conn.execute(sql + " ORDER BY id").fetchall()


def _view_of(catalog: Catalog, row: tuple[Any, ...]) -> ResolvedView:
    body = json.loads(row[1])
    view_id = ViewId(space=body["space"], external_id=body["externalId"], version=body["version"])
    return catalog.view(view_id)


def _latest_versions(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    latest: dict[tuple[str, str], tuple[Any, ...]] = {}
    for row in rows:
        body = json.loads(row[1])
        key = (body["space"], body["externalId"])
        if key not in latest or (row[2], row[0]) >= (latest[key][2], latest[key][0]):
            latest[key] = row
    return sorted(latest.values(), key=lambda row: row[0])


def _read_forms(
    store: Store,
    conn: sqlite3.Connection,
    resource: str,
    rows: list[tuple[Any, ...]],
    options: ListOptions,
) -> list[dict[str, Any]]:
    catalog = load_catalog(store, conn) if resource in ("views", "datamodels") else None
    items = []
    for _, body_text, created, updated in rows:
        body = json.loads(body_text)
        times = {"createdTime": created, "lastUpdatedTime": updated, "isGlobal": False}
        if resource == "views":
            assert catalog is not None
            view_id = ViewId(
                space=body["space"], external_id=body["externalId"], version=body["version"]
            )
            items.append(view_read(catalog, catalog.view(view_id), options.include_inherited))
        elif resource == "datamodels":
            assert catalog is not None
            items.append(
                {
                    **body,
                    **times,
                    "views": _model_views(catalog, body.get("views", []), options.inline_views),
                }
            )
        elif resource == "containers":
            items.append({**body, **times, **_states(body)})
        else:
            items.append({**body, **times})
    return items


def _states(body: dict[str, Any]) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    for group in ("constraints", "indexes"):
        if body.get(group):
            extra[group] = {
                name: {**entry, "state": "current"} for name, entry in body[group].items()
            }
    return extra


def _model_views(
    catalog: Catalog, refs: list[dict[str, Any]], inline: bool
) -> list[dict[str, Any]]:
    if not inline:
        return refs
    views = []
    for ref in refs:
        view_id = ViewId(space=ref["space"], external_id=ref["externalId"], version=ref["version"])
        if view_id in catalog.views:  # a deleted view is left out
            views.append(view_read(catalog, catalog.view(view_id), True))
    return views


def view_read(catalog: Catalog, view: ResolvedView, include_inherited: bool) -> dict[str, Any]:
    """The read form of a resolved view."""
    stored = view.stored
    apply = stored.apply
    own = set(apply.properties)
    properties = {}
    for prop_id, prop in view.properties.items():
        if not include_inherited and prop_id not in own:
            continue
        if isinstance(prop, MappedPropertyApply):
            properties[prop_id] = _mapped_read(view, prop_id, prop)
        elif isinstance(prop, EdgeConnectionApply):
            properties[prop_id] = prop.dump()
        elif isinstance(prop, ReverseDirectRelationApply):
            read = prop.dump()
            targets_list = catalog.reverse_targets_list(prop)
            if targets_list is not None:
                read["targetsList"] = targets_list
            properties[prop_id] = read
    item: dict[str, Any] = {
        "space": apply.space,
        "externalId": apply.external_id,
        "version": apply.version,
        "implements": [ref.dump() for ref in apply.implements or []],
        "properties": properties,
        "createdTime": stored.created_time,
        "lastUpdatedTime": stored.last_updated_time,
        "writable": view.writable,
        "queryable": True,
        "usedFor": view.used_for,
        "isGlobal": False,
        "mappedContainers": [container.ref.as_reference().dump() for container in view.containers],
    }
    for key in ("name", "description", "filter"):
        if getattr(apply, key) is not None:
            item[key] = getattr(apply, key)
    return item


def _mapped_read(view: ResolvedView, prop_id: str, prop: MappedPropertyApply) -> dict[str, Any]:
    target = view.mapped[prop_id]
    definition = target.definition
    prop_type = definition.type.dump()
    if prop.source is not None:
        prop_type["source"] = prop.source.dump()
    read: dict[str, Any] = {
        "container": prop.container.dump(),
        "containerPropertyIdentifier": prop.container_property_identifier,
        "type": prop_type,
        "nullable": definition.nullable,
        "immutable": definition.immutable,
        "autoIncrement": definition.auto_increment,
    }
    if definition.default_value is not None:
        read["defaultValue"] = definition.default_value
    name = prop.name if prop.name is not None else definition.name
    description = prop.description if prop.description is not None else definition.description
    if name is not None:
        read["name"] = name
    if description is not None:
        read["description"] = description
    return read

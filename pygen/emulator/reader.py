"""Reading instances back: rows to the wire format, with properties projected through views.

Properties are stored per container; a view is a projection, so each selected view's mapped
properties are read from the containers they map. A view's properties are included for an
instance that has data in at least one container the view maps; null values are left out.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pygen_runtime.client.models import ViewId

from .catalog import Catalog, ResolvedView
from .store import dumps

__all__ = ["InstanceRow", "Selection", "fetch_data", "fetch_rows", "render", "typing_for"]

_COLUMNS = (
    "id, kind, space, external_id, version, type_space, type_xid, start_space, start_xid,"
    " end_space, end_xid, created_time, last_updated_time"
)


@dataclass(frozen=True)
class InstanceRow:
    """One row of ``instances``."""

    id: int
    kind: str
    space: str
    external_id: str
    version: int
    type_space: str | None
    type_xid: str | None
    start_space: str | None
    start_xid: str | None
    end_space: str | None
    end_xid: str | None
    created_time: int
    last_updated_time: int

    def identifier(self) -> dict[str, str]:
        """``{"instanceType", "space", "externalId"}``."""
        return {"instanceType": self.kind, "space": self.space, "externalId": self.external_id}


@dataclass(frozen=True)
class Selection:
    """A view to read properties through, and which of its properties (None = all)."""

    view: ResolvedView
    properties: frozenset[str] | None = None


def fetch_rows(conn: sqlite3.Connection, ids: list[int]) -> dict[int, InstanceRow]:
    """Rows by id (missing ids are left out)."""
    if not ids:
        return {}
    sql = f"SELECT {_COLUMNS} FROM instances WHERE id IN (SELECT value FROM json_each(?))"
    return {row[0]: InstanceRow(*row) for row in conn.execute(sql, (dumps(ids),))}


def find_rows(
    conn: sqlite3.Connection, keys: Sequence[tuple[str, str, str]]
) -> dict[tuple[str, str, str], InstanceRow]:
    """Rows by (kind, space, externalId)."""
    if not keys:
        return {}
    sql = (
        f"SELECT {_COLUMNS} FROM instances WHERE (kind, space, external_id) IN "
        "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')"
        " FROM json_each(?))"
    )
    rows = (InstanceRow(*row) for row in conn.execute(sql, (dumps([list(k) for k in keys]),)))
    return {(row.kind, row.space, row.external_id): row for row in rows}


def fetch_data(conn: sqlite3.Connection, ids: list[int]) -> dict[int, dict[int, dict[str, Any]]]:
    """``{instance id: {container id: properties}}`` for the given instances."""
    data: dict[int, dict[int, dict[str, Any]]] = {}
    if not ids:
        return data
    sql = (
        "SELECT instance_id, container_id, props FROM instance_data"
        " WHERE instance_id IN (SELECT value FROM json_each(?))"
    )
    for instance_id, container_id, props in conn.execute(sql, (dumps(ids),)):
        data.setdefault(instance_id, {})[container_id] = json.loads(props)
    return data


def base_form(row: InstanceRow) -> dict[str, Any]:
    """The wire form of an instance without properties."""
    item: dict[str, Any] = {
        "instanceType": row.kind,
        "space": row.space,
        "externalId": row.external_id,
        "version": row.version,
        "createdTime": row.created_time,
        "lastUpdatedTime": row.last_updated_time,
    }
    if row.type_space is not None:
        item["type"] = {"space": row.type_space, "externalId": row.type_xid}
    if row.kind == "edge":
        item["startNode"] = {"space": row.start_space, "externalId": row.start_xid}
        item["endNode"] = {"space": row.end_space, "externalId": row.end_xid}
    return item


def render(
    conn: sqlite3.Connection, ids: list[int], selections: list[Selection]
) -> list[dict[str, Any]]:
    """The wire form of the instances ``ids`` (in that order), properties per selection."""
    rows = fetch_rows(conn, ids)
    data = fetch_data(conn, ids) if selections else {}
    items = []
    for instance_id in ids:
        row = rows.get(instance_id)
        if row is None:
            continue
        item = base_form(row)
        item["properties"] = project(data.get(instance_id, {}), selections, row.kind)
        items.append(item)
    return items


def project(
    data: dict[int, dict[str, Any]], selections: list[Selection], kind: str
) -> dict[str, Any]:
    """``{space: {"xid/version": {prop: value}}}`` for the selected views the instance has data in."""
    properties: dict[str, Any] = {}
    for selection in selections:
        view = selection.view
        if not view.containers or view.used_for not in (kind, "all"):
            continue
        if not any(container.id in data for container in view.containers):
            continue
        values = {}
        for prop_id, target in view.mapped.items():
            if selection.properties is not None and prop_id not in selection.properties:
                continue
            value = data.get(target.container.id, {}).get(target.property_id)
            if value is not None:
                values[prop_id] = value
        properties.setdefault(view.id.space, {})[view.id.as_source_key()] = values
    return properties


def typing_for(catalog: Catalog, views: list[ViewId]) -> dict[str, Any]:
    """The ``typing`` section: each view's mapped property definitions."""
    typing: dict[str, Any] = {}
    for view_id in views:
        view = catalog.view(view_id)
        entries = {}
        for prop_id, target in view.mapped.items():
            definition = target.definition.dump()
            definition.pop("constraintState", None)
            if target.view_property.source is not None and isinstance(definition.get("type"), dict):
                definition["type"]["source"] = target.view_property.source.dump()
            entries[prop_id] = definition
        typing.setdefault(view_id.space, {})[view_id.as_source_key()] = entries
    return typing

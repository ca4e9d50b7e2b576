"""Applying and deleting spaces, containers, views and data models, with the API's validation.

Each request is one transaction. Items are checked one by one (identifiers, types, defaults,
constraints, indexes); after the rows are written every view is resolved against the new
schema, so a view that maps a missing container property, implements a missing view or mixes
node and edge containers fails the request (400) and nothing is stored.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from pygen_runtime.client.models import (
    BTreeIndex,
    ContainerApply,
    ContainerId,
    DataModelApply,
    EdgeConnectionApply,
    MappedPropertyApply,
    RequiresConstraint,
    ReverseDirectRelationApply,
    SpaceApply,
    UniquenessConstraint,
    ViewApply,
    ViewId,
    ViewReference,
)

from .catalog import Catalog, load_catalog
from .errors import bad_request
from .filters import compile_filter
from .identifiers import (
    check_dms_external_id,
    check_enum_value,
    check_instance_external_id,
    check_property_id,
    check_space,
    check_version,
)
from .requests import ContainerPartId, check_item_count
from .sql import Statement
from .store import Store, dumps
from .values import check_scalar, is_list

__all__ = [
    "SCHEMA_ITEM_LIMIT",
    "apply_containers",
    "apply_data_models",
    "apply_spaces",
    "apply_views",
    "delete_container_parts",
    "delete_containers",
    "delete_data_models",
    "delete_spaces",
    "delete_views",
]

SCHEMA_ITEM_LIMIT = 100
MAX_CONTAINER_PROPERTIES = 100
MAX_INDEXES = 10
MAX_UNIQUENESS = 10
MAX_REQUIRES = 25


def apply_spaces(store: Store, items: list[SpaceApply]) -> list[tuple[str, ...]]:
    """Create or update spaces; returns their keys."""
    check_item_count(items, SCHEMA_ITEM_LIMIT)
    for index, item in enumerate(items):
        check_space(item.space, f"items[{index}].space")
    with store.write() as conn:
        now = store.tick()
        for item in items:
            _upsert(conn, "spaces", {"space": item.space}, item.dump(), now)
        store.schema_changed()
    return [(item.space,) for item in items]


def apply_containers(store: Store, items: list[ContainerApply]) -> list[tuple[str, ...]]:
    """Create or update containers; returns their keys."""
    check_item_count(items, SCHEMA_ITEM_LIMIT)
    with store.write() as conn:
        catalog = load_catalog(store, conn)
        batch = {item.as_id() for item in items}
        for index, item in enumerate(items):
            _check_container(item, f"items[{index}]", catalog, batch)
        now = store.tick()
        for item in items:
            body = item.model_copy(update={"used_for": item.used_for or "node"}).dump()
            _upsert(
                conn,
                "containers",
                {"space": item.space, "external_id": item.external_id},
                body,
                now,
            )
        _verify(store, conn)
    return [(item.space, item.external_id) for item in items]


def apply_views(store: Store, items: Sequence[ViewApply]) -> list[tuple[str, ...]]:
    """Create or update views; returns their keys."""
    check_item_count(list(items), SCHEMA_ITEM_LIMIT)
    with store.write() as conn:
        _write_views(store, conn, items, "items")
        _verify(store, conn)
    return [(item.space, item.external_id, item.version) for item in items]


def apply_data_models(store: Store, items: list[DataModelApply]) -> list[tuple[str, ...]]:
    """Create or update data models (and the views they define inline); returns their keys."""
    check_item_count(items, SCHEMA_ITEM_LIMIT)
    with store.write() as conn:
        catalog = load_catalog(store, conn)
        inline: list[ViewApply] = []
        for index, item in enumerate(items):
            where = f"items[{index}]"
            catalog.require_space(item.space, f"{where}.space")
            check_dms_external_id(item.external_id, f"{where}.externalId", reserved=False)
            check_version(item.version, f"{where}.version")
            inline += [view for view in item.views if isinstance(view, ViewApply)]
        if inline:
            _write_views(store, conn, inline, "items[].views")
            _verify(store, conn)
        catalog = load_catalog(store, conn)
        now = store.tick()
        for index, item in enumerate(items):
            refs = [
                ViewReference(space=v.space, external_id=v.external_id, version=v.version)
                for v in item.views
            ]
            for number, ref in enumerate(refs):
                catalog.view(ref.as_id(), f"items[{index}].views[{number}]")
            body = item.model_copy(update={"views": refs}).dump()
            key = {"space": item.space, "external_id": item.external_id, "version": item.version}
            _upsert(conn, "data_models", key, body, now)
        store.schema_changed()
    return [(item.space, item.external_id, item.version) for item in items]


def _write_views(
    store: Store, conn: sqlite3.Connection, items: Sequence[ViewApply], where: str
) -> None:
    catalog = load_catalog(store, conn)
    for index, item in enumerate(items):
        _check_view(item, f"{where}[{index}]", catalog)
    now = store.tick()
    for item in items:
        key = {"space": item.space, "external_id": item.external_id, "version": item.version}
        _upsert(conn, "views", key, item.dump(), now)
    store.schema_changed()
    catalog = load_catalog(store, conn)
    for index, item in enumerate(items):
        view = catalog.view(item.as_id(), f"{where}[{index}]")
        if view.filter is not None:
            compile_filter(view.filter, Statement(catalog).scope(None, view))


def _upsert(
    conn: sqlite3.Connection, table: str, key: dict[str, str], body: dict[str, Any], now: int
) -> None:
    """Insert a schema row, or update it (keeping createdTime) when its body changed."""
    match = " AND ".join(f"{column} = ?" for column in key)
    row = conn.execute(
        f"SELECT id, body FROM {table} WHERE {match}", tuple(key.values())
    ).fetchone()
    text = dumps(body)
    if row is None:
        columns = ", ".join(key)
        marks = ", ".join("?" for _ in key)
        conn.execute(
            f"INSERT INTO {table} ({columns}, body, created_time, last_updated_time) VALUES ({marks}, ?, ?, ?)",
            (*key.values(), text, now, now),
        )
    elif row[1] != text:
        conn.execute(
            f"UPDATE {table} SET body = ?, last_updated_time = ? WHERE id = ?", (text, now, row[0])
        )


def _verify(store: Store, conn: sqlite3.Connection) -> None:
    """Resolve every view against the schema as written (a broken view fails the request)."""
    store.schema_changed()
    catalog = load_catalog(store, conn)
    for view_id in catalog.views:
        catalog.view(view_id, f"view {view_id}")


def _check_container(
    item: ContainerApply, where: str, catalog: Catalog, batch: set[ContainerId]
) -> None:
    catalog.require_space(item.space, f"{where}.space")
    check_dms_external_id(item.external_id, f"{where}.externalId")
    if len(item.properties) > MAX_CONTAINER_PROPERTIES:
        raise bad_request(
            f"{where}.properties: {len(item.properties)} properties; the limit is {MAX_CONTAINER_PROPERTIES}"
        )
    existing = catalog.containers.get(item.as_id())
    for prop_id, prop in item.properties.items():
        at = f"{where}.properties.{prop_id}"
        check_property_id(prop_id, at)
        prop_type = prop.type
        if prop_type.type == "enum":
            values = getattr(prop_type, "values", {})
            if not values:
                raise bad_request(f"{at}.type.values: an enum needs at least one value")
            for value in values:
                check_enum_value(value, f"{at}.type.values")
            unknown = getattr(prop_type, "unknown_value", None)
            if unknown is not None and unknown not in values:
                raise bad_request(f"{at}.type.unknownValue: {unknown!r} is not one of the values")
        if getattr(prop_type, "max_list_size", None) is not None and not is_list(prop_type):
            raise bad_request(f"{at}.type.maxListSize: only allowed when list is true")
        if prop.auto_increment and prop_type.type not in ("int32", "int64"):
            raise bad_request(
                f"{at}.autoIncrement: only int32 and int64 properties can auto-increment"
            )
        if prop.default_value is not None:
            if is_list(prop_type):
                raise bad_request(f"{at}.defaultValue: list properties cannot have a default value")
            check_scalar(prop.default_value, prop_type, f"{at}.defaultValue")
        target = getattr(prop_type, "container", None)
        if target is not None and target.as_id() not in batch:
            catalog.container(target, f"{at}.type.container")
        if existing is not None and prop_id in existing.apply.properties:
            before = existing.apply.properties[prop_id].type
            if before.model_dump(exclude_none=True) != prop_type.model_dump(exclude_none=True):
                raise bad_request(f"{at}.type: the type of an existing property cannot be changed")
    _check_constraints(item, where, catalog, batch)


def _check_constraints(
    item: ContainerApply, where: str, catalog: Catalog, batch: set[ContainerId]
) -> None:
    constraints = item.constraints or {}
    indexes = item.indexes or {}
    if sum(isinstance(c, UniquenessConstraint) for c in constraints.values()) > MAX_UNIQUENESS:
        raise bad_request(f"{where}.constraints: at most {MAX_UNIQUENESS} uniqueness constraints")
    if sum(isinstance(c, RequiresConstraint) for c in constraints.values()) > MAX_REQUIRES:
        raise bad_request(f"{where}.constraints: at most {MAX_REQUIRES} requires constraints")
    if len(indexes) > MAX_INDEXES:
        raise bad_request(f"{where}.indexes: at most {MAX_INDEXES} indexes per container")
    for group, entries in (("constraints", constraints), ("indexes", indexes)):
        for name, entry in entries.items():
            at = f"{where}.{group}.{name}"
            if not 1 <= len(name) <= 43:
                raise bad_request(f"{at}: identifiers of {group} are 1-43 characters")
            if isinstance(entry, RequiresConstraint):
                if entry.require.as_id() not in batch:
                    catalog.container(entry.require, f"{at}.require")
                continue
            for prop in entry.properties:
                if prop not in item.properties:
                    raise bad_request(
                        f"{at}.properties: {prop!r} is not a property of this container"
                    )
            if isinstance(entry, BTreeIndex | UniquenessConstraint) and not entry.properties:
                raise bad_request(f"{at}.properties: at least one property is required")


def _check_view(item: ViewApply, where: str, catalog: Catalog) -> None:
    catalog.require_space(item.space, f"{where}.space")
    check_dms_external_id(item.external_id, f"{where}.externalId")
    check_version(item.version, f"{where}.version")
    for prop_id, prop in item.properties.items():
        at = f"{where}.properties.{prop_id}"
        check_property_id(prop_id, at)
        if isinstance(prop, MappedPropertyApply):
            check_property_id(
                prop.container_property_identifier, f"{at}.containerPropertyIdentifier"
            )
        elif isinstance(prop, EdgeConnectionApply):
            check_space(prop.type.space, f"{at}.type.space")
            check_instance_external_id(prop.type.external_id, f"{at}.type.externalId")
        elif isinstance(prop, ReverseDirectRelationApply):
            check_property_id(prop.through.identifier, f"{at}.through.identifier")


def delete_spaces(store: Store, spaces: list[str]) -> list[tuple[str, ...]]:
    """Delete empty spaces; a space that still holds schema or instances is a 400."""
    check_item_count(spaces, SCHEMA_ITEM_LIMIT)
    with store.write() as conn:
        deleted: list[tuple[str, ...]] = []
        for space in dict.fromkeys(spaces):
            if conn.execute("SELECT 1 FROM spaces WHERE space = ?", (space,)).fetchone() is None:
                continue
            for table, what in (
                ("containers", "containers"),
                ("views", "views"),
                ("data_models", "data models"),
                ("instances", "instances"),
            ):
                if conn.execute(
                    f"SELECT 1 FROM {table} WHERE space = ? LIMIT 1", (space,)
                ).fetchone():
                    raise bad_request(
                        f"Space {space!r} cannot be deleted: it still holds {what}; delete them first"
                    )
            conn.execute("DELETE FROM spaces WHERE space = ?", (space,))
            deleted.append((space,))
        store.schema_changed()
    return deleted


def delete_containers(store: Store, ids: list[ContainerId]) -> list[tuple[str, ...]]:
    """Delete containers and the data stored in them; a container a view maps is a 400."""
    check_item_count(ids, SCHEMA_ITEM_LIMIT)
    with store.write() as conn:
        catalog = load_catalog(store, conn)
        wanted = [c for c in dict.fromkeys(ids) if c in catalog.containers]
        for view_id in catalog.views:
            view = catalog.view(view_id)
            for container in view.containers:
                if container.ref in wanted:
                    raise bad_request(
                        f"Container {container.ref.space}:{container.ref.external_id} cannot be deleted: "
                        f"view {view_id} maps it; delete or change the view first"
                    )
        for container_id in wanted:
            conn.execute(
                "DELETE FROM containers WHERE id = ?", (catalog.containers[container_id].id,)
            )
        store.schema_changed()
    return [(c.space, c.external_id) for c in wanted]


def delete_container_parts(
    store: Store, group: str, items: list[ContainerPartId]
) -> list[ContainerPartId]:
    """Delete constraints (``group="constraints"``) or indexes of containers; unknown ones are ignored."""
    check_item_count(items, SCHEMA_ITEM_LIMIT)
    deleted = []
    with store.write() as conn:
        now = store.tick()
        for item in items:
            key = (item.space, item.container_external_id)
            row = conn.execute(
                "SELECT id, body FROM containers WHERE space = ? AND external_id = ?", key
            ).fetchone()
            body = json.loads(row[1]) if row else {}
            if item.identifier not in (body.get(group) or {}):
                continue
            del body[group][item.identifier]
            conn.execute(
                "UPDATE containers SET body = ?, last_updated_time = ? WHERE id = ?",
                (dumps(body), now, row[0]),
            )
            deleted.append(item)
        store.schema_changed()
    return deleted


def delete_views(store: Store, ids: list[ViewId]) -> list[tuple[str, ...]]:
    """Delete views; a view that another (remaining) view implements is a 400."""
    check_item_count(ids, SCHEMA_ITEM_LIMIT)
    with store.write() as conn:
        catalog = load_catalog(store, conn)
        wanted = [v for v in dict.fromkeys(ids) if v in catalog.views]
        for view_id, stored in catalog.views.items():
            if view_id in wanted:
                continue
            for parent in stored.apply.implements or []:
                if parent.as_id() in wanted:
                    raise bad_request(
                        f"View {parent.as_id()} cannot be deleted: view {view_id} implements it"
                    )
        for view_id in wanted:
            conn.execute("DELETE FROM views WHERE id = ?", (catalog.views[view_id].id,))
        store.schema_changed()
    return [(v.space, v.external_id, v.version) for v in wanted]


def delete_data_models(store: Store, ids: list[tuple[str, str, str]]) -> list[tuple[str, ...]]:
    """Delete data models (their views stay)."""
    check_item_count(ids, SCHEMA_ITEM_LIMIT)
    deleted: list[tuple[str, ...]] = []
    with store.write() as conn:
        for key in dict.fromkeys(ids):
            cursor = conn.execute(
                "DELETE FROM data_models WHERE space = ? AND external_id = ? AND version = ?", key
            )
            if cursor.rowcount:
                deleted.append(key)
        store.schema_changed()
    return deleted

"""Writing and deleting nodes and edges (``/models/instances`` and ``/instances/delete``).

An apply runs in one transaction: every item is checked (types, nullability, immutability,
versions, referenced nodes, constraints) and either the whole batch is stored or nothing is.
Versions start at 1 and grow by one per change; an item equal to what is stored is a no-op
(``wasModified: false``). ``existingVersion`` conflicts answer 409 with the ids in
``duplicated`` (or are skipped with ``skipOnVersionConflict``).

Every instance a request creates or changes takes a new change sequence number (``seq``; 0
marks it as changed until the request ends); a deleted instance leaves a tombstone with its
last data and a sequence number of its own. ``/instances/sync`` reads changes in that order.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pygen_runtime.client.models import ContainerReference, EdgeApply, InstanceSource, NodeApply

from .catalog import Catalog, StoredContainer, load_catalog
from .errors import DMSError, bad_request
from .identifiers import check_instance_external_id
from .integrity import Key, NodeRef, check_constraints, ensure_nodes
from .reader import InstanceRow, fetch_data, find_rows
from .requests import InstanceApplyRequest, InstanceDeleteRequest, check_item_count
from .store import Store, dumps
from .values import check_value, is_list

__all__ = ["INSTANCE_ITEM_LIMIT", "apply_instances", "delete_instances"]

INSTANCE_ITEM_LIMIT = 1000


@dataclass
class _Prepared:
    index: int
    item: NodeApply | EdgeApply
    patches: dict[int, dict[str, Any]] = field(default_factory=dict)
    references: list[NodeRef] = field(default_factory=list)

    @property
    def key(self) -> Key:
        return (self.item.instance_type, self.item.space, self.item.external_id)

    @property
    def where(self) -> str:
        return f"items[{self.index}]"

    def identifier(self) -> dict[str, str]:
        return {
            "instanceType": self.item.instance_type,
            "space": self.item.space,
            "externalId": self.item.external_id,
        }


def apply_instances(store: Store, request: InstanceApplyRequest) -> dict[str, Any]:
    """Create or update nodes and edges; returns ``{"items": [slim results]}``."""
    check_item_count(request.items, INSTANCE_ITEM_LIMIT)
    with store.write() as conn:
        catalog = load_catalog(store, conn)
        now = store.tick()
        prepared = [_prepare(index, item, catalog) for index, item in enumerate(request.items)]
        _reject_duplicates(prepared)
        existing = find_rows(conn, [p.key for p in prepared])
        old_data = fetch_data(conn, [row.id for row in existing.values()])
        results, conflicts, written = [], [], []
        for item in prepared:
            row = existing.get(item.key)
            version = item.item.existing_version
            if row is not None and version is not None and row.version > version:
                if not request.skip_on_version_conflict:
                    conflicts.append(item.identifier())
                continue
            data = old_data.get(row.id, {}) if row is not None else {}
            results.append(_write(conn, catalog, item, row, data, request.replace, now))
            written.append(item)
        if conflicts:
            raise DMSError(
                409,
                f"Version conflict: {len(conflicts)} item(s) have a newer version than existingVersion "
                "(existingVersion 0 means the instance must not exist)",
                duplicated=conflicts,
            )
        ensure_nodes(conn, catalog, list(_referenced_nodes(written, request)), now)
        touched: dict[int, list[Key]] = {}
        for item in written:
            for container_id in item.patches:
                touched.setdefault(container_id, []).append(item.key)
        check_constraints(conn, catalog, touched)
        _number_changes(store, conn, "instances")
    return {"items": results}


def _number_changes(store: Store, conn: sqlite3.Connection, table: str) -> None:
    """Give the rows of ``table`` this request changed (``seq = 0``) their sequence numbers."""
    changed = [row[0] for row in conn.execute(f"SELECT id FROM {table} WHERE seq = 0 ORDER BY id")]
    conn.executemany(
        f"UPDATE {table} SET seq = ? WHERE id = ?", [(store.next_seq(), i) for i in changed]
    )


def _prepare(index: int, item: NodeApply | EdgeApply, catalog: Catalog) -> _Prepared:
    prepared = _Prepared(index, item)
    where = prepared.where
    catalog.require_space(item.space, where)
    check_instance_external_id(item.external_id, f"{where}.externalId")
    if item.existing_version is not None and item.existing_version < 0:
        raise bad_request(f"{where}.existingVersion: must be >= 0")
    ends = (
        {"startNode": item.start_node, "endNode": item.end_node}
        if isinstance(item, EdgeApply)
        else {}
    )
    for name, ref in {"type": item.type, **ends}.items():
        if ref is not None:
            check_instance_external_id(ref.external_id, f"{where}.{name}.externalId")
    for number, source in enumerate(item.sources or []):
        _prepare_source(prepared, source, f"{where}.sources[{number}]", catalog)
    return prepared


def _prepare_source(
    prepared: _Prepared, source: InstanceSource, where: str, catalog: Catalog
) -> None:
    kind = prepared.item.instance_type
    ref = source.source
    if isinstance(ref, ContainerReference):
        container = catalog.container(ref, f"{where}.source")
        _check_used_for(container.used_for, kind, f"container {ref.space}:{ref.external_id}", where)
        patch = prepared.patches.setdefault(container.id, {})
        for prop_id, value in source.properties.items():
            definition = container.apply.properties.get(prop_id)
            if definition is None:
                raise bad_request(
                    f"{where}.properties: container {ref.space}:{ref.external_id} has no property {prop_id!r}"
                )
            _set(prepared, container, prop_id, value, f"{where}.properties.{prop_id}", patch)
        return
    view = catalog.view(ref, f"{where}.source")
    _check_used_for(view.used_for, kind, f"view {view.id}", where)
    if not view.writable:
        raise bad_request(
            f"{where}.source: view {view.id} is not writable (it does not map every required property of its containers)"
        )
    for container in view.containers:
        prepared.patches.setdefault(container.id, {})
    for prop_id, value in source.properties.items():
        target = view.mapped.get(prop_id)
        if target is None:
            reason = (
                "is a connection, not a stored property"
                if prop_id in view.properties
                else "does not exist"
            )
            raise bad_request(f"{where}.properties.{prop_id}: property {reason} in view {view.id}")
        patch = prepared.patches[target.container.id]
        _set(
            prepared,
            target.container,
            target.property_id,
            value,
            f"{where}.properties.{prop_id}",
            patch,
        )


def _check_used_for(used_for: str, kind: str, what: str, where: str) -> None:
    if used_for not in (kind, "all"):
        raise bad_request(
            f"{where}.source: {what} is for {used_for}s and cannot hold data of a {kind}"
        )


def _set(
    prepared: _Prepared,
    container: StoredContainer,
    prop_id: str,
    value: Any,
    where: str,
    patch: dict[str, Any],
) -> None:
    definition = container.apply.properties[prop_id]
    stored = check_value(value, definition, where)
    if stored is None and not definition.nullable:
        raise bad_request(f"{where}: property is not nullable")
    patch[prop_id] = stored
    if definition.type.type == "direct" and stored is not None:
        required = getattr(definition.type, "container", None)
        required_id = required.as_id() if required is not None else None
        for ref in stored if is_list(definition.type) else [stored]:
            check_instance_external_id(ref["externalId"], where)
            prepared.references.append(NodeRef(ref["space"], ref["externalId"], where, required_id))


def _referenced_nodes(
    written: list[_Prepared], request: InstanceApplyRequest
) -> Iterator[tuple[NodeRef, bool]]:
    """Every node the batch points at, and whether the request allows auto-creating it."""
    for prepared in written:
        for ref in prepared.references:
            yield ref, request.auto_create_direct_relations and ref.container is None
        item = prepared.item
        if isinstance(item, EdgeApply):
            start, end = item.start_node, item.end_node
            where = prepared.where
            yield (
                NodeRef(start.space, start.external_id, f"{where}.startNode"),
                request.auto_create_start_nodes,
            )
            yield (
                NodeRef(end.space, end.external_id, f"{where}.endNode"),
                request.auto_create_end_nodes,
            )


def _reject_duplicates(prepared: list[_Prepared]) -> None:
    seen: set[Key] = set()
    duplicated = []
    for item in prepared:
        if item.key in seen:
            duplicated.append(item.identifier())
        seen.add(item.key)
    if duplicated:
        raise DMSError(
            400,
            "Duplicate instances in the request (same instanceType, space and externalId)",
            duplicated=duplicated,
        )


def _write(
    conn: sqlite3.Connection,
    catalog: Catalog,
    prepared: _Prepared,
    row: InstanceRow | None,
    old_data: dict[int, dict[str, Any]],
    replace: bool,
    now: int,
) -> dict[str, Any]:
    item = prepared.item
    new_data = {
        container_id: _merge(
            conn,
            catalog.container_by_id(container_id),
            patch,
            old_data.get(container_id),
            replace,
            prepared.where,
        )
        for container_id, patch in prepared.patches.items()
    }
    changed = {cid: props for cid, props in new_data.items() if old_data.get(cid) != props}
    type_ref = item.type
    if row is None:
        columns = _identity_columns(item)
        cursor = conn.execute(
            "INSERT INTO instances (kind, space, external_id, version, type_space, type_xid, start_space,"
            " start_xid, end_space, end_xid, created_time, last_updated_time)"
            " VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
            (item.instance_type, item.space, item.external_id, *columns, now, now),
        )
        instance_id = int(cursor.lastrowid or 0)
        version, created, updated, modified = 1, now, now, True
    else:
        instance_id = row.id
        if isinstance(item, EdgeApply):
            _check_edge_unchanged(item, row, prepared.where)
        type_changed = type_ref is not None and (type_ref.space, type_ref.external_id) != (
            row.type_space,
            row.type_xid,
        )
        modified = bool(changed) or type_changed
        version, created = row.version + (1 if modified else 0), row.created_time
        updated = now if modified else row.last_updated_time
        if modified:
            type_space, type_xid = (
                (type_ref.space, type_ref.external_id)
                if type_ref
                else (row.type_space, row.type_xid)
            )
            conn.execute(
                "UPDATE instances SET version = ?, last_updated_time = ?, type_space = ?, type_xid = ?,"
                " seq = 0 WHERE id = ?",
                (version, updated, type_space, type_xid, instance_id),
            )
    conn.executemany(
        "INSERT INTO instance_data (instance_id, container_id, props) VALUES (?, ?, ?)"
        " ON CONFLICT (instance_id, container_id) DO UPDATE SET props = excluded.props",
        [(instance_id, cid, dumps(props)) for cid, props in changed.items()],
    )
    return {
        "instanceType": item.instance_type,
        "space": item.space,
        "externalId": item.external_id,
        "version": version,
        "wasModified": modified,
        "createdTime": created,
        "lastUpdatedTime": updated,
    }


def _identity_columns(item: NodeApply | EdgeApply) -> tuple[str | None, ...]:
    type_ref = item.type
    type_cols = (type_ref.space, type_ref.external_id) if type_ref is not None else (None, None)
    if isinstance(item, EdgeApply):
        return (
            *type_cols,
            item.start_node.space,
            item.start_node.external_id,
            item.end_node.space,
            item.end_node.external_id,
        )
    return (*type_cols, None, None, None, None)


def _check_edge_unchanged(item: EdgeApply, row: InstanceRow, where: str) -> None:
    stored = (
        row.type_space,
        row.type_xid,
        row.start_space,
        row.start_xid,
        row.end_space,
        row.end_xid,
    )
    given = (item.type.space, item.type.external_id, item.start_node.space, item.start_node.external_id,
             item.end_node.space, item.end_node.external_id)  # fmt: skip
    if stored != given:
        raise bad_request(
            f"{where}: the type, startNode and endNode of an existing edge cannot be changed"
        )


def _merge(
    conn: sqlite3.Connection,
    container: StoredContainer,
    patch: dict[str, Any],
    old: dict[str, Any] | None,
    replace: bool,
    where: str,
) -> dict[str, Any]:
    """The container's new properties: patch over the old ones (or over defaults when fresh)."""
    fresh = old is None or replace
    props = {} if fresh or old is None else dict(old)
    for prop_id, value in patch.items():
        if value is None:
            props.pop(prop_id, None)
        else:
            props[prop_id] = value
    for prop_id, definition in container.apply.properties.items():
        if fresh and prop_id not in patch:
            if definition.default_value is not None:
                props[prop_id] = definition.default_value
            elif definition.auto_increment:  # a replace keeps the number already assigned
                kept = old.get(prop_id) if old is not None else None
                props[prop_id] = (
                    kept if kept is not None else _next_number(conn, container.id, prop_id)
                )
        if not definition.nullable and props.get(prop_id) is None:
            raise bad_request(
                f"{where}: property {prop_id!r} of container {container.name} is required (not nullable)"
            )
        if (
            definition.immutable
            and old is not None
            and old.get(prop_id) is not None
            and props.get(prop_id) != old[prop_id]
        ):
            raise bad_request(
                f"{where}: property {prop_id!r} of container {container.name} is immutable and already set"
            )
    return props


def _next_number(conn: sqlite3.Connection, container_id: int, prop_id: str) -> int:
    row = conn.execute(
        f"SELECT MAX(json_extract(props, '$.\"{prop_id}\"')) FROM instance_data WHERE container_id = ?",
        (container_id,),
    ).fetchone()
    return int(row[0] or 0) + 1


def delete_instances(store: Store, request: InstanceDeleteRequest) -> dict[str, Any]:
    """Delete nodes and edges (a node's edges go with it); unknown ids are ignored.

    Each deleted instance leaves a tombstone (its row, last data and deletion time) that
    ``/instances/sync`` reports with ``deletedTime``.
    """
    check_item_count(request.items, INSTANCE_ITEM_LIMIT)
    with store.write() as conn:
        catalog = load_catalog(store, conn)
        for index, item in enumerate(request.items):
            catalog.require_space(item.space, f"items[{index}]")
        keys = list(dict.fromkeys((i.instance_type, i.space, i.external_id) for i in request.items))
        rows = find_rows(conn, keys)
        nodes = [[row.space, row.external_id] for row in rows.values() if row.kind == "node"]
        doomed = [row.id for row in rows.values()]
        for end in ("start", "end") if nodes else ():  # CROSS JOIN: look edges up by node index
            doomed += [
                found[0]
                for found in conn.execute(
                    "SELECT e.id FROM json_each(?) n CROSS JOIN instances e"
                    f" WHERE e.{end}_space = json_extract(n.value, '$[0]')"
                    f" AND e.{end}_xid = json_extract(n.value, '$[1]') AND e.kind = 'edge'",
                    (dumps(nodes),),
                )
            ]
        _bury(store, conn, list(dict.fromkeys(doomed)))
    deleted = [rows[key] for key in keys if key in rows]
    return {"items": [row.identifier() for row in deleted]}


def _bury(store: Store, conn: sqlite3.Connection, ids: list[int]) -> None:
    """Replace the instances ``ids`` by tombstones (with their data), then delete them."""
    if not ids:
        return
    doomed = dumps(ids)
    conn.execute(
        "INSERT INTO tombstones (instance_id, kind, space, external_id, version, type_space,"
        " type_xid, start_space, start_xid, end_space, end_xid, created_time, last_updated_time,"
        " deleted_time, seq) SELECT id, kind, space, external_id, version, type_space, type_xid,"
        " start_space, start_xid, end_space, end_xid, created_time, last_updated_time, ?, 0"
        " FROM instances WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (store.tick(), doomed),
    )
    conn.execute(
        "INSERT INTO tombstone_data (tombstone_id, container_id, props) SELECT t.id,"
        " d.container_id, d.props FROM tombstones t JOIN instance_data d"
        " ON d.instance_id = t.instance_id WHERE t.seq = 0"
    )
    _number_changes(store, conn, "tombstones")
    conn.execute("DELETE FROM instances WHERE id IN (SELECT value FROM json_each(?))", (doomed,))

"""Checks an instance apply makes after writing, inside its transaction.

Referenced nodes (direct-relation targets, edge start and end nodes) must exist or be created
where the request allows it; ``requires`` and ``uniqueness`` constraints of the containers
written to must hold. Any failure raises, and the transaction rolls the whole batch back.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from pygen_runtime.client.models import ContainerId, RequiresConstraint, UniquenessConstraint

from .catalog import Catalog, StoredContainer
from .errors import DMSError, bad_request
from .reader import find_rows
from .store import dumps

__all__ = ["Key", "NodeRef", "check_constraints", "ensure_nodes"]

Key = tuple[str, str, str]
"""(instanceType, space, externalId)."""


@dataclass
class NodeRef:
    """A node the batch points at, where it does, and the container a typed relation requires."""

    space: str
    external_id: str
    where: str
    container: ContainerId | None = None


def ensure_nodes(
    conn: sqlite3.Connection, catalog: Catalog, wanted: list[tuple[NodeRef, bool]], now: int
) -> None:
    """Create the missing nodes every reference allows to create; 400 naming the others.

    A direct relation typed with a ``container`` never auto-creates: its target must exist and
    have data in that container.
    """
    nodes: dict[tuple[str, str], tuple[NodeRef, bool]] = {}
    for ref, allowed in wanted:
        key = (ref.space, ref.external_id)
        previous = nodes.get(key)
        if previous is None or (previous[1] and not allowed):
            nodes[key] = (ref, allowed)
    if not nodes:
        return
    found = find_rows(conn, [("node", space, xid) for space, xid in nodes])
    missing, create = [], []
    for (space, xid), (ref, allowed) in nodes.items():
        if ("node", space, xid) in found:
            continue
        if allowed:
            catalog.require_space(space, ref.where)
            create.append((space, xid))
        else:
            missing.append(ref)
    if missing:
        first = missing[0]
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise bad_request(
            f"{first.where}: node {first.space}:{first.external_id} does not exist{more}",
            missing=[{"space": ref.space, "externalId": ref.external_id} for ref in missing],
        )
    conn.executemany(
        "INSERT INTO instances (kind, space, external_id, version, created_time, last_updated_time)"
        " VALUES ('node', ?, ?, 1, ?, ?)",
        [(space, xid, now, now) for space, xid in create],
    )
    for ref, _ in wanted:
        if ref.container is not None:
            _check_typed_target(conn, catalog, ref, ref.container)


def _check_typed_target(
    conn: sqlite3.Connection, catalog: Catalog, ref: NodeRef, required: ContainerId
) -> None:
    container = catalog.container(required, ref.where)
    row = conn.execute(
        "SELECT 1 FROM instances i JOIN instance_data d ON d.instance_id = i.id AND d.container_id = ?"
        " WHERE i.kind = 'node' AND i.space = ? AND i.external_id = ?",
        (container.id, ref.space, ref.external_id),
    ).fetchone()
    if row is None:
        raise bad_request(
            f"{ref.where}: node {ref.space}:{ref.external_id} has no data in container "
            f"{container.name}, which this direct relation requires",
            missing=[{"space": ref.space, "externalId": ref.external_id}],
        )


def check_constraints(
    conn: sqlite3.Connection, catalog: Catalog, touched: dict[int, list[Key]]
) -> None:
    """``requires`` and ``uniqueness`` constraints of the containers written to (by id)."""
    for container_id, keys in touched.items():
        container = catalog.container_by_id(container_id)
        for name, constraint in (container.apply.constraints or {}).items():
            if isinstance(constraint, RequiresConstraint):
                _check_requires(conn, catalog, container, name, constraint, keys)
            elif isinstance(constraint, UniquenessConstraint):
                _check_unique(conn, container, name, constraint, keys)


def _check_requires(
    conn: sqlite3.Connection,
    catalog: Catalog,
    container: StoredContainer,
    name: str,
    constraint: RequiresConstraint,
    keys: list[Key],
) -> None:
    required = catalog.container(constraint.require, f"constraint {name}")
    row = conn.execute(
        "SELECT i.space, i.external_id FROM instances i JOIN instance_data d ON d.instance_id = i.id"
        " AND d.container_id = ? WHERE (i.kind, i.space, i.external_id) IN (SELECT json_extract(value, '$[0]'),"
        " json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?)) AND NOT EXISTS"
        " (SELECT 1 FROM instance_data r WHERE r.instance_id = i.id AND r.container_id = ?) LIMIT 1",
        (container.id, dumps([list(k) for k in keys]), required.id),
    ).fetchone()
    if row is not None:
        raise bad_request(
            f"Instance {row[0]}:{row[1]} has data in container {container.name}"
            f" whose constraint {name!r} requires data in {required.name}"
        )


def _check_unique(
    conn: sqlite3.Connection,
    container: StoredContainer,
    name: str,
    constraint: UniquenessConstraint,
    keys: list[Key],
) -> None:
    columns = [f"json_extract(d.props, '$.\"{prop}\"')" for prop in constraint.properties]
    values = ", ".join(columns)
    present = " AND ".join(f"{column} IS NOT NULL" for column in columns)
    scope = "i.space, " if constraint.by_space else ""
    rows = conn.execute(
        f"SELECT i.kind, i.space, i.external_id FROM instance_data d JOIN instances i ON i.id = d.instance_id"
        f" WHERE d.container_id = ? AND json_array({scope}{values}) IN (SELECT json_array({scope}{values})"
        f" FROM instance_data d JOIN instances i ON i.id = d.instance_id WHERE d.container_id = ?"
        f" AND {present} GROUP BY 1 HAVING COUNT(*) > 1)",
        (container.id, container.id),
    ).fetchall()
    wrote = set(keys)
    clashing = [
        {"instanceType": k, "space": s, "externalId": x} for k, s, x in rows if (k, s, x) in wrote
    ]
    if clashing:
        raise DMSError(
            409,
            f"Uniqueness constraint {name!r} of container {container.name} violated",
            duplicated=clashing,
        )

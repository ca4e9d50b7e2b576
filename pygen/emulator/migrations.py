"""The emulator's database file: recognising it, its schema version, and migrations.

A file the emulator made carries SQLite's ``application_id`` :data:`APPLICATION_ID` and its
schema version in ``user_version``. Opening a file:

* a new or empty file gets the version-1 tables and then every migration (so new and old files
  reach :data:`SCHEMA_VERSION` by the same steps), and the id;
* a file written before versions existed (no id, exactly the version-1 tables) is version 1;
* an older version is migrated, one step at a time (:data:`MIGRATIONS` maps version N to the
  function that turns an N file into an N+1 file), all steps in one transaction;
* anything else is refused with a :class:`StoreError` naming the file: not SQLite, another
  application's database, or a version newer than this pygen knows.

To change the tables: add a step ``MIGRATIONS[SCHEMA_VERSION] = step`` that brings a file of
the current version to the next (new files run it too), bump :data:`SCHEMA_VERSION`, and
describe it in docs/emulator.md. ``store._DDL`` stays the version-1 tables.

Versions: 1, the schema objects, instances and their per-container data; 2, a change sequence
number per instance and the tombstones of deleted instances (for ``/instances/sync``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping

from pygen_runtime.errors import PygenError

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SYNC_DDL",
    "VERSION_1_TABLES",
    "StoreError",
    "prepare_database",
]

APPLICATION_ID = 0x70796765  # "pyge"
SCHEMA_VERSION = 2
VERSION_1_TABLES = frozenset(
    {"spaces", "containers", "views", "data_models", "instances", "instance_data"}
)

SYNC_DDL = """
CREATE INDEX IF NOT EXISTS instances_by_seq ON instances (seq);
CREATE TABLE IF NOT EXISTS tombstones (
    id INTEGER PRIMARY KEY,
    instance_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('node', 'edge')),
    space TEXT NOT NULL,
    external_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    type_space TEXT,
    type_xid TEXT,
    start_space TEXT,
    start_xid TEXT,
    end_space TEXT,
    end_xid TEXT,
    created_time INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL,
    deleted_time INTEGER NOT NULL,
    seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS tombstones_by_seq ON tombstones (seq);
CREATE TABLE IF NOT EXISTS tombstone_data (
    tombstone_id INTEGER NOT NULL REFERENCES tombstones (id) ON DELETE CASCADE,
    container_id INTEGER NOT NULL,
    props TEXT NOT NULL,
    PRIMARY KEY (tombstone_id, container_id)
) WITHOUT ROWID;
"""
"""Version 2: what ``/instances/sync`` needs: a change sequence number per instance (``seq``,
taken anew by every write) and the tombstones of deleted instances (with their last data, so a
sync's filter still applies to them)."""

Migration = Callable[[sqlite3.Connection], None]


def _add_sync_tables(conn: sqlite3.Connection) -> None:
    """Version 1 -> 2: number existing instances in write order; add the tombstone tables."""
    conn.execute("ALTER TABLE instances ADD COLUMN seq INTEGER NOT NULL DEFAULT 0")
    conn.execute(
        "UPDATE instances SET seq = (SELECT n FROM (SELECT id AS i, ROW_NUMBER() OVER"
        " (ORDER BY last_updated_time, id) AS n FROM instances) WHERE i = instances.id)"
    )
    for statement in SYNC_DDL.split(";"):
        if statement.strip():
            conn.execute(statement)


# version N -> the step that turns a version-N file into a version-N+1 file
MIGRATIONS: dict[int, Migration] = {1: _add_sync_tables}


class StoreError(PygenError):
    """The database file cannot be used by the emulator (the message names it and why)."""


def prepare_database(
    conn: sqlite3.Connection,
    path: str,
    ddl: str,
    *,
    version: int = SCHEMA_VERSION,
    steps: Mapping[int, Migration] = MIGRATIONS,
) -> int:
    """Create, recognise and migrate the database behind ``conn``; return its old version.

    Args:
        conn: an autocommit connection (``isolation_level=None``).
        path: the file, for messages.
        ddl: the version-1 tables, run on a new file (the steps then bring it to ``version``).
        version: the version to end at.
        steps: the migrations (``steps[n]`` turns version n into n + 1).

    Returns:
        The version the file had (0 for a new file).

    Raises:
        StoreError: the file is not an emulator database, or is of a newer version.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
        found = _version_of(conn, path)
    except sqlite3.DatabaseError as exc:
        _rollback(conn)
        raise _unusable(path, exc) from None
    except BaseException:
        _rollback(conn)
        raise
    try:
        if found > version:
            raise StoreError(
                f"{path} was written by a newer pygen (emulator schema version {found}; this "
                f"pygen reads up to {version}); upgrade pygen or give --db another file"
            )
        if found == 0:
            for statement in ddl.split(";"):
                if statement.strip():
                    conn.execute(statement)
        for step in range(max(found, 1), version):
            if step not in steps:
                raise StoreError(f"{path}: no migration from emulator schema version {step}")
            steps[step](conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {version}")
    except BaseException:
        _rollback(conn)
        raise
    conn.execute("COMMIT")
    return found


def _version_of(conn: sqlite3.Connection, path: str) -> int:
    """The file's schema version: 0 for a new file; StoreError for a foreign one."""
    application = conn.execute("PRAGMA application_id").fetchone()[0]
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    tables = {
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    if application == APPLICATION_ID and version >= 1:
        return version
    if application == 0 and version == 0 and not tables:
        return 0
    if application == 0 and version == 0 and tables == VERSION_1_TABLES:
        return 1  # written before schema versions existed
    shown = ", ".join(sorted(tables)[:8]) or "none"
    raise StoreError(
        f"{path} is not a pygen emulator database (application id {application}, "
        f"user_version {version}, tables: {shown}); give --db a new file name"
    )


def _unusable(path: str, exc: sqlite3.DatabaseError) -> StoreError:
    reason = str(exc)
    if "not a database" in reason:
        return StoreError(
            f"{path} is not a pygen emulator database (not an SQLite file: {reason}); "
            "give --db a new file name, or delete the file if it is yours"
        )
    if "locked" in reason:
        return StoreError(f"{path}: the database is locked by another program (another emulator?)")
    return StoreError(f"{path}: cannot use the emulator database ({reason})")


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")

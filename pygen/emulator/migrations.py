"""The emulator's database file: recognising it, its schema version, and migrations.

A file the emulator made carries SQLite's ``application_id`` :data:`APPLICATION_ID` and its
schema version in ``user_version``. Opening a file:

* a new or empty file gets the current tables, the id and :data:`SCHEMA_VERSION`;
* a file written before versions existed (no id, exactly the version-1 tables) is version 1;
* an older version is migrated, one step at a time (:data:`MIGRATIONS` maps version N to the
  function that turns an N file into an N+1 file), all steps in one transaction;
* anything else is refused with a :class:`StoreError` naming the file: not SQLite, another
  application's database, or a version newer than this pygen knows.

To change the tables: add the new DDL to ``store._DDL`` (for new files), add a step
``MIGRATIONS[SCHEMA_VERSION] = step`` that brings existing files there, bump
:data:`SCHEMA_VERSION`, and describe it in docs/emulator.md.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping

from pygen.errors import PygenError

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "VERSION_1_TABLES",
    "StoreError",
    "prepare_database",
]

APPLICATION_ID = 0x70796765  # "pyge"
SCHEMA_VERSION = 1
VERSION_1_TABLES = frozenset(
    {"spaces", "containers", "views", "data_models", "instances", "instance_data"}
)

Migration = Callable[[sqlite3.Connection], None]
# version N -> the step that turns a version-N file into a version-N+1 file
MIGRATIONS: dict[int, Migration] = {}


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
        ddl: the tables of ``version``, run on a new file.
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

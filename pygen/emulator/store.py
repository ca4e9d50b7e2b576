"""SQLite storage of the emulator (standard-library ``sqlite3``).

One connection, guarded by a re-entrant lock, serves every thread. SQLite runs one writer at a
time whatever we do, and holding the lock across a whole request makes each request a
serializable transaction without ``SQLITE_BUSY`` retries; it is also the only way a ``:memory:``
database can be shared by the server's threads. File databases run in WAL mode.

Schema objects are stored as their JSON write form. Instances are a row each (identity, version,
type, start/end node, times); their properties are stored per container in ``instance_data``
(one JSON object per instance and container), which is what a view projects.
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .migrations import StoreError, prepare_database

__all__ = ["SYNC_CURSOR_LIFETIME_MS", "Store", "StoreError", "dumps"]

SYNC_CURSOR_LIFETIME_MS = 3 * 24 * 3600 * 1000
"""How long a sync cursor stays valid (the API keeps them 3 days); ``Store.sync_cursor_lifetime_ms``."""

_DDL = """
CREATE TABLE IF NOT EXISTS spaces (
    id INTEGER PRIMARY KEY,
    space TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    created_time INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS containers (
    id INTEGER PRIMARY KEY,
    space TEXT NOT NULL,
    external_id TEXT NOT NULL,
    body TEXT NOT NULL,
    created_time INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL,
    UNIQUE (space, external_id)
);
CREATE TABLE IF NOT EXISTS views (
    id INTEGER PRIMARY KEY,
    space TEXT NOT NULL,
    external_id TEXT NOT NULL,
    version TEXT NOT NULL,
    body TEXT NOT NULL,
    created_time INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL,
    UNIQUE (space, external_id, version)
);
CREATE TABLE IF NOT EXISTS data_models (
    id INTEGER PRIMARY KEY,
    space TEXT NOT NULL,
    external_id TEXT NOT NULL,
    version TEXT NOT NULL,
    body TEXT NOT NULL,
    created_time INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL,
    UNIQUE (space, external_id, version)
);
CREATE TABLE IF NOT EXISTS instances (
    id INTEGER PRIMARY KEY,
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
    UNIQUE (kind, space, external_id)
);
CREATE INDEX IF NOT EXISTS instances_by_start ON instances (start_space, start_xid)
    WHERE kind = 'edge';
CREATE INDEX IF NOT EXISTS instances_by_end ON instances (end_space, end_xid) WHERE kind = 'edge';
CREATE INDEX IF NOT EXISTS instances_by_type ON instances (type_space, type_xid);
CREATE INDEX IF NOT EXISTS instances_by_kind_id ON instances (kind, id);
CREATE TABLE IF NOT EXISTS instance_data (
    instance_id INTEGER NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    container_id INTEGER NOT NULL REFERENCES containers (id) ON DELETE CASCADE,
    props TEXT NOT NULL,
    PRIMARY KEY (instance_id, container_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS instance_data_by_container ON instance_data (container_id, instance_id);
"""
"""The version-1 tables. A new file is made of them and then migrated like an old one (see
``migrations``), so every file, new or old, reaches the current version the same way."""


def dumps(value: Any) -> str:
    """Compact, deterministic JSON (the form stored in the database)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _casefold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _floor(value: Any) -> Any:
    return math.floor(value) if isinstance(value, int | float) else None


class Store:
    """The database: a connection, its lock, the transaction helpers and a write clock.

    Args:
        path: a file path (data survives a restart) or ``":memory:"``.

    Attributes:
        version_found: the schema version the file had when opened (0: it was new); the file
            is now at ``migrations.SCHEMA_VERSION``.

    Raises:
        StoreError: the file cannot be opened, is not an emulator database, or is newer.
    """

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        try:
            self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(
                f"{self.path}: cannot open the emulator database ({exc}); check that the "
                "folder exists and is writable"
            ) from None
        try:
            self.version_found = prepare_database(self._conn, self.path, _DDL)
            self._conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self._conn.execute("PRAGMA journal_mode = WAL")
                self._conn.execute("PRAGMA synchronous = NORMAL")
        except BaseException:
            self._conn.close()
            raise
        self._conn.create_function("casefold", 1, _casefold, deterministic=True)
        self._conn.create_function("floor_", 1, _floor, deterministic=True)
        self._clock = self._last_write_time()
        self._seq = self._last_sequence()
        self.sync_cursor_lifetime_ms = SYNC_CURSOR_LIFETIME_MS
        self.schema_generation = 0
        self.cache: dict[str, Any] = {}
        self._depth = 0  # nesting of write() in the thread holding the lock

    def _last_write_time(self) -> int:
        latest = 0
        for table in ("spaces", "containers", "views", "data_models", "instances"):
            row = self._conn.execute(f"SELECT MAX(last_updated_time) FROM {table}").fetchone()
            latest = max(latest, row[0] or 0)
        return int(latest)

    def _last_sequence(self) -> int:
        latest = 0
        for table in ("instances", "tombstones"):
            row = self._conn.execute(f"SELECT MAX(seq) FROM {table}").fetchone()
            latest = max(latest, row[0] or 0)
        return int(latest)

    def next_seq(self) -> int:
        """The next change sequence number: every instance write or delete takes a larger one.

        ``/instances/sync`` orders changes by it, so a sync cursor (the last number delivered)
        finds exactly the changes made after it, however the clock moves.
        """
        with self._lock:
            self._seq += 1
            return self._seq

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """Hold the lock and give the connection for reading."""
        with self._lock:
            yield self._conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """Hold the lock and run the body in one transaction: all of it commits, or nothing.

        A ``write()`` inside another (same thread) joins the outer transaction, so several
        operations (e.g. deploying a model file) can be made atomic together.
        """
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._conn
                finally:
                    self._depth -= 1
                return
            self._conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                self.cache.clear()  # a catalog built inside the transaction may be gone
                raise
            else:
                self._conn.execute("COMMIT")
            finally:
                self._depth = 0

    def tick(self) -> int:
        """Return the time (epoch ms) of a write: never earlier than, nor equal to, the last one.

        A later transaction therefore always has a later ``lastUpdatedTime`` than the one that
        created an instance, so ``createdTime != lastUpdatedTime`` reliably means "updated".
        """
        with self._lock:
            self._clock = max(int(time.time() * 1000), self._clock + 1)
            return self._clock

    def schema_changed(self) -> None:
        """Record that spaces, containers, views or data models changed (drops cached catalogs)."""
        with self._lock:
            self.schema_generation += 1
            self.cache.clear()

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

"""The job store: one SQLite file (``<data-dir>/jobs.sqlite``) shared by the web process and
the embedded worker processes.

Every change is one statement or one ``BEGIN IMMEDIATE`` transaction, so processes never see
half a job. A worker finishes a job only while it still holds it (``status = 'processing'``
and the same attempt): a worker left over from a killed server, or one whose job was given to
another worker, cannot overwrite what happened since. The store never holds credentials: the
payload is the model (as JSON) and the generation options.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["MAX_ATTEMPTS", "Claim", "Job", "JobStore"]

MAX_ATTEMPTS = 2
"""A job interrupted while processing (server or worker killed) is retried once."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    caller TEXT NOT NULL,
    cache_key TEXT NOT NULL,
    status TEXT NOT NULL,
    payload TEXT,
    output_format TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at REAL NOT NULL,
    started_at REAL,
    finished_at REAL,
    expires_at REAL,
    attempts INTEGER NOT NULL DEFAULT 0,
    worker TEXT,
    warnings TEXT NOT NULL DEFAULT '[]',
    errors TEXT NOT NULL DEFAULT '[]',
    reason TEXT,
    timings TEXT NOT NULL DEFAULT '{}',
    artifact TEXT
);
CREATE INDEX IF NOT EXISTS jobs_by_key ON jobs (caller, cache_key);
CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs (status, created_at);
"""

_COLUMNS = (
    "id, caller, cache_key, status, output_format, language, created_at, started_at, "
    "finished_at, expires_at, attempts, worker, warnings, errors, reason, timings, artifact"
)


@dataclass(frozen=True)
class Job:
    """One row of the store, without its payload."""

    id: str
    caller: str
    cache_key: str
    status: str
    output_format: str
    language: list[str]
    created_at: float
    started_at: float | None
    finished_at: float | None
    expires_at: float | None
    attempts: int
    worker: str | None
    warnings: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    reason: str | None
    timings: dict[str, float]
    artifact: str | None

    @classmethod
    def of(cls, row: sqlite3.Row) -> Job:
        values = dict(row)
        for name in ("language", "warnings", "errors", "timings"):
            values[name] = json.loads(values[name])
        return cls(**values)


@dataclass(frozen=True)
class Claim:
    """A job a worker took: run ``payload``, then finish it with the same ``attempt``."""

    id: str
    attempt: int
    payload: dict[str, Any]


class JobStore:
    """The jobs of one data folder. Each process opens its own (connections are not shared)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def ping(self) -> None:
        """Raise ``sqlite3.Error`` when the store's file cannot be opened and read now. A fresh
        connection: one held open goes on reading a file that was removed or replaced."""
        db = sqlite3.connect(f"{self.path.as_uri()}?mode=rw", uri=True, timeout=2)
        try:
            db.execute("SELECT count(*) FROM jobs").fetchone()
        finally:
            db.close()

    def add(
        self,
        job_id: str,
        *,
        caller: str,
        cache_key: str,
        payload: dict[str, Any],
        output_format: str,
        language: list[str],
    ) -> Job:
        """A new queued job."""
        self._db.execute(
            "INSERT INTO jobs (id, caller, cache_key, status, payload, output_format, language,"
            " created_at) VALUES (?, ?, ?, 'queued', ?, ?, ?, ?)",
            (
                job_id,
                caller,
                cache_key,
                json.dumps(payload),
                output_format,
                json.dumps(language),
                time.time(),
            ),
        )
        job = self.get(job_id)
        assert job is not None
        return job

    def get(self, job_id: str, caller: str | None = None) -> Job | None:
        """The job ``job_id`` (only when ``caller`` started it, if given)."""
        row = self._db.execute(f"SELECT {_COLUMNS} FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None or (caller is not None and row["caller"] != caller):
            return None
        return Job.of(row)

    def cached(self, caller: str, cache_key: str, now: float) -> Job | None:
        """The newest job of ``caller`` for the same model and options that is completed (and
        not expired) or still queued or processing."""
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM jobs WHERE caller = ? AND cache_key = ? AND"
            " (status IN ('queued', 'processing') OR (status = 'completed' AND expires_at > ?))"
            " ORDER BY created_at DESC LIMIT 1",
            (caller, cache_key, now),
        ).fetchone()
        return Job.of(row) if row is not None else None

    def count_active(self, caller: str | None = None) -> int:
        """Jobs queued or processing (of ``caller``, if given)."""
        args: tuple[str, ...] = ()
        if caller is None:
            sql = "SELECT count(*) FROM jobs WHERE status IN ('queued','processing')"
        else:
            sql = "SELECT count(*) FROM jobs WHERE caller = ? AND status IN ('queued','processing')"
            args = (caller,)
        return int(self._db.execute(sql, args).fetchone()[0])

    def count_queued(self) -> int:
        """Jobs waiting for a worker."""
        return int(
            self._db.execute("SELECT count(*) FROM jobs WHERE status = 'queued'").fetchone()[0]
        )

    def active(self) -> list[Job]:
        """Every job queued or processing, oldest first."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM jobs WHERE status IN ('queued', 'processing')"
            " ORDER BY created_at"
        ).fetchall()
        return [Job.of(row) for row in rows]

    def claim(self, worker: str) -> Claim | None:
        """Take the oldest queued job for ``worker`` (None when none waits)."""
        with self._transaction() as db:
            row = db.execute(
                "SELECT id, attempts, payload FROM jobs WHERE status = 'queued'"
                " ORDER BY created_at LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            attempt = row["attempts"] + 1
            db.execute(
                "UPDATE jobs SET status = 'processing', attempts = ?, worker = ?, started_at = ?"
                " WHERE id = ?",
                (attempt, worker, time.time(), row["id"]),
            )
        return Claim(row["id"], attempt, json.loads(row["payload"]))

    def mark_processing(self, job_id: str, worker: str) -> None:
        """A queue outside the store (Celery) started the job on ``worker``; a new worker for
        a job already processing is a redelivery (one more attempt)."""
        self._db.execute(
            "UPDATE jobs SET attempts = CASE WHEN worker IS NULL OR worker != ? THEN attempts + 1"
            " ELSE attempts END, status = 'processing', worker = ?,"
            " started_at = coalesce(started_at, ?) WHERE id = ? AND status IN"
            " ('queued', 'processing')",
            (worker, worker, time.time(), job_id),
        )

    def finish(self, job_id: str, attempt: int | None, outcome: dict[str, Any], ttl: float) -> bool:
        """Record a job's outcome (``completed`` or ``failed``) if ``attempt`` still holds it
        (None: whatever attempt). False when it no longer does (nothing is changed)."""
        now = time.time()
        guard = "" if attempt is None else " AND attempts = ?"
        args: tuple[Any, ...] = (
            outcome["status"],
            now,
            now + ttl,
            json.dumps(outcome.get("warnings", [])),
            json.dumps(outcome.get("errors", [])),
            outcome.get("reason"),
            json.dumps(outcome.get("timings", {})),
            outcome.get("artifact"),
            job_id,
        )
        cursor = self._db.execute(
            "UPDATE jobs SET status = ?, finished_at = ?, expires_at = ?, warnings = ?,"
            " errors = ?, reason = ?, timings = ?, artifact = ?, payload = NULL"
            " WHERE id = ? AND status IN ('queued', 'processing')" + guard,
            args if attempt is None else (*args, attempt),
        )
        return cursor.rowcount == 1

    def interrupted(self, job_id: str, attempt: int | None, why: str, ttl: float) -> str:
        """A processing job lost its worker (``why``): queued again if it has an attempt
        left, else failed. Returns the new status ('' when the job was not processing)."""
        with self._transaction() as db:
            row = db.execute(
                "SELECT attempts FROM jobs WHERE id = ? AND status = 'processing'", (job_id,)
            ).fetchone()
            if row is None or (attempt is not None and row["attempts"] != attempt):
                return ""
            if row["attempts"] < MAX_ATTEMPTS:
                db.execute(
                    "UPDATE jobs SET status = 'queued', worker = NULL WHERE id = ?", (job_id,)
                )
                return "queued"
            now = time.time()
            db.execute(
                "UPDATE jobs SET status = 'failed', finished_at = ?, expires_at = ?, reason = ?,"
                " payload = NULL WHERE id = ?",
                (
                    now,
                    now + ttl,
                    f"{why}, on each of {MAX_ATTEMPTS} attempts; not retried again",
                    job_id,
                ),
            )
            return "failed"

    def release(self, job_id: str, attempt: int) -> bool:
        """Give a processing job back to the queue without counting the attempt (the server is
        stopping its workers the normal way)."""
        cursor = self._db.execute(
            "UPDATE jobs SET status = 'queued', attempts = attempts - 1, worker = NULL"
            " WHERE id = ? AND status = 'processing' AND attempts = ?",
            (job_id, attempt),
        )
        return cursor.rowcount == 1

    def unsent(self) -> list[tuple[str, dict[str, Any]]]:
        """Queued jobs that still hold their payload (with Celery: never sent to the broker,
        because the server stopped in between)."""
        rows = self._db.execute(
            "SELECT id, payload FROM jobs WHERE status = 'queued' AND payload IS NOT NULL"
            " ORDER BY created_at"
        ).fetchall()
        return [(row["id"], json.loads(row["payload"])) for row in rows]

    def sent(self, job_id: str) -> None:
        """The job's payload is with the broker now: drop it here."""
        self._db.execute("UPDATE jobs SET payload = NULL WHERE id = ?", (job_id,))

    def processing(self) -> list[Job]:
        """Every job processing now."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM jobs WHERE status = 'processing'"
        ).fetchall()
        return [Job.of(row) for row in rows]

    def expire(self, now: float) -> list[str]:
        """Delete finished jobs past their expiry; their artifact names (to remove)."""
        with self._transaction() as db:
            rows = db.execute(
                "SELECT id, artifact FROM jobs WHERE expires_at IS NOT NULL AND expires_at <= ?",
                (now,),
            ).fetchall()
            db.executemany("DELETE FROM jobs WHERE id = ?", [(row["id"],) for row in rows])
        return [row["artifact"] for row in rows if row["artifact"]]

    def artifacts(self) -> set[str]:
        """The artifact names jobs refer to (anything else in the folder is left over)."""
        rows = self._db.execute("SELECT artifact FROM jobs WHERE artifact IS NOT NULL")
        return {row[0] for row in rows}

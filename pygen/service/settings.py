"""The service's settings: where it keeps jobs, which queue runs them and its limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = ["ServiceSettings"]


@dataclass(frozen=True)
class ServiceSettings:
    """Settings of ``pygen serve`` (each is a command-line option; see ``docs/service.md``).

    Attributes:
        data_dir: The job store (``jobs.sqlite``) and the artifacts (``artifacts/``). With
            Celery the artifacts folder must be shared with every worker.
        queue: ``embedded`` (worker processes of the server) or ``celery``.
        workers: Embedded worker processes.
        broker: The Celery broker URL (``redis://...``); its result backend too.
        tokens: The bearer tokens callers may send (never shown; see :mod:`.auth`).
        allowed_cdf_urls: CDF base URLs a model may be read from by reference.
        job_ttl: Seconds a finished job and its artifact are kept.
        job_time_limit: Seconds a job may run before it is stopped and failed.
        max_body_bytes: Largest request body, after gunzipping.
        max_views: Most views a model may have.
        max_jobs_per_token: Jobs one token may have queued or processing at once.
        max_queue: Jobs that may wait at once; beyond it ``POST /generate`` answers 429.
        retry_after: Seconds a 429 asks the caller to wait.
        cleanup_interval: Seconds between sweeps of expired jobs.
        visibility_timeout: Celery: seconds before the broker hands a job whose worker
            machine vanished (never acknowledged it) to another worker.
        worker_max_jobs: Embedded: jobs a worker process runs before it is replaced by a
            fresh one (0: never), so memory a generation leaves behind is given back.
        validate_workers: Processes that run ``POST /validate`` (outside the web process).
        max_validations: Validations running or waiting at once; beyond it ``POST /validate``
            answers 429.
    """

    data_dir: Path
    queue: Literal["embedded", "celery"] = "embedded"
    workers: int = 2
    broker: str | None = None
    tokens: tuple[str, ...] = field(default=(), repr=False)
    allowed_cdf_urls: tuple[str, ...] = ()
    job_ttl: float = 3600.0
    job_time_limit: float = 600.0
    max_body_bytes: int = 32 * 1024 * 1024
    max_views: int = 2000
    max_jobs_per_token: int = 16
    max_queue: int = 500
    retry_after: int = 5
    cleanup_interval: float = 30.0
    visibility_timeout: float = 3600.0
    worker_max_jobs: int = 20
    validate_workers: int = 1
    max_validations: int = 4

    @property
    def store_path(self) -> Path:
        """The SQLite job store."""
        return self.data_dir / "jobs.sqlite"

    @property
    def artifacts_dir(self) -> Path:
        """Where artifacts are written."""
        return self.data_dir / "artifacts"

"""The Celery queue: the same job function as a Celery task, for workers on other machines.

``pygen serve --queue celery --broker redis://...`` sends each job to the broker;
``pygen worker --broker redis://... --data-dir SHARED`` runs them. Where things live:

- the job store (SQLite) stays with the web process, its only writer: it answers status
  requests and enforces the per-token and queue limits without a round trip to the broker;
- the job's payload (the model as JSON and the options; never credentials) travels in the
  broker message, and the outcome (status, issues, timings, artifact name) comes back through
  Redis as the result backend; the web process copies it into the store;
- artifacts are files in ``<data-dir>/artifacts``, which workers and the web process share
  (a volume or a network folder): an SDK can be megabytes, too big to pass through Redis.

Messages are acknowledged late and rejected when the pool process running them dies, so a
killed pool process has its job delivered again. A whole worker machine that dies has its
unacknowledged messages redelivered by Redis once the broker's visibility timeout passes
(``--visibility-timeout``): the next worker that starts, or a running worker's periodic sweep,
puts them back in the queue.

The web process follows jobs in flight with one ``MGET`` of their result keys per tick, however
many jobs are active.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any

from .errors import ServiceError
from .settings import ServiceSettings
from .store import JobStore

__all__ = [
    "TASK_NAME",
    "CeleryQueue",
    "celery_app",
    "read_states",
    "run_worker",
    "transport_options",
]

logger = logging.getLogger("pygen.service")

TASK_NAME = "pygen.service.generate"
VISIBILITY_TIMEOUT = 3600.0
"""Default seconds before Redis hands an unacknowledged job of a lost worker machine to
another worker (``--visibility-timeout``)."""
_SYNC_SECONDS = 0.2


def transport_options(visibility_timeout: float) -> dict[str, float]:
    """The Redis transport's options: the visibility timeout, and sweeps for messages past it
    often enough that a short timeout is honoured (every quarter of it, at most every 60 s)."""
    return {
        "visibility_timeout": visibility_timeout,
        "unacked_restore_interval": max(1.0, min(60.0, visibility_timeout / 4)),
        "unacked_restore_throttle": 1,
    }


def celery_app(
    broker: str,
    *,
    data_dir: Path | None = None,
    time_limit: float = 600.0,
    visibility_timeout: float = VISIBILITY_TIMEOUT,
) -> Any:
    """A Celery app on ``broker`` (Redis: broker and result backend) with the generate task.

    ``data_dir`` is where a worker writes artifacts (the web process does not run tasks).
    """
    from celery import Celery
    from celery.exceptions import SoftTimeLimitExceeded

    from .job import run_job

    app = Celery("pygen_service", broker=broker, backend=broker)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_track_started=True,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        broker_transport_options=transport_options(visibility_timeout),
        broker_connection_retry_on_startup=True,
        result_expires=24 * 3600,
        task_soft_time_limit=time_limit,
        task_time_limit=time_limit + 30,
    )

    # not shared: Celery would add a shared task to every app made later in this process, where
    # it would clash with that app's own (DuplicateTaskNameWarning) and run with this app's
    # data folder
    @app.task(name=TASK_NAME, shared=False)  # type: ignore[untyped-decorator]
    def generate(job_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        if data_dir is None:
            raise RuntimeError("this Celery app has no data folder: start it with pygen worker")
        try:
            artifacts = data_dir / "artifacts"
            return run_job(job_id, os.getpid(), payload, artifacts, stops=(SoftTimeLimitExceeded,))
        except SoftTimeLimitExceeded:
            return {
                "status": "failed",
                "reason": f"the job ran past the time limit of {time_limit:g} s and was stopped",
            }

    return app


def run_worker(
    broker: str,
    data_dir: Path,
    *,
    concurrency: int,
    time_limit: float,
    loglevel: str,
    visibility_timeout: float = VISIBILITY_TIMEOUT,
) -> None:
    """Run a Celery worker (prefork pool of ``concurrency`` processes) until stopped."""
    data_dir.mkdir(parents=True, exist_ok=True)
    app = celery_app(
        broker, data_dir=data_dir, time_limit=time_limit, visibility_timeout=visibility_timeout
    )
    app.worker_main(
        argv=[
            "worker",
            f"--loglevel={loglevel}",
            f"--concurrency={concurrency}",
            "--pool=prefork",
            f"--hostname=pygen-{socket.gethostname()}-{os.getpid()}@%h",
            "--without-gossip",
            "--without-mingle",
        ]
    )


def read_states(backend: Any, job_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The result-backend record (``status``, ``result``) of each job that has one, read with
    a single ``MGET`` (no round trip at all without jobs)."""
    if not job_ids:
        return {}
    values = backend.mget([backend.get_key_for_task(job_id) for job_id in job_ids])
    states = {}
    for job_id, value in zip(job_ids, values, strict=True):
        if value:
            meta = backend.decode(value)
            if isinstance(meta, dict):
                states[job_id] = meta
    return states


class CeleryQueue:
    """The web process's side: send jobs to the broker, copy outcomes into the store."""

    name = "celery"

    def __init__(self, settings: ServiceSettings) -> None:
        if not settings.broker:
            raise ServiceError(500, "--queue celery needs --broker")
        self.settings = settings
        self.app = celery_app(
            settings.broker,
            time_limit=settings.job_time_limit,
            visibility_timeout=settings.visibility_timeout,
        )
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, store: JobStore) -> None:
        """Send jobs a killed server stored but never sent; follow jobs in flight."""
        for job_id, payload in store.unsent():
            self.submit(job_id, payload)
            store.sent(job_id)
        self._thread = threading.Thread(target=self._sync, daemon=True, name="celery-sync")
        self._thread.start()

    def submit(self, job_id: str, payload: dict[str, Any]) -> None:
        """Send the job to the broker (its id is the task id)."""
        try:
            self.app.send_task(TASK_NAME, args=[job_id, payload], task_id=job_id)
        except Exception as exc:  # the broker is down: the caller may try again
            raise ServiceError(
                503,
                f"the job queue (Celery broker) is not reachable ({type(exc).__name__})",
                {"Retry-After": str(self.settings.retry_after)},
            ) from None

    def _sync(self) -> None:
        store = JobStore(self.settings.store_path)
        try:
            while not self._stop.wait(_SYNC_SECONDS):
                try:
                    self._copy_outcomes(store)
                except Exception:  # Redis briefly away: try again on the next round
                    logger.warning("cannot read job results from the broker", exc_info=True)
        finally:
            store.close()

    def _copy_outcomes(self, store: JobStore) -> None:
        jobs = store.active()
        for job_id, meta in read_states(self.app.backend, [job.id for job in jobs]).items():
            state = meta.get("status")
            result: Any = meta.get("result")
            if state == "STARTED":
                info = result if isinstance(result, dict) else {}
                worker = f"{info.get('hostname', '?')}:{info.get('pid', '?')}"
                store.mark_processing(job_id, worker)
            elif state == "SUCCESS":
                store.finish(job_id, None, result, self.settings.job_ttl)
            elif state in ("FAILURE", "REVOKED"):
                kind = "revoked"
                if state == "FAILURE" and isinstance(result, dict):
                    kind = str(result.get("exc_type", "error"))
                outcome = {"status": "failed", "reason": f"the Celery task failed ({kind})"}
                store.finish(job_id, None, outcome, self.settings.job_ttl)

    def health(self) -> str:
        """``ok`` when the broker answers (and how many workers answered a ping)."""
        import redis

        assert self.settings.broker is not None
        client = redis.Redis.from_url(self.settings.broker, socket_timeout=2)
        try:
            client.ping()
        finally:
            client.close()
        started = time.perf_counter()
        workers = self.app.control.ping(timeout=0.5) or []
        waited = time.perf_counter() - started
        return f"ok (broker answers; {len(workers)} worker(s) answered a ping in {waited:.1f} s)"

    def stop(self) -> None:
        """Stop following outcomes (jobs in flight go on in the workers)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

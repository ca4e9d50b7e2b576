"""The embedded queue: worker processes of ``pygen serve`` that take jobs from the SQLite job
store.

Generation runs in these processes, never in the web process (it pauses the cyclic GC and keeps
caches for its whole run). Each worker loops: claim the oldest queued job, run it, record the
outcome if it still holds the job. A supervisor thread in the web process restarts a worker
that died and gives its job one more attempt (then fails it with the reason), and stops a job
past the time limit by killing its worker (the job fails; it is not retried). A worker that
ran ``worker_max_jobs`` jobs exits between jobs and the supervisor starts a fresh one, so
memory a generation leaves behind (caches, fragmentation) goes back to the system.

A worker notices its server is gone (its parent changed) and exits within a second; until
then anything it finishes is refused by the store, because the restarted server took the job
back. On start, jobs a killed server left ``processing`` are queued again once, then failed.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from .settings import ServiceSettings
from .store import JobStore

__all__ = ["EmbeddedQueue", "watch_parent", "worker_main"]

logger = logging.getLogger("pygen.service")

_POLL_SECONDS = 0.05
_SUPERVISE_SECONDS = 0.2


def _exit_when_orphaned(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(0.5)


def watch_parent(parent: int) -> None:
    """Exit this process within a second of its parent (the server, pid ``parent``) dying:
    a killed server's children must not outlive it."""
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


def worker_main(
    store_path: str, artifacts: str, parent: int, ttl: float, max_jobs: int = 0
) -> None:
    """A worker process: take jobs from the store until the server (``parent``) is gone, or
    until it ran ``max_jobs`` jobs (0: no limit); the supervisor then starts a fresh one."""
    from .job import run_job

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C goes to the server, which stops us
    watch_parent(parent)
    store = JobStore(Path(store_path))
    name = f"embedded:{os.getpid()}"
    ran = 0
    while os.getppid() == parent and (max_jobs == 0 or ran < max_jobs):
        claim = store.claim(name)
        if claim is None:
            time.sleep(_POLL_SECONDS)
            continue
        outcome = run_job(claim.id, claim.attempt, claim.payload, Path(artifacts))
        ran += 1
        if not store.finish(claim.id, claim.attempt, outcome, ttl) and outcome.get("artifact"):
            with contextlib.suppress(OSError):  # the job was taken back: drop our artifact
                (Path(artifacts) / outcome["artifact"]).unlink()
    store.close()


@dataclass
class _Slot:
    process: BaseProcess


class EmbeddedQueue:
    """``settings.workers`` worker processes and their supervisor."""

    name = "embedded"

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self._context = multiprocessing.get_context("spawn")  # the web process has threads
        self._slots: list[_Slot] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._store: JobStore | None = None

    def start(self, store: JobStore) -> None:
        """Recover what a previous server left, start the workers and their supervisor."""
        self._store = store
        for job in store.processing():
            store.interrupted(job.id, None, "the service stopped while the job ran", self._ttl)
        self._slots = [_Slot(self._spawn()) for _ in range(self.settings.workers)]
        self._thread = threading.Thread(target=self._supervise, daemon=True, name="supervisor")
        self._thread.start()

    @property
    def _ttl(self) -> float:
        return self.settings.job_ttl

    def _spawn(self) -> BaseProcess:
        process = self._context.Process(
            target=worker_main,
            args=(
                str(self.settings.store_path),
                str(self.settings.artifacts_dir),
                os.getpid(),
                self._ttl,
                self.settings.worker_max_jobs,
            ),
            daemon=True,
            name="pygen-service-worker",
        )
        process.start()
        return process

    def submit(self, job_id: str, payload: dict[str, Any]) -> None:
        """Nothing to do: workers take queued jobs from the store."""

    def _supervise(self) -> None:
        store = JobStore(self.settings.store_path)
        try:
            while not self._stop.wait(_SUPERVISE_SECONDS):
                try:
                    self._check(store)
                except Exception:  # keep supervising; a bug is logged, never raised here
                    logger.exception("supervisor check failed")
        finally:
            store.close()

    def _check(self, store: JobStore) -> None:
        now = time.time()
        by_worker = {job.worker: job for job in store.processing()}
        for slot in self._slots:
            process = slot.process
            job = by_worker.get(f"embedded:{process.pid}")
            overdue = (
                job is not None
                and job.started_at is not None
                and now - job.started_at > self.settings.job_time_limit
            )
            if overdue and job is not None and process.is_alive():
                process.kill()
                process.join(5)
                store.finish(
                    job.id,
                    job.attempts,
                    {
                        "status": "failed",
                        "reason": f"the job ran past the time limit of "
                        f"{self.settings.job_time_limit:g} s and was stopped",
                    },
                    self._ttl,
                )
            if process.is_alive():
                continue
            process.join(0)
            if job is not None:
                why = f"its worker process ended (exit code {process.exitcode})"
                store.interrupted(job.id, job.attempts, why, self._ttl)
            if not self._stop.is_set():
                slot.process = self._spawn()

    def alive(self) -> int:
        """Worker processes running now."""
        return sum(slot.process.is_alive() for slot in self._slots)

    def health(self) -> str:
        """``ok`` when every worker runs, else a short description."""
        alive = self.alive()
        if alive == 0:
            raise RuntimeError("no worker process is running")
        return f"ok ({alive} of {len(self._slots)} workers running)"

    def stop(self) -> None:
        """Stop the supervisor, then the workers; the jobs they held go back to the queue
        without using up an attempt (a normal stop is not a failure)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        for slot in self._slots:
            slot.process.terminate()
        for slot in self._slots:
            slot.process.join(5)
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join(5)
        if self._store is not None:
            names = {f"embedded:{slot.process.pid}" for slot in self._slots}
            for job in self._store.processing():
                if job.worker in names:
                    self._store.release(job.id, job.attempts)

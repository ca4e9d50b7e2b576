"""``POST /validate`` outside the web process: a small pool of processes, and a bound on how
many validations may run or wait at once.

Validating a large model takes seconds of CPU and a few hundred MB; in a thread of the web
process it would hold the GIL against the event loop and leave its memory behind there.
Here it runs in ``validate_workers`` spawned processes (replaced by fresh ones after
``worker_max_jobs`` validations, like the embedded workers), the web process only waits, and
beyond ``max_validations`` running or waiting the caller gets 429 with ``Retry-After``. So the
web process holds at most ``max_validations`` request bodies (each under ``--max-body-mb``)
for validation, however many callers send large models.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .errors import ServiceError
from .settings import ServiceSettings

__all__ = ["Validator", "validate_document"]

logger = logging.getLogger("pygen.service")


def validate_document(
    document: dict[str, Any], language: list[str], options: dict[str, Any]
) -> dict[str, Any]:
    """What ``pygen validate --format json`` prints for ``document`` with the request's
    languages, naming and view selection."""
    import pygen
    from pygen.validation.selection import ViewSelection, select_views

    from .job import generator_config

    config = generator_config(language, options)
    result = pygen.validate(document, language=language, strict=config.strict, config=config)
    selection = ViewSelection.of(config.include_views, config.exclude_views)
    return dict(select_views(result, selection).to_dict())


def _init(parent: int) -> None:
    from .embedded import watch_parent

    watch_parent(parent)


def _warm_up() -> None:
    import pygen.validation  # noqa: F401  (the first request need not wait for the imports)


class Validator:
    """The validation processes of one server (started and stopped with it)."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self._executor: ProcessPoolExecutor | None = None
        self._running = 0
        self._done = 0

    def start(self) -> None:
        """Start the pool and import pygen in its first process."""
        self._executor = self._new_executor()
        self._executor.submit(_warm_up)

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.settings.validate_workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init,
            initargs=(os.getpid(),),
        )

    async def validate(
        self, document: dict[str, Any], language: list[str], options: dict[str, Any]
    ) -> dict[str, Any]:
        """The validation report, from a validation process (429 when too many run or wait,
        503 when the process running it died)."""
        if self._running >= self.settings.max_validations:
            raise ServiceError(
                429,
                f"{self.settings.max_validations} validations are running or waiting (the most "
                f"at once); try again in {self.settings.retry_after} s",
                {"Retry-After": str(self.settings.retry_after)},
            )
        if self._executor is None:
            raise ServiceError(503, "the service is not started")
        self._running += 1
        try:
            future = self._executor.submit(validate_document, document, language, options)
            result: dict[str, Any] = await asyncio.wrap_future(future)
            self._done += 1
            if self._done == self.settings.worker_max_jobs:  # recycle: fresh processes
                self._done = 0
                self._replace(cancel=False)
            return result
        except BrokenProcessPool:
            logger.error("a validation process died; starting new ones")
            self._replace(cancel=True)
            raise ServiceError(
                503,
                "the validation process stopped (out of memory?); try again, or validate a part "
                "with options.include_views",
                {"Retry-After": str(self.settings.retry_after)},
            ) from None
        finally:
            self._running -= 1

    def _replace(self, *, cancel: bool) -> None:
        """New processes for what comes next; the old ones finish what they run and exit
        (``cancel``: their pool broke, nothing of it is waited for)."""
        old, self._executor = self._executor, self._new_executor()
        if old is not None:
            old.shutdown(wait=False, cancel_futures=cancel)

    def stop(self) -> None:
        """Stop the processes (a validation still running is abandoned)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

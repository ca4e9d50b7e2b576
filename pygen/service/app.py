"""The starlette application of ``pygen serve``: routes, authentication and limits.

Routes are thin: authenticate, read the body under its limits, validate it into a request
model, then hand the work to the validation processes (:mod:`.validation`) or to the queue
(generation, in worker processes). Every refusal is JSON ``{"error": ...}`` with a 4xx status
naming the field or the fix; a bug is logged and answered 500 without details.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import pydantic
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from pygen_runtime.errors import ConfigError

from .artifacts import EXTENSIONS, MEDIA_TYPES
from .auth import caller_of, match_token
from .body import parse_request
from .errors import ServiceError, from_validation_error
from .openapi import Operation, openapi_document
from .schemas import (
    ErrorResponse,
    GenerateRequest,
    HealthResponse,
    JobResponse,
    ModelRequest,
    ValidateResponse,
    VersionResponse,
)
from .settings import ServiceSettings
from .sources import model_document, view_count
from .store import Job, JobStore
from .validation import Validator

__all__ = ["Queue", "create_app"]

logger = logging.getLogger("pygen.service")

_JOB_ID = re.compile(r"[0-9a-f]{32}")
_CHUNK = 64 * 1024


class Queue(Protocol):
    """What runs jobs: :class:`~.embedded.EmbeddedQueue` or :class:`~.celery_queue.CeleryQueue`."""

    name: str

    def start(self, store: JobStore) -> None: ...

    def submit(self, job_id: str, payload: dict[str, Any]) -> None: ...

    def health(self) -> str: ...

    def stop(self) -> None: ...


class _Service:
    """The state the routes share: settings, the store (used on the event loop only) and the
    queue."""

    def __init__(self, settings: ServiceSettings, queue: Queue) -> None:
        self.settings = settings
        self.queue = queue
        settings.artifacts_dir.mkdir(parents=True, exist_ok=True)
        self.store = JobStore(settings.store_path)
        self.validator = Validator(settings)
        self._stop = threading.Event()
        self._cleaner: threading.Thread | None = None

    def start(self) -> None:
        self.queue.start(self.store)
        self.validator.start()
        self._cleaner = threading.Thread(target=self._clean, daemon=True, name="cleanup")
        self._cleaner.start()

    def stop(self) -> None:
        self._stop.set()
        self.queue.stop()
        self.validator.stop()
        if self._cleaner is not None:
            self._cleaner.join(5)
        self.store.close()

    def _clean(self) -> None:
        store = JobStore(self.settings.store_path)
        try:
            while not self._stop.wait(self.settings.cleanup_interval):
                try:
                    remove_expired(store, self.settings)
                except Exception:
                    logger.exception("cleanup of expired jobs failed")
        finally:
            store.close()

    # -- routes ------------------------------------------------------------------------------

    def caller(self, request: Request) -> str:
        token = match_token(request.headers.get("authorization"), self.settings.tokens)
        if token is None:
            raise ServiceError(
                401,
                "missing or unknown bearer token: send Authorization: Bearer <token>",
                {"WWW-Authenticate": 'Bearer realm="pygen"'},
            )
        return caller_of(token)

    async def _model(self, body: ModelRequest) -> dict[str, Any]:
        _check_languages(body.language)
        _check_options(body)
        document = await run_in_threadpool(model_document, body, self.settings.allowed_cdf_urls)
        views = view_count(document)
        if views > self.settings.max_views:
            raise ServiceError(
                413,
                f"model.views: {views} views; this service takes at most "
                f"{self.settings.max_views} per model (generate parts with options.include_views)",
            )
        return document

    async def generate(self, request: Request) -> Response:
        caller = self.caller(request)
        body = await parse_request(request, GenerateRequest, self.settings.max_body_bytes)
        document = await self._model(body)
        payload = {
            "model": document,
            "language": body.language,
            "options": body.options.model_dump(mode="json"),
            "output_format": body.output_format,
        }
        key = hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()
        found = self.store.cached(caller, key, time.time())
        if found is not None:
            done = found.status == "completed"
            return _json(job_response(found, request, cached=done), 200 if done else 202)
        self._check_capacity(caller)
        job = self.store.add(
            uuid.uuid4().hex,
            caller=caller,
            cache_key=key,
            payload=payload,
            output_format=body.output_format,
            language=body.language,
        )
        try:
            self.queue.submit(job.id, payload)
        except ServiceError:
            self.store.finish(job.id, None, {"status": "failed", "reason": "not queued"}, 0)
            raise
        if self.queue.name == "celery":
            self.store.sent(job.id)
        location = str(request.url_for("job", job_id=job.id))
        return _json(job_response(job, request), 202, {"Location": location})

    def _check_capacity(self, caller: str) -> None:
        retry = {"Retry-After": str(self.settings.retry_after)}
        if self.store.count_queued() >= self.settings.max_queue:
            raise ServiceError(
                429,
                f"the queue is full ({self.settings.max_queue} jobs waiting); "
                f"try again in {self.settings.retry_after} s",
                retry,
            )
        if self.store.count_active(caller) >= self.settings.max_jobs_per_token:
            raise ServiceError(
                429,
                f"this token has {self.settings.max_jobs_per_token} jobs queued or running "
                "(the most at once); wait for one to finish",
                retry,
            )

    def _job(self, request: Request) -> Job:
        caller = self.caller(request)
        job_id = request.path_params["job_id"]
        job = self.store.get(job_id, caller) if _JOB_ID.fullmatch(job_id) else None
        if job is None:
            raise ServiceError(404, "job_id: no such job for this token (it may have expired)")
        return job

    async def job(self, request: Request) -> Response:
        return _json(job_response(self._job(request), request))

    async def download(self, request: Request) -> Response:
        job = self._job(request)
        if job.status != "completed" or job.artifact is None:
            raise ServiceError(
                409,
                f"job {job.id} is {job.status}; download once GET /generate/{job.id} says "
                "completed",
            )
        try:  # open before answering: an expiry that removes the file now cannot cut us off
            handle = (self.settings.artifacts_dir / Path(job.artifact).name).open("rb")
        except FileNotFoundError:
            raise ServiceError(410, f"job {job.id}: its artifact has expired") from None
        filename = f"sdk-{job.id}.{EXTENSIONS[job.output_format]}"
        return StreamingResponse(
            _chunks(handle),
            media_type=MEDIA_TYPES[job.output_format],
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    async def validate(self, request: Request) -> Response:
        self.caller(request)
        body = await parse_request(request, ModelRequest, self.settings.max_body_bytes)
        document = await self._model(body)
        options = body.options.model_dump(mode="json")
        result = await self.validator.validate(document, body.language, options)
        return _json(ValidateResponse.model_validate(result))

    async def health(self, request: Request) -> Response:
        try:
            self.store.ping()
            store = "ok"
        except Exception as exc:
            store = f"unavailable ({type(exc).__name__})"
        try:
            queue = await run_in_threadpool(self.queue.health)
        except Exception as exc:
            queue = f"unavailable ({exc if isinstance(exc, RuntimeError) else type(exc).__name__})"
        healthy = store == "ok" and queue.startswith("ok")
        answer = HealthResponse(
            status="ok" if healthy else "unavailable", job_store=store, queue=queue
        )
        return _json(answer, 200 if healthy else 503)

    async def version(self, request: Request) -> Response:
        self.caller(request)
        from pygen import __version__
        from pygen.targets import installed_names

        return _json(
            VersionResponse(
                version=__version__,
                supported_languages=list(installed_names()),
                output_formats=list(EXTENSIONS),
                queue=self.queue.name,
            )
        )

    async def openapi(self, request: Request) -> Response:
        self.caller(request)
        from pygen import __version__

        return JSONResponse(openapi_document(OPERATIONS, version=__version__))


def _check_languages(language: list[str]) -> None:
    from pygen.targets import resolve_languages

    try:
        resolve_languages(language)
    except ConfigError as exc:
        raise ServiceError(422, f"language: {exc}") from None


def _check_options(body: ModelRequest) -> None:
    """The generator settings of the request's options, checked before any work is queued
    (a package name that is no identifier is the caller's error, not the worker's)."""
    from .job import generator_config

    try:
        generator_config(body.language, body.options.model_dump(mode="json"))
    except pydantic.ValidationError as exc:
        error = from_validation_error(exc)
        raise ServiceError(error.status, error.message.replace(": ", ": options.", 1)) from None


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


def job_response(job: Job, request: Request, *, cached: bool = False) -> JobResponse:
    """The JSON of ``job`` as the API answers it."""
    download = None
    if job.status == "completed":
        download = str(request.url_for("download", job_id=job.id))
    return JobResponse.model_validate(
        {
            "job_id": job.id,
            "status": job.status,
            "created_at": job.created_at,
            "started_at": job.started_at,
            "finished_at": job.finished_at,
            "expires_at": job.expires_at,
            "attempts": job.attempts,
            "output_format": job.output_format,
            "language": job.language,
            "warnings": job.warnings,
            "errors": job.errors,
            "reason": job.reason,
            "timings": job.timings,
            "download_url": download,
            "cached": cached,
        }
    )


def remove_expired(store: JobStore, settings: ServiceSettings) -> int:
    """Delete expired jobs and their artifacts, and artifacts no job refers to (left by a
    worker whose job was taken back) once they are older than the time limit. A download
    already streaming keeps its open file. Returns the files removed."""
    now = time.time()
    removed = 0
    for name in store.expire(now):
        with contextlib.suppress(FileNotFoundError):
            (settings.artifacts_dir / Path(name).name).unlink()
            removed += 1
    known = store.artifacts()
    for path in settings.artifacts_dir.iterdir():
        if path.name in known:
            continue
        with contextlib.suppress(FileNotFoundError):
            if now - path.stat().st_mtime > settings.job_time_limit + 60:
                path.unlink()
                removed += 1
    return removed


def _json(model: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        model.model_dump_json(), status_code=status, headers=headers, media_type="application/json"
    )


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return _json(ErrorResponse(error=message), status, headers)


Handler = Callable[[Request], Awaitable[Response]]


def _guarded(handler: Handler) -> Handler:
    """``handler`` with every error as a JSON answer, and a bug as a bare 500."""

    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except ServiceError as exc:
            return _error(exc.status, exc.message, exc.headers)
        except Exception:
            logger.exception("internal error in %s %s", request.method, request.url.path)
            return _error(500, "internal error; the service's log has the details")

    return run


OPERATIONS = [
    Operation(
        "generate", "POST", "/generate", "Queue the generation of an SDK", GenerateRequest,
        {200: JobResponse, 202: JobResponse},
    ),
    Operation(
        "job", "GET", "/generate/{job_id}", "A job's status, issues and download URL",
        responses={200: JobResponse},
    ),
    Operation(
        "download", "GET", "/generate/{job_id}/download", "Download a completed job's SDK",
        binary=True,
    ),
    Operation(
        "validate", "POST", "/validate", "Validate a data model", ModelRequest,
        {200: ValidateResponse},
    ),
    Operation(
        "health", "GET", "/health", "Whether the job store and the queue answer",
        responses={200: HealthResponse, 503: HealthResponse}, auth=False,
    ),
    Operation(
        "version", "GET", "/version", "pygen's version and languages",
        responses={200: VersionResponse},
    ),
    Operation("openapi", "GET", "/openapi.json", "This document"),
]  # fmt: skip
"""Every endpoint; each is served by the :class:`_Service` method of its name."""


def create_app(settings: ServiceSettings, queue: Queue) -> Starlette:
    """The service's app; starting it (its lifespan) starts the queue and the cleanup."""
    service = _Service(settings, queue)
    routes = [
        Route(
            operation.path,
            _guarded(getattr(service, operation.name)),
            methods=[operation.method],
            name=operation.name,
        )
        for operation in OPERATIONS
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        service.start()
        try:
            yield
        finally:
            service.stop()

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return _error(exc.status_code, f"{request.method} {request.url.path}: {exc.detail}")

    app = Starlette(
        routes=routes, lifespan=lifespan, exception_handlers={HTTPException: http_error}
    )
    app.state.service = service
    return app

"""``pygen serve``: the generation service (HTTP API, job store, worker processes)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from pygen.cli.errors import friendly_errors


class QueueKind(str, Enum):
    """Who runs the jobs."""

    embedded = "embedded"
    celery = "celery"


def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on (0 picks a free one).")
    ] = 8000,
    data_dir: Annotated[
        Path,
        typer.Option(
            "--data-dir",
            help="Job store and artifacts (with --queue celery: shared with the workers).",
        ),
    ] = Path("pygen-service"),
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="Embedded worker processes.")
    ] = 2,
    queue: Annotated[
        QueueKind,
        typer.Option(
            "--queue",
            help="embedded: worker processes of this server; celery: "
            "Celery workers (pygen worker) on the --broker.",
        ),
    ] = QueueKind.embedded,
    broker: Annotated[
        str | None,
        typer.Option("--broker", envvar="PYGEN_BROKER_URL", help="Celery broker, redis://..."),
    ] = None,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            help="File of bearer tokens, one a line (or set PYGEN_SERVICE_TOKENS; tokens are "
            "never command-line arguments).",
        ),
    ] = None,
    allow_cdf_url: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-cdf-url",
            help="A CDF base URL models may be read from by reference (repeatable).",
        ),
    ] = None,
    job_ttl: Annotated[
        float, typer.Option("--job-ttl", min=1, help="Seconds finished jobs are kept.")
    ] = 3600.0,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=1, help="Seconds a job may run.")
    ] = 600.0,
    max_body_mb: Annotated[
        float, typer.Option("--max-body-mb", min=0.001, help="Largest request body (MB).")
    ] = 32.0,
    max_views: Annotated[
        int, typer.Option("--max-views", min=1, help="Most views a model may have.")
    ] = 2000,
    max_jobs_per_token: Annotated[
        int, typer.Option("--max-jobs-per-token", min=1, help="Jobs a token may run at once.")
    ] = 16,
    max_queue: Annotated[
        int, typer.Option("--max-queue", min=1, help="Jobs that may wait before 429.")
    ] = 500,
    worker_max_jobs: Annotated[
        int,
        typer.Option(
            "--worker-max-jobs",
            min=0,
            help="Jobs an embedded worker process runs before a fresh one replaces it (0: never).",
        ),
    ] = 20,
    validate_workers: Annotated[
        int,
        typer.Option(
            "--validate-workers", min=1, max=64, help="Processes that run POST /validate."
        ),
    ] = 1,
    max_validations: Annotated[
        int,
        typer.Option("--max-validations", min=1, help="Validations running or waiting before 429."),
    ] = 4,
    visibility_timeout: Annotated[
        float,
        typer.Option(
            "--visibility-timeout",
            min=1,
            help="With --queue celery: seconds before the broker gives a job of a vanished "
            "worker machine to another worker.",
        ),
    ] = 3600.0,
) -> None:
    """Serve the generation API: POST /generate, GET /generate/{id}, POST /validate, GET
    /health, GET /version, GET /openapi.json (see docs/service.md)."""
    from pygen.emulator.server import listen_socket
    from pygen.service import ServiceSettings, serve_service
    from pygen.service.auth import load_tokens
    from pygen.service.sources import origin_of
    from pygen_runtime.errors import ConfigError

    with friendly_errors():
        tokens = load_tokens(token_file)
        for url in allow_cdf_url or []:
            if origin_of(url) is None:
                raise ConfigError(
                    f"--allow-cdf-url {url!r}: expected a base URL such as "
                    "https://westeurope-1.cognitedata.com"
                )
        if queue is QueueKind.celery and not broker:
            raise ConfigError("--queue celery needs --broker redis://HOST:PORT/DB")
        if queue is QueueKind.celery:
            _require_celery()
        settings = ServiceSettings(
            data_dir=data_dir.resolve(),
            queue=queue.value,
            workers=workers,
            broker=broker,
            tokens=tokens,
            allowed_cdf_urls=tuple(allow_cdf_url or ()),
            job_ttl=job_ttl,
            job_time_limit=time_limit,
            max_body_bytes=int(max_body_mb * 1024 * 1024),
            max_views=max_views,
            max_jobs_per_token=max_jobs_per_token,
            max_queue=max_queue,
            cleanup_interval=min(30.0, job_ttl / 4),
            visibility_timeout=visibility_timeout,
            worker_max_jobs=worker_max_jobs,
            validate_workers=validate_workers,
            max_validations=max_validations,
        )
        try:
            settings.artifacts_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"--data-dir {data_dir}: cannot create it ({exc.strerror})") from None
        sock = listen_socket(host, port)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    runs = (
        f"{workers} worker processes"
        if queue is QueueKind.embedded
        else f"Celery on {_hidden(broker)}"
    )
    typer.echo(
        f"pygen service on http://{shown}:{bound} (jobs: {runs}; data: {settings.data_dir}; "
        f"{len(tokens)} token(s))"
    )
    try:
        serve_service(settings, sock)
    finally:
        sock.close()


def _require_celery() -> None:
    from importlib.util import find_spec

    from pygen_runtime.errors import ConfigError

    if find_spec("celery") is None or find_spec("redis") is None:
        raise ConfigError(
            "--queue celery needs celery and redis: pip install 'cdf-pygen[service-celery]'"
        )


def _hidden(url: str | None) -> str:
    """A broker URL without its password."""
    from urllib.parse import urlsplit

    parts = urlsplit(url or "")
    if parts.password:
        host = parts.hostname or ""
        netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return parts._replace(netloc=netloc).geturl()
    return url or ""

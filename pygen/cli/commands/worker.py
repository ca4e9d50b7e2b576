"""``pygen worker``: a Celery worker that runs the service's generation jobs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pygen.cli.errors import friendly_errors


def worker(
    broker: Annotated[
        str | None,
        typer.Option("--broker", envvar="PYGEN_BROKER_URL", help="Celery broker, redis://..."),
    ] = None,
    data_dir: Annotated[
        Path,
        typer.Option(
            "--data-dir",
            help="The service's data folder (artifacts are written "
            "to its artifacts/), shared with pygen serve.",
        ),
    ] = Path("pygen-service"),
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=64, help="Pool processes.")
    ] = 2,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=1, help="Seconds a job may run.")
    ] = 600.0,
    loglevel: Annotated[str, typer.Option("--loglevel", help="Celery's log level.")] = "INFO",
    visibility_timeout: Annotated[
        float,
        typer.Option(
            "--visibility-timeout",
            min=1,
            help="Seconds before the broker gives a job of a vanished worker machine to "
            "another worker (keep it above --time-limit + 30).",
        ),
    ] = 3600.0,
) -> None:
    """Run generation jobs of pygen serve --queue celery (start any number, anywhere the
    broker and the data folder are reachable)."""
    from pygen.cli.commands.serve import _hidden, _require_celery
    from pygen_runtime.errors import ConfigError

    with friendly_errors():
        if not broker:
            raise ConfigError(
                "pygen worker needs --broker redis://HOST:PORT/DB (or PYGEN_BROKER_URL)"
            )
        _require_celery()
        from pygen.service.celery_queue import run_worker

    typer.echo(
        f"pygen worker on {_hidden(broker)} (data: {data_dir.resolve()}; {concurrency} processes)"
    )
    run_worker(
        broker,
        data_dir.resolve(),
        concurrency=concurrency,
        time_limit=time_limit,
        loglevel=loglevel,
        visibility_timeout=visibility_timeout,
    )

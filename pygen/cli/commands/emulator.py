"""``pygen emulator``: serve the local CDF data-modeling emulator over HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pygen.cli.errors import friendly_errors


def emulator(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8765,
    db: Annotated[
        str, typer.Option("--db", help="SQLite file to keep data in (':memory:' for none).")
    ] = "pygen-emulator.sqlite",
    project: Annotated[
        str, typer.Option("--project", help="Project name to serve.")
    ] = "playground",
    token: Annotated[
        str | None,
        typer.Option("--token", help="Bearer token clients must send (default: any token)."),
    ] = None,
    load: Annotated[
        list[Path] | None,
        typer.Option("--load", "-l", help="Data model file to deploy first (repeatable)."),
    ] = None,
    instances: Annotated[
        list[Path] | None,
        typer.Option(
            "--instances",
            "-i",
            help="Instances to write after the models, e.g. pygen/examples/example_instances.json.",
        ),
    ] = None,
) -> None:
    """Run a local server that speaks the CDF data-modeling API."""
    import uvicorn

    from pygen.emulator import Store, create_app, load_instances, load_model_file

    with friendly_errors():
        store = Store(db)
        try:
            for path in load or []:
                model = load_model_file(store, path)
                typer.echo(f"loaded {model.as_id()} from {path}")
            for path in instances or []:
                count = load_instances(store, project, path)
                typer.echo(f"wrote {count} instances from {path}")
        except BaseException:
            store.close()
            raise
    auth = "token required" if token else "any bearer token accepted"
    typer.echo(f"pygen emulator: http://{host}:{port}/api/v1/projects/{project} (db: {db}; {auth})")
    try:
        uvicorn.run(create_app(store, project, token), host=host, port=port, log_level="info")
    finally:
        store.close()

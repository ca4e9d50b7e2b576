"""``pygen emulator``: serve the local CDF data-modeling emulator over HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pygen.cli.errors import friendly_errors

TOKEN_VARIABLE = "PYGEN_EMULATOR_TOKEN"


def emulator(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on (0 picks a free one).")
    ] = 8765,
    db: Annotated[
        str, typer.Option("--db", help="SQLite file to keep data in (':memory:' for none).")
    ] = "pygen-emulator.sqlite",
    project: Annotated[
        str, typer.Option("--project", help="Project name to serve.")
    ] = "playground",
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar=TOKEN_VARIABLE,
            show_envvar=True,
            help=f"Bearer token clients must send (default: any token). Prefer ${TOKEN_VARIABLE}:"
            " a command-line token is visible to other users in `ps`.",
        ),
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
    cors_origin: Annotated[
        list[str] | None,
        typer.Option(
            "--cors-origin",
            help="Let a browser app on this origin call the emulator, e.g. "
            "http://localhost:5173 (repeatable; * for any origin). Off by default.",
        ),
    ] = None,
) -> None:
    """Run a local server that speaks the CDF data-modeling API."""
    from pygen.emulator import Store, create_app, load_instances, load_model_file
    from pygen.emulator.cors import CorsPolicy
    from pygen.emulator.server import listen_socket, serve

    source = ctx.get_parameter_source("token")
    if token is not None and source is not None and source.name == "COMMANDLINE":
        typer.secho(
            f"warning: a token given with --token is visible to other users of this machine "
            f"(ps, /proc); set {TOKEN_VARIABLE} instead",
            err=True,
            fg=typer.colors.YELLOW,
        )
    with friendly_errors():
        policy = CorsPolicy.of(cors_origin or [])  # a bad origin fails before the port is bound
        sock = listen_socket(host, port)  # before anything else: a port in use fails at once
        try:
            store = Store(db)
        except BaseException:
            sock.close()
            raise
        try:
            for path in load or []:
                model = load_model_file(store, path)
                typer.echo(f"loaded {model.as_id()} from {path}")
            for path in instances or []:
                count = load_instances(store, project, path)
                typer.echo(f"wrote {count} instances from {path}")
        except BaseException:
            store.close()
            sock.close()
            raise
    bound = sock.getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    auth = "token required" if token else "any bearer token accepted"
    cors = f"; CORS for {', '.join(sorted(policy.origins))}" if policy.origins else ""
    typer.echo(
        f"pygen emulator serving http://{shown_host}:{bound}/api/v1/projects/{project} "
        f"(db: {db}; {auth}{cors})"
    )
    try:
        serve(create_app(store, project, token or None, cors_origins=sorted(policy.origins)), sock)
    finally:
        sock.close()
        store.close()

"""The typer application: one sub-module per command, imported only when it runs."""

from __future__ import annotations

import typer

from .commands import inspect

app = typer.Typer(
    name="pygen",
    help="Generate typed SDKs from Cognite Data Fusion data models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.command("inspect")(inspect.inspect)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Print pygen's version and exit."),
) -> None:
    if version:
        from pygen import __version__

        typer.echo(f"pygen {__version__}")
        raise typer.Exit()

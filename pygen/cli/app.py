"""The typer application: one sub-module per command, imported only when it runs."""

from __future__ import annotations

import typer

from .commands import emulator, generate, init, inspect, serve, validate, worker

app = typer.Typer(
    name="pygen",
    help="Generate typed SDKs from Cognite Data Fusion data models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: importing rich would cost more than all of pygen
)

app.command("generate")(generate.generate)
app.command("validate")(validate.validate)
app.command("inspect")(inspect.inspect)
app.command("emulator")(emulator.emulator)
app.command("init")(init.init)
app.command("serve")(serve.serve)
app.command("worker")(worker.worker)


@app.callback(invoke_without_command=True)
def _root(
    version: bool = typer.Option(False, "--version", help="Print pygen's version and exit."),
) -> None:
    if version:
        from pygen import __version__

        typer.echo(f"pygen {__version__}")
        raise typer.Exit()

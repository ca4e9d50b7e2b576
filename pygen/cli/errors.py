"""Turning pygen errors into a clear message and an exit code, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Print a :class:`pygen.errors.PygenError` as ``error: ...`` and exit with status 2."""
    from pygen.errors import PygenError

    try:
        yield
    except PygenError as exc:
        typer.secho(f"error: {exc}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from None

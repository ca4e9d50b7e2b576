"""Turning errors into a clear message and an exit code, never a traceback."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from .terminal import error_text

__all__ = ["INTERNAL_ERROR", "friendly_errors", "report_internal_error"]

INTERNAL_ERROR = 3
"""Exit status of a pygen bug (an unexpected exception)."""


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Print a :class:`pygen_runtime.errors.PygenError` as ``error: ...`` and exit with status 2."""
    from pygen_runtime.errors import PygenError

    try:
        yield
    except PygenError as exc:
        typer.secho(error_text(str(exc)), err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from None


def report_internal_error(exc: BaseException) -> int:
    """Print an unexpected exception as one ``error:`` line (the traceback only with
    ``PYGEN_DEBUG=1``) and return the exit status for it."""
    if os.environ.get("PYGEN_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    text = f"internal error ({type(exc).__name__}: {exc})" if str(exc) else type(exc).__name__
    print(
        error_text(
            f"{text}; this is a bug in pygen, please report it with the command and the "
            "model file (PYGEN_DEBUG=1 prints the traceback)"
        ),
        file=sys.stderr,
    )
    return INTERNAL_ERROR

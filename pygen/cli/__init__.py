"""The ``pygen`` command line. Thin: it parses arguments and calls into pygen's API."""

from __future__ import annotations


def main() -> None:
    """Entry point of the ``pygen`` console script."""
    from .app import app

    app()

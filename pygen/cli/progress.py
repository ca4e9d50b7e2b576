"""The progress display of long runs (generating a large model, fetching from CDF).

Shown on standard error, only to a person watching: silent with ``-q`` and when standard
error is not a terminal (a pipe, a file, CI logs), so scripts see only results and errors.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["progress_display"]


def progress_display(quiet: bool, stream: TextIO | None = None) -> Callable[[str], None] | None:
    """A function printing ``  step ... (0.42 s)`` lines, or ``None`` when nobody watches."""
    out = stream or sys.stderr
    if quiet or not out.isatty():
        return None
    started = time.perf_counter()

    def show(step: str) -> None:
        out.write(f"  {step} ... ({time.perf_counter() - started:.2f} s)\n")
        out.flush()

    return show

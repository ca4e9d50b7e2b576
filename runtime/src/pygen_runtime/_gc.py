"""Pausing Python's cyclic garbage collector around bulk work."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_long_lived", "gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many long-lived objects are built.

    Objects made in bulk and kept (a page of read objects, a write batch, the IR, libcst trees)
    would only be walked again and again by collections; none forms a cycle that must be
    reclaimed meanwhile. The collector's previous state is restored afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _LongLived:
    """How many ``gc_long_lived`` blocks are open (in any thread), and whether the outermost
    one froze the objects that existed when it began."""

    depth = 0
    froze = False
    lock = threading.RLock()


@contextmanager
def gc_long_lived() -> Iterator[None]:
    """Build objects that stay for the life of the process (a view module's classes, a
    class's schema) without the collector walking everything else meanwhile.

    The objects that exist when the outermost block begins are set aside (``gc.freeze``), so
    a collection that runs inside walks only what the block made; at the end they return to
    the oldest generation (``gc.unfreeze``), and what the block made is collected or promoted
    by the young collections as usual. Loading a package's views one by one otherwise ran
    full collections of an ever larger heap: a quarter of the CPU time of using every view of
    a 1,000-view SDK. Not done when the process has frozen objects of its own
    (``gc.get_freeze_count()``, e.g. a server that forks), which must stay frozen, nor while
    the collector is disabled."""
    with _LongLived.lock:
        _LongLived.depth += 1
        if _LongLived.depth == 1:
            _LongLived.froze = gc.isenabled() and gc.get_freeze_count() == 0
            if _LongLived.froze:
                gc.freeze()
    try:
        yield
    finally:
        with _LongLived.lock:
            _LongLived.depth -= 1
            if _LongLived.depth == 0 and _LongLived.froze:
                _LongLived.froze = False
                gc.unfreeze()

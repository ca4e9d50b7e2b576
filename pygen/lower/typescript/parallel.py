"""Lowering and printing the per-view files of large models on several processes.

In the per-view layout (``settings.split_views``) each view's ``dataClasses/<view>.ts`` and
``api/<view>.ts`` depend only on the IR and the name plan, so contiguous chunks of views are
shared out in small chunks by :func:`pygen._workers.share_work` (ts_emitter is pure Python:
threads would not help): forked workers take chunks from the front, this process prints the
shared modules and then takes chunks from the back. Each tree is printed as soon as it is built and then
dropped, so no process holds more than one view's trees. The result is byte-for-byte what
:func:`~pygen.lower.typescript.build.render_files` prints from :func:`build_ast` (a test checks
it).
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import PurePosixPath

from pygen._workers import made_in_child, make_in_child, share_work, task_ranges
from pygen.ir import IRClass, IRModel
from pygen_runtime._gc import gc_paused
from ts_emitter import print_file

from .build import header_text, shared_files, side_files, view_files
from .context import Context, TypeScriptSettings

__all__ = ["MIN_VIEWS", "render_parallel"]

MIN_VIEWS = 40
"""Below this many views a pool costs more than it saves."""

Printed = list[tuple[PurePosixPath, str]]


class _ViewPrinter:
    """Prints the per-view files of one model in one process (one context for the run)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.header = header_text(ctx)

    def __call__(self, task: tuple[int, int]) -> Printed:
        """The printed per-view files of classes ``start:stop``."""
        start, stop = task
        with gc_paused():
            return _printed(self.ctx, self.header, self.ctx.ir.classes[start:stop])


def _printer(ir: IRModel, settings: TypeScriptSettings) -> _ViewPrinter:
    """A child's printer (:func:`pygen._workers.make_in_child`)."""
    return _ViewPrinter(Context(ir, settings))


def _printed(
    ctx: Context, header: str, classes: Sequence[IRClass]
) -> list[tuple[PurePosixPath, str]]:
    """The printed per-view files of ``classes``. The printer leaves reference cycles behind
    (~50 MB at 1,000 views), which the paused collector would keep until the end: with every
    older object frozen, each file's are collected right after it is printed (a young
    generation only: cheap)."""
    gc.freeze()
    try:
        out = []
        for path, tree in view_files(ctx, classes):
            out.append((path, header + print_file(tree)))
            del tree
            gc.collect(0)
        return out
    finally:
        gc.unfreeze()


def render_parallel(
    ir: IRModel, settings: TypeScriptSettings, workers: int
) -> dict[PurePosixPath, str] | None:
    """Every file of the package, relative to its folder, as ``render_files(build_ast(...))``
    gives them; in the per-view layout each view's trees are printed as they are built, on
    ``workers`` processes from :data:`MIN_VIEWS` views on. ``None`` when the model is not laid
    out a file per view (then use those two)."""
    ctx = Context(ir, settings)
    if not ctx.split:
        return None
    header = header_text(ctx)
    files: dict[PurePosixPath, str] = {}
    if len(ir.classes) < MIN_VIEWS:
        workers = 1
    tasks = task_ranges(len(ir.classes), workers)
    setup = (make_in_child, (_printer, ir, settings))

    def shared() -> None:
        """The shared modules, printed here while the workers start."""
        _shared(ctx, header, files)

    for chunk in share_work(tasks, workers, _ViewPrinter(ctx), made_in_child, setup, shared):
        files.update(chunk)
    files.update(side_files(ctx))
    return files


def _shared(ctx: Context, header: str, files: dict[PurePosixPath, str]) -> None:
    """Print the modules that are not per view (the index: ``client.ts``, ``index.ts``) into
    ``files``."""
    for path, lower in shared_files(ctx):
        files[PurePosixPath(path)] = header + print_file(lower(ctx))

"""Lowering and printing the per-view files of large models on several processes.

In the per-view layout (``settings.split_views``) each view's ``dataClasses/<view>.ts`` and
``api/<view>.ts`` depend only on the IR and the name plan, so contiguous chunks of views are
shared out in small chunks by :func:`pygen._workers.share_work` (ts_emitter is pure Python:
threads would not help): forked workers take chunks from the front, this process prints the
shared modules and then takes chunks from the back. Each tree is printed as soon as it is built and then
dropped, so no process holds more than one view's trees. The result is byte-for-byte what
:func:`~pygen.lower.typescript.build.render_files` prints from :func:`build_ast` (a test checks
it).

With a generation cache (:class:`pygen.emit.cache.TextCache`, kind ``typescript-views``) each
view's two modules are taken from it when their key matches
(:mod:`~pygen.lower.typescript.cache_keys`) and printed and stored otherwise; the index
(``client.ts``, ``index.ts``) is printed on every run (0.07 s at 1,000 views: cheaper than a
key over every class).
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from pygen._workers import made_in_child, make_in_child, share_work, task_ranges
from pygen.ir import IRClass, IRModel
from pygen_runtime._gc import gc_paused
from ts_emitter import print_file

from .build import (
    header_text,
    shared_files,
    side_files,
    view_files,
    view_header_text,
    view_paths,
)
from .context import Context, TypeScriptSettings

if TYPE_CHECKING:
    from pygen.emit.cache import TextCache

__all__ = ["CACHE_KIND", "MIN_VIEWS", "render_parallel"]

CACHE_KIND = "typescript-views"
"""The generation cache's kind of the per-view modules' texts."""

MIN_VIEWS = 40
"""Below this many views a pool costs more than it saves."""

Printed = list[tuple[PurePosixPath, str]]


class _ViewPrinter:
    """Prints the per-view files of one model in one process (one context for the run)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.header = view_header_text(ctx)

    def __call__(self, task: Sequence[int]) -> Printed:
        """The printed per-view files of the classes at the indices ``task``."""
        classes = self.ctx.ir.classes
        with gc_paused():
            return _printed(self.ctx, self.header, [classes[index] for index in task])


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
    ir: IRModel, settings: TypeScriptSettings, workers: int, cache: TextCache | None = None
) -> dict[PurePosixPath, str] | None:
    """Every file of the package, relative to its folder, as ``render_files(build_ast(...))``
    gives them; in the per-view layout each view's trees are printed as they are built, on
    ``workers`` processes from :data:`MIN_VIEWS` views on, unless ``cache`` holds the view's
    modules. ``None`` when the model is not laid out a file per view (then use those two)."""
    ctx = Context(ir, settings)
    if not ctx.split:
        return None
    header, view_header = header_text(ctx), view_header_text(ctx)
    files: dict[PurePosixPath, str] = {}
    keys: dict[int, str] = {}
    todo = list(range(len(ir.classes)))
    if cache is not None:
        from pygen.emit.ir_bytes import forget

        from .cache_keys import view_keys

        by_view = view_keys(ctx)
        forget()  # the model entry's class digests (pygen.emit.ir_bytes) are used
        keys = {index: by_view[cls.view] for index, cls in enumerate(ir.classes)}
        todo = [
            i
            for i in todo
            if not _from_cache(ctx, view_header, cache, ir.classes[i], keys[i], files)
        ]
    if len(todo) < MIN_VIEWS:
        workers = 1
    tasks = [todo[start:stop] for start, stop in task_ranges(len(todo), workers)]
    setup = (make_in_child, (_printer, ir, settings))

    def shared() -> None:
        """The shared modules, printed here while the workers start."""
        _shared(ctx, header, files)

    for chunk in share_work(tasks, workers, _ViewPrinter(ctx), made_in_child, setup, shared):
        files.update(chunk)
    if cache is not None:
        for index in todo:
            data, api = view_paths(ctx, ir.classes[index])
            entry = _entry(files[data][len(view_header) :], files[api][len(view_header) :])
            cache.put(keys[index], entry)
    files.update(side_files(ctx))
    return files


def _entry(data: str, api: str) -> str:
    """A cache entry of a view's two modules (without the header): the length of the first,
    a line break, then both."""
    return f"{len(data)}\n{data}{api}"


def _from_cache(
    ctx: Context,
    header: str,
    cache: TextCache,
    cls: IRClass,
    key: str,
    files: dict[PurePosixPath, str],
) -> bool:
    """Put ``cls``'s modules stored under ``key`` into ``files``; ``False`` when there are
    none (or the entry is not one :func:`_entry` makes: a miss)."""
    entry = cache.get(key)
    if entry is None:
        return False
    size, newline, body = entry.partition("\n")
    if not newline or not (size.isascii() and size.isdigit()) or int(size) > len(body):
        return False
    split = int(size)
    data, api = view_paths(ctx, cls)
    files[data] = header + body[:split]
    files[api] = header + body[split:]
    return True


def _shared(ctx: Context, header: str, files: dict[PurePosixPath, str]) -> None:
    """Print the modules that are not per view (the index: ``client.ts``, ``index.ts``) into
    ``files``."""
    for path, lower in shared_files(ctx):
        files[PurePosixPath(path)] = header + print_file(lower(ctx))

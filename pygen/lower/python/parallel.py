"""Lowering and rendering large models a chunk at a time, on several processes.

Each view is a module of its own (:mod:`.views`). The view modules are cut into small chunks
shared out by :func:`pygen._workers.share_work` (libcst is pure Python, so threads would not
help): forked workers take chunks from the front, this process builds the index, the client
and ``py.typed`` and then takes chunks from the back. The result is byte-for-byte what
:func:`build_ast` renders in one process (a test checks it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath

from pygen._workers import (
    default_workers,
    made_in_child,
    make_in_child,
    share_work,
    task_ranges,
)
from pygen.ir import IRModel

from . import _cst
from .build import FILES, build_ast
from .context import Context, PythonSettings
from .guard import in_file
from .render import render_module
from .views import VIEWS, lower_view, view_modules

__all__ = ["CHUNK_CLASSES", "MIN_CLASSES", "render_files", "render_views", "view_file"]

MIN_CLASSES = 40
"""Below this many classes chunks cost more than they save."""

CHUNK_CLASSES = 50
"""The node caches are emptied after this many view modules in each process (they would hold
tens of MB of nodes at 1,000 views; every 50 rather than 100 views saves ~7 MB per process,
and refilling them costs nothing measurable: ``benchmarks/bench_generate_memory.py``)."""

Rendered = list[tuple[PurePosixPath, str]]


class _ViewRenderer:
    """Renders view modules of one model in one process: one context for the whole run, the
    node caches emptied every :data:`CHUNK_CLASSES` views whatever the chunks."""

    def __init__(self, ir: IRModel, settings: PythonSettings, ctx: Context | None = None) -> None:
        self.ir = ir
        self.settings = settings
        self.ctx = ctx or Context(ir, settings)
        self.modules = view_modules(ir)
        self.done = 0

    def __call__(self, indices: Sequence[int]) -> Rendered:
        out = []
        for index in indices:
            cls = self.ir.classes[index]
            path = view_file(self.settings, self.modules[cls.view])
            with in_file(path):
                out.append((path, render_module(lower_view(self.ctx, cls, self.modules))))
            self.done += 1
            if self.done % CHUNK_CLASSES == 0:
                _cst.clear_caches()
        return out


def render_views(ir: IRModel, settings: PythonSettings, indices: Sequence[int]) -> Rendered:
    """The path and text of the modules of the classes at ``indices``. The node caches are
    emptied every :data:`CHUNK_CLASSES` views and at the end, so the memory does not grow with
    the model."""
    try:
        return _ViewRenderer(ir, settings)(indices)
    finally:
        _cst.clear_caches()


def view_file(settings: PythonSettings, module: str) -> PurePosixPath:
    """``<package>/views/<module>.py``."""
    return PurePosixPath(f"{settings.package}/{VIEWS}/{module}.py")


def render_files(
    ir: IRModel,
    settings: PythonSettings,
    workers: int | None = None,
    cached: Mapping[PurePosixPath, str] | None = None,
    ctx: Context | None = None,
) -> dict[PurePosixPath, str]:
    """Every generated file's text; the modules not in ``cached`` (texts by path) are
    lowered, the views on ``workers`` processes (this one included) when there are many
    (``ctx``: the model's context, when made)."""
    if settings.single_file:
        return {path: render_module(module) for path, module in build_ast(ir, settings).items()}
    workers = default_workers() if workers is None else workers
    texts = dict(cached or {})
    modules = view_modules(ir)
    todo = [
        i for i, cls in enumerate(ir.classes) if view_file(settings, modules[cls.view]) not in texts
    ]
    if len(todo) < MIN_CLASSES:
        workers = 1
    package = PurePosixPath(settings.package)
    files = {file.module: package / f"{file.module}.py" for file in FILES}
    files["py.typed"] = package / "py.typed"
    only = tuple(module for module, path in files.items() if path not in texts)

    def shared() -> None:
        """The files that are not views (built here while the workers start)."""
        if only:
            trees = build_ast(ir, settings, only=only)
            texts.update((path, render_module(module)) for path, module in trees.items())

    tasks = [todo[start:stop] for start, stop in task_ranges(len(todo), workers)]
    try:
        here = _ViewRenderer(ir, settings, ctx)
        setup = (make_in_child, (_ViewRenderer, ir, settings))
        for chunk in share_work(tasks, workers, here, made_in_child, setup, shared):
            texts.update(chunk)
    finally:
        _cst.clear_caches()
    return texts

"""Lowering and rendering large models a chunk at a time, on several processes.

Each view is a module of its own (:mod:`.views`); a process pool lowers and renders the view
modules in contiguous chunks (libcst is pure Python, so threads would not help) while this
process builds the index, the client and ``py.typed``. The result is byte-for-byte what
:func:`build_ast` renders in one process (a test checks it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath

from pygen._workers import default_workers, process_pool
from pygen.ir import IRModel, IRViewId

from . import _cst
from .build import FILES, build_ast
from .context import Context, PythonSettings
from .guard import in_file
from .render import render_module
from .views import VIEWS, lower_view, view_modules

__all__ = ["CHUNK_CLASSES", "MIN_CLASSES", "render_files", "render_views", "view_file"]

MIN_CLASSES = 40
"""Below this many classes chunks cost more than they save."""

CHUNK_CLASSES = 100
"""The node caches are emptied after this many view modules (they hold tens of MB of nodes at
1,000 views; refilling them costs about 1 %: ``benchmarks/bench_generate_memory.py``)."""

_STATE: tuple[IRModel, PythonSettings] | None = None


def _init(ir: IRModel, settings: PythonSettings) -> None:
    global _STATE
    _STATE = (ir, settings)


def render_views(
    ir: IRModel, settings: PythonSettings, indices: Sequence[int]
) -> list[tuple[PurePosixPath, str]]:
    """The path and text of the modules of the classes at ``indices``. The node caches are
    emptied every :data:`CHUNK_CLASSES` views, so the memory does not grow with the model."""
    ctx = Context(ir, settings)
    modules = view_modules(ir)
    out = []
    for done, index in enumerate(indices, 1):
        cls = ir.classes[index]
        path = view_file(settings, modules[cls.view])
        with in_file(path):
            out.append((path, render_module(lower_view(ctx, cls, modules))))
        if done % CHUNK_CLASSES == 0:
            _cst.clear_caches()
    _cst.clear_caches()
    return out


def view_file(settings: PythonSettings, module: str) -> PurePosixPath:
    """``<package>/views/<module>.py``."""
    return PurePosixPath(settings.package) / VIEWS / f"{module}.py"


def _render_chunk(indices: Sequence[int]) -> list[tuple[PurePosixPath, str]]:
    assert _STATE is not None, "worker not initialised"
    return render_views(*_STATE, indices)


def render_files(
    ir: IRModel,
    settings: PythonSettings,
    workers: int | None = None,
    cached: Mapping[IRViewId, str] | None = None,
) -> dict[PurePosixPath, str]:
    """Every generated file's text; the view modules not in ``cached`` (texts by view) are
    lowered, on ``workers`` processes when there are many."""
    if settings.single_file:
        return {path: render_module(module) for path, module in build_ast(ir, settings).items()}
    workers = default_workers() if workers is None else workers
    cached = cached or {}
    modules = view_modules(ir)
    todo = [i for i, cls in enumerate(ir.classes) if cls.view not in cached]
    texts = {view_file(settings, modules[view]): text for view, text in cached.items()}
    only = (*(file.module for file in FILES), "py.typed")
    if workers <= 1 or len(todo) < MIN_CLASSES:
        trees = build_ast(ir, settings, only=only)
        texts.update((path, render_module(module)) for path, module in trees.items())
        texts.update(render_views(ir, settings, todo))
        return texts
    size = -(-len(todo) // (workers * 2))
    tasks = [todo[start : start + size] for start in range(0, len(todo), size)]
    with process_pool(workers, _init, (ir, settings)) as pool:
        pending = pool.map(_render_chunk, tasks)
        # the files that are not views are built here while the pool works
        trees = build_ast(ir, settings, only=only)
        texts.update((path, render_module(module)) for path, module in trees.items())
        for chunk in pending:
            texts.update(chunk)
    return texts

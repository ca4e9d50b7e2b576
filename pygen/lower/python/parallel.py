"""Lowering and rendering large models on several processes.

Each view is a module of its own (:mod:`.views`); a process pool lowers and renders the view
modules in contiguous chunks (libcst is pure Python, so threads would not help) while this
process builds the index, the client and ``py.typed``. The result is byte-for-byte what
:func:`build_ast` renders in one process (a test checks it).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from pygen._workers import default_workers, process_pool
from pygen.ir import IRModel

from . import _cst
from .build import FILES, build_ast
from .context import Context, PythonSettings
from .guard import in_file
from .render import render_module
from .views import VIEWS, lower_view, view_modules

__all__ = ["MIN_CLASSES", "render_files", "render_views"]

MIN_CLASSES = 40
"""Below this many classes a pool costs more than it saves."""

_STATE: tuple[IRModel, PythonSettings] | None = None


def _init(ir: IRModel, settings: PythonSettings) -> None:
    global _STATE
    _STATE = (ir, settings)


def render_views(
    ir: IRModel, settings: PythonSettings, start: int, stop: int
) -> list[tuple[PurePosixPath, str]]:
    """The path and text of the modules of classes ``start:stop``."""
    ctx = Context(ir, settings)
    modules = view_modules(ir)
    package = PurePosixPath(settings.package) / VIEWS
    out = []
    for cls in ir.classes[start:stop]:
        path = package / f"{modules[cls.view]}.py"
        with in_file(path):
            out.append((path, render_module(lower_view(ctx, cls, modules))))
    _cst.clear_width_cache()
    return out


def _render_chunk(task: tuple[int, int]) -> list[tuple[PurePosixPath, str]]:
    assert _STATE is not None, "worker not initialised"
    return render_views(*_STATE, *task)


def render_files(
    ir: IRModel, settings: PythonSettings, workers: int | None = None
) -> dict[PurePosixPath, str]:
    """Every generated file's text; large models are lowered on ``workers`` processes."""
    workers = default_workers() if workers is None else workers
    if workers <= 1 or len(ir.classes) < MIN_CLASSES or settings.single_file:
        return {path: render_module(module) for path, module in build_ast(ir, settings).items()}
    size = -(-len(ir.classes) // (workers * 2))
    tasks = [(start, min(start + size, len(ir.classes))) for start in range(0, len(ir.classes), size)]
    with process_pool(workers, _init, (ir, settings)) as pool:
        pending = pool.map(_render_chunk, tasks)
        # the files that are not views are built here while the pool works
        only = (*(file.module for file in FILES), "py.typed")
        trees = build_ast(ir, settings, only=only)
        texts = {path: render_module(module) for path, module in trees.items()}
        for chunk in pending:
            texts.update(chunk)
    return texts

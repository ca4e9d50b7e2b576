"""Lowering and rendering large models a chunk at a time, on several processes.

``data_classes.py`` and ``api.py`` grow with the model; their classes are lowered and rendered
in contiguous chunks of at most :data:`CHUNK_CLASSES` classes — by a process pool (libcst is
pure Python, so threads would not help), or one after the other in this process with one
worker — and joined in order with black's two blank lines between top-level definitions. Each
chunk's trees are dropped once rendered, so no process holds more than one chunk's trees: the
peak memory does not grow with the model. The result is byte-for-byte what :func:`build_ast`
renders in one piece (a test checks it)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import PurePosixPath

import libcst as cst

from pygen._workers import default_workers, process_pool
from pygen.ir import IRClass, IRModel

from . import _cst
from .api import API_DOC, api_body
from .build import build_ast
from .context import Context, PythonSettings
from .data_classes import (
    DATA_CLASSES_DOC,
    _assemble,
    data_classes_body,
    data_classes_preamble,
    statement_blank,
)
from .guard import in_file
from .imports import ImportCollector
from .render import render_module

__all__ = ["CHUNK_CLASSES", "MIN_CLASSES", "render_files"]

MIN_CLASSES = 40
"""Below this many classes chunks cost more than they save."""

CHUNK_CLASSES = 100
"""At most this many classes per chunk (the trees one process holds at a time)."""

Body = Callable[[Context, Sequence[IRClass], ImportCollector], list[cst.BaseStatement]]
_BODIES: dict[str, Body] = {"api": api_body, "data_classes": data_classes_body}
_STATE: Context | None = None


def _init(ir: IRModel, settings: PythonSettings) -> None:
    global _STATE
    _STATE = Context(ir, settings)


def _render_chunk(
    task: tuple[str, int, int],
) -> tuple[str, list[tuple[str, list[str]]], bool]:
    """:func:`_lower_chunk` in a worker process."""
    assert _STATE is not None, "worker not initialised"
    return _lower_chunk(_STATE, task)


def _lower_chunk(
    ctx: Context, task: tuple[str, int, int]
) -> tuple[str, list[tuple[str, list[str]]], bool]:
    """Lower and render classes ``start:stop`` of one file kind; return the text, the imports,
    and whether it opens with a class or function (two blank lines after the imports, else
    one). ``ctx`` is shared by the chunks (it caches model-wide lookups)."""
    kind, start, stop = task
    imports = ImportCollector()
    with in_file(PurePosixPath(ctx.settings.package) / f"{kind}.py"):
        body = _BODIES[kind](ctx, ctx.ir.classes[start:stop], imports)
    statements: list[cst.SimpleStatementLine | cst.BaseCompoundStatement] = []
    previous_compound = False
    for statement in body:
        assert isinstance(statement, cst.SimpleStatementLine | cst.BaseCompoundStatement)
        compound = isinstance(statement, cst.ClassDef | cst.FunctionDef)
        # the blank lines ``_assemble`` gives (the joins between chunks give the first two)
        blank = 2 if compound or previous_compound else statement_blank(statement)
        statements.append(
            statement.with_changes(leading_lines=_cst.blank_lines(blank if statements else 0))
        )
        previous_compound = compound
    text = render_module(_cst.module(statements))
    opens_compound = bool(body) and isinstance(body[0], cst.ClassDef | cst.FunctionDef)
    del body, statements
    _cst.clear_caches()  # this chunk's nodes are not needed again
    return text, [(module, sorted(names)) for module, names in imports.names()], opens_compound


def render_files(
    ir: IRModel, settings: PythonSettings, workers: int | None = None
) -> dict[PurePosixPath, str]:
    """Every generated file's text; from :data:`MIN_CLASSES` classes on, lowered a chunk at a
    time on ``workers`` processes (in this one with one worker)."""
    workers = default_workers() if workers is None else workers
    if len(ir.classes) < MIN_CLASSES:
        return {path: render_module(module) for path, module in build_ast(ir, settings).items()}
    package = PurePosixPath(settings.package)
    count = len(ir.classes)
    size = min(CHUNK_CLASSES, -(-count // (workers * 2)))
    tasks = [
        (kind, start, min(start + size, count))
        for kind in ("api", "data_classes")
        for start in range(0, count, size)
    ]
    ctx = Context(ir, settings)
    with contextlib.ExitStack() as stack:
        pending: Iterator[tuple[str, list[tuple[str, list[str]]], bool]]
        if workers > 1:
            pool = stack.enter_context(process_pool(workers, _init, (ir, settings)))
            pending = pool.map(_render_chunk, tasks)
        else:  # lazily: each chunk's trees are gone before the next is built
            pending = (_lower_chunk(ctx, task) for task in tasks)
        # the small files and the module constants are built here while the pool works
        trees = build_ast(ir, settings, only=("__init__", "client", "py.typed"))
        texts = {path: render_module(module) for path, module in trees.items()}
        del trees
        heads: dict[str, tuple[ImportCollector, list[cst.BaseStatement]]] = {}
        for kind in ("api", "data_classes"):
            imports = ImportCollector()
            with in_file(package / f"{kind}.py"):
                preamble = data_classes_preamble(ctx, imports) if kind == "data_classes" else []
            heads[kind] = (imports, preamble)
        results = list(pending)
    for kind, doc in (("api", API_DOC), ("data_classes", DATA_CLASSES_DOC)):
        imports, preamble = heads[kind]
        done = [result for task, result in zip(tasks, results, strict=True) if task[0] == kind]
        chunks = [text for text, _, _ in done]
        for _, names, _ in done:
            for module, items in names:
                imports.add(module, *items)
        with in_file(package / f"{kind}.py"):
            head = render_module(_assemble(ctx, doc, imports, preamble))
        after_head = "\n\n" if not done or done[0][2] else "\n"
        texts[package / f"{kind}.py"] = head + after_head + "\n\n".join(chunks)
    _cst.clear_caches()  # the nodes of the small files and the heads
    return texts

"""``build_ast``: the IR of a model lowered to one libcst module per generated file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

import libcst as cst

from pygen.ir import IRModel

from . import _cst
from .client import lower_client
from .context import Context, PythonSettings
from .guard import in_file
from .package import lower_package, lower_views_package
from .views import VIEWS, lower_view, view_modules

__all__ = ["PythonFile", "build_ast", "render"]


@dataclass(frozen=True, slots=True)
class PythonFile:
    """One generated file kind: its module name and the lowering that builds it."""

    module: str
    lower: Callable[[Context], cst.Module]


FILES = (
    PythonFile("__init__", lower_package),
    PythonFile("client", lower_client),
    PythonFile(f"{VIEWS}/__init__", lower_views_package),
)
"""The files every package has; each view adds ``views/<module>.py`` (:mod:`.views`)."""


def build_ast(
    ir: IRModel, settings: PythonSettings, only: tuple[str, ...] | None = None
) -> dict[PurePosixPath, cst.Module]:
    """Lower ``ir`` to libcst modules, keyed by path relative to the output folder
    (``example_model/data_classes.py`` ...). The trees can be transformed before rendering.
    ``only`` restricts the result to some modules (``"client"``, ``"py.typed"``,
    ``"views/equipment"`` ...).

    Raises:
        EmitError: model text that cannot be written safely (see :mod:`.guard`), naming the
            file; nothing is written then."""
    ctx = Context(ir, settings)
    if settings.single_file:
        from .package import lower_single_file

        path = PurePosixPath(f"{settings.package}.py")
        with in_file(path):
            single = {path: lower_single_file(ctx)}
        _cst.clear_width_cache()
        return single
    package = PurePosixPath(settings.package)
    modules = {}
    for file in FILES:
        if only is None or file.module in only:
            path = package / f"{file.module}.py"
            with in_file(path):  # a token the guard refuses names its file
                modules[path] = file.lower(ctx)
    names = view_modules(ctx.ir)
    for cls in ctx.ir.classes:
        if only is None or f"{VIEWS}/{names[cls.view]}" in only:
            path = package / VIEWS / f"{names[cls.view]}.py"
            with in_file(path):
                modules[path] = lower_view(ctx, cls, names)
    if only is None or "py.typed" in only:
        modules[package / "py.typed"] = _cst.module([])
    _cst.clear_width_cache()
    return modules


def render(module: cst.Module) -> str:
    """The source text of a module (libcst's ``.code``, rendered faster)."""
    from .render import render_module

    return render_module(module)

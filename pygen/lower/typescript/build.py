"""``build_ast``: the IR lowered to one ts_emitter source file per generated file kind;
``render_files``: those trees printed, with the provenance header, plus the files beside them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import PurePosixPath

from pygen._text import escape_unprintable
from pygen.ir import IRClass, IRModel
from ts_emitter import nodes as n
from ts_emitter import print_file

from .api import lower_api, lower_view_api
from .client import lower_client
from .context import Context, TypeScriptSettings, nested
from .data_classes import lower_data_classes, lower_view_data
from .index import lower_index
from .package import package_json, readme, runtime_files, tsconfig_json

__all__ = [
    "FILES",
    "INDEX_FILES",
    "build_ast",
    "header_text",
    "is_view_module",
    "render_files",
    "shared_files",
    "side_files",
    "view_files",
    "view_header_text",
    "view_paths",
]

Lowering = Callable[[Context], n.SourceFile]

FILES: tuple[tuple[str, Lowering], ...] = (
    ("src/dataClasses.ts", lower_data_classes),
    ("src/api.ts", lower_api),
    ("src/client.ts", lower_client),
    ("src/index.ts", lower_index),
)
"""The generated source files of the one-file layout, relative to the package folder, and
their lowerings."""

INDEX_FILES: tuple[tuple[str, Lowering], ...] = FILES[2:]
"""The per-view layout's files that are not per view: the index (``client.ts``, ``index.ts``),
the only generated files that grow with the number of views."""


def shared_files(ctx: Context) -> tuple[tuple[str, Lowering], ...]:
    """The generated source files that are not per view, and their lowerings."""
    return INDEX_FILES if ctx.split else FILES


def build_ast(ir: IRModel, settings: TypeScriptSettings) -> dict[PurePosixPath, n.SourceFile]:
    """The source files of the SDK as ts_emitter trees, keyed by path relative to the package
    folder (``src/api.ts`` ...); from ``settings.split_views`` views on ``src/client.ts``,
    ``src/index.ts``, and ``src/dataClasses/<view>.ts`` and ``src/api/<view>.ts`` per view."""
    ctx = Context(ir, settings)
    trees = {PurePosixPath(path): lower(ctx) for path, lower in shared_files(ctx)}
    if ctx.split:
        trees.update(view_files(ctx, ir.classes))
    return trees


def view_files(
    ctx: Context, classes: Sequence[IRClass]
) -> Iterator[tuple[PurePosixPath, n.SourceFile]]:
    """The per-view modules of ``classes`` (``src/dataClasses/<view>.ts``, ``src/api/<view>.ts``),
    one at a time: a caller printing each as it comes holds one view's trees at once."""
    for cls in classes:
        data_path, api_path = view_paths(ctx, cls)
        with nested():
            data = lower_view_data(ctx, cls)
        yield data_path, data
        with nested():
            api = lower_view_api(ctx, cls)
        yield api_path, api


def view_paths(ctx: Context, cls: IRClass) -> tuple[PurePosixPath, PurePosixPath]:
    """The per-view modules of ``cls``: ``src/dataClasses/<module>.ts``, ``src/api/<module>.ts``."""
    module = ctx.modules[cls.view]
    return PurePosixPath(f"src/dataClasses/{module}.ts"), PurePosixPath(f"src/api/{module}.ts")


def header_text(ctx: Context) -> str:
    """The provenance lines every generated source file starts with, as ``//`` comments."""
    return "".join(f"// {escape_unprintable(line)}\n" for line in ctx.header())


def view_header_text(ctx: Context) -> str:
    """The provenance line a per-view module starts with: the first of :func:`header_text`,
    without the model's source hash (it changes with any view; a view's module changes only
    with what it is made of, so a run after a change to one view rewrites few files)."""
    return "".join(f"// {escape_unprintable(line)}\n" for line in ctx.header()[:1])


def is_view_module(path: PurePosixPath) -> bool:
    """Whether ``path`` is a per-view module (``src/dataClasses/<view>.ts``,
    ``src/api/<view>.ts``)."""
    return path.parent.as_posix() in VIEW_FOLDERS


VIEW_FOLDERS = frozenset({"src/dataClasses", "src/api"})
"""The folders of the per-view modules."""


def side_files(ctx: Context) -> dict[PurePosixPath, str]:
    """The files beside the sources: ``package.json``, ``tsconfig.json``, ``README.md`` and
    ``src/runtime/``."""
    files = {
        PurePosixPath("package.json"): package_json(ctx),
        PurePosixPath("tsconfig.json"): tsconfig_json(),
        PurePosixPath("README.md"): readme(ctx),
    }
    files.update(runtime_files())
    return files


def render_files(
    trees: Mapping[PurePosixPath, object], ir: IRModel, settings: TypeScriptSettings
) -> dict[PurePosixPath, str]:
    """Every file of the package, relative to its folder: the printed trees (each starting with
    the provenance lines; a per-view module with the first only), ``package.json``, ``tsconfig.json``, ``README.md`` and
    ``src/runtime/``."""
    ctx = Context(ir, settings)
    header, view_header = header_text(ctx), view_header_text(ctx)
    files: dict[PurePosixPath, str] = {}
    for path, tree in trees.items():
        if not isinstance(tree, n.SourceFile):
            raise TypeError(f"{path}: expected a ts_emitter SourceFile, got {type(tree).__name__}")
        files[path] = (view_header if is_view_module(path) else header) + print_file(tree)
    files.update(side_files(ctx))
    return files

"""The TypeScript target: an npm package per model (``<output>/<npm name>/``: ``package.json``,
``tsconfig.json``, ``README.md``, ``src/*.ts`` and ``src/runtime/``).

``TARGET`` is what the registry (``pygen.targets.get_target("typescript")``) hands out. The
names come from the TypeScript convention of the name plan (``pygen.naming.TYPESCRIPT``);
``GeneratorConfig.package_name`` / ``client_name`` are the Python target's and are not used
here: the npm package name is the model's externalId in kebab case (``example-model``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from pygen.emit import FileSet
from pygen.ir import IRModel
from pygen.lower.typescript import build_ast as lower
from pygen.lower.typescript import render_files
from pygen.lower.typescript.context import TypeScriptSettings
from pygen.lower.typescript.naming import model_name
from pygen.naming import TYPESCRIPT, NamingConvention
from pygen_runtime._gc import gc_paused

if TYPE_CHECKING:
    from pygen.config import GeneratorConfig

__all__ = ["TARGET", "TypeScriptTarget"]


class TypeScriptTarget:
    """IR -> ts_emitter source files -> printed text, plus the package files and runtime."""

    name: str = "typescript"
    convention: NamingConvention = TYPESCRIPT

    def settings(self, ir: IRModel, config: GeneratorConfig) -> TypeScriptSettings:
        """The lowering's settings from the generator config."""
        from pygen import __version__

        return TypeScriptSettings(pygen_version=__version__, docs=config.docstrings)

    def folder(self, ir: IRModel) -> PurePosixPath:
        """The package folder below the output folder: the npm package name."""
        return PurePosixPath(model_name(ir, "distribution"))

    def build_ast(self, ir: IRModel, config: GeneratorConfig) -> Mapping[PurePosixPath, object]:
        """The ts_emitter ``SourceFile`` of each generated source, keyed by path relative to
        the output folder (``example-model/src/api.ts``)."""
        folder = self.folder(ir)
        return {folder / path: tree for path, tree in lower(ir, self.settings(ir, config)).items()}

    def render(
        self, trees: Mapping[PurePosixPath, object], ir: IRModel, config: GeneratorConfig
    ) -> FileSet:
        """Every file of the package: the printed trees (with the provenance header) and
        ``package.json``, ``tsconfig.json``, ``README.md``, ``src/runtime/``."""
        folder = self.folder(ir)
        relative = {path.relative_to(folder): tree for path, tree in trees.items()}
        files = render_files(relative, ir, self.settings(ir, config))
        return FileSet.of({folder / path: text for path, text in files.items()})

    def generate_files(
        self, ir: IRModel, config: GeneratorConfig, timings: dict[str, float]
    ) -> FileSet:
        """Every file of the package, with the cyclic GC paused: the trees are many small
        long-lived objects, and collections walking them again and again made printing 1,000
        views take ten minutes instead of 25 s.

        In the per-view layout each view's trees are printed as they are built, on
        ``config.workers`` processes for large models (one timing step, ``build_ast+render``);
        otherwise ``build_ast`` then ``render`` (``lower``, ``render``). In the per-view layout
        the views' modules are taken from the generation cache when their key matches
        (``pygen.lower.typescript.cache_keys``; kind ``typescript-views``), in the one-file
        layout the four sources when the model is the same (``typescript-model``; one step,
        ``build_ast+render``). The output is the same either way."""
        from pygen._workers import default_workers
        from pygen.emit.cache import text_cache
        from pygen.lower.typescript.one_file_cache import CACHE_KIND as MODEL_KIND
        from pygen.lower.typescript.one_file_cache import render_one_file
        from pygen.lower.typescript.parallel import CACHE_KIND as VIEWS_KIND
        from pygen.lower.typescript.parallel import render_parallel

        workers = config.workers or default_workers()
        folder = self.folder(ir)
        with gc_paused():
            start = time.perf_counter()
            settings = self.settings(ir, config)
            texts = render_parallel(ir, settings, workers, text_cache(VIEWS_KIND))
            cache = text_cache(MODEL_KIND) if texts is None else None
            if cache is not None:
                texts = render_one_file(ir, settings, cache)
            if texts is not None:
                files = FileSet.of({folder / path: text for path, text in texts.items()})
                timings["build_ast+render"] = time.perf_counter() - start
                return files
            trees = self.build_ast(ir, config)
            middle = time.perf_counter()
            files = self.render(trees, ir, config)
        timings["lower"] = timings.get("lower", 0.0) + middle - start
        timings["render"] = timings.get("render", 0.0) + time.perf_counter() - middle
        return files


TARGET = TypeScriptTarget()
"""The TypeScript target."""

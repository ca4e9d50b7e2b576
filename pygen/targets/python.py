"""The Python target: IR -> libcst modules (``pygen/lower/python``) -> text, and black.

Settings come from :class:`~pygen.config.GeneratorConfig` (``package_name``, ``client_name``,
``line_length``, ``docstrings``, ``layout``, ``format``, ``workers``). The SDK ships no runtime
copy: it imports the runtime distribution (``pygen_runtime``); in the package layout a
``pyproject.toml`` beside the package makes the output folder an installable project.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from pygen.emit import FileSet
from pygen.naming import PYTHON, NamingConvention

if TYPE_CHECKING:
    import libcst

    from pygen.config import GeneratorConfig
    from pygen.ir import IRModel
    from pygen.lower.python.cache_keys import Keys
    from pygen.lower.python.context import PythonSettings

__all__ = ["TARGET", "PythonTarget"]


class PythonTarget:
    """Python SDKs: a package (or one module) of pydantic classes on the Python runtime."""

    name = "python"
    convention: NamingConvention = PYTHON

    def naming(self, config: GeneratorConfig) -> NamingConvention:
        """The convention with the naming formats of ``config`` (``generation.naming``)."""
        return config.python_convention()

    def settings(self, ir: IRModel, config: GeneratorConfig) -> PythonSettings:
        """The lowering's settings for ``ir``: the configured names, or the name plan's.

        Raises:
            ConfigError: ``client_name`` is already another module-level name of the package.
        """
        from pygen import __version__
        from pygen.lower.python.context import PythonSettings
        from pygen.lower.python.naming import client_name, module_level_names, package_name
        from pygen.lower.python.project import runtime_versions
        from pygen_runtime import __version__ as runtime_version
        from pygen_runtime.errors import ConfigError

        if config.client_name is not None:
            owner = module_level_names(ir).get(config.client_name)
            if owner is not None and config.client_name != client_name(ir):
                raise ConfigError(
                    f"client_name {config.client_name!r} is already {owner} in the generated "
                    "package; choose another name (--client-name)"
                )
        return PythonSettings(
            package=config.package_name or package_name(ir),
            client_name=config.client_name or client_name(ir),
            line_length=config.line_length,
            docstrings=config.docstrings,
            pygen_version=__version__,
            single_file=config.layout == "single-file",
            examples=config.examples,
            runtime_versions=runtime_versions(runtime_version),
        )

    def build_ast(self, ir: IRModel, config: GeneratorConfig) -> dict[PurePosixPath, libcst.Module]:
        """One libcst module per generated file (``example_model/api.py`` ...).

        Raises:
            EmitError: model text that could not be written safely (the compile guard,
                ``pygen.lower.python.guard``); the message names the file.
        """
        from pygen.lower.python import build_ast

        return build_ast(ir, self.settings(ir, config))

    def render(
        self, trees: Mapping[PurePosixPath, object], ir: IRModel, config: GeneratorConfig
    ) -> FileSet:
        """The modules' text (black run after with ``config.format == "black"``).

        Raises:
            EmitError: black refused the code (never written unformatted).
            TypeError: a tree is not a libcst module.
        """
        import libcst

        from pygen.lower.python.render import render_module

        texts = {}
        for path, module in trees.items():
            if not isinstance(module, libcst.Module):
                raise TypeError(f"{path}: the Python target renders libcst modules, got {module!r}")
            texts[path] = render_module(module)
        return FileSet.of(self._formatted(texts, config) | self.project_files(ir, config))

    def generate_files(
        self, ir: IRModel, config: GeneratorConfig, timings: dict[str, float]
    ) -> FileSet:
        """Lower and render; large models a view module at a time, on several processes (or in
        this one with one worker), so the trees of the whole model are never held at once. View
        modules, the package index and the client are taken from the generation cache when
        their key matches (``pygen.emit.cache``, ``pygen.lower.python.cache_keys``; ``cache``
        in ``timings``). The output is the same either way."""
        from pygen._workers import default_workers
        from pygen.emit.cache import text_cache
        from pygen.lower.python.parallel import MIN_CLASSES, render_files

        workers = config.workers or default_workers()
        cache = None if config.layout == "single-file" else text_cache("python-views")
        if cache is None and (len(ir.classes) < MIN_CLASSES or config.layout == "single-file"):
            mark = time.perf_counter()
            trees = self.build_ast(ir, config)
            timings["build_ast"] = time.perf_counter() - mark
            mark = time.perf_counter()
            files = self.render(trees, ir, config)
            timings["render"] = time.perf_counter() - mark
            return files
        from pygen.lower.python.context import Context

        settings = self.settings(ir, config)
        ctx = Context(ir, settings)
        cached: dict[PurePosixPath, str] = {}
        digests: dict[PurePosixPath, str] = {}  # of the cached texts stored whole
        keys: Keys | None = None
        if cache is not None:
            from pygen.emit.ir_bytes import forget
            from pygen.emit.manifest import DIGEST_PREFIX
            from pygen.lower.python.cache_keys import module_keys

            mark = time.perf_counter()
            keys = module_keys(ctx)
            forget()  # the model entry's class digests (pygen.emit.ir_bytes) are used
            for path, key in keys.files.items():
                checked = cache.get_checked(key)
                if checked is not None:
                    cached[path] = keys.restored(path, checked[0])
                    if cached[path] is checked[0]:
                        digests[path] = DIGEST_PREFIX + checked[1]
            timings["cache"] = time.perf_counter() - mark
        mark = time.perf_counter()
        texts = render_files(ir, settings, workers, cached, ctx)
        timings["build_ast+render"] = time.perf_counter() - mark
        if cache is not None and keys is not None:
            for path, key in keys.files.items():
                stored = None if path in cached else keys.stored(path, texts[path])
                if stored is not None:
                    cache.put(key, stored)
        if config.format == "black":
            digests = {}  # the texts change
        return FileSet.of(self._formatted(texts, config) | self.project_files(ir, config), digests)

    def project_files(self, ir: IRModel, config: GeneratorConfig) -> dict[PurePosixPath, str]:
        """``pyproject.toml`` beside the package (package layout only; see
        ``pygen.lower.python.project``)."""
        if config.layout == "single-file":
            return {}
        from pygen.lower.python.context import Context
        from pygen.lower.python.project import PYPROJECT, pyproject_text

        settings = self.settings(ir, config)
        models = ", ".join(f"{m.space}:{m.external_id} (version {m.version})" for m in ir.models)
        text = pyproject_text(
            header=Context(ir, settings).header()[:1],  # no model hash: it changes with any view
            package=settings.package,
            model_version=ir.model.version,
            description=f"Python SDK for the CDF data model {models}",
            runtime=settings.runtime_versions,
        )
        return {PurePosixPath(PYPROJECT): text}

    @staticmethod
    def _formatted(
        texts: dict[PurePosixPath, str], config: GeneratorConfig
    ) -> dict[PurePosixPath, str]:
        """The black pass (opt-in: the lowering lays code out as black keeps it)."""
        if config.format != "black":
            return texts
        from pygen.emit.black import format_files

        return format_files(texts, config.line_length)


TARGET = PythonTarget()
"""The Python target the registry loads."""

"""The one entry point the CLI and the service call: load, validate, generate.

Each step is a plain function on immutable data::

    model = load_model("model.yaml")                  # DMS models (pydantic)
    ir, validation = build_ir(model)                  # validation + language-neutral IR
    trees = build_ast(ir, config)                     # libcst modules, by path
    files = render(trees, config)                     # FileSet: path -> text
    files.write(output_dir)

:func:`generate` runs them all and reports what it did.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from pygen import __version__
from pygen._gc import gc_paused
from pygen.client.models import DataModel
from pygen.config import GeneratorConfig
from pygen.emit import FileSet, WritePlan
from pygen.errors import ConfigError, GenerationError, ValidationError

if TYPE_CHECKING:
    import libcst

    from pygen.client import PygenClient
    from pygen.client.models import DataModelId
    from pygen.ir import IRModel
    from pygen.lower.python.context import PythonSettings
    from pygen.naming import NamingConvention
    from pygen.validation import ValidationIssue, ValidationResult
    from pygen.validation.selection import ViewSelection

__all__ = [
    "GenerationResult",
    "build_ast",
    "conventions",
    "generate",
    "load_model",
    "render",
]

Progress = Callable[[str], None]


@dataclass
class GenerationResult:
    """What :func:`generate` did.

    Attributes:
        files: The generated files in the output folder (empty with ``check=True`` or no output
            folder), whether rewritten or already up to date.
        file_set: Every generated file's text, by relative path.
        plan: What writing did (or, with ``check=True``, would do): each path created,
            updated, removed, kept or refused (None without an output folder).
        changed: With ``check=True``: the files that would be created, updated, removed or
            refused.
        removed: Files of an earlier run that are no longer generated and were removed.
        lines: Lines generated.
        classes: View classes generated.
        duration: Seconds for the whole run.
        timings: Seconds per step (load, validate+ir, build_ast, render, format, write).
        warnings: Validation issues that did not stop generation (warnings and infos).
        validation: The full validation result.
    """

    file_set: FileSet
    validation: ValidationResult
    files: list[Path] = field(default_factory=list)
    plan: WritePlan | None = None
    changed: list[PurePosixPath] = field(default_factory=list)
    removed: list[PurePosixPath] = field(default_factory=list)
    lines: int = 0
    classes: int = 0
    duration: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def warnings(self) -> list[ValidationIssue]:
        """Validation issues that are not errors."""
        return [issue for issue in self.validation.issues if issue.severity != "error"]


def load_model(
    source: str | Path | DataModel,
    *,
    client: PygenClient | None = None,
    model_id: DataModelId | None = None,
) -> DataModel:
    """A data model from a file, as given, or from CDF (``client`` and ``model_id``)."""
    if isinstance(source, DataModel):
        return source
    if client is not None and model_id is not None:
        return client.data_models.retrieve(model_id, inline_views=True)
    from pygen.model_file import load_data_model

    return load_data_model(source)


def conventions(config: GeneratorConfig) -> tuple[NamingConvention, ...]:
    """The naming conventions of a run: Python's from ``config`` (``generation.naming``), and
    the other languages' defaults. ``pygen validate`` uses the same, so it reports the names
    ``generate`` gives."""
    from pygen.naming import DEFAULT_CONVENTIONS

    python = config.python_convention()
    return tuple(python if c.language == "python" else c for c in DEFAULT_CONVENTIONS)


def _sources(source: Source | Sequence[Source]) -> list[Source]:
    if isinstance(source, str | Path | DataModel):
        return [source]
    return list(source)


def _merged(models: list[DataModel], config: GeneratorConfig) -> DataModel:
    """One model; several are merged (a package name is then required)."""
    if not models:
        raise ConfigError("no data model to generate from")
    if len({model.as_id() for model in models}) > 1 and config.package_name is None:
        ids = ", ".join(str(model.as_id()) for model in models)
        raise ConfigError(
            f"several data models go into one SDK ({ids}): give its package name "
            "(--package, or package_name in the settings)"
        )
    from pygen.models_merge import merge_models

    return merge_models(models)


def _selection(config: GeneratorConfig) -> ViewSelection | None:
    from pygen.validation.selection import ViewSelection

    if not config.include_views and not config.exclude_views:
        return None
    return ViewSelection.of(config.include_views, config.exclude_views)


def _settings(ir: IRModel, config: GeneratorConfig) -> PythonSettings:
    from pygen.lower.python.context import PythonSettings
    from pygen.lower.python.naming import client_name, module_level_names, package_name

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
    )


def build_ast(
    ir: IRModel, config: GeneratorConfig | None = None
) -> dict[PurePosixPath, libcst.Module]:
    """Lower the IR to libcst modules, keyed by relative path. Public, for custom codegen:
    transform the trees, then :func:`render` them.

    Raises:
        EmitError: model text that could not be written safely (the compile guard,
            ``pygen.lower.python.guard``); the message names the file.
    """
    from pygen.lower.python import build_ast as lower

    return lower(ir, _settings(ir, config or GeneratorConfig()))


def render(
    trees: dict[PurePosixPath, libcst.Module], config: GeneratorConfig | None = None
) -> FileSet:
    """Render trees to text (and run black when ``config.format == "black"``).

    Raises:
        EmitError: black refused the code (never written unformatted).
    """
    from pygen.lower.python.render import render_module

    config = config or GeneratorConfig()
    texts = {path: render_module(module) for path, module in trees.items()}
    if config.format == "black":
        from pygen.emit.black import format_files

        texts = format_files(texts, config.line_length)
    return FileSet.of(texts)


def _build_and_render(
    ir: IRModel, config: GeneratorConfig, timings: dict[str, float], step: Callable[[str], float]
) -> FileSet:
    """Lower and render, on several processes for large models (one step in the timings)."""
    from pygen.lower.python.parallel import MIN_CLASSES, default_workers, render_files

    workers = config.workers or default_workers()
    if workers == 1 or len(ir.classes) < MIN_CLASSES or config.layout == "single-file":
        mark = step("build_ast")
        trees = build_ast(ir, config)
        timings["build_ast"] = time.perf_counter() - mark
        mark = step("render")
        file_set = render(trees, config)
        timings["render"] = time.perf_counter() - mark
        return file_set
    mark = step("build_ast+render")
    texts = render_files(ir, _settings(ir, config), workers)
    if config.format == "black":
        from pygen.emit.black import format_files

        texts = format_files(texts, config.line_length)
    timings["build_ast+render"] = time.perf_counter() - mark
    return FileSet.of(texts)


Source = str | Path | DataModel


def generate(
    source: Source | Sequence[Source],
    output_dir: str | Path | None = None,
    config: GeneratorConfig | None = None,
    *,
    check: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    notify: Progress | None = None,
) -> GenerationResult:
    """Load, validate, build the IR, lower, render and write an SDK.

    Args:
        source: A model file or a loaded ``DataModel``, or a list of them: several models
            into one SDK (views they share generated once; ``config.package_name`` required).
        output_dir: Where to write; ``None`` only builds the files.
        config: Generator settings.
        check: Plan the write into ``output_dir`` without writing; see ``plan`` and
            ``changed``.
        force: Overwrite generated files that were changed since pygen wrote them, and files
            pygen did not write where it writes (nothing pygen did not write is removed).
        progress: Called with the name of each step as it starts.
        notify: Called with a message for the user (waiting for another run's lock).

    Raises:
        ParseError: the model file cannot be read.
        ValidationError: the model has errors (or warnings, with ``strict``); the message lists
            them with locations and suggestions.
        EmitError: the write was refused (files pygen did not write, or changed since, in the
            way; a symlink below ``output_dir``) or failed; the message names the files and
            the fix. With ``check=True`` refusals are in ``plan`` instead. Also when the
            compile guard refused a token made from model text (the message names the file);
            the guard runs before anything is written.
    """
    from pygen.ir import build_ir

    config = config or GeneratorConfig()
    report = progress or (lambda step: None)
    timings: dict[str, float] = {}
    start = time.perf_counter()

    def step(name: str) -> float:
        report(name)
        return time.perf_counter()

    # each step runs with the cyclic GC paused: collections over the model, the IR and the trees
    # cost half of loading a large model, a third of validate+IR and most of build_ast
    mark = step("load")
    with gc_paused():
        models = [load_model(one) for one in _sources(source)]
        model = _merged(models, config)
    timings["load"] = time.perf_counter() - mark

    mark = step("validate")
    with gc_paused():
        ir, validation = build_ir(
            model,
            strict=config.strict,
            conventions=conventions(config),
            selection=_selection(config),
        )
        if len(models) > 1:
            from pygen.models_merge import with_models

            ir = with_models(ir, models)
    timings["validate+ir"] = time.perf_counter() - mark
    if not validation.is_valid:
        raise ValidationError(
            "the model has errors; nothing was generated\n"
            + validation.format_summary(show_info=False),
            errors=[*validation.errors, *(validation.warnings if validation.strict else ())],
        )
    if not ir.classes:
        picked = " after include_views/exclude_views" if _selection(config) else ""
        raise GenerationError(f"{ir.model} has no views to generate{picked}")

    with gc_paused():
        file_set = _build_and_render(ir, config, timings, step)

    result = GenerationResult(file_set=file_set, validation=validation, classes=len(ir.classes))
    if output_dir is not None:
        folder = Path(output_dir)
        mark = step("write")
        if check:
            result.plan = file_set.plan(folder, force=force)
            result.changed = [s.path for s in result.plan.steps if s.action != "keep"]
        else:
            result.plan = file_set.write(folder, force=force, notify=notify)
            result.files = [folder / path for path in file_set]
            result.removed = result.plan.paths("remove")
        timings["write"] = time.perf_counter() - mark
    result.lines = file_set.line_count
    result.timings = timings
    result.duration = time.perf_counter() - start
    return result

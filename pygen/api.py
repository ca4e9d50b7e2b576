"""The one entry point the CLI and the service call: load, validate, generate.

Each step is a plain function on immutable data::

    model = load_model("model.yaml")                  # DMS models (pydantic)
    ir, validation = build_ir(model, config)          # validation + language-neutral IR
    trees = build_ast(ir, config)                     # the target's syntax trees, by path
    files = render(trees, config)                     # FileSet: path -> text
    files.write(output_dir)

:func:`generate` runs them all and reports what it did. Every language-specific step goes
through the target registry (:mod:`pygen.targets`): this module names no language.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from pygen.config import GeneratorConfig
from pygen.emit import FileSet, WritePlan
from pygen.targets import (
    ALL,
    SyntaxTrees,
    Target,
    conventions_of,
    get_target,
    resolve_languages,
)
from pygen_runtime._gc import gc_paused
from pygen_runtime.client.models import DataModel
from pygen_runtime.errors import ConfigError, EmitError, GenerationError, ValidationError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pygen.ir import IRModel
    from pygen.naming import NamingConvention
    from pygen.validation import ValidationIssue, ValidationResult
    from pygen.validation.selection import ViewSelection
    from pygen_runtime.client import PygenClient
    from pygen_runtime.client.models import DataModelId

__all__ = [
    "GenerationResult",
    "TargetResult",
    "build_ast",
    "build_ir",
    "conventions",
    "generate",
    "load_model",
    "render",
    "validate",
]

Progress = Callable[[str], None]


@dataclass
class TargetResult:
    """What :func:`generate` did for one target language.

    Attributes:
        language: The target's name.
        folder: Where its files go, relative to the output folder: ``.`` for one language,
            ``<language>`` for several.
        file_set: Every file of the target's SDK, by path relative to ``folder``.
        plan: What writing did (or, with ``check=True``, would do) in ``folder`` (None without
            an output folder).
        files: The files written (or already up to date) in the output folder.
        changed: With ``check=True``: the paths (relative to the output folder) that would be
            created, updated, removed or refused.
        removed: Paths (relative to the output folder) of an earlier run no longer generated,
            removed.
        skipped: Paths (relative to the output folder) where a project file of the user's
            (``pyproject.toml``) was kept instead of the generated one.
        timings: Seconds per step of this target (build_ast, render, write ...).
    """

    language: str
    folder: PurePosixPath
    file_set: FileSet
    plan: WritePlan | None = None
    files: list[Path] = field(default_factory=list)
    changed: list[PurePosixPath] = field(default_factory=list)
    removed: list[PurePosixPath] = field(default_factory=list)
    skipped: list[PurePosixPath] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def lines(self) -> int:
        """Lines generated for this target."""
        return self.file_set.line_count


@dataclass
class GenerationResult:
    """What :func:`generate` did.

    Attributes:
        files: The generated files in the output folder (empty with ``check=True`` or no output
            folder), whether rewritten or already up to date.
        file_set: Every generated file's text, by path relative to the output folder (with
            several languages, under ``<language>/``).
        plan: What writing did (or, with ``check=True``, would do) for a single target language:
            each path created, updated, removed, kept or refused (None without an output
            folder, and with several languages: see ``targets``).
        changed: With ``check=True``: the files that would be created, updated, removed or
            refused (relative to the output folder).
        removed: Files of an earlier run that are no longer generated and were removed.
        skipped: Where a project file of the user's was kept instead of the generated one
            (written or not: also with ``check=True``).
        lines: Lines generated.
        classes: View classes generated.
        duration: Seconds for the whole run.
        timings: Seconds per step: load, validate+ir, then each target's steps (build_ast,
            render, write ...); with several languages those are prefixed ``<language>/``.
        targets: Per target language, in registry order: its files, plan and timings.
        warnings: Validation issues that did not stop generation (warnings and infos).
        validation: The full validation result, without its ``filtered_model`` (the DMS
            models are dropped once the IR is built, to save memory; :func:`validate` gives
            it).
    """

    file_set: FileSet
    validation: ValidationResult
    files: list[Path] = field(default_factory=list)
    plan: WritePlan | None = None
    changed: list[PurePosixPath] = field(default_factory=list)
    removed: list[PurePosixPath] = field(default_factory=list)
    skipped: list[PurePosixPath] = field(default_factory=list)
    lines: int = 0
    classes: int = 0
    duration: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    targets: dict[str, TargetResult] = field(default_factory=dict)

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


def validate(
    source: str | Path | DataModel | Mapping[str, Any],
    *,
    language: str | Iterable[str] = ALL,
    strict: bool = False,
    config: GeneratorConfig | None = None,
) -> ValidationResult:
    """Validate a model, checking the names of the target languages ``language`` names
    (default: every installed target). Never raises on a bad model: the issues are in the
    result.

    Args:
        source: A model file (read leniently: views and properties that cannot be read become
            issues), a ``DataModel``, or parsed JSON/YAML of one.
        language: A target name, several, or ``"all"`` (see :attr:`GeneratorConfig.language`).
        strict: Warnings make the result invalid too.
        config: Settings whose naming formats the names follow (``generation.naming``).

    Raises:
        ParseError: the file cannot be read, or holds no mapping.
        ConfigError: an unknown or unavailable language.
    """
    from pygen.validation import DataModelValidator

    conventions = conventions_of(resolve_languages(language), config)
    document: DataModel | Mapping[str, Any]
    if isinstance(source, str | Path):
        from pygen.model_file import read_model_document

        document = read_model_document(source)
    else:
        document = source
    return DataModelValidator(conventions=conventions).validate(document, strict=strict)


def build_ir(
    source: str | Path | DataModel, config: GeneratorConfig | None = None
) -> tuple[IRModel, ValidationResult]:
    """Validate a model and build its IR, with names for ``config.language`` (and
    ``config.strict``); see :func:`pygen.ir.build_ir`. Check ``result.is_valid`` before
    generating.

    Raises:
        ParseError: the model file cannot be read.
        ConfigError: a language whose target is not available.
    """
    from pygen.ir import build_ir as build

    config = config or GeneratorConfig()
    return build(
        load_model(source),
        strict=config.strict,
        conventions=conventions(config),
        selection=_selection(config),
    )


def conventions(config: GeneratorConfig) -> tuple[NamingConvention, ...]:
    """The naming conventions of a run: each language of ``config.language`` with the naming
    formats of ``config`` (``generation.naming``). ``pygen validate`` uses the same, so it
    reports the names ``generate`` gives.

    Raises:
        ConfigError: a language whose target is not available.
    """
    return conventions_of(config.language, config)


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


def build_ast(
    ir: IRModel, config: GeneratorConfig | None = None
) -> SyntaxTrees | dict[str, SyntaxTrees]:
    """Lower the IR to the syntax trees of ``config.language``, keyed by relative path. Public,
    for custom codegen: transform the trees, then :func:`render` them.

    Returns:
        For one language its trees (a :class:`~pygen.targets.SyntaxTrees`, a dict of path ->
        tree that remembers its target and IR); for several a dict by language of those.

    Raises:
        ConfigError: the IR holds no names for a requested language (build it with
            :func:`build_ir` and the same config), or the language is not available.
        EmitError: model text that could not be written safely; the message names the file.
    """
    config = config or GeneratorConfig()
    trees = {target.name: _trees(target, ir, config) for target in _targets(config)}
    if len(trees) == 1:
        return next(iter(trees.values()))
    return trees


def _trees(target: Target, ir: IRModel, config: GeneratorConfig) -> SyntaxTrees:
    if ir.metadata.languages and target.convention.language not in ir.metadata.languages:
        raise ConfigError(
            f"the IR holds no {target.name} names (it was built for "
            f"{', '.join(ir.metadata.languages)}); build it with build_ir(model, config) for "
            "the languages you generate"
        )
    return SyntaxTrees(target.build_ast(ir, config), language=target.name, ir=ir)


def render(
    trees: Mapping[PurePosixPath, Any] | Mapping[str, SyntaxTrees],
    config: GeneratorConfig | None = None,
    *,
    ir: IRModel | None = None,
) -> FileSet | dict[str, FileSet]:
    """Render what :func:`build_ast` returned: every file of the SDK as text (the target's own
    files, a runtime copy for instance, included; formatting as ``config`` says).

    ``trees`` is one target's trees (then a :class:`FileSet` comes back), or a dict by language
    of them (then a dict by language of file sets). A plain dict of path -> tree is rendered by
    the one language of ``config``, and needs ``ir``.

    Raises:
        ConfigError: a plain dict without ``ir``, or with several languages in ``config``.
        EmitError: the formatter refused the code (never written unformatted).
    """
    config = config or GeneratorConfig()
    if isinstance(trees, SyntaxTrees):
        return get_target(trees.language).render(trees, ir or trees.ir, config)
    if trees and all(isinstance(value, SyntaxTrees) for value in trees.values()):
        by_language: Mapping[str, SyntaxTrees] = trees  # type: ignore[assignment]
        return {
            language: get_target(part.language).render(part, ir or part.ir, config)
            for language, part in by_language.items()
        }
    if ir is None or len(config.language) != 1:
        raise ConfigError(
            "render() needs to know the target and the IR of plain trees: pass what build_ast "
            "returned (or change it in place), or pass ir= and a config with one language"
        )
    paths: Mapping[PurePosixPath, Any] = trees  # type: ignore[assignment]
    return get_target(config.language[0]).render(paths, ir, config)


def _targets(config: GeneratorConfig) -> list[Target]:
    """The targets of ``config``, loaded (a missing one is a ConfigError before any work)."""
    return [get_target(name) for name in config.language]


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
    """Load, validate, build the IR, lower, render and write an SDK per target language.

    Validation runs once, for the names of every language in ``config.language``; then each
    target builds its files. One language writes its SDK into ``output_dir``; several write
    ``output_dir/<language>/``, each folder with its own manifests (and nothing is written
    when any target's write would be refused).

    Args:
        source: A model file or a loaded ``DataModel``, or a list of them: several models
            into one SDK (views they share generated once; ``config.package_name`` required).
        output_dir: Where to write; ``None`` only builds the files.
        config: Generator settings.
        check: Plan the write into ``output_dir`` without writing; see ``plan``, ``changed``
            and ``targets``.
        force: Overwrite generated files that were changed since pygen wrote them, and files
            pygen did not write where it writes (nothing pygen did not write is removed).
        progress: Called with the name of each step as it starts.
        notify: Called with a message for the user (waiting for another run's lock).

    Raises:
        ConfigError: a language whose target is not available, or a setting the target
            refuses.
        ParseError: the model file cannot be read.
        ValidationError: the model has errors (or warnings, with ``strict``); the message lists
            them with locations and suggestions.
        EmitError: the write was refused (files pygen did not write, or changed since, in the
            way; a symlink below ``output_dir``) or failed; the message names the files and
            the fix. With ``check=True`` refusals are in ``plan`` instead. Also when the
            compile guard refused a token made from model text (the message names the file);
            the guard runs before anything is written.
    """
    from pygen import model_cache
    from pygen.ir.build import build_ir_parts
    from pygen.model_file import parse_data_model

    config = config or GeneratorConfig()
    targets = _targets(config)
    report = progress or (lambda step: None)
    timings: dict[str, float] = {}
    start = time.perf_counter()

    def step(name: str) -> float:
        report(name)
        return time.perf_counter()

    # each step runs with the cyclic GC paused: collections over the model, the IR and the trees
    # cost half of loading a large model, a third of validate+IR and most of build_ast
    mark = step("load")
    sources = _sources(source)
    with gc_paused():
        # one model file: by its exact bytes (the same file again), else by its structure (a
        # documentation change builds only the views it touches); several: by their bytes
        # (see pygen.model_cache)
        read = model_cache.read_source(sources, config)
        cached = model_cache.load_exact(read) if read is not None else None
        model_file = model_cache.prepare(read, config) if read and cached is None else None
        del read
        key = model_cache.model_key(sources, config) if len(sources) > 1 else None
        if model_file is not None:
            cached = model_cache.load_model_ir(model_file)
        elif key is not None:
            cached = model_cache.load_ir(key)
    if cached is None:
        with gc_paused():
            models = [
                parse_data_model(model_file.document, source=str(model_file.path))
                if model_file is not None
                else load_model(one)
                for one in sources
            ]
            model = _merged(models, config)
            if model_file is not None:  # its parsed JSON is not needed again: freed now
                model_file = model_file.released()
    timings["load"] = time.perf_counter() - mark

    mark = step("validate")
    if cached is not None:  # the same structure, settings and generator: the same IR
        ir, validation = cached
    else:
        with gc_paused():
            built = build_ir_parts(
                model,
                strict=config.strict,
                conventions=conventions(config),
                selection=_selection(config),
            )
            ir = built.ir
            if len(models) > 1:
                from pygen.models_merge import with_models

                ir = with_models(ir, models)
        # the DMS models are not needed once the IR is built; dropping them (and the filtered
        # copy, which shares their views) frees 40 % of the process before the targets lower
        # and before their worker processes are forked (which would inherit it)
        del models, model
        validation = dataclasses.replace(built.validation, filtered_model=None)
        built = dataclasses.replace(built, validation=validation)  # frees the DMS views now
        if model_file is not None:
            model_cache.store_model_ir(model_file, built)
        elif key is not None:
            model_cache.store_ir(key, ir, validation)
        del built
    model_file = None  # the file's parsed JSON is not kept while the targets lower
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

    several = len(targets) > 1
    outputs: dict[str, TargetResult] = {}
    for target in targets:
        step(f"generate {target.name}" if several else "generate")
        own: dict[str, float] = {}
        with gc_paused():
            file_set = target.generate_files(ir, config, own)
        folder = PurePosixPath(target.name) if several else PurePosixPath()
        outputs[target.name] = TargetResult(target.name, folder, file_set, timings=own)

    if output_dir is not None:
        step("write")
        _write(outputs, Path(output_dir), check=check, force=force, notify=notify)
    return _result(outputs, validation, ir, timings, time.perf_counter() - start)


def _write(
    outputs: dict[str, TargetResult],
    root: Path,
    *,
    check: bool,
    force: bool,
    notify: Progress | None,
) -> None:
    """Plan (``check``) or write each target's files into its folder below ``root``. With
    several targets every plan is made first, so a refusal anywhere writes nothing."""
    if not check and len(outputs) > 1:
        errors = [
            error
            for output in outputs.values()
            if (error := output.file_set.plan(root / output.folder, force=force).error())
        ]
        if errors:
            raise EmitError("; ".join(str(error) for error in errors))
    for output in outputs.values():
        mark = time.perf_counter()
        folder = root / output.folder
        if check:
            output.plan = output.file_set.plan(folder, force=force)
            output.changed = [
                output.folder / s.path
                for s in output.plan.steps
                if s.action not in ("keep", "skip")
            ]
        else:
            output.plan = output.file_set.write(folder, force=force, notify=notify)
            skipped = set(output.plan.paths("skip"))
            output.files = [folder / path for path in output.file_set if path not in skipped]
            output.removed = [output.folder / path for path in output.plan.paths("remove")]
        output.skipped = [output.folder / path for path in output.plan.paths("skip")]
        output.timings["write"] = time.perf_counter() - mark


def _result(
    outputs: dict[str, TargetResult],
    validation: ValidationResult,
    ir: IRModel,
    timings: dict[str, float],
    duration: float,
) -> GenerationResult:
    """The run's result: each target's, and the totals."""
    several = len(outputs) > 1
    for name, output in outputs.items():
        for key, seconds in output.timings.items():
            timings[f"{name}/{key}" if several else key] = seconds
    if several:
        combined = {
            output.folder / path: text
            for output in outputs.values()
            for path, text in output.file_set.files.items()
        }
        file_set = FileSet(dict(sorted(combined.items())))
    else:
        file_set = next(iter(outputs.values())).file_set
    return GenerationResult(
        file_set=file_set,
        validation=validation,
        files=[path for output in outputs.values() for path in output.files],
        plan=None if several else next(iter(outputs.values())).plan,
        changed=[path for output in outputs.values() for path in output.changed],
        removed=[path for output in outputs.values() for path in output.removed],
        skipped=[path for output in outputs.values() for path in output.skipped],
        lines=file_set.line_count,
        classes=len(ir.classes),
        duration=duration,
        timings=timings,
        targets=outputs,
    )

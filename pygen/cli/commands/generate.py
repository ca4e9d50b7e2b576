"""``pygen generate``: generate an SDK from a model file or from CDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pygen.cli.errors import friendly_errors
from pygen.cli.options import (
    ConfigOption,
    ExcludeViewOption,
    IncludeViewOption,
    LanguageOption,
    ModelFileOption,
    ModelOption,
    QuietOption,
    SpaceOption,
    VersionOption,
    model_flags,
    settings,
    sources_and_settings,
)
from pygen.cli.progress import progress_display
from pygen.cli.terminal import error_text, line

if TYPE_CHECKING:
    from pygen.api import GenerationResult


def generate(
    space: SpaceOption = None,
    model: ModelOption = None,
    version: VersionOption = None,
    model_file: ModelFileOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Folder to write the SDK package into (default: ./generated)."
        ),
    ] = None,
    language: LanguageOption = None,
    config_file: ConfigOption = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat validation warnings as errors.")
    ] = False,
    package_name: Annotated[
        str | None, typer.Option("--package", help="Package name (default: from the model).")
    ] = None,
    client_name: Annotated[
        str | None,
        typer.Option("--client-name", help="Client class name (default: from the model)."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 and list the files that would change."),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Overwrite generated files edited since, and files pygen did not write where it "
            "writes (nothing else is deleted).",
        ),
    ] = False,
    format_: Annotated[
        str | None,
        typer.Option("--format", help="none (already black-stable) or black (run black after)."),
    ] = None,
    no_docstrings: Annotated[
        bool, typer.Option("--no-docstrings", help="Leave docstrings out.")
    ] = False,
    examples: Annotated[
        bool,
        typer.Option("--examples", help="Add a usage example to each API method's docstring."),
    ] = False,
    line_length: Annotated[
        int | None, typer.Option("--line-length", help="Line length (default 88).")
    ] = None,
    single_file: Annotated[
        bool, typer.Option("--single-file", help="Write one module instead of a package.")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", help="Processes for large models (default: one per core, up to 4)."
        ),
    ] = None,
    quiet: QuietOption = False,
    include_view: IncludeViewOption = None,
    exclude_view: ExcludeViewOption = None,
) -> None:
    """Generate a typed SDK from a data model (a file, or CDF).

    Settings come from the flags, then the environment, then pygen.yaml (or [tool.pygen] in
    pyproject.toml), then the defaults. Exit status 0 on success; 1 when the model has errors
    (or warnings with --strict), or when --check finds files that would change; 2 on
    unreadable input, bad settings, or a write that is refused (files pygen did not write, or
    changed since, are in the way).
    """
    from pygen.api import generate as run
    from pygen.emit.plan import SKIP_NOTE
    from pygen_runtime.errors import ValidationError

    with friendly_errors():
        flags = {
            "generation.output_dir": (output, "-o/--output"),
            "generation.language": (language, "-l/--language"),
            "generation.package_name": (package_name, "--package"),
            "generation.client_name": (client_name, "--client-name"),
            "generation.strict": (True if strict else None, "--strict"),
            "generation.format": (format_, "--format"),
            "generation.features.docstrings": (False if no_docstrings else None, "--no-docstrings"),
            "generation.features.examples": (True if examples else None, "--examples"),
            "generation.style.line_length": (line_length, "--line-length"),
            "generation.layout": ("single-file" if single_file else None, "--single-file"),
            "generation.workers": (workers, "--workers"),
        }
        overrides = {key: flag for key, flag in flags.items() if flag[0] is not None}
        overrides.update(model_flags(model_file, space, model, version))
        project = settings(config_file, overrides)
        progress = progress_display(quiet)
        sources, config = sources_and_settings(
            project, config_file, progress, include_view, exclude_view
        )
        folder = project.generation.output_dir
        try:
            result = run(
                sources,
                folder,
                config,
                check=check,
                force=force,
                progress=progress,
                notify=None if quiet else (lambda message: typer.echo(message, err=True)),
            )
        except ValidationError as exc:
            typer.secho(error_text(str(exc)), err=True, fg=typer.colors.RED)
            raise typer.Exit(1) from None
    for issue in result.warnings:
        if issue.severity == "warning" and not quiet:
            typer.echo(line(f"warning {issue.code} {issue.location}: {issue.message}"), err=True)
    if not quiet:
        for path in result.skipped:
            typer.echo(f"note: {SKIP_NOTE.format(path=folder / path)}", err=True)
    if check:
        _report_check(result, folder, quiet)
        return
    if not quiet:
        for path in result.removed:
            typer.echo(f"removed {path}")
        warnings = sum(1 for issue in result.warnings if issue.severity == "warning")
        if len(result.targets) > 1:
            for part in result.targets.values():
                typer.echo(
                    f"{part.language}: {len(part.files)} files, {part.lines:,} lines "
                    f"-> {folder / part.folder}"
                )
        typer.echo(
            f"generated {len(result.files)} files, {result.lines:,} lines, {result.classes} views "
            f"in {result.duration:.2f} s ({warnings} warning(s)) -> {folder}"
        )


def _report_check(result: GenerationResult, folder: Path, quiet: bool) -> None:
    """List what writing would do, for every target; exit 1 on changes, 2 (with the error) on
    refusals. Paths are relative to ``folder``."""
    from dataclasses import replace

    plans = [(part.folder, part.plan) for part in result.targets.values()]
    pending = [
        replace(step, path=prefix / step.path)
        for prefix, plan in plans
        if plan is not None
        for step in plan.steps
        if step.action not in ("keep", "skip")
    ]
    if pending:
        typer.echo(f"{len(pending)} file(s) would change in {folder}:")
        for step in pending:
            typer.echo(f"  {step.describe()}")
    errors = [error for _, plan in plans if plan is not None and (error := plan.error())]
    if errors:  # one error line, whichever targets refuse
        typer.secho(f"error: {'; '.join(map(str, errors))}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2)
    if pending:
        raise typer.Exit(1)
    if not quiet:
        total = sum(len(plan.texts) for _, plan in plans if plan is not None)
        typer.echo(f"up to date: {total} file(s) in {folder}")

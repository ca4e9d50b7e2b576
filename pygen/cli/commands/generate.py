"""``pygen generate``: generate an SDK from a model file or from CDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pygen.cli.errors import friendly_errors
from pygen.cli.options import (
    ModelFileOption,
    ModelOption,
    SpaceOption,
    VersionOption,
    check_source,
    retrieve_from_cdf,
)
from pygen.cli.terminal import error_text, line

if TYPE_CHECKING:
    from pygen.client.models import DataModel
    from pygen.config import PygenConfig
    from pygen.emit import WritePlan


def generate(
    model_file: ModelFileOption = None,
    space: SpaceOption = None,
    model: ModelOption = None,
    version: VersionOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Folder to write the SDK package into.")
    ] = None,
    language: Annotated[
        str, typer.Option("--language", help="Target language: python.")
    ] = "python",
    package_name: Annotated[
        str | None, typer.Option("--package", help="Package name (default: from the model).")
    ] = None,
    client_name: Annotated[
        str | None,
        typer.Option("--client-name", help="Client class name (default: from the model)."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat validation warnings as errors.")
    ] = False,
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
        str,
        typer.Option("--format", help="none (already black-stable) or black (run black after)."),
    ] = "none",
    no_docstrings: Annotated[
        bool, typer.Option("--no-docstrings", help="Leave docstrings out.")
    ] = False,
    line_length: Annotated[
        int | None, typer.Option("--line-length", help="Line length (default 88).")
    ] = None,
    config_file: Annotated[
        Path | None, typer.Option("--config", help="pygen.yaml to read (default: ./pygen.yaml).")
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
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Generate a typed SDK from a data model.

    Exit status 0 on success; 1 when the model has errors (or warnings with --strict), or when
    --check finds files that would change; 2 on unreadable input, bad settings, or a write that
    is refused (files pygen did not write, or changed since, are in the way).
    """
    import pydantic

    from pygen.api import generate as run
    from pygen.config import GeneratorConfig, load_config
    from pygen.errors import ConfigError, ValidationError

    with friendly_errors():
        project = load_config(config_file)
        settings = project.generator.model_dump(exclude_unset=True)
        flags = {
            "language": language,
            "package_name": package_name,
            "client_name": client_name,
            "strict": strict or None,
            "format": format_ if format_ != "none" else None,
            "docstrings": False if no_docstrings else None,
            "line_length": line_length,
            "workers": workers,
            "layout": "single-file" if single_file else None,
        }
        settings.update({key: value for key, value in flags.items() if value is not None})
        try:
            config = GeneratorConfig.model_validate(settings)
        except pydantic.ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            )
            raise ConfigError(f"invalid settings: {problems}") from None
        source = _source(model_file or project.model_file, space, model, version, project)
        folder = output or project.output
        if folder is None:
            raise ConfigError("give --output (or 'output' in pygen.yaml): where to write the SDK")
        # step-by-step progress only for a person watching (large models take seconds)
        progress = (
            (lambda step: typer.echo(f"  {step} ...", err=True)) if _interactive(quiet) else None
        )
        try:
            result = run(
                source,
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
    if check:
        _report_check(result.plan, folder, quiet)
        return
    if not quiet:
        for path in result.removed:
            typer.echo(f"removed {path}")
        warnings = sum(1 for issue in result.warnings if issue.severity == "warning")
        typer.echo(
            f"generated {len(result.files)} files, {result.lines:,} lines, {result.classes} views "
            f"in {result.duration:.2f} s ({warnings} warning(s)) -> {folder}"
        )


def _report_check(plan: WritePlan | None, folder: Path, quiet: bool) -> None:
    """List what writing would do; exit 1 on changes, 2 (with the error) on refusals."""
    assert plan is not None
    pending = [step for step in plan.steps if step.action != "keep"]
    if pending:
        typer.echo(f"{len(pending)} file(s) would change in {folder}:")
        for step in pending:
            typer.echo(f"  {step.describe()}")
    error = plan.error()
    if error is not None:
        typer.secho(f"error: {error}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2)
    if pending:
        raise typer.Exit(1)
    if not quiet:
        typer.echo(f"up to date: {len(plan.texts)} file(s) in {folder}")


def _interactive(quiet: bool) -> bool:
    import sys

    return not quiet and sys.stderr.isatty()


def _source(
    model_file: Path | None,
    space: str | None,
    model: str | None,
    version: str | None,
    project: PygenConfig,
) -> Path | DataModel:
    """A model file path, or the model fetched from CDF (flags win over pygen.yaml)."""
    if model_file is None:
        space = space or project.cdf.space
        model = model or project.cdf.model
        version = version or project.cdf.version
    remote = check_source(model_file, space, model, version)
    if remote is not None:
        return retrieve_from_cdf(
            *remote, base_url=project.cdf.base_url, project=project.cdf.project
        )
    assert model_file is not None
    return model_file

"""``pygen validate``: check a data model and report issues by severity."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pygen.cli.errors import friendly_errors
from pygen.cli.options import (
    ConfigOption,
    ExcludeViewOption,
    IncludeViewOption,
    LanguageOption,
    ModelArgument,
    ModelFileOption,
    QuietOption,
    SpaceArgument,
    VersionOption,
    model_flags,
    settings,
    sources_and_settings,
)
from pygen.cli.progress import progress_display
from pygen.cli.terminal import json_text, lines

if TYPE_CHECKING:
    from pygen_runtime.client.models import DataModel


class OutputFormat(str, Enum):
    """How ``pygen validate`` prints its result."""

    text = "text"
    json = "json"


def validate(
    space: SpaceArgument = None,
    model: ModelArgument = None,
    version: VersionOption = None,
    model_file: ModelFileOption = None,
    config_file: ConfigOption = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat warnings as errors (exit 1 on warnings).")
    ] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text for people, json for machines.")
    ] = OutputFormat.text,
    show_info: Annotated[
        bool, typer.Option("--info/--no-info", help="Show issues of severity info.")
    ] = True,
    quiet: QuietOption = False,
    include_view: IncludeViewOption = None,
    exclude_view: ExcludeViewOption = None,
    language: LanguageOption = None,
) -> None:
    """Validate a data model (SPACE MODEL -v VERSION in CDF, or -f FILE): errors, warnings and
    infos with locations and suggestions, and the names generate gives (naming settings of
    pygen.yaml included) in the languages given (default: every target).

    Exit status 0 when valid; 1 on errors, or on warnings with --strict; 2 when unreadable.
    """
    from pygen.api import conventions
    from pygen.validation import DataModelValidator
    from pygen.validation.selection import ViewSelection, select_views

    with friendly_errors():
        overrides = model_flags(
            model_file, space, model, version, space_flag="SPACE", model_flag="MODEL"
        )
        if strict:
            overrides["generation.strict"] = (True, "--strict")
        overrides["generation.language"] = (language or ["all"], "-l/--language")
        project = settings(config_file, overrides)
        sources, config = sources_and_settings(
            project, config_file, progress_display(quiet), include_view, exclude_view
        )
        source = _load(sources[0]) if len(sources) == 1 else _merge(sources)
        validator = DataModelValidator(conventions=conventions(config))
        selection = ViewSelection.of(config.include_views, config.exclude_views)
        result = select_views(validator.validate(source, strict=config.strict), selection)
    if output_format is OutputFormat.json:
        typer.echo(json_text(result.to_json()))  # exact: decodes to the model's own text
    else:  # model text in the summary is escaped (format_summary); the rest is ours
        typer.echo(lines(result.format_summary(show_info=show_info)), nl=False)
    if not result.is_valid:
        raise typer.Exit(1)


def _load(source: Path | DataModel) -> DataModel | dict[str, Any]:
    """The model to validate: the parsed file (read leniently by the validator) or CDF's."""
    from pygen.model_file import read_model_document

    return read_model_document(source) if isinstance(source, Path) else source


def _merge(sources: list[Path | DataModel]) -> DataModel:
    """Several models as the one model generate would see (views shared between them once)."""
    from pygen.api import load_model
    from pygen.models_merge import merge_models

    return merge_models([load_model(source) for source in sources])

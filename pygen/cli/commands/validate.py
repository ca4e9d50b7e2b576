"""``pygen validate``: check a data model and report issues by severity."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pygen.cli.errors import friendly_errors
from pygen.cli.options import (
    ConfigOption,
    ModelArgument,
    ModelFileOption,
    QuietOption,
    SpaceArgument,
    VersionOption,
    load_source,
    model_flags,
    settings,
)
from pygen.cli.progress import progress_display
from pygen.cli.terminal import json_text, lines

if TYPE_CHECKING:
    from pygen.client.models import DataModel


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
) -> None:
    """Validate a data model (SPACE MODEL -v VERSION in CDF, or -f FILE): errors, warnings and
    infos with locations and suggestions, and the names generate gives (naming settings of
    pygen.yaml included).

    Exit status 0 when valid; 1 on errors, or on warnings with --strict; 2 when unreadable.
    """
    from pygen.api import conventions
    from pygen.validation import DataModelValidator

    with friendly_errors():
        overrides = model_flags(
            model_file, space, model, version, space_flag="SPACE", model_flag="MODEL"
        )
        if strict:
            overrides["generation.strict"] = (True, "--strict")
        project = settings(config_file, overrides)
        config = project.generator_config()
        source = _load(load_source(project, progress_display(quiet)))
        validator = DataModelValidator(conventions=conventions(config))
        result = validator.validate(source, strict=config.strict)
    if output_format is OutputFormat.json:
        typer.echo(json_text(result.to_json()))  # exact: decodes to the model's own text
    else:  # model text in the summary is escaped (format_summary); the rest is ours
        typer.echo(lines(result.format_summary(show_info=show_info)), nl=False)
    if not result.is_valid:
        raise typer.Exit(1)


def _load(source: Path | DataModel) -> DataModel | dict[str, Any]:
    """The model to validate: the parsed file (read leniently by the validator) or CDF's."""
    from pygen.errors import ParseError
    from pygen.model_file import read_document

    if not isinstance(source, Path):
        return source
    document = read_document(source)
    if not isinstance(document, dict):
        raise ParseError(
            f"{source}: expected a mapping with space, externalId, version and views, "
            f"got {type(document).__name__}",
            source=str(source),
        )
    return document

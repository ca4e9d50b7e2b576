"""``pygen validate``: check a data model and report issues by severity."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pygen.cli.errors import friendly_errors
from pygen.cli.options import (
    LanguageOption,
    ModelFileOption,
    ModelOption,
    SpaceOption,
    VersionOption,
    check_source,
    parse_languages,
    retrieve_from_cdf,
)
from pygen.cli.terminal import json_text, lines

if TYPE_CHECKING:
    from pygen.client.models import DataModel


class OutputFormat(str, Enum):
    """How ``pygen validate`` prints its result."""

    text = "text"
    json = "json"


def validate(
    model_file: ModelFileOption = None,
    space: SpaceOption = None,
    model: ModelOption = None,
    version: VersionOption = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat warnings as errors (exit 1 on warnings).")
    ] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text for people, json for machines.")
    ] = OutputFormat.text,
    show_info: Annotated[
        bool, typer.Option("--info/--no-info", help="Show issues of severity info.")
    ] = True,
    language: LanguageOption = None,
) -> None:
    """Validate a data model: errors, warnings and infos with locations and suggestions.
    Generated names are checked for the languages given (default: every target).

    Exit status 0 when valid; 1 on errors, or on warnings with --strict; 2 when unreadable.
    """
    from pygen.api import validate as check

    with friendly_errors():
        languages = parse_languages(language) or "all"
        source = _load(model_file, space, model, version)
        result = check(source, language=languages, strict=strict)
    if output_format is OutputFormat.json:
        typer.echo(json_text(result.to_json()))  # exact: decodes to the model's own text
    else:  # model text in the summary is escaped (format_summary); the rest is ours
        typer.echo(lines(result.format_summary(show_info=show_info)), nl=False)
    if not result.is_valid:
        raise typer.Exit(1)


def _load(
    model_file: Path | None, space: str | None, model: str | None, version: str | None
) -> DataModel | dict[str, Any]:
    """The model to validate: the parsed file (read leniently by the validator) or CDF's."""
    from pygen.errors import ParseError
    from pygen.model_file import read_document

    remote = check_source(model_file, space, model, version)
    if remote is not None:
        return retrieve_from_cdf(*remote)
    assert model_file is not None
    document = read_document(model_file)
    if not isinstance(document, dict):
        raise ParseError(
            f"{model_file}: expected a mapping with space, externalId, version and views, "
            f"got {type(document).__name__}",
            source=str(model_file),
        )
    return document

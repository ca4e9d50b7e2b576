"""``pygen validate``: check a data model and report issues by severity."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pygen.cli.errors import friendly_errors

if TYPE_CHECKING:
    from pygen.client.models import DataModel


class OutputFormat(str, Enum):
    """How ``pygen validate`` prints its result."""

    text = "text"
    json = "json"


def validate(
    model_file: Annotated[
        Path | None,
        typer.Option(
            "--model-file", "-m", help="A data model file (JSON or YAML) with inline views."
        ),
    ] = None,
    space: Annotated[
        str | None, typer.Option("--space", help="Space of a data model in CDF.")
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", help="External id of a data model in CDF.")
    ] = None,
    version: Annotated[
        str | None, typer.Option("--version", help="Version of a data model in CDF.")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat warnings as errors (exit 1 on warnings).")
    ] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text for people, json for machines.")
    ] = OutputFormat.text,
    show_info: Annotated[
        bool, typer.Option("--info/--no-info", help="Show issues of severity info.")
    ] = True,
) -> None:
    """Validate a data model: errors, warnings and infos with locations and suggestions.

    Exit status 0 when valid; 1 on errors, or on warnings with --strict; 2 when unreadable.
    """
    from pygen.validation import DataModelValidator

    with friendly_errors():
        source = _load(model_file, space, model, version)
        result = DataModelValidator().validate(source, strict=strict)
    if output_format is OutputFormat.json:
        typer.echo(result.to_json())
    else:
        typer.echo(result.format_summary(show_info=show_info), nl=False)
    if not result.is_valid:
        raise typer.Exit(1)


def _load(
    model_file: Path | None, space: str | None, model: str | None, version: str | None
) -> DataModel | dict[str, Any]:
    """The model to validate: the parsed file (read leniently by the validator) or CDF's."""
    from pygen.errors import ConfigError, ParseError
    from pygen.model_file import read_document

    remote = [space, model, version]
    if model_file is not None:
        if any(value is not None for value in remote):
            raise ConfigError("give either --model-file or --space/--model/--version, not both")
        document = read_document(model_file)
        if not isinstance(document, dict):
            raise ParseError(
                f"{model_file}: expected a mapping with space, externalId, version and views, "
                f"got {type(document).__name__}",
                source=str(model_file),
            )
        return document
    if all(value is not None for value in remote):
        assert space is not None and model is not None and version is not None
        return _retrieve(space, model, version)
    if any(value is not None for value in remote):
        raise ConfigError("--space, --model and --version go together; give all three")
    raise ConfigError("nothing to validate: give --model-file, or --space, --model and --version")


def _retrieve(space: str, model: str, version: str) -> DataModel:
    """Retrieve the model with inline views from CDF (credentials from the environment)."""
    from importlib import import_module

    from pygen.client.models import DataModel, DataModelId
    from pygen.errors import ConfigError

    try:
        client_class: Any = getattr(import_module("pygen.client"), "PygenClient", None)
    except ImportError:
        client_class = None
    if client_class is None:
        raise ConfigError(
            "retrieving a model from CDF needs pygen.client.PygenClient, which this "
            "installation does not have yet; export the model to a file and use --model-file"
        )
    client = client_class.from_environment()
    try:
        retrieved = client.data_models.retrieve(
            DataModelId(space=space, external_id=model, version=version), inline_views=True
        )
    finally:
        close = getattr(client, "close", None)
        if callable(close):
            close()
    if not isinstance(retrieved, DataModel):
        raise ConfigError(f"CDF returned no data model for {space}:{model}(version={version})")
    return retrieved

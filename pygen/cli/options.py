"""Options and model sources shared by several commands (``generate``, ``validate``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pygen.client.models import DataModel

ModelFileOption = Annotated[
    Path | None,
    typer.Option("--model-file", "-m", help="A data model file (JSON or YAML) with inline views."),
]
SpaceOption = Annotated[str | None, typer.Option("--space", help="Space of a data model in CDF.")]
ModelOption = Annotated[
    str | None, typer.Option("--model", help="External id of a data model in CDF.")
]
VersionOption = Annotated[
    str | None,
    typer.Option("--version", help="Version of a data model in CDF (default: the latest)."),
]
IncludeViewOption = Annotated[
    list[str] | None,
    typer.Option(
        "--include-view",
        metavar="PATTERN",
        help="Only views matching this glob on the externalId, or space:glob (repeatable).",
    ),
]
ExcludeViewOption = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude-view",
        metavar="PATTERN",
        help="Leave out views matching this glob, or space:glob (repeatable; wins over "
        "--include-view).",
    ),
]


def check_source(
    model_file: Path | None, space: str | None, model: str | None, version: str | None
) -> tuple[str, str, str | None] | None:
    """``None`` for a model file, ``(space, model, version)`` for CDF (``version`` None: the
    latest).

    Raises:
        ConfigError: both or neither were given, or space or model is missing.
    """
    from pygen.errors import ConfigError

    remote = [space, model, version]
    if model_file is not None:
        if any(value is not None for value in remote):
            raise ConfigError("give either --model-file or --space/--model/--version, not both")
        return None
    if space is not None and model is not None:
        return (space, model, version)
    if any(value is not None for value in remote):
        raise ConfigError(
            "--space and --model go together (--version is optional: the latest by default)"
        )
    raise ConfigError("give --model-file, or --space and --model (and optionally --version)")


def view_patterns(values: list[str] | None) -> tuple[str, ...] | None:
    """``--include-view`` / ``--exclude-view`` values as settings (``None`` when not given)."""
    return tuple(values) if values else None


def retrieve_from_cdf(
    space: str,
    model: str,
    version: str | None,
    *,
    base_url: str | None = None,
    project: str | None = None,
    credentials: str | Mapping[str, str] | None = None,
    config_dir: Path | None = None,
) -> DataModel:
    """The data model with inline views from CDF (``version`` None: the latest version).

    ``base_url`` and ``project`` (from pygen.yaml) stand in for ``CDF_BASE_URL`` and
    ``CDF_PROJECT``; ``credentials`` (the config's ``client.credentials`` references, resolved
    relative to ``config_dir``) for the credential variables (see
    :func:`pygen.model_sources.cdf_client`).

    Raises:
        ConfigError: CDF has no such model; credentials or settings are missing.
    """
    from pygen.model_sources import cdf_client, retrieve_model

    with cdf_client(
        base_url=base_url, project=project, credentials=credentials, config_dir=config_dir
    ) as client:
        return retrieve_model(client, space, model, version)

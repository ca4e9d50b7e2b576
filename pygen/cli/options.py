"""Options and model sources shared by several commands (``generate``, ``validate``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
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
    str | None, typer.Option("--version", help="Version of a data model in CDF.")
]
LanguageOption = Annotated[
    list[str] | None,
    typer.Option(
        "--language",
        "-l",
        help="Target language: python, typescript or all; repeat the option or separate "
        "names with commas for several.",
    ),
]


def parse_languages(values: list[str] | None) -> tuple[str, ...] | None:
    """The target names of repeated and comma-separated ``--language`` values (``all`` for
    every installed target); ``None`` when the option was not given.

    Raises:
        ConfigError: an unknown language (the message lists the known ones).
    """
    if not values:
        return None
    from pygen.targets import resolve_languages

    return resolve_languages(values)


def check_source(
    model_file: Path | None, space: str | None, model: str | None, version: str | None
) -> tuple[str, str, str] | None:
    """``None`` for a model file, ``(space, model, version)`` for CDF.

    Raises:
        ConfigError: both or neither were given, or the CDF triple is incomplete.
    """
    from pygen.errors import ConfigError

    remote = [space, model, version]
    if model_file is not None:
        if any(value is not None for value in remote):
            raise ConfigError("give either --model-file or --space/--model/--version, not both")
        return None
    if space is not None and model is not None and version is not None:
        return (space, model, version)
    if any(value is not None for value in remote):
        raise ConfigError("--space, --model and --version go together; give all three")
    raise ConfigError("give --model-file, or --space, --model and --version")


def retrieve_from_cdf(
    space: str,
    model: str,
    version: str,
    *,
    base_url: str | None = None,
    project: str | None = None,
) -> DataModel:
    """The data model with inline views from CDF.

    Credentials always come from the environment (``CDF_TOKEN`` or the client-credentials
    variables); ``base_url`` and ``project`` (from pygen.yaml) stand in for ``CDF_BASE_URL``
    and ``CDF_PROJECT``.

    Raises:
        ConfigError: CDF has no such model; credentials or settings are missing.
    """
    import os

    from pygen.client import PygenClient
    from pygen.client.models import DataModelId

    environ = dict(os.environ)
    if base_url:
        environ["CDF_BASE_URL"] = base_url
    if project:
        environ["CDF_PROJECT"] = project
    with PygenClient.from_environment(environ) as client:
        return client.data_models.retrieve(
            DataModelId(space=space, external_id=model, version=version), inline_views=True
        )

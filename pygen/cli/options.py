"""Options and model sources shared by the commands (``generate``, ``validate``, ``inspect``).

Every command reads pygen.yaml (or ``[tool.pygen]``): its flags become the top layer of
:func:`pygen.config.load_config` (flag > environment > file > default), so a key is decided
in one place whichever command reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from pygen.client.models import DataModel
    from pygen.config import ClientSettings, PygenConfig

ModelFileOption = Annotated[
    Path | None,
    typer.Option("--model-file", "-f", help="A data model file (JSON or YAML) with inline views."),
]
SpaceOption = Annotated[
    str | None, typer.Option("--space", "-s", help="Space of a data model in CDF.")
]
ModelOption = Annotated[
    str | None, typer.Option("--model", "-m", help="External id of a data model in CDF.")
]
VersionOption = Annotated[
    str | None, typer.Option("--version", "-v", help="Version of the data model.")
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="Settings file (default: ./pygen.yaml, else [tool.pygen] of ./pyproject.toml).",
    ),
]
SpaceArgument = Annotated[
    str | None, typer.Argument(help="Space of the data model in CDF.", show_default=False)
]
ModelArgument = Annotated[
    str | None, typer.Argument(help="External id of the data model in CDF.", show_default=False)
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress display (errors only for generate).")
]

_FILE_SUFFIXES = (".yaml", ".yml", ".json")

Progress = Callable[[str], None]


def model_flags(
    model_file: Path | None,
    space: str | None,
    model: str | None,
    version: str | None,
    *,
    space_flag: str = "-s/--space",
    model_flag: str = "-m/--model",
) -> dict[str, tuple[Any, str]]:
    """The model keys the flags set, for :func:`pygen.config.load_config`'s ``overrides``.

    Raises:
        ConfigError: a model id that looks like a file (``-m model.yaml``): the message names
            ``-f/--model-file``; or both a file and a CDF model.
    """
    from pygen.errors import ConfigError

    for value, flag, meaning in ((model, model_flag, "external id"), (space, space_flag, "space")):
        if value is not None and _looks_like_file(value):
            raise ConfigError(
                f"{flag} is the data model's {meaning} in CDF, and {value!r} looks like a model "
                f"file; for a file use -f/--model-file {value}"
            )
    remote = {"model.space": space, "model.external_id": model, "model.version": version}
    if model_file is not None and any(value is not None for value in remote.values()):
        raise ConfigError("give either -f/--model-file or -s/--space, -m/--model, -v/--version")
    flags = {
        "model.file": "-f/--model-file",
        "model.space": space_flag,
        "model.external_id": model_flag,
        "model.version": "-v/--version",
    }
    given = {"model.file": model_file, **remote}
    return {key: (value, flags[key]) for key, value in given.items() if value is not None}


def _looks_like_file(value: str) -> bool:
    return value.lower().endswith(_FILE_SUFFIXES) or "/" in value or "\\" in value


def settings(config_file: Path | None, overrides: dict[str, tuple[Any, str]]) -> PygenConfig:
    """pygen.yaml (or ``config_file``) with the environment and the flags over it."""
    from pygen.config import load_config

    return load_config(config_file, overrides=overrides)


def load_source(config: PygenConfig, progress: Progress | None = None) -> Path | DataModel:
    """The model file, or the model fetched from CDF, that ``config`` names.

    Raises:
        ConfigError: no model, several (one SDK from several models is not built yet), or a
            CDF model without a version.
    """
    from pygen.errors import ConfigError

    models = [source for source in config.model if not source.is_empty]
    if not models:
        raise ConfigError(
            "give a model: -f/--model-file PATH, or -s/--space, -m/--model and -v/--version "
            "(or model: in pygen.yaml)"
        )
    if len(models) > 1:
        raise ConfigError(
            f"pygen.yaml lists {len(models)} models; this command takes one (choose it with "
            "-f/--model-file or -s/--space, -m/--model, -v/--version)"
        )
    source = models[0]
    if source.file is not None:
        return source.file
    assert source.space is not None and source.external_id is not None
    if source.version is None:
        raise ConfigError(
            f"give the version of {source.space}:{source.external_id} "
            "(-v/--version, or model.version in pygen.yaml)"
        )
    return retrieve_from_cdf(
        source.space, source.external_id, source.version, config.client, progress=progress
    )


def retrieve_from_cdf(
    space: str,
    model: str,
    version: str,
    client: ClientSettings,
    *,
    progress: Progress | None = None,
) -> DataModel:
    """The data model with inline views from CDF.

    ``client`` gives the base URL, project, timeout and retries (pygen.yaml ``client:`` with
    ``CDF_BASE_URL``/``CDF_PROJECT`` over it); credentials come from the environment
    (``CDF_TOKEN`` or the client-credentials variables).

    Raises:
        ConfigError: settings or credentials are missing; ``client.credentials`` references
            are given (resolving them is not built yet: they are refused rather than ignored).
        ClientError: CDF has no such model, or could not be reached.
    """
    import os

    from pygen.client import PygenClient
    from pygen.client.models import DataModelId
    from pygen.errors import ConfigError

    given = sorted(client.credentials.model_dump(exclude_none=True))
    if given:  # never fall back silently to other credentials than the ones named
        raise ConfigError(
            f"client.credentials ({', '.join(given)}) names references this version of pygen "
            "cannot resolve yet; remove them and set CDF_TOKEN (or CDF_CLIENT_ID, "
            "CDF_CLIENT_SECRET, CDF_TOKEN_URL, CDF_SCOPES) in the environment"
        )
    environ = dict(os.environ)
    if client.base_url:
        environ["CDF_BASE_URL"] = client.base_url
    if client.project:
        environ["CDF_PROJECT"] = client.project
    if progress is not None:
        progress(f"fetching {space}:{model}/{version} from CDF")
    with PygenClient.from_environment(
        environ, timeout=client.timeout, max_retries=client.max_retries
    ) as cdf:
        return cdf.data_models.retrieve(
            DataModelId(space=space, external_id=model, version=version), inline_views=True
        )

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
    from pygen.config import ClientSettings, GeneratorConfig, PygenConfig
    from pygen_runtime.client.models import DataModel

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
    str | None,
    typer.Option("--version", "-v", help="Version of the data model (default: the latest in CDF)."),
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
    from pygen_runtime.errors import ConfigError

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


def view_patterns(values: list[str] | None) -> tuple[str, ...] | None:
    """``--include-view`` / ``--exclude-view`` values as settings (``None`` when not given)."""
    return tuple(values) if values else None


def config_folder(config_file: Path | None) -> Path | None:
    """The folder of the settings file in use (``--config``, else the one found here): where
    ``file:`` credential references are read from."""
    from pygen.config.loading import find_config

    found = config_file or find_config()
    return found.parent if found is not None else None


def load_sources(
    config: PygenConfig, progress: Progress | None = None, *, config_dir: Path | None = None
) -> list[Path | DataModel]:
    """The model files, and the models fetched from CDF, that ``config`` names (a model in
    CDF without a version: its latest version; ``file:`` credential references relative to
    ``config_dir``).

    Raises:
        ConfigError: no model; CDF has no such model; settings or credentials are missing.
        ClientError: CDF could not be reached.
    """
    from pygen_runtime.errors import ConfigError

    sources = [source for source in config.model if not source.is_empty]
    if not sources:
        raise ConfigError(
            "give a model: -f/--model-file PATH, or -s/--space and -m/--model (and optionally "
            "-v/--version; default: the latest) (or model: in pygen.yaml)"
        )
    loaded: list[Path | DataModel] = []
    for source in sources:
        if source.file is not None:
            loaded.append(source.file)
            continue
        assert source.space is not None and source.external_id is not None
        loaded.append(
            retrieve_from_cdf(
                source.space,
                source.external_id,
                source.version,
                config.client,
                progress=progress,
                config_dir=config_dir,
            )
        )
    return loaded


def sources_and_settings(
    project: PygenConfig,
    config_file: Path | None,
    progress: Progress | None,
    include_view: list[str] | None,
    exclude_view: list[str] | None,
) -> tuple[list[Path | DataModel], GeneratorConfig]:
    """The models a command reads (:func:`load_sources`) and the generator settings with the
    views to keep (:func:`with_selection`): the same for ``generate``, ``validate`` and
    ``inspect``."""
    sources = load_sources(project, progress, config_dir=config_folder(config_file))
    config = with_selection(
        project,
        project.generator_config(),
        view_patterns(include_view),
        view_patterns(exclude_view),
        sources,
    )
    return sources, config


def with_selection(
    config: PygenConfig,
    generator: GeneratorConfig,
    include: tuple[str, ...] | None,
    exclude: tuple[str, ...] | None,
    models: list[Path | DataModel],
) -> GeneratorConfig:
    """``generator`` with the views to generate: ``--include-view``/``--exclude-view`` when
    given (for every model), else each model's ``include_views``/``exclude_views`` (when the
    models' patterns differ, the views each model's own patterns keep).

    Raises:
        ConfigError: the models' patterns leave no view.
    """
    if include is not None or exclude is not None:
        return generator.model_copy(
            update={"include_views": include or (), "exclude_views": exclude or ()}
        )
    from pygen.api import load_model
    from pygen.model_sources import selection_of

    sources = [source for source in config.model if not source.is_empty]
    if not any(_selects(source.include_views, source.exclude_views) for source in sources):
        return generator
    selection = selection_of(sources, [load_model(model) for model in models])
    if selection is None:
        return generator
    return generator.model_copy(
        update={"include_views": selection.include, "exclude_views": selection.exclude}
    )


def _selects(include: list[str], exclude: list[str]) -> bool:
    """Whether patterns leave any view out (``include: ["*"]`` is the default: every view)."""
    return bool(exclude) or tuple(include) not in ((), ("*",))


def retrieve_from_cdf(
    space: str,
    model: str,
    version: str | None,
    client: ClientSettings,
    *,
    progress: Progress | None = None,
    config_dir: Path | None = None,
) -> DataModel:
    """The data model with inline views from CDF (``version`` None: the latest version).

    ``client`` gives the base URL and project (pygen.yaml ``client:`` with
    ``CDF_BASE_URL``/``CDF_PROJECT`` over it) and the credential references
    (``client.credentials``: ``env:``, ``file:``, ``aws:``, ``azure:``); without references the
    credentials come from the environment (``CDF_TOKEN`` or the client-credentials variables).

    Raises:
        ConfigError: settings or credentials are missing, or CDF has no such model.
        ClientError: CDF could not be reached.
    """
    from pygen.model_sources import cdf_client, retrieve_model

    references = client.credentials.model_dump(exclude_none=True)
    if progress is not None:
        progress(f"fetching {space}:{model}/{version or 'latest'} from CDF")
    with cdf_client(
        base_url=client.base_url,
        project=client.project,
        credentials=references or None,
        config_dir=config_dir,
    ) as cdf:
        return retrieve_model(cdf, space, model, version)

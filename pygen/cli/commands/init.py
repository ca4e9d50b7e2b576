"""``pygen init``: write a commented pygen.yaml for the current project."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pygen.cli.errors import friendly_errors
from pygen.cli.options import ModelFileOption, ModelOption, SpaceOption, VersionOption


def init(
    model_file: ModelFileOption = None,
    space: SpaceOption = None,
    model: ModelOption = None,
    version: VersionOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="generation.output_dir to write in.")
    ] = None,
    path: Annotated[Path, typer.Option("--path", help="Where to write the file.")] = Path(
        "pygen.yaml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a commented pygen.yaml: the model (-f FILE, or -s SPACE -m MODEL -v VERSION in
    CDF), every other key at its default with its environment variable.

    The CDF base URL and project are taken from CDF_BASE_URL (or CDF_CLUSTER) and CDF_PROJECT
    when set. Exit status 2 when the file exists (without --force) or the model is missing.
    """
    import os

    from pygen.cli.options import model_flags
    from pygen.config import ModelSource, load_config
    from pygen.config.environment import from_environment
    from pygen.config.starter import starter_text
    from pygen_runtime.errors import ConfigError

    with friendly_errors():
        flags = model_flags(model_file, space, model, version)
        if not flags:
            raise ConfigError(
                "give the model: -f/--model-file PATH, or -s/--space, -m/--model and -v/--version"
            )
        if path.exists() and not force:
            raise ConfigError(f"{path} exists; --force replaces it")
        fields = {key.split(".")[1]: value for key, (value, _) in flags.items()}
        try:
            source = ModelSource(**fields)
        except ValueError as exc:
            raise ConfigError(f"the model: {exc}") from None
        if source.file is not None:
            if not source.file.is_file():
                raise ConfigError(f"{source.file}: no such file")
            if not source.file.is_absolute():  # pygen.yaml's paths are from its own folder
                relative = Path(os.path.relpath(source.file, path.parent))
                source = source.model_copy(update={"file": relative})
        env = {key: str(value) for key, (value, _) in from_environment(os.environ).items()}
        text = starter_text(
            source,
            base_url=env.get("client.base_url"),
            project=env.get("client.project"),
            output_dir=output,
        )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot write the file ({exc.strerror or exc})") from None
        load_config(path, environ={})  # what was written reads back
    typer.echo(f"wrote {path}; next: pygen generate")

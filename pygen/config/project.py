"""``pygen.yaml`` (or ``[tool.pygen]`` in pyproject.toml): project settings for the CLI."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from pygen.errors import ConfigError

from .generator import GeneratorConfig

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["CDFSettings", "PygenConfig", "load_config"]


class CDFSettings(BaseModel):
    """Where to fetch a model from. Credentials come from the environment, never from files."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str | None = None
    project: str | None = None
    space: str | None = None
    model: str | None = None
    version: str | None = None


class PygenConfig(BaseModel):
    """The whole ``pygen.yaml``: a model source, an output folder, generator settings."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    model_file: Path | None = None
    output: Path | None = None
    cdf: CDFSettings = Field(default_factory=CDFSettings)
    generator: GeneratorConfig = Field(default_factory=GeneratorConfig)


def load_config(path: Path | None = None, *, start: Path | None = None) -> PygenConfig:
    """Read ``path``, or look for ``pygen.yaml`` then ``pyproject.toml`` ``[tool.pygen]`` in
    ``start`` (default: the working folder). No file gives the defaults.

    Raises:
        ConfigError: the file is unreadable or holds an unknown or invalid setting (the message
            names the file and the setting).
    """
    if path is None:
        folder = start or Path.cwd()
        if (folder / "pygen.yaml").is_file():
            path = folder / "pygen.yaml"
        elif (folder / "pyproject.toml").is_file():
            data = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
            section = data.get("tool", {}).get("pygen")
            source = f"{folder / 'pyproject.toml'} [tool.pygen]"
            return _validate(section, source) if section else PygenConfig()
        else:
            return PygenConfig()
    from pygen.errors import ParseError
    from pygen.model_file import read_document

    try:
        data = read_document(path)
    except ParseError as exc:
        raise ConfigError(str(exc)) from None
    return _validate(data or {}, str(path))


def _validate(data: Any, source: str) -> PygenConfig:
    try:
        return PygenConfig.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}" for error in exc.errors()
        )
        raise ConfigError(f"{source}: {problems}") from None

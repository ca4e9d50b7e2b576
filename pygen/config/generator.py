"""``GeneratorConfig``: how an SDK is generated. One source of defaults."""

from __future__ import annotations

import keyword
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pygen.naming import PYTHON

__all__ = ["GeneratorConfig"]


class GeneratorConfig(BaseModel):
    """Settings of one generation run.

    Attributes:
        language: The target languages, as registered in :mod:`pygen.targets`: a name
            (``"python"``), a list, a comma-separated string, or ``"all"`` (every installed
            target); stored as a tuple of names in registry order. One language writes its
            SDK into the output folder; several write ``<output>/<language>/``.
        package_name: The Python package (folder) name (the Python target's); default: the model's externalId in
            snake_case (``ExampleModel`` -> ``example_model``).
        client_name: The client class name; default: the model's externalId in PascalCase
            plus ``Client``.
        line_length: The line length the output is laid out for (black's default: 88).
        docstrings: Put the model's descriptions into docstrings.
        format: ``none`` (the output is already black-stable) or ``black`` (run black after).
        strict: Treat validation warnings as errors.
        layout: ``package`` (a folder with ``data_classes``, ``api``, ``client`` modules) or
            ``single-file`` (one module, ``<package_name>.py``).
        workers: Processes that lower large models in parallel (``None``: one per core, up to
            4; ``1``: none). The output is the same either way.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    language: tuple[str, ...] = ("python",)
    package_name: str | None = None
    client_name: str | None = None
    line_length: int = Field(88, ge=40, le=200)
    docstrings: bool = True
    format: Literal["none", "black"] = "none"
    strict: bool = False
    layout: Literal["package", "single-file"] = "package"
    workers: int | None = Field(None, ge=1, le=64)

    @field_validator("language", mode="before")
    @classmethod
    def _known_languages(cls, value: Any) -> tuple[str, ...]:
        from pygen.errors import ConfigError
        from pygen.targets import resolve_languages

        try:
            return resolve_languages(value)
        except ConfigError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("package_name")
    @classmethod
    def _package_is_identifier(cls, value: str | None) -> str | None:
        if value is not None and not (
            value.isidentifier() and value.islower() and not keyword.iskeyword(value)
        ):
            raise ValueError(
                f"package_name {value!r} must be a lower-case Python identifier, e.g. 'my_sdk'"
            )
        if value is not None and value in PYTHON.reserved_packages:
            raise ValueError(
                f"package_name {value!r} would shadow a module the SDK or its users import; "
                f"choose another, e.g. '{value}{PYTHON.package_suffix}'"
            )
        return value

    @field_validator("client_name")
    @classmethod
    def _client_is_identifier(cls, value: str | None) -> str | None:
        if value is not None and (not value.isidentifier() or keyword.iskeyword(value)):
            raise ValueError(
                f"client_name {value!r} must be a Python identifier and not a keyword, "
                "e.g. 'MyClient'"
            )
        if value is not None and value in PYTHON.module_names:
            raise ValueError(
                f"client_name {value!r} is a name generated modules import or use; choose "
                "another, e.g. 'MyClient'"
            )
        return value

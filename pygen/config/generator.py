"""``GeneratorConfig``: how an SDK is generated. One source of defaults."""

from __future__ import annotations

import keyword
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pygen.naming import PYTHON, Case, NamingConvention, python_convention

__all__ = ["GeneratorConfig"]

NameFormat = Literal["PascalCase", "camelCase", "snake_case"]
"""How the specification spells a casing (``generation.naming``)."""

CASES: dict[str, Case] = {"PascalCase": "pascal", "camelCase": "camel", "snake_case": "snake"}
"""Each name format as the casing :mod:`pygen.naming` applies."""


class GeneratorConfig(BaseModel):
    """Settings of one generation run.

    Attributes:
        language: The target languages, as registered in :mod:`pygen.targets`: a name
            (``"python"``), a list, a comma-separated string, or ``"all"`` (every installed
            target); stored as a tuple of names in registry order. One language writes its
            SDK into the output folder; several write ``<output>/<language>/``.
        package_name: The Python package (folder) name (the Python target's); default: the
            model's externalId in
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
        indent: One level of indentation. Python output is laid out the way black keeps it,
            which is four spaces: anything else is refused for Python.
        examples: Add a short usage example to each API method's docstring.
        class_format: Casing of generated class names (``PascalCase``).
        method_format: Casing of the client's attributes for the views (``snake_case``); the
            API methods (``list``, ``iterate``, ``search``, ``count``) are single words.
        property_format: Casing of generated fields (``snake_case``).
        include_views: Views to generate: globs on the view externalId (``Pump``, ``Cognite*``)
            or ``space:glob`` (``cdf_cdm:*``); empty: every view.
        exclude_views: Views to leave out (same patterns; wins over ``include_views``).
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
    indent: str = "    "
    examples: bool = False
    class_format: NameFormat = "PascalCase"
    method_format: Literal["snake_case", "camelCase"] = "snake_case"
    property_format: Literal["snake_case", "camelCase"] = "snake_case"

    @field_validator("indent")
    @classmethod
    def _python_indent(cls, value: str) -> str:
        if value != "    ":
            raise ValueError(
                f"indent {value!r}: Python output is laid out the way black keeps it, which is "
                "four spaces; only '    ' (or 4) is possible for Python"
            )
        return value

    def python_convention(self) -> NamingConvention:
        """The Python naming convention of these settings (the name plan's input, so
        ``pygen validate`` and ``pygen generate`` give the same names)."""
        return python_convention(
            class_case=CASES[self.class_format],
            member_case=CASES[self.property_format],
            method_case=CASES[self.method_format],
        )

    include_views: tuple[str, ...] = ()
    exclude_views: tuple[str, ...] = ()

    @field_validator("include_views", "exclude_views")
    @classmethod
    def _patterns_are_valid(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from pygen.validation.selection import ViewSelection
        from pygen_runtime.errors import ConfigError

        try:
            ViewSelection(include=value or ("*",))
        except ConfigError as exc:
            raise ValueError(str(exc).partition(": ")[2]) from None
        return value

    @field_validator("language", mode="before")
    @classmethod
    def _known_languages(cls, value: Any) -> tuple[str, ...]:
        from pygen.targets import resolve_languages
        from pygen_runtime.errors import ConfigError

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

"""``PygenConfig``: the layout of ``pygen.yaml`` (and of ``[tool.pygen]`` in pyproject.toml).

Three sections, as the specification writes them: ``client`` (where CDF is and how to reach
it), ``generation`` (what to write and how) and ``model`` (which data model: one mapping or a
list of them). Every key has one default, here; ``docs/config.md`` lists them all with their
environment variables. Reading files, the environment and command-line overrides, with their
precedence, is :mod:`pygen.config.loading`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .generator import GeneratorConfig

__all__ = [
    "GENERATOR_KEYS",
    "ClientSettings",
    "CredentialSettings",
    "FeatureSettings",
    "GenerationSettings",
    "ModelSource",
    "NamingSettings",
    "PygenConfig",
    "StyleSettings",
]

_REFERENCE = re.compile(r"(env:[A-Za-z_][A-Za-z0-9_]*|file:.+|aws:[^\s]+|azure:[^/\s]+/[^/\s]+)")
REFERENCE_FORMS = "env:VAR, file:PATH, aws:NAME or azure:VAULT/NAME"
"""The forms a credential reference takes (the value itself is never in the file)."""


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CredentialSettings(_Section):
    """Where each credential comes from: references, never the secrets themselves.

    Each value is ``env:VAR`` (an environment variable), ``file:PATH`` (a file's text),
    ``aws:NAME`` (AWS Secrets Manager) or ``azure:VAULT/NAME`` (Azure Key Vault). Left out, the
    client reads ``CDF_TOKEN`` or ``CDF_CLIENT_ID``/``CDF_CLIENT_SECRET``/``CDF_TOKEN_URL``/
    ``CDF_SCOPES`` from the environment.
    """

    token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    token_url: str | None = None
    scopes: str | None = None

    @field_validator("*")
    @classmethod
    def _is_reference(cls, value: str | None) -> str | None:
        if value is not None and not _REFERENCE.fullmatch(value):
            raise ValueError(
                f"a credential is a reference ({REFERENCE_FORMS}), never the secret itself; "
                f"got {_shown(value)}"
            )
        return value


def _shown(value: str) -> str:
    """A value that may be a secret, shown without giving it away."""
    return f"a {len(value)}-character value" if len(value) > 4 else repr(value)


class ClientSettings(_Section):
    """How to reach CDF (``client:``)."""

    base_url: str | None = None
    project: str | None = None
    timeout: float = Field(30.0, gt=0, le=3600)
    max_retries: int = Field(10, ge=0, le=100)
    credentials: CredentialSettings = Field(default_factory=CredentialSettings)


class NamingSettings(_Section):
    """How generated names are cased (``generation.naming:``)."""

    class_format: Literal["PascalCase", "camelCase", "snake_case"] = "PascalCase"
    method_format: Literal["snake_case", "camelCase"] = "snake_case"
    property_format: Literal["snake_case", "camelCase"] = "snake_case"


class StyleSettings(_Section):
    """Layout of the generated code (``generation.style:``)."""

    line_length: int = Field(88, ge=40, le=200)
    indent: str = "    "

    @field_validator("indent", mode="before")
    @classmethod
    def _indent_text(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = " " * value  # ``indent: 4`` means four spaces
        if isinstance(value, str) and not (value == "\t" or (value and set(value) == {" "})):
            raise ValueError(f"indent is spaces or one tab, e.g. '    ' or 4; got {value!r}")
        return value


class FeatureSettings(_Section):
    """What goes into the generated code besides the code (``generation.features:``)."""

    docstrings: bool = True
    type_hints: bool = True
    examples: bool = False

    @field_validator("type_hints")
    @classmethod
    def _typed(cls, value: bool) -> bool:
        if not value:
            raise ValueError(
                "pygen always emits typed code (the generated SDK is checked with "
                "mypy --strict / tsc --strict, and its runtime reads the annotations); "
                "remove type_hints or set it to true"
            )
        return value


class GenerationSettings(_Section):
    """What to generate and where (``generation:``)."""

    output_dir: Path = Path("generated")
    language: str | list[str] = "python"
    package_name: str | None = None
    client_name: str | None = None
    layout: Literal["package", "single-file"] = "package"
    format: Literal["none", "black"] = "none"
    strict: bool = False
    workers: int | None = Field(None, ge=1, le=64)
    naming: NamingSettings = Field(default_factory=NamingSettings)
    style: StyleSettings = Field(default_factory=StyleSettings)
    features: FeatureSettings = Field(default_factory=FeatureSettings)

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str | list[str]) -> str | list[str]:
        from pygen.targets import resolve_languages
        from pygen_runtime.errors import ConfigError

        try:
            resolve_languages(value)  # names the registry knows (``all`` included)
        except ConfigError as exc:
            raise ValueError(str(exc)) from None
        return value


class ModelSource(_Section):
    """One data model (``model:``): from CDF (space, external_id, version) or a model file.

    Attributes:
        space: The data model's space in CDF.
        external_id: The data model's externalId.
        version: Its version; ``None``: not given.
        include_views: Views to generate (externalIds; ``*`` for all).
        exclude_views: Views to leave out.
        file: A model file (JSON or YAML, a data model with inline views) instead of CDF.
    """

    space: str | None = None
    external_id: str | None = None
    version: str | None = None
    include_views: list[str] = Field(default_factory=lambda: ["*"])
    exclude_views: list[str] = Field(default_factory=list)
    file: Path | None = None

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # ``version: 1`` is the version "1"
        if isinstance(value, float):
            raise ValueError(f"a version is text: quote it ('{value}' loses digits as a number)")
        return value

    @field_validator("include_views", "exclude_views", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_source(self) -> ModelSource:
        remote = self.space is not None or self.external_id is not None
        if self.file is not None and (remote or self.version is not None):
            raise ValueError("give either file or space/external_id/version, not both")
        if remote and (self.space is None or self.external_id is None):
            missing = "external_id" if self.external_id is None else "space"
            raise ValueError(f"space and external_id go together; add {missing}")
        return self

    @property
    def is_file(self) -> bool:
        """Whether the model comes from a file."""
        return self.file is not None

    @property
    def is_empty(self) -> bool:
        """Whether neither a file nor a CDF model is given."""
        return self.file is None and self.space is None


class PygenConfig(BaseModel):
    """The whole ``pygen.yaml``: ``client``, ``generation`` and ``model``.

    ``model`` is a list; a single mapping in the file is read as a one-element list.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    client: ClientSettings = Field(default_factory=ClientSettings)
    generation: GenerationSettings = Field(default_factory=GenerationSettings)
    model: list[ModelSource] = Field(default_factory=list)

    @field_validator("model", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, dict) else value

    @classmethod
    def from_file(cls, path: str | Path) -> PygenConfig:
        """Read a ``pygen.yaml`` (or ``.json``, or ``pyproject.toml``'s ``[tool.pygen]``).

        Only the file: no environment, no defaults beyond the schema's.

        Raises:
            ConfigError: unreadable, an unknown key (named with its path, the line and the
                closest valid key) or an invalid value.
        """
        from .loading import read_file

        return read_file(Path(path))

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str = "configuration") -> PygenConfig:
        """Validate ``data`` (the layout of ``pygen.yaml``); errors name ``source``.

        Raises:
            ConfigError: an unknown key or an invalid value.
        """
        from .loading import validate_layers

        return validate_layers([(data, source, None)])

    def generator_config(self) -> GeneratorConfig:
        """The settings of one generation run, from ``generation``.

        Raises:
            pydantic.ValidationError: a value the generator refuses (a package name that is
                not an identifier, an indent Python cannot have); :func:`load_config` reports
                it at the key (:data:`GENERATOR_KEYS`).
        """
        values: dict[str, Any] = {}
        for name, path in GENERATOR_KEYS.items():
            value: Any = self
            for step in path.split("."):
                value = getattr(value, step)
            values[name] = value
        return GeneratorConfig(**values)


GENERATOR_KEYS: dict[str, str] = {
    "language": "generation.language",
    "package_name": "generation.package_name",
    "client_name": "generation.client_name",
    "line_length": "generation.style.line_length",
    "indent": "generation.style.indent",
    "docstrings": "generation.features.docstrings",
    "examples": "generation.features.examples",
    "format": "generation.format",
    "strict": "generation.strict",
    "layout": "generation.layout",
    "workers": "generation.workers",
    "class_format": "generation.naming.class_format",
    "method_format": "generation.naming.method_format",
    "property_format": "generation.naming.property_format",
}
"""Each :class:`GeneratorConfig` field and the pygen.yaml key it comes from."""

"""The service's request and response bodies (pydantic). ``/openapi.json`` is built from them.

A data model comes inline (``model``: the model-file JSON, what CDF returns for a data model
with ``inlineViews=true``) or by reference (``space``, ``external_id``, ``version``,
``cdf_url``, ``project``, ``cdf_credentials``, as the specification's ``GenerateRequest``).
Credentials are :class:`~pydantic.SecretStr`: they print as ``**********`` and are never part
of a dump the service stores.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from pygen.config.project import NamingSettings

__all__ = [
    "CdfCredentials",
    "ErrorResponse",
    "GenerateRequest",
    "GenerationOptions",
    "HealthResponse",
    "Issue",
    "JobResponse",
    "JobStatus",
    "ModelRequest",
    "ValidateResponse",
    "VersionResponse",
]

JobStatus = Literal["queued", "processing", "completed", "failed"]
OutputFormat = Literal["zip", "tarball", "code"]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CdfCredentials(_Body):
    """How to reach CDF for a model given by reference: a ``token``, or OAuth client
    credentials (``client_id``, ``client_secret``, ``token_url``, ``scopes``). Used in memory
    for the request that sends them, never stored."""

    token: SecretStr | None = None
    client_id: str | None = None
    client_secret: SecretStr | None = None
    token_url: str | None = None
    scopes: str | None = None
    audience: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> CdfCredentials:
        oauth = (self.client_id, self.client_secret, self.token_url, self.scopes)
        if self.token is None and not all(value is not None for value in oauth):
            raise ValueError("give token, or all of client_id, client_secret, token_url and scopes")
        return self


class GenerationOptions(_Body):
    """What to generate: names, the views to keep and how names are cased."""

    package_name: str | None = Field(None, max_length=200)
    client_name: str | None = Field(None, max_length=200)
    include_views: list[str] = Field(default_factory=list, max_length=1000)
    exclude_views: list[str] = Field(default_factory=list, max_length=1000)
    naming: NamingSettings = Field(default_factory=NamingSettings)
    docstrings: bool = True
    layout: Literal["package", "single-file"] = "package"
    strict: bool = False


class ModelRequest(_Body):
    """A data model, inline or by reference, and the languages whose names are checked."""

    model: dict[str, Any] | None = Field(
        None, description="The data model inline: the model-file JSON (views inlined)."
    )
    space: str | None = Field(None, max_length=43)
    external_id: str | None = Field(None, max_length=255)
    version: str | None = Field(None, max_length=43, description="Default: the latest.")
    cdf_url: str | None = Field(
        None, max_length=2000, description="CDF's base URL; must be on the service's allow-list."
    )
    project: str | None = Field(None, max_length=255)
    cdf_credentials: CdfCredentials | None = None
    language: list[str] = Field(
        default_factory=lambda: ["python"],
        description="Target languages: a name (python, typescript), a list, or 'all'.",
    )
    options: GenerationOptions = Field(default_factory=GenerationOptions)

    @field_validator("language", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_source(self) -> ModelRequest:
        reference = (self.space, self.external_id, self.cdf_url, self.project)
        if self.model is not None:
            if any(value is not None for value in (*reference, self.cdf_credentials)):
                raise ValueError(
                    "give the model inline (model) or by reference (space, external_id, "
                    "cdf_url, project, cdf_credentials), not both"
                )
            return self
        missing = [
            name
            for name, value in zip(
                ("space", "external_id", "cdf_url", "project", "cdf_credentials"),
                (*reference, self.cdf_credentials),
                strict=True,
            )
            if value is None
        ]
        if missing:
            raise ValueError(
                "give the model inline (model) or by reference; missing: " + ", ".join(missing)
            )
        return self


class GenerateRequest(ModelRequest):
    """``POST /generate``: a model, the languages and the archive format."""

    output_format: OutputFormat = Field(
        "zip", description="zip, tarball (.tar.gz) or code (JSON: path -> text)."
    )


class Issue(_Body):
    """One validation issue, as ``pygen validate --format json`` prints it."""

    code: str
    severity: Literal["error", "warning", "info"]
    message: str
    location: str
    suggestion: str | None = None
    can_auto_fix: bool = False


class JobResponse(_Body):
    """A generation job: its status, issues, timings and, once completed, where to download."""

    job_id: str
    status: JobStatus
    created_at: float
    started_at: float | None = None
    finished_at: float | None = None
    expires_at: float | None = None
    attempts: int = 0
    output_format: OutputFormat
    language: list[str]
    warnings: list[Issue] = Field(default_factory=list)
    errors: list[Issue] = Field(default_factory=list)
    reason: str | None = Field(None, description="Why the job failed, in one line.")
    timings: dict[str, float] = Field(default_factory=dict)
    download_url: str | None = None
    cached: bool = Field(False, description="True when a finished job answered a repeat.")


class ValidateResponse(_Body):
    """``POST /validate``: what ``pygen validate --format json`` prints."""

    model: str | None
    valid: bool
    strict: bool
    counts: dict[str, int]
    issues: list[Issue]


class HealthResponse(_Body):
    """``GET /health``: ``ok`` when the job store and the queue answer."""

    status: Literal["ok", "unavailable"]
    job_store: str
    queue: str


class VersionResponse(_Body):
    """``GET /version``."""

    version: str
    supported_languages: list[str]
    output_formats: list[str]
    queue: str


class ErrorResponse(_Body):
    """Every 4xx/5xx body: one message naming the field or the fix."""

    error: str

"""The exception hierarchy of pygen.

Every error pygen raises on purpose derives from :class:`PygenError`, so callers can catch one
type. Messages name the place (file, path, request) and, where there is one, the fix.
Credentials never appear in a message: the HTTP layer redacts them before an error is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "APIError",
    "AccessDeniedError",
    "AuthenticationError",
    "ClientError",
    "ConfigError",
    "ConnectionFailedError",
    "EmitError",
    "GenerationError",
    "ParseError",
    "PygenError",
    "RateLimitError",
    "RequestTimeoutError",
    "ResourceNotFoundError",
    "ResponseTooLargeError",
    "RuntimeVersionError",
    "TransportError",
    "ValidationError",
]


class PygenError(Exception):
    """Base class of every error raised by pygen."""


class ConfigError(PygenError):
    """A setting is missing or invalid (pygen.yaml, environment variables, CLI flags)."""


class RuntimeVersionError(PygenError, ImportError):
    """A generated SDK was imported with a ``cdf-pygen-runtime`` outside the range it was
    generated for (raised when the SDK is imported; the message says what to install)."""


class ClientError(PygenError):
    """The CDF client could not complete a request (network, protocol, or API error)."""


class TransportError(ClientError):
    """A request got no complete answer: it could not connect, timed out, or the body failed.

    The message names the URL (without credentials), the attempts made, the time spent and the
    setting that would change the outcome.

    Attributes:
        method: The HTTP method.
        url: The request URL, with credentials and secret query values redacted.
        attempts: How many attempts were made.
        elapsed: Seconds spent on the request, retries and waits included.
    """

    def __init__(
        self, message: str, *, method: str, url: str, attempts: int, elapsed: float
    ) -> None:
        self.method = method
        self.url = url
        self.attempts = attempts
        self.elapsed = elapsed
        super().__init__(message)


class ConnectionFailedError(TransportError):
    """No connection could be made: refused, unknown host, unreachable, a failed TLS handshake."""


class RequestTimeoutError(TransportError):
    """An attempt timed out (read, write, pool wait) or ran past the request deadline."""


class ResponseTooLargeError(TransportError):
    """The response body grew past the client's ``max_response_size`` (reading was stopped)."""


class AuthenticationError(ClientError):
    """Credentials are missing, invalid, or a token could not be obtained."""


class APIError(ClientError):
    """The API answered with an error status.

    Attributes:
        status_code: HTTP status of the response.
        message: The API's own message (``error.message`` of the body), or a summary.
        request_id: The ``x-request-id`` response header, when the server sent one.
        missing: Identifiers the API reported as missing (``error.missing``).
        duplicated: Identifiers the API reported as duplicated (``error.duplicated``).
        body: The decoded response body (never contains credentials).
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        request_id: str | None = None,
        method: str | None = None,
        path: str | None = None,
        missing: list[Any] | None = None,
        duplicated: list[Any] | None = None,
        body: Any = None,
    ) -> None:
        self.message = message
        self.status_code = status_code
        self.request_id = request_id
        self.method = method
        self.path = path
        self.missing = missing or []
        self.duplicated = duplicated or []
        self.body = body
        super().__init__(self._describe())

    def _describe(self) -> str:
        where = f"{self.method} {self.path}: " if self.method and self.path else ""
        text = f"{where}{self.status_code} {self.message}"
        if self.missing:
            text += f" (missing: {self.missing[:5]}{'...' if len(self.missing) > 5 else ''})"
        if self.duplicated:
            text += (
                f" (duplicated: {self.duplicated[:5]}{'...' if len(self.duplicated) > 5 else ''})"
            )
        if self.request_id:
            text += f" [request id {self.request_id}]"
        return text


class AccessDeniedError(APIError, AuthenticationError):
    """The API refused the credentials (401) or the access they grant (403).

    Both an :class:`APIError` (status, request id, body) and an :class:`AuthenticationError`, so
    ``except AuthenticationError`` catches a rejected token as well as a failed token fetch.
    """


class ResourceNotFoundError(APIError):
    """A requested resource does not exist."""


class RateLimitError(APIError):
    """The API kept answering 429 Too Many Requests after every retry."""


class GenerationError(PygenError):
    """Code generation could not complete."""


class ParseError(GenerationError):
    """A data-model file or API payload could not be read into pygen's models.

    Attributes:
        source: The file (or other origin) that was being read.
        location: The path inside the document, e.g. ``views[3].properties.foo.type``.
    """

    def __init__(self, message: str, *, source: str | None = None, location: str | None = None):
        self.source = source
        self.location = location
        super().__init__(message)


class ValidationError(GenerationError):
    """A data model has errors that stop generation (see ``pygen validate``).

    ``ValidationError(issues)`` builds its message from the issues, one ``location: message``
    line each; ``ValidationError(message, errors=issues)`` keeps a message of its own.

    Attributes:
        errors: The structured issues that stopped generation (``ValidationIssue``: code,
            severity, location, message, suggestion); empty when none were given.
    """

    def __init__(
        self, message: str | Sequence[Any] = "", *, errors: Sequence[Any] | None = None
    ) -> None:
        if not isinstance(message, str):
            errors, message = message, ""
        self.errors: list[Any] = list(errors or ())
        if not message:
            message = "\n".join(f"{issue.location}: {issue.message}" for issue in self.errors)
        super().__init__(message)


class EmitError(GenerationError):
    """A syntax tree could not be rendered or written to disk."""

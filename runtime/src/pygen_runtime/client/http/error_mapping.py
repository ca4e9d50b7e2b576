"""Turning an error response of the API into the right :class:`pygen_runtime.errors.APIError`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx

from pygen_runtime.errors import AccessDeniedError, APIError, RateLimitError, ResourceNotFoundError

from .redaction import redact_data, redact_text, request_id

__all__ = ["ErrorDetails", "error_from_response", "parse_error_body"]

# How much of a non-JSON error body is quoted in a message.
_SNIPPET_LENGTH = 300

_HINTS = {
    401: "the credentials were rejected: check the token or client credentials and the project",
    403: "the credentials lack a capability (e.g. DataModelsAcl or DataModelInstancesAcl)",
}


@dataclass
class ErrorDetails:
    """What an error body says, read leniently.

    Attributes:
        message: ``error.message``, ``error`` when it is a string, or a summary of the body.
        missing: ``error.missing``.
        duplicated: ``error.duplicated``.
        auto_retryable: ``error.isAutoRetryable``.
        body: The decoded body (JSON), the text of a non-JSON body, or ``None`` when empty.
    """

    message: str
    missing: list[Any] = field(default_factory=list)
    duplicated: list[Any] = field(default_factory=list)
    auto_retryable: bool = False
    body: Any = None


def parse_error_body(response: httpx.Response) -> ErrorDetails:
    """Read ``{"error": {"code", "message", "missing", "duplicated"}}``; tolerate anything else.

    ``error`` may be a plain string, the body may lack ``error`` or not be JSON at all; the message
    then falls back to the body text or the status reason.
    """
    reason = response.reason_phrase or f"HTTP {response.status_code}"
    text = response.text
    if not text.strip():
        return ErrorDetails(message=reason)
    try:
        body = json.loads(text)
    except ValueError:
        snippet = " ".join(text.split())[:_SNIPPET_LENGTH]
        return ErrorDetails(message=f"{reason}: {snippet}", body=text)
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        message = error.get("message")
        return ErrorDetails(
            message=str(message) if message else reason,
            missing=_as_list(error.get("missing")),
            duplicated=_as_list(error.get("duplicated")),
            auto_retryable=error.get("isAutoRetryable") is True,
            body=body,
        )
    if isinstance(error, str) and error:
        return ErrorDetails(message=error, body=body)
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return ErrorDetails(message=body["message"], body=body)
    return ErrorDetails(message=reason, body=body)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def error_from_response(
    response: httpx.Response,
    *,
    method: str,
    path: str,
    secrets: Iterable[str | None] = (),
    details: ErrorDetails | None = None,
    note: str = "",
) -> APIError:
    """Build the exception for an error response, with every credential redacted.

    ``note`` is appended to the message in parentheses (e.g. how many attempts were made). The
    request id is kept, with any secret echoed into it redacted.

    Mapping: 401/403 -> :class:`~pygen_runtime.errors.AccessDeniedError`; 429 ->
    :class:`~pygen_runtime.errors.RateLimitError`; 404, or any 4xx naming ``missing`` ids ->
    :class:`~pygen_runtime.errors.ResourceNotFoundError`; anything else -> :class:`~pygen_runtime.errors.APIError`.
    """
    known = tuple(secrets)
    details = details or parse_error_body(response)
    status = response.status_code
    message = redact_text(details.message, known)
    hint = _HINTS.get(status)
    if hint:
        message = f"{message} ({hint})"
    if note:
        message = f"{message} ({note})"
    cls: type[APIError]
    if status in (401, 403):
        cls = AccessDeniedError
    elif status == 429:
        cls = RateLimitError
    elif status == 404 or (400 <= status < 500 and details.missing):
        cls = ResourceNotFoundError
    else:
        cls = APIError
    return cls(
        message,
        status_code=status,
        request_id=request_id(response.headers, known),
        method=method,
        path=path,
        missing=redact_data(details.missing, known),
        duplicated=redact_data(details.duplicated, known),
        body=redact_data(details.body, known),
    )

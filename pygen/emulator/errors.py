"""Errors in the shape the DMS API returns: ``{"error": {"code", "message", "missing?", "duplicated?"}}``."""

from __future__ import annotations

from typing import Any

__all__ = ["DMSError", "bad_request", "error_body"]


class DMSError(Exception):
    """An API error: raised anywhere in the emulator, turned into a response by the app.

    Attributes:
        status: the HTTP status (400 invalid request, 401, 403, 404, 409 conflict ...).
        message: the text of ``error.message``.
        missing: identifiers that do not exist (``error.missing``).
        duplicated: identifiers that conflict (``error.duplicated``).
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        missing: list[dict[str, Any]] | None = None,
        duplicated: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.missing = missing or []
        self.duplicated = duplicated or []

    def body(self) -> dict[str, Any]:
        """Return the JSON response body."""
        return error_body(
            self.status, self.message, missing=self.missing, duplicated=self.duplicated
        )


def error_body(
    status: int,
    message: str,
    *,
    missing: list[dict[str, Any]] | None = None,
    duplicated: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Build ``{"error": {...}}``; empty ``missing``/``duplicated`` lists are left out."""
    error: dict[str, Any] = {"code": status, "message": message}
    if missing:
        error["missing"] = missing
    if duplicated:
        error["duplicated"] = duplicated
    return {"error": error}


def bad_request(message: str, *, missing: list[dict[str, Any]] | None = None) -> DMSError:
    """A 400 error (the status DMS uses for every invalid request)."""
    return DMSError(400, message, missing=missing)

"""Errors the service answers with: a status and one message naming the field or the fix."""

from __future__ import annotations

from typing import Any

import pydantic

__all__ = ["ServiceError", "from_validation_error"]


class ServiceError(Exception):
    """An answer other than 2xx: ``status``, a ``message`` and extra headers."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def _place(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for step in loc:
        if isinstance(step, int):
            parts.append(f"[{step}]")
        else:
            parts.append(f".{step}" if parts else str(step))
    return "".join(parts) or "body"


def from_validation_error(exc: pydantic.ValidationError) -> ServiceError:
    """A 422 naming each field pydantic refused (its input is never echoed: it may hold a
    secret)."""
    lines = []
    for error in exc.errors()[:5]:
        place = _place(tuple(step for step in error["loc"] if step not in ("function-after",)))
        lines.append(f"{place}: {error['msg']}")
    more = exc.error_count() - len(lines)
    if more > 0:
        lines.append(f"... and {more} more")
    return ServiceError(422, "invalid request: " + "; ".join(lines))

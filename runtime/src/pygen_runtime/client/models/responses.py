"""Envelopes of list responses."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import Field

from ._base import DMSModel

__all__ = ["ListResponse"]

T = TypeVar("T")


class ListResponse(DMSModel, Generic[T]):
    """``{"items": [...], "nextCursor": ...}``: one page of a list endpoint."""

    items: list[T] = Field(default_factory=list)
    next_cursor: str | None = None

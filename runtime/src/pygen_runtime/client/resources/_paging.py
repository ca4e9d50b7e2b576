"""Reading list responses: lazy cursor pagination, batching, and typed parsing of items."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import pydantic

from pygen_runtime.errors import ClientError, ParseError

__all__ = [
    "MAX_PAGE_SIZE",
    "check_limit",
    "chunks",
    "iterate_pages",
    "parse_item",
    "response_items",
]

T = TypeVar("T")

MAX_PAGE_SIZE = 1000
"""The largest ``limit`` a list request accepts."""


def chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    """Yield consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def check_limit(limit: int | None) -> None:
    """Reject a negative ``limit`` (``None`` means no limit)."""
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be >= 0 or None (everything), got {limit}")


def response_items(payload: Any, where: str) -> list[Any]:
    """Return ``payload["items"]``, or raise a ClientError naming the request."""
    items = payload.get("items") if isinstance(payload, dict) else None
    if not isinstance(items, list):
        raise ClientError(
            f"{where}: expected a JSON object with an 'items' list, got {type(payload).__name__}"
        )
    return items


def parse_item(parse: Callable[[Any], T], raw: Any, where: str, index: int) -> T:
    """Validate one response item; a failure becomes a ParseError naming request and location."""
    try:
        return parse(raw)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        location = ".".join(str(part) for part in (f"items[{index}]", *first["loc"]))
        raise ParseError(
            f"{where}: the API returned an item pygen cannot read: {location}: {first['msg']}"
            f"{f' (and {exc.error_count() - 1} more problems)' if exc.error_count() > 1 else ''}",
            source=where,
            location=location,
        ) from None


def iterate_pages(
    fetch_page: Callable[[int, str | None], Any],
    parse: Callable[[Any], T],
    *,
    limit: int | None,
    where: str,
    max_page_size: int = MAX_PAGE_SIZE,
) -> Iterator[T]:
    """Yield parsed items page by page, following ``nextCursor``; fetch a page only when needed.

    Args:
        fetch_page: ``(page_size, cursor) -> decoded response``; called lazily.
        parse: Turns one raw item into its typed form.
        limit: Stop after this many items; ``None`` follows cursors to the end.
        where: ``METHOD /path`` for error messages.
        max_page_size: The API's maximum ``limit``; the page size is ``min(remaining, this)``.
    """
    check_limit(limit)  # here, not on the first next(): a bad argument fails at the call
    return _pages(fetch_page, parse, limit, where, max_page_size)


def _pages(
    fetch_page: Callable[[int, str | None], Any],
    parse: Callable[[Any], T],
    limit: int | None,
    where: str,
    max_page_size: int,
) -> Iterator[T]:
    remaining = limit
    cursor: str | None = None
    while remaining is None or remaining > 0:
        page_size = max_page_size if remaining is None else min(remaining, max_page_size)
        payload = fetch_page(page_size, cursor)
        for index, raw in enumerate(response_items(payload, where)[:page_size]):
            yield parse_item(parse, raw, where, index)
            if remaining is not None:
                remaining -= 1
        next_cursor = payload.get("nextCursor")
        if not next_cursor:
            return
        if not isinstance(next_cursor, str) or next_cursor == cursor:
            raise ClientError(f"{where}: the API returned an unusable nextCursor {next_cursor!r}")
        cursor = next_cursor

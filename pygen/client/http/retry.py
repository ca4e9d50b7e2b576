"""When to retry a request and how long to wait: exponential backoff with full jitter."""

from __future__ import annotations

import email.utils
import math
import random
from dataclasses import dataclass, field
from datetime import timezone

import httpx

from pygen.errors import ConfigError

__all__ = [
    "RETRYABLE_EXCEPTIONS",
    "RETRY_STATUSES",
    "RetryPolicy",
    "parse_retry_after",
]

RETRY_STATUSES = frozenset({408, 429, 502, 503, 504})
"""Statuses retried by default: request timeout, throttling, and gateway/availability errors."""

RETRYABLE_EXCEPTIONS: tuple[type[httpx.HTTPError], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)
"""Transport failures retried: timeouts, connection/read/write errors, dropped connections."""

# 2**30 * backoff_base is far beyond any sensible cap; keeps the power from overflowing a float.
_MAX_EXPONENT = 30


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry.

    Attributes:
        max_retries: Retries after the first attempt (``0`` disables retrying).
        backoff_base: Seconds; the n-th retry waits ``uniform(0, min(max_backoff, base * 2**n))``.
        max_backoff: Upper bound of one backoff wait, in seconds.
        max_retry_after: Upper bound applied to a server's ``Retry-After``, in seconds.
        statuses: Response statuses that are retried.
    """

    max_retries: int = 10
    backoff_base: float = 0.5
    max_backoff: float = 60.0
    max_retry_after: float = 60.0
    statuses: frozenset[int] = field(default=RETRY_STATUSES)

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ConfigError(f"max_retries must be >= 0, got {self.max_retries}")
        if min(self.backoff_base, self.max_backoff, self.max_retry_after) < 0:
            raise ConfigError("backoff_base, max_backoff and max_retry_after must be >= 0")

    def is_retryable_status(self, response: httpx.Response) -> bool:
        """True for a status in :attr:`statuses` or a response marked ``cdf-is-auto-retryable``."""
        if response.status_code in self.statuses:
            return True
        marker = response.headers.get("cdf-is-auto-retryable", "")
        return marker.strip().lower() in ("1", "true", "yes")

    def backoff(self, retry_number: int, rng: random.Random) -> float:
        """Full-jitter exponential backoff for the ``retry_number``-th retry (0-based)."""
        ceiling = min(self.max_backoff, self.backoff_base * 2 ** min(retry_number, _MAX_EXPONENT))
        return rng.uniform(0.0, ceiling)

    def delay(self, retry_number: int, retry_after: float | None, rng: random.Random) -> float:
        """The wait before the next attempt: ``Retry-After`` (capped) when given, else backoff."""
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        return self.backoff(retry_number, rng)


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number of seconds or an HTTP date.

    Args:
        value: The header value, or ``None`` when absent.
        now: The current time as a POSIX timestamp (for the HTTP-date form).

    Returns:
        A non-negative number of seconds, or ``None`` when the header is absent or unreadable.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:  # RFC 9110 dates are GMT; "-0000" parses without a zone
            when = when.replace(tzinfo=timezone.utc)
        return max(0.0, when.timestamp() - now)
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)

"""When to retry a request and how long to wait: exponential backoff with full jitter, bounded
by a number of retries and by time budgets."""

from __future__ import annotations

import email.utils
import math
import random
import socket
import ssl
from dataclasses import dataclass, field
from datetime import timezone

import httpx

from pygen_runtime.errors import ConfigError

__all__ = [
    "DEFAULT_CONNECT_RETRY_BUDGET",
    "DEFAULT_RETRY_BUDGET",
    "RETRYABLE_EXCEPTIONS",
    "RETRY_STATUSES",
    "RetryPolicy",
    "is_connect_failure",
    "is_retryable_exception",
    "is_tls_failure",
    "is_unknown_host",
    "parse_retry_after",
]

DEFAULT_RETRY_BUDGET = 120.0
"""Seconds after the start of a call beyond which no retry is started."""

DEFAULT_CONNECT_RETRY_BUDGET = 5.0
"""Seconds a run of failed connection attempts is retried before the call gives up."""

RETRY_STATUSES = frozenset({408, 429, 502, 503, 504})
"""Statuses retried by default: request timeout, throttling, and gateway/availability errors."""

RETRYABLE_EXCEPTIONS: tuple[type[httpx.HTTPError], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)
"""Transport failures retried: timeouts, connection/read/write errors, dropped connections.

A failed TLS handshake is a :class:`httpx.ConnectError` too, but is never retried: see
:func:`is_retryable_exception`."""

CONNECT_EXCEPTIONS: tuple[type[httpx.HTTPError], ...] = (httpx.ConnectError, httpx.ConnectTimeout)
"""Failures to open a connection; they are retried within the connect retry budget."""

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
        retry_budget: Seconds from the start of a call: a retry whose wait would end later is
            not made, the call fails instead.
        connect_retry_budget: Seconds from the first of a run of failed connection attempts
            (refused, unreachable, connect timeout): a retry whose wait would end later is not
            made. Keeps an unreachable API from being retried for minutes.
    """

    max_retries: int = 10
    backoff_base: float = 0.5
    max_backoff: float = 60.0
    max_retry_after: float = 60.0
    statuses: frozenset[int] = field(default=RETRY_STATUSES)
    retry_budget: float = DEFAULT_RETRY_BUDGET
    connect_retry_budget: float = DEFAULT_CONNECT_RETRY_BUDGET

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ConfigError(f"max_retries must be >= 0, got {self.max_retries}")
        for name in (
            "backoff_base",
            "max_backoff",
            "max_retry_after",
            "retry_budget",
            "connect_retry_budget",
        ):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
                raise ConfigError(f"{name} must be a number of seconds >= 0, got {value!r}")

    def blocking_limit(
        self, retries: int, elapsed: float, wait: float, connect_elapsed: float | None = None
    ) -> str | None:
        """The setting that forbids another retry, or ``None`` when one may be made.

        Args:
            retries: Retries made so far in this call.
            elapsed: Seconds since the call started.
            wait: Seconds the retry would wait first.
            connect_elapsed: Seconds since the first of the current run of failed connection
                attempts, when the last attempt failed to connect; ``None`` otherwise.

        Returns:
            ``"max_retries"``, ``"connect_retry_budget"``, ``"retry_budget"`` or ``None``.
        """
        if retries >= self.max_retries:
            return "max_retries"
        if connect_elapsed is not None and connect_elapsed + wait > self.connect_retry_budget:
            return "connect_retry_budget"
        if elapsed + wait > self.retry_budget:
            return "retry_budget"
        return None

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


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it was raised from (``__cause__`` / ``__context__``)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def is_tls_failure(exc: BaseException) -> bool:
    """True when ``exc`` comes from a failed TLS handshake (certificate, protocol, cipher)."""
    return any(
        isinstance(cause, ssl.SSLError)
        and not isinstance(cause, ssl.SSLEOFError | ssl.SSLZeroReturnError)
        for cause in _causes(exc)
    )


def is_unknown_host(exc: BaseException) -> bool:
    """True when name resolution answered that the host does not exist (``EAI_NONAME``).

    A temporary resolver failure (``EAI_AGAIN``) is not an unknown host: it is retried.
    """
    return any(
        isinstance(cause, socket.gaierror) and cause.errno == socket.EAI_NONAME
        for cause in _causes(exc)
    )


def is_connect_failure(exc: BaseException) -> bool:
    """True when ``exc`` means no connection was opened (refused, unknown host, timeout)."""
    return isinstance(exc, CONNECT_EXCEPTIONS)


def is_retryable_exception(exc: BaseException) -> bool:
    """True for transient transport failures; false for what retrying cannot fix.

    Retried: timeouts, refused or dropped connections, read/write errors. Not retried: a failed
    TLS handshake, a host name that does not exist, an invalid URL or unsupported scheme, and
    every other error.
    """
    return (
        isinstance(exc, RETRYABLE_EXCEPTIONS)
        and not is_tls_failure(exc)
        and not is_unknown_host(exc)
    )


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

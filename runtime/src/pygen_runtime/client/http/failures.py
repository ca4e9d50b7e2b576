"""The bookkeeping of one call's attempts, and the messages of a call that gives up.

Every message names the request (method and redacted URL), the attempts made, the time spent,
and the setting to change when the outcome should differ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

import httpx

from pygen_runtime.errors import (
    ConnectionFailedError,
    RequestTimeoutError,
    ResponseTooLargeError,
    TransportError,
)

from .bounded_read import BodyTooLarge, DeadlineExceeded
from .redaction import redact_text, redact_url
from .retry import RetryPolicy, is_connect_failure, is_tls_failure, is_unknown_host

__all__ = ["Call", "give_up_note", "too_large_error", "transport_error"]

_LIMIT_HINTS = {
    "max_retries": "max_retries={value} reached; raise max_retries to retry more often",
    "retry_budget": (
        "the next retry, after a {wait:.1f} s wait, would pass retry_budget={value:g} s; raise "
        "retry_budget to keep trying longer"
    ),
    "connect_retry_budget": (
        "the next retry, after a {wait:.1f} s wait, would pass connect_retry_budget={value:g} s; "
        "raise connect_retry_budget to keep trying to connect longer"
    ),
}


@dataclass
class Call:
    """The state of one call of ``HTTPClient.request`` across its attempts.

    Attributes:
        method: The HTTP method.
        raw_url: The request URL as sent (never shown; see :attr:`url`).
        secrets: Returns the values to redact from the URL (read when the URL is shown).
        started: Clock reading when the call began.
        attempts: Attempts started so far.
        retries: Retries made so far (attempts after a retryable failure).
        connect_since: Clock reading at the start of the current run of failed connection
            attempts; ``None`` when the last attempt connected.
    """

    method: str
    raw_url: str = field(repr=False)
    secrets: Callable[[], tuple[str, ...]] = field(repr=False)
    started: float
    attempts: int = 0
    retries: int = 0
    connect_since: float | None = None

    @cached_property
    def url(self) -> str:
        """The URL for messages: credentials redacted, non-printable characters escaped.

        Computed on first use, so a call that succeeds at once pays nothing for it.
        """
        url = self.raw_url
        if not url.isprintable():
            url = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in url)
        return redact_url(url, self.secrets())

    @property
    def name(self) -> str:
        """``METHOD url``, the way messages name the request."""
        return f"{self.method} {self.url}"


def give_up_note(
    call: Call, elapsed: float, limit: str | None, policy: RetryPolicy, wait: float = 0.0
) -> str:
    """``gave up after N attempts in S s; <which limit, and how to change it>``.

    ``wait`` is the wait the refused retry would have started with.
    """
    attempts = f"{call.attempts} attempt{'s' if call.attempts != 1 else ''}"
    text = f"gave up after {attempts} in {elapsed:.1f} s"
    if limit is not None:
        text += "; " + _LIMIT_HINTS[limit].format(value=getattr(policy, limit), wait=wait)
    return text


def transport_error(
    call: Call,
    exc: httpx.HTTPError | DeadlineExceeded,
    *,
    elapsed: float,
    limit: str | None,
    retryable: bool,
    policy: RetryPolicy,
    wait: float,
    timeout: float,
    deadline: float,
    secrets: Iterable[str | None],
) -> TransportError:
    """The error of a call that ends with a transport failure.

    Args:
        call: The call.
        exc: The last failure.
        elapsed: Seconds spent on the call.
        limit: The setting that stopped the retries (``None`` when ``exc`` is not retryable).
        retryable: Whether ``exc`` is a kind of failure that is retried.
        policy: The retry policy (for the limit's value).
        wait: The wait the refused retry would have started with.
        timeout: The effective per-read timeout, for the hint of a read timeout.
        deadline: The request deadline, for the hint of a deadline.
        secrets: Values to redact from the exception's text.
    """
    cls: type[TransportError]
    if isinstance(exc, DeadlineExceeded):
        cls = RequestTimeoutError
        what = (
            f"the response was not complete within request_deadline={deadline:g} s "
            f"({exc.received} bytes received; raise request_deadline for slow responses)"
        )
    elif is_tls_failure(exc):
        cls = ConnectionFailedError
        what = (
            f"the TLS handshake failed ({_describe(exc, secrets)}); check the URL and the "
            "server's certificate (a private CA goes in SSL_CERT_FILE)"
        )
    elif is_unknown_host(exc):
        cls = ConnectionFailedError
        what = (
            f"the host does not exist ({_describe(exc, secrets)}); check the URL (for CDF, "
            "https://<cluster>.cognitedata.com)"
        )
    elif is_connect_failure(exc):
        cls = ConnectionFailedError
        what = f"could not connect ({_describe(exc, secrets)}); check the URL and the network"
    elif isinstance(exc, httpx.TimeoutException):
        cls = RequestTimeoutError
        what = (
            f"timed out ({_describe(exc, secrets)}; each read, write or pool wait may take "
            f"{timeout:g} s: raise timeout, which request_deadline caps)"
        )
    else:
        cls = TransportError
        what = _describe(exc, secrets)
    if retryable:
        note = give_up_note(call, elapsed, limit, policy, wait)
    else:
        note = f"not retried (retrying cannot fix it), {elapsed:.1f} s"
    return cls(
        f"{call.name}: {what}; {note}",
        method=call.method,
        url=call.url,
        attempts=call.attempts,
        elapsed=elapsed,
    )


def too_large_error(
    call: Call, exc: BodyTooLarge, *, elapsed: float, max_size: int
) -> ResponseTooLargeError:
    """The error of a response whose body passed ``max_response_size``."""
    how = "declares" if exc.declared else "passed"
    return ResponseTooLargeError(
        f"{call.name}: the response body {how} {exc.received} bytes, more than "
        f"max_response_size={max_size}; reading was stopped (raise max_response_size, or ask "
        f"for less, e.g. a smaller limit)",
        method=call.method,
        url=call.url,
        attempts=call.attempts,
        elapsed=elapsed,
    )


def _describe(exc: BaseException, secrets: Iterable[str | None]) -> str:
    detail = redact_text(str(exc), secrets)
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__

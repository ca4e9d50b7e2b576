"""HTTPClient: the httpx wrapper every CDF request goes through.

It owns the project URL prefix, the standard headers, authorization, gzip request bodies,
retries with backoff within time budgets, a deadline and a size bound per response, rate
limiting, logging with redaction, and the mapping of error responses to :mod:`pygen_runtime.errors`.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from pygen_runtime import __version__
from pygen_runtime.errors import ClientError, ConfigError

from .bounded_read import BodyTooLarge, DeadlineExceeded, buffered, read_body
from .encoding import DEFAULT_GZIP_THRESHOLD, Params, encode_json_body, encode_params
from .error_mapping import error_from_response, parse_error_body
from .failures import Call, give_up_note, too_large_error, transport_error
from .rate_limit import TokenBucket
from .redaction import redact_text, redact_url, request_id
from .retry import (
    DEFAULT_CONNECT_RETRY_BUDGET,
    DEFAULT_RETRY_BUDGET,
    RetryPolicy,
    is_connect_failure,
    is_retryable_exception,
    parse_retry_after,
)

if TYPE_CHECKING:
    from pygen_runtime.client.auth.base import Credentials

__all__ = [
    "API_VERSION",
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_REQUEST_DEADLINE",
    "HTTPClient",
]

API_VERSION = "20230101"
"""The value of the ``cdf-version`` header."""

DEFAULT_CONNECT_TIMEOUT = 10.0
"""Seconds to open a connection (capped by ``timeout``)."""

DEFAULT_REQUEST_DEADLINE = 120.0
"""Seconds one attempt may take, from sending the request to the last byte of the response."""

DEFAULT_MAX_RESPONSE_SIZE = 256 * 1024 * 1024
"""Bytes a (decoded) response body may have; reading stops beyond it."""

logger = logging.getLogger("pygen_runtime.client.http")

# How much of a malformed response body is quoted in the error.
_SNIPPET_LENGTH = 200


class HTTPClient:
    """A synchronous, thread-safe client of one CDF project's API.

    Callers pass paths relative to ``{base_url}/api/v1/projects/{project}``, e.g.
    ``client.get("/models/spaces")``.

    Args:
        base_url: The cluster URL, e.g. ``https://api.cognitedata.com`` (or the local emulator).
        project: The CDF project.
        credentials: Supplies the ``Authorization`` header before every attempt; ``None`` sends
            no ``Authorization`` (e.g. for an emulator without auth).
        timeout: Seconds for each read, write and pool wait (httpx timeouts are per operation;
            at most ``request_deadline``).
        connect_timeout: Seconds to open a connection (at most ``timeout``).
        max_retries: Retries after the first attempt, on 408/429/502/503/504 (and responses
            marked auto-retryable) and on transient transport failures.
        retry_budget: Seconds from the start of a call after which no retry is started (a
            retry whose wait would end later is not made).
        connect_retry_budget: Seconds a run of failed connection attempts (refused, unreachable,
            connect timeout) is retried.
        request_deadline: Seconds one attempt may take in all, the body included, however
            slowly it arrives. Checked whenever bytes arrive; a connection that goes silent ends
            at the next read timeout, so an attempt lasts at most ``request_deadline`` plus
            ``min(timeout, request_deadline)``.
        max_response_size: Bytes a decoded response body may have; checked while reading.
        rate_limit: Maximum requests per second across all threads (``None``: unlimited).
        connection_pool_size: Maximum open (and keep-alive) connections.
        gzip_threshold: JSON bodies above this many bytes are gzip-compressed; ``None``: never.
        backoff_base: First backoff ceiling in seconds; doubles on every retry (full jitter).
        max_backoff: Upper bound of one backoff wait.
        max_retry_after: Upper bound applied to a server's ``Retry-After``.
        headers: Extra headers sent with every request (e.g. ``x-cdp-app``).
        transport: httpx transport: ``httpx.MockTransport`` in tests, or an in-process ASGI/WSGI
            transport for the emulator.
        sleep: Sleep function used between retries and by the rate limiter (tests inject one).
        clock: Monotonic clock of the rate limiter, the budgets and the deadline (tests inject
            one).
        rng: Source of backoff jitter.
    """

    def __init__(
        self,
        base_url: str,
        project: str,
        credentials: Credentials | None,
        *,
        timeout: float = 30.0,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        max_retries: int = 10,
        retry_budget: float = DEFAULT_RETRY_BUDGET,
        connect_retry_budget: float = DEFAULT_CONNECT_RETRY_BUDGET,
        request_deadline: float = DEFAULT_REQUEST_DEADLINE,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        rate_limit: float | None = None,
        connection_pool_size: int = 10,
        gzip_threshold: int | None = DEFAULT_GZIP_THRESHOLD,
        backoff_base: float = 0.5,
        max_backoff: float = 60.0,
        max_retry_after: float = 60.0,
        headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        base = _check_base_url(base_url)
        if not project or project != project.strip() or "/" in project:
            raise ConfigError(f"project must be a non-empty name without '/', got {project!r}")
        for name, value in (
            ("timeout", timeout),
            ("connect_timeout", connect_timeout),
            ("request_deadline", request_deadline),
        ):
            if not _positive(value):
                raise ConfigError(f"{name} must be a number of seconds > 0, got {value!r}")
        if not isinstance(max_response_size, int) or max_response_size < 1:
            raise ConfigError(f"max_response_size must be bytes >= 1, got {max_response_size!r}")
        if connection_pool_size < 1:
            raise ConfigError(f"connection_pool_size must be >= 1, got {connection_pool_size}")
        self.base_url = base
        self.project = project
        self.api_url = f"{base}/api/v1/projects/{quote(project, safe='')}"
        self.credentials = credentials
        self.gzip_threshold = gzip_threshold
        self.timeout = float(min(timeout, request_deadline))
        self.request_deadline = float(request_deadline)
        self.max_response_size = max_response_size
        self.retry_policy = RetryPolicy(
            max_retries=max_retries,
            backoff_base=backoff_base,
            max_backoff=max_backoff,
            max_retry_after=max_retry_after,
            retry_budget=retry_budget,
            connect_retry_budget=connect_retry_budget,
        )
        self.rate_limiter = (
            TokenBucket(rate_limit, clock=clock, sleep=sleep) if rate_limit is not None else None
        )
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or random.Random()
        self._headers = {
            "cdf-version": API_VERSION,
            "x-cdp-sdk": f"pygen:{__version__}",
            "User-Agent": f"pygen/{__version__} httpx/{httpx.__version__}",
            "Accept": "application/json",
            **(headers or {}),
        }
        self._http = httpx.Client(
            base_url=self.api_url,
            # no single read may outlast the deadline: a silent connection ends by then
            timeout=httpx.Timeout(
                min(timeout, request_deadline),
                connect=min(connect_timeout, timeout, request_deadline),
            ),
            limits=httpx.Limits(
                max_connections=connection_pool_size,
                max_keepalive_connections=connection_pool_size,
            ),
            transport=transport,
        )

    # -- public API ------------------------------------------------------------------------

    def get(
        self, path: str, params: Params | None = None, headers: Mapping[str, str] | None = None
    ) -> Any:
        """GET ``path`` and return the decoded JSON body (``None`` for an empty body)."""
        response = self.request("GET", path, params=params, headers=headers)
        return self._decode(response, "GET", path)

    def post(
        self,
        path: str,
        json: Any = None,
        params: Params | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """POST ``json`` to ``path``; return the decoded JSON body (``None`` for an empty body)."""
        response = self.request("POST", path, json=json, params=params, headers=headers)
        return self._decode(response, "POST", path)

    def put(
        self,
        path: str,
        json: Any = None,
        params: Params | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """PUT ``json`` to ``path``; return the decoded JSON body (``None`` for an empty body)."""
        response = self.request("PUT", path, json=json, params=params, headers=headers)
        return self._decode(response, "PUT", path)

    def delete(
        self, path: str, params: Params | None = None, headers: Mapping[str, str] | None = None
    ) -> Any:
        """DELETE ``path``; return the decoded JSON body (``None`` for an empty body)."""
        response = self.request("DELETE", path, params=params, headers=headers)
        return self._decode(response, "DELETE", path)

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Params | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send a request with retries; return the successful (2xx) response, body read.

        ``headers`` are sent with this request only, over the client's own (``Authorization``
        always comes from the credentials).

        Retries follow :attr:`retry_policy`: retryable statuses and transient transport failures
        are retried while ``max_retries``, ``retry_budget`` and (for failed connections)
        ``connect_retry_budget`` allow; each retry is logged at WARNING.

        Raises:
            pygen_runtime.errors.AccessDeniedError: 401/403 (an :class:`~pygen_runtime.errors.AuthenticationError`).
            pygen_runtime.errors.RateLimitError: still 429 when the retries ran out.
            pygen_runtime.errors.ResourceNotFoundError: 404, or a 4xx naming ``missing`` ids.
            pygen_runtime.errors.APIError: any other error status.
            pygen_runtime.errors.ConnectionFailedError: no connection (refused, unknown host, TLS).
            pygen_runtime.errors.RequestTimeoutError: a timeout, or an attempt past ``request_deadline``.
            pygen_runtime.errors.ResponseTooLargeError: a body larger than ``max_response_size``.
            pygen_runtime.errors.TransportError: another transport failure.
            pygen_runtime.errors.ClientError: a body that cannot be encoded as JSON, or an invalid URL.
        """
        method = method.upper()
        content, body_headers = self._encode(method, path, json)
        query = httpx.QueryParams(encode_params(params))
        call = Call(method, self._raw_url(path, query), self._secrets, started=self._clock())
        policy = self.retry_policy
        reauthenticated = False
        extra = dict(headers or {})
        while True:
            if self.rate_limiter is not None:
                self.rate_limiter.acquire()
            sent = {**self._headers, **extra, **body_headers}
            if self.credentials is not None:
                sent["Authorization"] = self.credentials.authorization_header()
            call.attempts += 1
            started = self._clock()
            try:
                response = self._attempt(call, path, content, query, sent, started)
            except BodyTooLarge as exc:
                elapsed = self._clock() - call.started
                raise too_large_error(
                    call, exc, elapsed=elapsed, max_size=self.max_response_size
                ) from None
            except (httpx.HTTPError, DeadlineExceeded) as exc:
                self._log_failure(method, path, exc, started, call.attempts)
                self._after_failure(call, exc, started)
                continue
            call.connect_since = None
            self._log_response(method, path, response, started, call.attempts)
            if response.is_success:
                return response
            if (
                response.status_code == 401
                and not reauthenticated
                and self.credentials is not None
                and self.credentials.refreshable
            ):
                reauthenticated = True
                self.credentials.invalidate()
                continue
            details = parse_error_body(response)
            note = ""
            if policy.is_retryable_status(response) or details.auto_retryable:
                retry_after = parse_retry_after(response.headers.get("retry-after"), time.time())
                wait = policy.delay(call.retries, retry_after, self._rng)
                elapsed = self._clock() - call.started
                limit = policy.blocking_limit(call.retries, elapsed, wait)
                if limit is None:
                    self._retry(call, self._status_text(response), wait, elapsed)
                    continue
                note = give_up_note(call, elapsed, limit, policy, wait)
                if retry_after is not None and limit == "retry_budget":
                    note += f" (the server asked to wait {retry_after:g} s)"
            raise error_from_response(
                response,
                method=method,
                path=path,
                secrets=self._secrets(),
                details=details,
                note=note,
            )

    def _attempt(
        self,
        call: Call,
        path: str,
        content: bytes | None,
        query: httpx.QueryParams,
        headers: dict[str, str],
        started: float,
    ) -> httpx.Response:
        """One attempt: send, then read the body within the deadline and the size bound."""
        try:
            request = self._http.build_request(
                call.method, path, content=content, params=query, headers=headers
            )
        except httpx.InvalidURL as exc:
            raise ClientError(
                f"{call.name}: invalid URL ({redact_text(str(exc), self._secrets())}); "
                "check base_url, project and the path"
            ) from None
        response = self._http.send(request, stream=True)
        try:
            body = read_body(
                response,
                started=started,
                deadline=self.request_deadline,
                max_size=self.max_response_size,
                clock=self._clock,
            )
        finally:
            response.close()
        return buffered(response, body)

    def _after_failure(
        self, call: Call, exc: httpx.HTTPError | DeadlineExceeded, started: float
    ) -> None:
        """Wait before the next attempt after a transport failure, or raise when giving up."""
        policy = self.retry_policy
        connect = is_connect_failure(exc)
        if not connect:
            call.connect_since = None
        elif call.connect_since is None:
            call.connect_since = started
        now = self._clock()
        elapsed = now - call.started
        retryable = isinstance(exc, DeadlineExceeded) or is_retryable_exception(exc)
        limit: str | None = None
        wait = 0.0
        if retryable:
            wait = policy.backoff(call.retries, self._rng)
            connect_elapsed = None if call.connect_since is None else now - call.connect_since
            limit = policy.blocking_limit(call.retries, elapsed, wait, connect_elapsed)
            if limit is None:
                reason = redact_text(f"{type(exc).__name__}: {exc}", self._secrets())
                self._retry(call, reason, wait, elapsed)
                return
        raise transport_error(
            call,
            exc,
            elapsed=elapsed,
            limit=limit,
            retryable=retryable,
            policy=policy,
            wait=wait,
            timeout=self.timeout,
            deadline=self.request_deadline,
            secrets=self._secrets(),
        ) from None  # the message carries the redacted cause; the raw one may hold a secret

    def _retry(self, call: Call, reason: str, wait: float, elapsed: float) -> None:
        """Log the retry at WARNING and wait ``wait`` seconds.

        The time spent is shown against the budget that applies: since the first failed
        connection attempt of the run for connection failures, since the call began otherwise.
        """
        policy = self.retry_policy
        if call.connect_since is not None:
            elapsed = self._clock() - call.connect_since
            budget = f"connect_retry_budget={policy.connect_retry_budget:g} s"
        else:
            budget = f"retry_budget={policy.retry_budget:g} s"
        logger.warning(
            "%s: %s (attempt %d); retry %d of %d in %.2f s (%.1f s spent, %s)",
            call.name,
            reason,
            call.attempts,
            call.retries + 1,
            policy.max_retries,
            wait,
            elapsed,
            budget,
        )
        call.retries += 1
        self._sleep(wait)

    def close(self) -> None:
        """Close the connection pool. The credentials are not closed (they may be shared)."""
        self._http.close()

    def __enter__(self) -> HTTPClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"HTTPClient(api_url={redact_url(self.api_url)!r}, credentials={self.credentials!r})"

    # -- helpers ---------------------------------------------------------------------------

    def _secrets(self) -> tuple[str, ...]:
        return self.credentials.secret_values() if self.credentials is not None else ()

    def _encode(self, method: str, path: str, json: Any) -> tuple[bytes | None, dict[str, str]]:
        if json is None:
            return None, {}
        try:
            return encode_json_body(json, self.gzip_threshold)
        except (TypeError, ValueError) as exc:
            raise ClientError(
                f"{method} {path}: the request body cannot be encoded as JSON: {exc}"
            ) from None

    def _raw_url(self, path: str, query: httpx.QueryParams) -> str:
        url = f"{self.api_url}/{path.lstrip('/')}"
        return f"{url}?{query}" if query else url

    def _status_text(self, response: httpx.Response) -> str:
        text = f"{response.status_code} {response.reason_phrase}".rstrip()
        rid = request_id(response.headers, self._secrets())
        return f"{text} [request id {rid}]" if rid else text

    def _decode(self, response: httpx.Response, method: str, path: str) -> Any:
        if not response.content.strip():
            return None
        try:
            return response.json()
        except ValueError as exc:
            snippet = redact_text(response.text[:_SNIPPET_LENGTH], self._secrets())
            rid = request_id(response.headers, self._secrets())
            where = f" [request id {rid}]" if rid else ""
            raise ClientError(
                f"{method} {path}: the API answered {response.status_code} with a body that is "
                f"not valid JSON ({exc}); it starts with {snippet!r}{where}"
            ) from None

    def _describe_exception(self, exc: BaseException) -> str:
        detail = redact_text(str(exc), self._secrets())
        return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__

    def _log_response(
        self, method: str, path: str, response: httpx.Response, started: float, attempt: int
    ) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %d in %.1f ms (attempt %d, x-request-id %s)",
                method,
                redact_text(path, self._secrets()),
                response.status_code,
                (self._clock() - started) * 1000,
                attempt,
                request_id(response.headers, self._secrets()) or "-",
            )

    def _log_failure(
        self, method: str, path: str, exc: BaseException, started: float, attempt: int
    ) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %s in %.1f ms (attempt %d)",
                method,
                redact_text(path, self._secrets()),
                self._describe_exception(exc),
                (self._clock() - started) * 1000,
                attempt,
            )


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


def _check_base_url(base_url: str) -> str:
    """``base_url`` without trailing ``/``; a :class:`ConfigError` unless an http(s) URL."""
    base = base_url.strip().rstrip("/") if isinstance(base_url, str) else ""
    shown = redact_url(str(base_url))
    if not base.startswith(("https://", "http://")):
        raise ConfigError(
            f"base_url must be an http(s) URL such as https://api.cognitedata.com, got {shown!r}"
        )
    try:
        host = httpx.URL(base).host
    except httpx.InvalidURL as exc:
        raise ConfigError(
            f"base_url {shown!r} is not a valid URL: {redact_text(str(exc))}"
        ) from None
    if not host:
        raise ConfigError(f"base_url {shown!r} has no host name")
    return base

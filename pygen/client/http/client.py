"""HTTPClient: the httpx wrapper every CDF request goes through.

It owns the project URL prefix, the standard headers, authorization, gzip request bodies,
retries with backoff, rate limiting, debug logging with redaction, and the mapping of error
responses to :mod:`pygen.errors`.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from pygen import __version__
from pygen.errors import ClientError, ConfigError

from .encoding import DEFAULT_GZIP_THRESHOLD, Params, encode_json_body, encode_params
from .error_mapping import error_from_response, parse_error_body
from .rate_limit import TokenBucket
from .redaction import redact_text
from .retry import RETRYABLE_EXCEPTIONS, RetryPolicy, parse_retry_after

if TYPE_CHECKING:
    from pygen.client.auth.base import Credentials

__all__ = ["API_VERSION", "HTTPClient"]

API_VERSION = "20230101"
"""The value of the ``cdf-version`` header."""

logger = logging.getLogger("pygen.client.http")

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
        timeout: Seconds for connect/read/write/pool timeouts.
        max_retries: Retries after the first attempt, on 408/429/502/503/504 (and responses
            marked auto-retryable) and on connection errors and timeouts.
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
        clock: Monotonic clock used by the rate limiter (tests inject one).
        rng: Source of backoff jitter.
    """

    def __init__(
        self,
        base_url: str,
        project: str,
        credentials: Credentials | None,
        *,
        timeout: float = 30.0,
        max_retries: int = 10,
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
        base = base_url.strip().rstrip("/")
        if not base.startswith(("https://", "http://")):
            raise ConfigError(f"base_url must be an http(s) URL, got {base_url!r}")
        if not project or project != project.strip() or "/" in project:
            raise ConfigError(f"project must be a non-empty name without '/', got {project!r}")
        if timeout <= 0:
            raise ConfigError(f"timeout must be > 0 seconds, got {timeout}")
        if connection_pool_size < 1:
            raise ConfigError(f"connection_pool_size must be >= 1, got {connection_pool_size}")
        self.base_url = base
        self.project = project
        self.api_url = f"{base}/api/v1/projects/{quote(project, safe='')}"
        self.credentials = credentials
        self.gzip_threshold = gzip_threshold
        self.retry_policy = RetryPolicy(
            max_retries=max_retries,
            backoff_base=backoff_base,
            max_backoff=max_backoff,
            max_retry_after=max_retry_after,
        )
        self.rate_limiter = (
            TokenBucket(rate_limit, clock=clock, sleep=sleep) if rate_limit is not None else None
        )
        self._sleep = sleep
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
            timeout=httpx.Timeout(timeout),
            limits=httpx.Limits(
                max_connections=connection_pool_size,
                max_keepalive_connections=connection_pool_size,
            ),
            transport=transport,
        )

    # -- public API ------------------------------------------------------------------------

    def get(self, path: str, params: Params | None = None) -> Any:
        """GET ``path`` and return the decoded JSON body (``None`` for an empty body)."""
        return self._decode(self.request("GET", path, params=params), "GET", path)

    def post(self, path: str, json: Any = None, params: Params | None = None) -> Any:
        """POST ``json`` to ``path``; return the decoded JSON body (``None`` for an empty body)."""
        return self._decode(self.request("POST", path, json=json, params=params), "POST", path)

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Params | None = None,
    ) -> httpx.Response:
        """Send a request with retries; return the successful (2xx) response.

        Raises:
            pygen.errors.AccessDeniedError: 401/403 (an :class:`~pygen.errors.AuthenticationError`).
            pygen.errors.RateLimitError: still 429 after every retry.
            pygen.errors.ResourceNotFoundError: 404, or a 4xx naming ``missing`` ids.
            pygen.errors.APIError: any other error status.
            pygen.errors.ClientError: connection failures and timeouts after every retry, or a
                body that cannot be encoded as JSON.
        """
        method = method.upper()
        content: bytes | None = None
        body_headers: dict[str, str] = {}
        if json is not None:
            try:
                content, body_headers = encode_json_body(json, self.gzip_threshold)
            except (TypeError, ValueError) as exc:
                raise ClientError(
                    f"{method} {path}: the request body cannot be encoded as JSON: {exc}"
                ) from None
        query = httpx.QueryParams(encode_params(params))
        policy = self.retry_policy
        retries = 0
        reauthenticated = False
        while True:
            if self.rate_limiter is not None:
                self.rate_limiter.acquire()
            headers = {**self._headers, **body_headers}
            if self.credentials is not None:
                headers["Authorization"] = self.credentials.authorization_header()
            started = time.perf_counter()
            try:
                response = self._http.request(
                    method, path, content=content, params=query, headers=headers
                )
            except RETRYABLE_EXCEPTIONS as exc:
                self._log_failure(method, path, exc, started, retries)
                if retries >= policy.max_retries:
                    raise ClientError(
                        f"{method} {path}: {self._describe_exception(exc)} "
                        f"(gave up after {retries + 1} attempts)"
                    ) from exc
                self._wait(method, path, policy.backoff(retries, self._rng), retries)
                retries += 1
                continue
            except httpx.HTTPError as exc:
                self._log_failure(method, path, exc, started, retries)
                raise ClientError(f"{method} {path}: {self._describe_exception(exc)}") from exc
            self._log_response(method, path, response, started, retries)
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
            retryable = policy.is_retryable_status(response) or details.auto_retryable
            if retryable and retries < policy.max_retries:
                retry_after = parse_retry_after(response.headers.get("retry-after"), time.time())
                self._wait(method, path, policy.delay(retries, retry_after, self._rng), retries)
                retries += 1
                continue
            raise error_from_response(
                response, method=method, path=path, secrets=self._secrets(), details=details
            )

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
        return f"HTTPClient(api_url={self.api_url!r}, credentials={self.credentials!r})"

    # -- helpers ---------------------------------------------------------------------------

    def _secrets(self) -> tuple[str, ...]:
        return self.credentials.secret_values() if self.credentials is not None else ()

    def _decode(self, response: httpx.Response, method: str, path: str) -> Any:
        if not response.content.strip():
            return None
        try:
            return response.json()
        except ValueError as exc:
            snippet = redact_text(response.text[:_SNIPPET_LENGTH], self._secrets())
            request_id = response.headers.get("x-request-id")
            where = f" [request id {request_id}]" if request_id else ""
            raise ClientError(
                f"{method} {path}: the API answered {response.status_code} with a body that is "
                f"not valid JSON ({exc}); it starts with {snippet!r}{where}"
            ) from None

    def _describe_exception(self, exc: httpx.HTTPError) -> str:
        detail = redact_text(str(exc), self._secrets())
        return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__

    def _wait(self, method: str, path: str, seconds: float, retries: int) -> None:
        logger.debug(
            "%s %s: retry %d of %d in %.2f s",
            method,
            path,
            retries + 1,
            self.retry_policy.max_retries,
            seconds,
        )
        self._sleep(seconds)

    def _log_response(
        self, method: str, path: str, response: httpx.Response, started: float, retries: int
    ) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %d in %.1f ms (attempt %d, x-request-id %s)",
                method,
                redact_text(path, self._secrets()),
                response.status_code,
                (time.perf_counter() - started) * 1000,
                retries + 1,
                response.headers.get("x-request-id", "-"),
            )

    def _log_failure(
        self, method: str, path: str, exc: httpx.HTTPError, started: float, retries: int
    ) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %s in %.1f ms (attempt %d)",
                method,
                redact_text(path, self._secrets()),
                self._describe_exception(exc),
                (time.perf_counter() - started) * 1000,
                retries + 1,
            )

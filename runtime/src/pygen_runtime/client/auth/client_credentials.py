"""The OAuth 2.0 client-credentials flow, with a cached token renewed before it expires."""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections.abc import Callable, Sequence

import httpx

from pygen_runtime.client.http.bounded_read import (
    BodyTooLarge,
    DeadlineExceeded,
    buffered,
    read_body,
)
from pygen_runtime.client.http.redaction import redact_text, redact_url
from pygen_runtime.client.http.retry import is_retryable_exception
from pygen_runtime.errors import AuthenticationError, ConfigError

from .base import Credentials

__all__ = ["ClientCredentials", "parse_expires_in", "split_scopes"]

logger = logging.getLogger("pygen_runtime.client.auth")

DEFAULT_EXPIRES_IN = 3600.0
"""Token lifetime assumed when the token endpoint sends no ``expires_in`` (RFC 6749 allows it)."""

MAX_EXPIRES_IN = 86400.0
"""Upper bound applied to ``expires_in``: a token is renewed at least once a day."""

MAX_TOKEN_RESPONSE_SIZE = 1024 * 1024
"""Bytes a token response may have; reading stops beyond it."""

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_MAX_BACKOFF = 8.0


def split_scopes(scopes: str | Sequence[str]) -> list[str]:
    """Split ``"a b,c"`` (or a list of such strings) into ``["a", "b", "c"]``."""
    parts = [scopes] if isinstance(scopes, str) else list(scopes)
    return [scope for part in parts for scope in re.split(r"[\s,]+", part) if scope]


class ClientCredentials(Credentials):
    """Obtain tokens with ``grant_type=client_credentials`` from an OAuth 2.0 token endpoint.

    The token is cached and renewed ``refresh_margin`` seconds before ``expires_in`` runs out
    (at most half the lifetime early). Thread-safe: concurrent callers that find no valid token
    wait for one fetch instead of each making their own.

    Args:
        client_id: The application (client) id.
        client_secret: The client secret; never logged, never shown by ``repr()``.
        token_url: The token endpoint, e.g.
            ``https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token``.
        scopes: Scopes, as a list or a space/comma separated string
            (e.g. ``https://api.cognitedata.com/.default``).
        audience: Sent as ``audience`` when given (Auth0-style identity providers).
        refresh_margin: Seconds before expiry at which a new token is fetched.
        timeout: Seconds a token request may take, its response body included.
        max_retries: Retries of a token request on connection errors, 429 and 5xx.
        transport: httpx transport for the token endpoint (tests inject ``httpx.MockTransport``).
        clock: Monotonic clock in seconds (injectable for tests).
        sleep: Sleep between token-request retries (injectable for tests).
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        token_url: str,
        scopes: str | Sequence[str],
        audience: str | None = None,
        *,
        refresh_margin: float = 60.0,
        timeout: float = 30.0,
        max_retries: int = 3,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        missing = [
            name
            for name, value in (
                ("client_id", client_id),
                ("client_secret", client_secret),
                ("token_url", token_url),
            )
            if not value
        ]
        if missing:
            raise ConfigError(f"ClientCredentials: missing {', '.join(missing)}")
        if not token_url.startswith(("https://", "http://")):
            shown = redact_url(token_url)
            raise ConfigError(f"ClientCredentials: token_url must be an http(s) URL, got {shown!r}")
        self.client_id = client_id
        self.token_url = token_url
        self.scopes = split_scopes(scopes)
        self.audience = audience
        self.refresh_margin = refresh_margin
        self.max_retries = max_retries
        self._client_secret = client_secret
        self._timeout = timeout
        self._transport = transport
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._http: httpx.Client | None = None
        self._token: str | None = None
        self._expires_at = 0.0
        self.fetch_count = 0
        """How many tokens were fetched (useful to check caching)."""

    def authorization_header(self) -> str:
        """Return ``Bearer <token>``; fetch a new token when the cached one is (nearly) expired."""
        with self._lock:
            if self._token is None or self._clock() >= self._expires_at:
                self._token, self._expires_at = self._fetch()
            return f"Bearer {self._token}"

    def invalidate(self) -> None:
        """Drop the cached token; the next request fetches a new one."""
        with self._lock:
            self._token = None
            self._expires_at = 0.0

    @property
    def refreshable(self) -> bool:
        """Always true: a new token can be fetched."""
        return True

    def secret_values(self) -> tuple[str, ...]:
        """The client secret and the current access token."""
        return tuple(value for value in (self._client_secret, self._token) if value)

    def close(self) -> None:
        """Close the HTTP client used for the token endpoint."""
        with self._lock:
            if self._http is not None:
                self._http.close()
                self._http = None

    def _client(self) -> httpx.Client:
        if self._http is None:
            self._http = httpx.Client(timeout=self._timeout, transport=self._transport)
        return self._http

    def _form(self) -> dict[str, str]:
        form = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self._client_secret,
        }
        if self.scopes:
            form["scope"] = " ".join(self.scopes)
        if self.audience:
            form["audience"] = self.audience
        return form

    def _fetch(self) -> tuple[str, float]:
        """POST to the token endpoint (with retries); return the token and its refresh time."""
        attempt = 0
        first = self._clock()
        while True:
            started = self._clock()
            try:
                response = self._post(started)
            except BodyTooLarge as exc:
                raise AuthenticationError(
                    f"ClientCredentials: the token endpoint {self._url} sent more than "
                    f"{MAX_TOKEN_RESPONSE_SIZE} bytes ({exc.received} read); check token_url"
                ) from None
            except (httpx.HTTPError, DeadlineExceeded) as exc:
                if isinstance(exc, DeadlineExceeded):
                    detail = f"the response took longer than timeout={self._timeout:g} s"
                else:
                    detail = redact_text(f"{type(exc).__name__}: {exc}", self.secret_values())
                if isinstance(exc, httpx.HTTPError) and not is_retryable_exception(exc):
                    raise AuthenticationError(
                        f"ClientCredentials: token request to {self._url} failed: {detail} "
                        "(not retried; check token_url)"
                    ) from None
                if attempt >= self.max_retries:
                    raise AuthenticationError(
                        f"ClientCredentials: token request to {self._url} failed after "
                        f"{attempt + 1} attempts: {detail} ({self._clock() - first:.1f} s; "
                        "check token_url and the network, or raise max_retries)"
                    ) from None
                reason = detail
            else:
                if response.is_success:
                    return self._read_token(response, started)
                if response.status_code not in _RETRY_STATUSES or attempt >= self.max_retries:
                    raise AuthenticationError(self._describe_failure(response))
                reason = f"{response.status_code} {response.reason_phrase}".rstrip()
            wait = min(_MAX_BACKOFF, 0.5 * 2**attempt)
            logger.warning(
                "token request to %s: %s (attempt %d); retry %d of %d in %.2f s",
                self._url,
                reason,
                attempt + 1,
                attempt + 1,
                self.max_retries,
                wait,
            )
            self._sleep(wait)
            attempt += 1

    def _post(self, started: float) -> httpx.Response:
        """One token request, its body read within ``timeout`` and the size bound."""
        client = self._client()
        request = client.build_request(
            "POST", self.token_url, data=self._form(), headers={"Accept": "application/json"}
        )
        response = client.send(request, stream=True)
        try:
            body = read_body(
                response,
                started=started,
                deadline=self._timeout,
                max_size=MAX_TOKEN_RESPONSE_SIZE,
                clock=self._clock,
            )
        finally:
            response.close()
        return buffered(response, body)

    @property
    def _url(self) -> str:
        return redact_url(self.token_url, self.secret_values())

    def _read_token(self, response: httpx.Response, started: float) -> tuple[str, float]:
        try:
            payload = response.json()
        except ValueError:
            raise AuthenticationError(
                f"ClientCredentials: the token endpoint {self._url} answered "
                f"{response.status_code} with a body that is not JSON"
            ) from None
        token = payload.get("access_token") if isinstance(payload, dict) else None
        if not isinstance(token, str) or not token:
            keys = sorted(payload) if isinstance(payload, dict) else type(payload).__name__
            raise AuthenticationError(
                f"ClientCredentials: the token endpoint {self._url} returned no access_token "
                f"(keys: {keys})"
            )
        expires_in = parse_expires_in(payload.get("expires_in"), self._url)
        margin = min(self.refresh_margin, expires_in / 2)
        self.fetch_count += 1
        logger.debug(
            "fetched a token from %s for client %s (expires in %.0f s)",
            self._url,
            self.client_id,
            expires_in,
        )
        return token, started + expires_in - margin

    def _describe_failure(self, response: httpx.Response) -> str:
        detail = ""
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if isinstance(payload, dict):
            parts = [
                str(payload[key]) for key in ("error", "error_description") if payload.get(key)
            ]
            detail = ": " + " - ".join(parts) if parts else ""
        elif response.text.strip():
            detail = ": " + " ".join(response.text.split())[:300]
        text = (
            f"ClientCredentials: the token endpoint {self._url} answered "
            f"{response.status_code}{detail} (check the client id, secret and scopes)"
        )
        return redact_text(text, self.secret_values())

    def __repr__(self) -> str:
        return (
            f"ClientCredentials(client_id={self.client_id!r}, client_secret=***, "
            f"token_url={self._url!r}, scopes={self.scopes!r}, audience={self.audience!r})"
        )


def parse_expires_in(value: object, token_url: str) -> float:
    """The token lifetime in seconds from a token response's ``expires_in``.

    Missing (``None``): :data:`DEFAULT_EXPIRES_IN` (RFC 6749 makes the field optional; a token
    that expires sooner is renewed after the API's 401). A positive number, or a string holding
    one (some identity providers send ``"3599"``): that many seconds, at most
    :data:`MAX_EXPIRES_IN`.

    Raises:
        pygen_runtime.errors.AuthenticationError: ``expires_in`` is not a number, not finite, or not
            positive (a token endpoint that sends this is misconfigured or not a token
            endpoint).
    """
    if value is None:
        return DEFAULT_EXPIRES_IN
    seconds: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    elif isinstance(value, str):
        try:
            seconds = float(value.strip())
        except ValueError:
            seconds = None
    if seconds is None or not math.isfinite(seconds) or seconds <= 0:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        raise AuthenticationError(
            f"ClientCredentials: the token endpoint {token_url} returned expires_in={shown}; "
            "expected a positive number of seconds (check that token_url is the OAuth 2.0 "
            "token endpoint)"
        )
    return min(seconds, MAX_EXPIRES_IN)

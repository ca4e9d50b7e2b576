"""Retries of HTTPClient: statuses, Retry-After, transport failures, backoff bounds."""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from pygen_runtime.client import HTTPClient, TokenAuth
from pygen_runtime.client.http import RetryPolicy, parse_retry_after
from pygen_runtime.errors import (
    AccessDeniedError,
    APIError,
    AuthenticationError,
    ClientError,
    RateLimitError,
)

from .client_fakes import BASE_URL, PREFIX, FakeClock, MockAPI

MakeHTTP = Callable[..., tuple[HTTPClient, MockAPI]]
OK: dict[str, list[object]] = {"items": []}


def sequence(*responses: httpx.Response | Exception) -> Callable[[httpx.Request], httpx.Response]:
    """A handler answering with the given responses (or raising the exceptions) in order."""
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, Exception):
            raise item
        return item

    return handler


def test_429_honours_numeric_retry_after(make_http: MakeHTTP, clock: FakeClock) -> None:
    http, api = make_http(
        sequence(httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json=OK))
    )
    assert http.get("/models/spaces") == OK
    assert len(api.requests) == 2
    assert clock.sleeps == [7.0]


def test_retry_after_is_capped(make_http: MakeHTTP, clock: FakeClock) -> None:
    http, _ = make_http(
        sequence(
            httpx.Response(503, headers={"Retry-After": "3600"}), httpx.Response(200, json=OK)
        ),
        max_retry_after=20.0,
    )
    http.get("/models/spaces")
    assert clock.sleeps == [20.0]


def test_429_honours_http_date_retry_after(make_http: MakeHTTP, clock: FakeClock) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    http, _ = make_http(
        sequence(httpx.Response(429, headers={"Retry-After": when}), httpx.Response(200, json=OK))
    )
    http.get("/models/spaces")
    assert len(clock.sleeps) == 1
    assert 27.0 <= clock.sleeps[0] <= 30.0


def test_parse_retry_after_forms() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after("12", now) == 12.0
    assert parse_retry_after("1.5", now) == 1.5
    assert parse_retry_after("-4", now) == 0.0
    assert parse_retry_after(email.utils.formatdate(now + 90, usegmt=True), now) == pytest.approx(
        90
    )
    assert parse_retry_after(email.utils.formatdate(now - 90, usegmt=True), now) == 0.0
    assert parse_retry_after(None, now) is None
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after("nan", now) is None


@pytest.mark.parametrize("status", [408, 429, 502, 503, 504])
def test_retryable_statuses_then_success(
    make_http: MakeHTTP, clock: FakeClock, status: int
) -> None:
    http, api = make_http(sequence(httpx.Response(status), httpx.Response(200, json=OK)))
    assert http.post("/models/spaces/byids", json={"items": []}) == OK
    assert len(api.requests) == 2
    assert len(clock.sleeps) == 1
    assert 0.0 <= clock.sleeps[0] <= 0.5  # first backoff ceiling is backoff_base


def test_auto_retryable_header_is_retried(make_http: MakeHTTP) -> None:
    http, api = make_http(
        sequence(
            httpx.Response(500, headers={"cdf-is-auto-retryable": "true"}),
            httpx.Response(200, json=OK),
        )
    )
    http.get("/models/spaces")
    assert len(api.requests) == 2


def test_auto_retryable_error_body_is_retried(make_http: MakeHTTP) -> None:
    body = {"error": {"code": 500, "message": "try again", "isAutoRetryable": True}}
    http, api = make_http(sequence(httpx.Response(500, json=body), httpx.Response(200, json=OK)))
    assert http.get("/models/spaces") == OK
    assert len(api.requests) == 2


def test_500_is_not_retried(make_http: MakeHTTP) -> None:
    http, api = make_http(
        sequence(httpx.Response(500, json={"error": {"code": 500, "message": "boom"}}))
    )
    with pytest.raises(APIError) as info:
        http.get("/models/spaces")
    assert len(api.requests) == 1
    assert info.value.status_code == 500
    assert "boom" in str(info.value)


def test_timeouts_then_success(make_http: MakeHTTP, clock: FakeClock) -> None:
    timeout = httpx.ReadTimeout("the read timed out")
    http, api = make_http(sequence(timeout, timeout, httpx.Response(200, json=OK)))
    assert http.get("/models/views") == OK
    assert len(api.requests) == 3
    assert len(clock.sleeps) == 2
    assert 0.0 <= clock.sleeps[0] <= 0.5
    assert 0.0 <= clock.sleeps[1] <= 1.0


def test_timeouts_exhausted(make_http: MakeHTTP, clock: FakeClock) -> None:
    http, api = make_http(sequence(httpx.ReadTimeout("the read timed out")), max_retries=3)
    with pytest.raises(ClientError) as info:
        http.get("/models/views")
    assert not isinstance(info.value, APIError)
    assert len(api.requests) == 4
    assert len(clock.sleeps) == 3
    message = str(info.value)
    assert f"GET {BASE_URL}{PREFIX}/models/views" in message
    assert "ReadTimeout" in message
    assert "4 attempts" in message


def test_connection_error_is_retried_then_reported(make_http: MakeHTTP) -> None:
    http, api = make_http(sequence(httpx.ConnectError("connection refused")), max_retries=2)
    with pytest.raises(ClientError, match="ConnectError: connection refused"):
        http.post("/models/instances", json={"items": []})
    assert len(api.requests) == 3


def test_connection_error_then_success(make_http: MakeHTTP) -> None:
    http, api = make_http(
        sequence(httpx.ConnectError("connection refused"), httpx.Response(200, json=OK))
    )
    assert http.get("/models/spaces") == OK
    assert len(api.requests) == 2


def test_non_retryable_transport_error(make_http: MakeHTTP) -> None:
    http, api = make_http(sequence(httpx.UnsupportedProtocol("no such scheme")))
    with pytest.raises(ClientError, match="UnsupportedProtocol"):
        http.get("/models/spaces")
    assert len(api.requests) == 1


def test_429_exhausted_raises_rate_limit_error(make_http: MakeHTTP, clock: FakeClock) -> None:
    body = {"error": {"code": 429, "message": "Too many concurrent requests"}}
    http, api = make_http(
        sequence(httpx.Response(429, json=body, headers={"x-request-id": "r-429"})), max_retries=4
    )
    with pytest.raises(RateLimitError) as info:
        http.get("/models/spaces")
    assert len(api.requests) == 5
    assert len(clock.sleeps) == 4
    assert info.value.status_code == 429
    assert info.value.request_id == "r-429"
    assert "Too many concurrent requests" in info.value.message


def test_max_retries_zero_does_not_retry(make_http: MakeHTTP, clock: FakeClock) -> None:
    http, api = make_http(sequence(httpx.Response(503)), max_retries=0)
    with pytest.raises(APIError):
        http.get("/models/spaces")
    assert len(api.requests) == 1
    assert clock.sleeps == []


def test_backoff_is_full_jitter_and_capped() -> None:
    policy = RetryPolicy(backoff_base=0.5, max_backoff=60.0)
    rng = random.Random(1)
    for retry in range(40):
        ceiling = min(60.0, 0.5 * 2**retry)
        samples = [policy.backoff(retry, rng) for _ in range(50)]
        assert all(0.0 <= s <= ceiling for s in samples)
    # full jitter: values spread over the range instead of sitting at the ceiling
    late = [policy.backoff(20, rng) for _ in range(200)]
    assert min(late) < 15 and max(late) > 45


def test_401_is_not_retried_with_a_fixed_token(make_http: MakeHTTP) -> None:
    http, api = make_http(
        sequence(httpx.Response(401, json={"error": {"code": 401, "message": "Unauthorized"}}))
    )
    with pytest.raises(AccessDeniedError) as info:
        http.get("/models/spaces")
    assert len(api.requests) == 1
    assert isinstance(info.value, AuthenticationError)
    assert isinstance(info.value, APIError)
    assert info.value.status_code == 401
    assert "Unauthorized" in str(info.value)


def test_401_refreshes_a_refreshable_credential_once(make_http: MakeHTTP) -> None:
    tokens = iter(["first-token-0001", "second-token-0002", "third-token-0003"])
    auth = TokenAuth(lambda: next(tokens))
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        if request.headers["authorization"] == "Bearer first-token-0001":
            return httpx.Response(401)
        return httpx.Response(200, json=OK)

    http, _ = make_http(handler, credentials=auth)
    assert http.get("/models/spaces") == OK
    assert seen == ["Bearer first-token-0001", "Bearer second-token-0002"]


def test_persistent_401_with_refreshable_credential_stops(make_http: MakeHTTP) -> None:
    auth = TokenAuth(lambda: "always-rejected-token")
    http, api = make_http(sequence(httpx.Response(401)), credentials=auth)
    with pytest.raises(AccessDeniedError):
        http.get("/models/spaces")
    assert len(api.requests) == 2


def test_403_maps_to_access_denied(make_http: MakeHTTP) -> None:
    body: dict[str, Any] = {"error": {"code": 403, "message": "Resource not available"}}
    http, _ = make_http(sequence(httpx.Response(403, json=body)))
    with pytest.raises(AccessDeniedError) as info:
        http.get("/models/spaces")
    assert info.value.status_code == 403
    assert "capability" in str(info.value)


def test_token_is_obtained_before_every_attempt(make_http: MakeHTTP) -> None:
    calls: list[int] = []

    def token() -> str:
        calls.append(1)
        return f"token-number-{len(calls)}"

    http, api = make_http(
        sequence(httpx.Response(503), httpx.Response(503), httpx.Response(200, json=OK)),
        credentials=TokenAuth(token),
    )
    http.get("/models/spaces")
    assert [r.headers["authorization"] for r in api.requests] == [
        "Bearer token-number-1",
        "Bearer token-number-2",
        "Bearer token-number-3",
    ]

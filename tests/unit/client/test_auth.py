"""Credentials: TokenAuth, ClientCredentials (cache, refresh, threads, errors), EnvironmentAuth."""

from __future__ import annotations

import ssl
import threading
import time
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from pygen_runtime.client import ClientCredentials, EnvironmentAuth, TokenAuth
from pygen_runtime.client.auth.client_credentials import MAX_EXPIRES_IN, parse_expires_in
from pygen_runtime.errors import AuthenticationError, ConfigError

from .client_fakes import ACCESS_TOKEN, CLIENT_SECRET, TOKEN, Drip, FakeClock

TOKEN_URL = "https://login.example.com/tenant/oauth2/v2.0/token"


class TokenEndpoint:
    """A fake OAuth token endpoint handing out numbered tokens."""

    def __init__(self, expires_in: Any = 3600, delay: float = 0.0) -> None:
        self.expires_in = expires_in
        self.delay = delay
        self.forms: list[dict[str, list[str]]] = []
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.delay:
            time.sleep(self.delay)
        with self.lock:
            self.forms.append(parse_qs(request.read().decode()))
            number = len(self.forms)
        body: dict[str, Any] = {"access_token": f"{ACCESS_TOKEN}-{number}", "token_type": "Bearer"}
        if self.expires_in is not None:
            body["expires_in"] = self.expires_in
        return httpx.Response(200, json=body)


def credentials(endpoint: Any, clock: FakeClock | None = None, **options: Any) -> ClientCredentials:
    fake = clock or FakeClock()
    return ClientCredentials(
        "my-client-id",
        CLIENT_SECRET,
        TOKEN_URL,
        ["https://api.example.cognitedata.com/.default"],
        transport=httpx.MockTransport(endpoint),
        clock=fake,
        sleep=fake.sleep,
        **options,
    )


# -- TokenAuth -------------------------------------------------------------------------------


def test_token_auth_fixed_token() -> None:
    auth = TokenAuth(TOKEN)
    assert auth.authorization_header() == f"Bearer {TOKEN}"
    assert not auth.refreshable
    assert TOKEN not in repr(auth)


def test_token_auth_strips_a_bearer_prefix() -> None:
    assert TokenAuth(f"Bearer {TOKEN}").authorization_header() == f"Bearer {TOKEN}"


def test_token_auth_callable_is_called_each_time() -> None:
    tokens = iter(["token-aaaa", "token-bbbb"])
    auth = TokenAuth(lambda: next(tokens))
    assert auth.refreshable
    assert auth.authorization_header() == "Bearer token-aaaa"
    assert auth.authorization_header() == "Bearer token-bbbb"
    assert "token-bbbb" in auth.secret_values()
    assert "token-bbbb" not in repr(auth)


def test_token_auth_callable_failures() -> None:
    def broken() -> str:
        raise RuntimeError("vault unreachable")

    with pytest.raises(AuthenticationError, match="RuntimeError"):
        TokenAuth(broken).authorization_header()
    with pytest.raises(AuthenticationError, match="no token"):
        TokenAuth(lambda: "").authorization_header()
    with pytest.raises(AuthenticationError, match="empty"):
        TokenAuth("  ")


# -- ClientCredentials -----------------------------------------------------------------------


def test_client_credentials_form() -> None:
    endpoint = TokenEndpoint()
    auth = credentials(endpoint, audience="https://aud.example.com")
    assert auth.authorization_header() == f"Bearer {ACCESS_TOKEN}-1"
    assert endpoint.forms == [
        {
            "grant_type": ["client_credentials"],
            "client_id": ["my-client-id"],
            "client_secret": [CLIENT_SECRET],
            "scope": ["https://api.example.cognitedata.com/.default"],
            "audience": ["https://aud.example.com"],
        }
    ]


def test_client_credentials_caches_until_shortly_before_expiry() -> None:
    clock = FakeClock()
    endpoint = TokenEndpoint(expires_in=3600)
    auth = credentials(endpoint, clock, refresh_margin=60)
    for _ in range(5):
        assert auth.authorization_header() == f"Bearer {ACCESS_TOKEN}-1"
    clock.advance(3539)
    assert auth.authorization_header() == f"Bearer {ACCESS_TOKEN}-1"
    clock.advance(2)  # within 60 s of expiry: renew
    assert auth.authorization_header() == f"Bearer {ACCESS_TOKEN}-2"
    assert len(endpoint.forms) == 2 and auth.fetch_count == 2


def test_short_lived_tokens_are_not_refetched_every_time() -> None:
    clock = FakeClock()
    endpoint = TokenEndpoint(expires_in="30")  # a string, and shorter than the margin
    auth = credentials(endpoint, clock, refresh_margin=60)
    auth.authorization_header()
    clock.advance(14)
    auth.authorization_header()
    assert len(endpoint.forms) == 1
    clock.advance(2)
    auth.authorization_header()
    assert len(endpoint.forms) == 2


def test_missing_expires_in_assumes_an_hour() -> None:
    clock = FakeClock()
    endpoint = TokenEndpoint(expires_in=None)
    auth = credentials(endpoint, clock)
    auth.authorization_header()
    clock.advance(3000)
    auth.authorization_header()
    assert len(endpoint.forms) == 1


@pytest.mark.parametrize(
    "expires_in",
    [-5, 0, "0", "soon", "", "nan", "inf", True, [3600], {"s": 1}],
    ids=repr,
)
def test_invalid_expires_in_is_a_clear_error(expires_in: Any) -> None:
    auth = credentials(TokenEndpoint(expires_in=expires_in), FakeClock())
    with pytest.raises(AuthenticationError) as info:
        auth.authorization_header()
    message = str(info.value)
    assert f"the token endpoint {TOKEN_URL} returned expires_in=" in message
    assert "expected a positive number of seconds" in message
    assert ACCESS_TOKEN not in message


def test_non_finite_expires_in_in_the_json_is_a_clear_error() -> None:
    body = '{"access_token": "opaque-access-1", "expires_in": Infinity}'
    auth = credentials(lambda request: httpx.Response(200, text=body), FakeClock())
    with pytest.raises(AuthenticationError, match=r"expires_in=inf; expected a positive"):
        auth.authorization_header()


def test_absurdly_large_expires_in_is_capped_at_a_day() -> None:
    clock = FakeClock()
    endpoint = TokenEndpoint(expires_in=10**12)
    auth = credentials(endpoint, clock, refresh_margin=60)
    auth.authorization_header()
    clock.advance(MAX_EXPIRES_IN - 61)
    auth.authorization_header()
    assert len(endpoint.forms) == 1
    clock.advance(2)  # within the margin of the capped lifetime: renew
    auth.authorization_header()
    assert len(endpoint.forms) == 2


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(None, 3600.0), (3599, 3599.0), ("3599", 3599.0), (" 60.5 ", 60.5), (1e300, 86400.0)],
)
def test_parse_expires_in_accepted_values(value: Any, seconds: float) -> None:
    assert parse_expires_in(value, TOKEN_URL) == seconds


def test_token_endpoint_retries_are_warnings(caplog: pytest.LogCaptureFixture) -> None:
    failures = [httpx.ConnectError("Connection refused")]
    endpoint = TokenEndpoint()

    def flaky(request: httpx.Request) -> httpx.Response:
        if failures:
            raise failures.pop(0)
        return endpoint(request)

    auth = credentials(flaky)
    auth.authorization_header()
    [record] = [r for r in caplog.records if r.name == "pygen_runtime.client.auth"]
    assert record.levelname == "WARNING"
    assert record.getMessage() == (
        f"token request to {TOKEN_URL}: ConnectError: Connection refused (attempt 1); "
        "retry 1 of 3 in 0.50 s"
    )


def test_dripping_token_response_ends_at_the_timeout() -> None:
    clock = FakeClock()
    drips: list[Drip] = []

    def dripping(request: httpx.Request) -> httpx.Response:
        drips.append(Drip(lambda: clock.advance(5.0)))
        return httpx.Response(200, stream=drips[-1])

    auth = credentials(dripping, clock, timeout=30.0, max_retries=1)
    with pytest.raises(AuthenticationError) as info:
        auth.authorization_header()
    assert len(drips) == 2
    assert all(6 <= drip.sent <= 7 and drip.closed for drip in drips)
    assert "failed after 2 attempts: the response took longer than timeout=30 s" in str(info.value)


def test_oversized_token_response_is_stopped() -> None:
    drip = Drip(lambda: None, chunk=b"x" * 65536)
    auth = credentials(lambda request: httpx.Response(200, stream=drip))
    with pytest.raises(AuthenticationError, match="sent more than 1048576 bytes"):
        auth.authorization_header()
    assert drip.sent <= 1048576 + 65536


def test_token_endpoint_tls_failure_is_not_retried() -> None:
    calls: list[int] = []

    def bad_certificate(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        try:
            raise ssl.SSLCertVerificationError(1, "certificate verify failed")
        except ssl.SSLError as cause:
            raise httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED]") from cause

    auth = credentials(bad_certificate)
    with pytest.raises(AuthenticationError, match="not retried"):
        auth.authorization_header()
    assert calls == [1]


def test_invalidate_forces_a_new_token() -> None:
    endpoint = TokenEndpoint()
    auth = credentials(endpoint)
    auth.authorization_header()
    auth.invalidate()
    assert auth.authorization_header() == f"Bearer {ACCESS_TOKEN}-2"


def test_concurrent_callers_trigger_one_fetch() -> None:
    endpoint = TokenEndpoint(delay=0.05)
    auth = ClientCredentials(
        "my-client-id", CLIENT_SECRET, TOKEN_URL, "scope-a", transport=httpx.MockTransport(endpoint)
    )
    threads_count = 16
    barrier = threading.Barrier(threads_count)
    headers: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        barrier.wait()
        header = auth.authorization_header()
        with lock:
            headers.append(header)

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    auth.close()
    assert len(endpoint.forms) == 1
    assert headers == [f"Bearer {ACCESS_TOKEN}-1"] * threads_count


def test_token_endpoint_rejection() -> None:
    def reject(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401,
            json={
                "error": "invalid_client",
                "error_description": f"AADSTS7000215: Invalid client secret {CLIENT_SECRET}",
            },
        )

    auth = credentials(reject)
    with pytest.raises(AuthenticationError) as info:
        auth.authorization_header()
    message = str(info.value)
    assert "invalid_client" in message
    assert "401" in message
    assert TOKEN_URL in message
    assert CLIENT_SECRET not in message


def test_token_endpoint_transient_errors_are_retried() -> None:
    answers: list[httpx.Response | Exception] = [
        httpx.ConnectError("connection refused"),
        httpx.Response(503),
    ]
    endpoint = TokenEndpoint()

    def flaky(request: httpx.Request) -> httpx.Response:
        if answers:
            answer = answers.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer
        return endpoint(request)

    clock = FakeClock()
    auth = credentials(flaky, clock)
    assert auth.authorization_header() == f"Bearer {ACCESS_TOKEN}-1"
    assert clock.sleeps == [0.5, 1.0]


def test_token_endpoint_unreachable() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("name resolution failed")

    auth = credentials(down, max_retries=2)
    with pytest.raises(AuthenticationError, match="after 3 attempts: ConnectError"):
        auth.authorization_header()


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (httpx.Response(200, text="<html>login page</html>"), "not JSON"),
        (httpx.Response(200, json={"token_type": "Bearer"}), "no access_token"),
    ],
)
def test_token_endpoint_bad_answers(response: httpx.Response, expected: str) -> None:
    auth = credentials(lambda request: response)
    with pytest.raises(AuthenticationError, match=expected):
        auth.authorization_header()


def test_client_credentials_settings() -> None:
    with pytest.raises(ConfigError, match="client_secret"):
        ClientCredentials("id", "", TOKEN_URL, "scope")
    with pytest.raises(ConfigError, match="token_url"):
        ClientCredentials("id", CLIENT_SECRET, "login.example.com/token", "scope")
    auth = ClientCredentials("id", CLIENT_SECRET, TOKEN_URL, "a, b c")
    assert auth.scopes == ["a", "b", "c"]
    assert CLIENT_SECRET not in repr(auth)
    assert "client_secret=***" in repr(auth)


# -- EnvironmentAuth -------------------------------------------------------------------------

FULL_ENV = {
    "CDF_CLIENT_ID": "my-client-id",
    "CDF_CLIENT_SECRET": CLIENT_SECRET,
    "CDF_TOKEN_URL": TOKEN_URL,
    "CDF_SCOPES": "https://a.example.com/.default, https://b.example.com/.default",
}


def test_environment_token_wins() -> None:
    auth = EnvironmentAuth({"CDF_TOKEN": TOKEN, **FULL_ENV})
    assert auth.kind == "token"
    assert auth.authorization_header() == f"Bearer {TOKEN}"
    assert TOKEN not in repr(auth)


def test_environment_client_credentials() -> None:
    endpoint = TokenEndpoint()
    auth = EnvironmentAuth(FULL_ENV, transport=httpx.MockTransport(endpoint))
    assert auth.kind == "client_credentials"
    assert auth.refreshable
    assert auth.authorization_header() == f"Bearer {ACCESS_TOKEN}-1"
    assert endpoint.forms[0]["scope"] == [
        "https://a.example.com/.default https://b.example.com/.default"
    ]
    assert CLIENT_SECRET not in repr(auth)
    auth.close()


def test_environment_nothing_set() -> None:
    with pytest.raises(ConfigError) as info:
        EnvironmentAuth({})
    message = str(info.value)
    for name in ("CDF_TOKEN", "CDF_CLIENT_ID", "CDF_CLIENT_SECRET", "CDF_TOKEN_URL", "CDF_SCOPES"):
        assert name in message


def test_environment_names_exactly_the_missing_variables() -> None:
    env = {"CDF_CLIENT_ID": "id", "CDF_TOKEN_URL": TOKEN_URL, "CDF_CLIENT_SECRET": "  "}
    with pytest.raises(ConfigError) as info:
        EnvironmentAuth(env)
    message = str(info.value)
    assert "missing CDF_CLIENT_SECRET, CDF_SCOPES (" in message


def test_environment_scopes_without_a_scope() -> None:
    with pytest.raises(ConfigError, match="CDF_SCOPES"):
        EnvironmentAuth({**FULL_ENV, "CDF_SCOPES": " , "})

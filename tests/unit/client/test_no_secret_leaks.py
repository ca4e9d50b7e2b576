"""No credential (token, client secret, access token) reaches a log line, an exception or a repr."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from pygen_runtime.client import (
    ClientCredentials,
    EnvironmentAuth,
    HTTPClient,
    PygenClient,
    TokenAuth,
)
from pygen_runtime.errors import APIError, ClientError, PygenError

from .client_fakes import ACCESS_TOKEN, BASE_URL, CLIENT_SECRET, PROJECT, TOKEN, FakeClock, MockAPI

SECRETS = (TOKEN, CLIENT_SECRET, ACCESS_TOKEN)
TOKEN_URL = "https://login.example.com/token"


def leaky_api(bare: tuple[str, ...]) -> Callable[[httpx.Request], httpx.Response]:
    """An API that echoes credentials back in every way it can: the Authorization header, and
    the ``bare`` secrets without any telltale key around them."""
    return lambda request: _leak(request, " ".join(bare))


def _leak(request: httpx.Request, bare: str) -> httpx.Response:
    authorization = request.headers.get("authorization", "")
    path = request.url.path
    if path.endswith("/spaces"):
        return httpx.Response(
            401, json={"error": {"code": 401, "message": f"bad token {authorization}"}}
        )
    if path.endswith("/views"):
        return httpx.Response(
            400,
            json={
                "error": {
                    "code": 400,
                    "message": "invalid",
                    "missing": [{"token": authorization}],
                },
                "access_token": ACCESS_TOKEN,
            },
            headers={"x-request-id": "leak-1"},
        )
    if path.endswith("/containers"):
        raise httpx.ConnectError(f"proxy refused {authorization} client_secret={CLIENT_SECRET}")
    if path.endswith("/datamodels"):
        return httpx.Response(200, text=f"<html>{authorization}</html>")
    return httpx.Response(500, text=f"Traceback: token={TOKEN} and then {bare} again")


def token_endpoint(request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        200, json={"access_token": ACCESS_TOKEN, "expires_in": 3600, "token_type": "Bearer"}
    )


def failing_token_endpoint(request: httpx.Request) -> httpx.Response:
    body = request.read().decode()
    return httpx.Response(400, text=f"invalid_request: received {body}")


def exercise(http: HTTPClient) -> list[PygenError]:
    errors: list[PygenError] = []
    for method, path in [
        ("GET", "/models/spaces"),
        ("GET", "/models/views"),
        ("GET", "/models/containers"),
        ("GET", "/models/datamodels"),
        ("POST", "/models/instances"),
    ]:
        try:
            http.request(method, path, json={"items": []} if method == "POST" else None)
            if method == "GET":
                http.get(path)
        except PygenError as exc:
            errors.append(exc)
    return errors


def texts_of(error: PygenError) -> list[str]:
    found = [str(error), repr(error)]
    for attribute in ("message", "body", "missing", "duplicated"):
        found.append(repr(getattr(error, attribute, None)))
    return found


def assert_clean(texts: list[str]) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, f"{secret!r} leaked in {text!r}"


@pytest.mark.parametrize("kind", ["token", "client_credentials", "environment"])
def test_no_secrets_in_logs_errors_or_reprs(kind: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx's included
    clock = FakeClock()
    credentials: Any
    if kind == "token":
        credentials = TokenAuth(TOKEN)
    elif kind == "client_credentials":
        credentials = ClientCredentials(
            "client-id",
            CLIENT_SECRET,
            TOKEN_URL,
            "scope",
            transport=httpx.MockTransport(token_endpoint),
        )
    else:
        env = {
            "CDF_CLIENT_ID": "client-id",
            "CDF_CLIENT_SECRET": CLIENT_SECRET,
            "CDF_TOKEN_URL": TOKEN_URL,
            "CDF_SCOPES": "s",
        }
        credentials = EnvironmentAuth(env, transport=httpx.MockTransport(token_endpoint))
    bare = (TOKEN,) if kind == "token" else (CLIENT_SECRET, ACCESS_TOKEN)
    api = MockAPI(leaky_api(bare))
    http = HTTPClient(
        BASE_URL, PROJECT, credentials, transport=api.transport, sleep=clock.sleep, max_retries=1
    )
    errors = exercise(http)
    assert len(errors) == 5
    texts = [caplog.text, repr(http), repr(credentials)]
    for error in errors:
        texts.extend(texts_of(error))
    assert_clean(texts)
    # the API really did receive the credential: the test would catch a leak
    assert any(secret in api.requests[0].headers["authorization"] for secret in SECRETS)
    http.close()
    credentials.close()


def test_no_secrets_when_the_token_endpoint_fails(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    credentials = ClientCredentials(
        "client-id",
        CLIENT_SECRET,
        TOKEN_URL,
        "scope",
        transport=httpx.MockTransport(failing_token_endpoint),
    )
    client = PygenClient(
        BASE_URL, PROJECT, credentials, transport=MockAPI(leaky_api((CLIENT_SECRET,))).transport
    )
    with pytest.raises(PygenError) as info:
        list(client.spaces.list())
    assert "400" in str(info.value)
    assert_clean([caplog.text, *texts_of(info.value), repr(client)])
    client.close()
    credentials.close()


def test_secret_echoed_in_a_header_is_redacted_and_the_request_id_kept(
    make_http: Callable[..., tuple[HTTPClient, MockAPI]], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    statuses = [503, 400, 200]

    def echo(request: httpx.Request) -> httpx.Response:
        headers = {"x-request-id": f"rid-77 {request.headers['authorization']}"}
        status = statuses.pop(0)
        return httpx.Response(status, headers=headers, text="not json" if status == 200 else "")

    http, api = make_http(echo)
    with pytest.raises(APIError) as info:
        http.get("/models/spaces")
    assert len(api.requests) == 2  # the 503 was retried, with a WARNING naming the request id
    assert info.value.request_id == "rid-77 Bearer ***"
    assert "[request id rid-77 Bearer ***]" in str(info.value)
    assert "503 Service Unavailable [request id rid-77 Bearer ***] (attempt 1)" in caplog.text
    with pytest.raises(ClientError) as decode_info:
        http.get("/models/spaces")
    assert "[request id rid-77 Bearer ***]" in str(decode_info.value)
    assert "x-request-id rid-77 Bearer ***" in caplog.text
    assert_clean([caplog.text, *texts_of(info.value), *texts_of(decode_info.value)])


def test_url_credentials_never_reach_messages_or_reprs() -> None:
    base_url = f"https://user:{CLIENT_SECRET}@api.example.cognitedata.com"

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Connection refused")

    http = HTTPClient(
        base_url,
        PROJECT,
        TokenAuth(TOKEN),
        transport=httpx.MockTransport(refuse),
        max_retries=0,
    )
    with pytest.raises(ClientError) as info:
        http.get("/models/spaces", params={"token": TOKEN, "limit": 5})
    message = str(info.value)
    assert "https://***@api.example.cognitedata.com/api/v1/projects/my-project/models/spaces?" in (
        message
    )
    assert "limit=5" in message
    assert_clean([message, repr(http), getattr(info.value, "url", "")])
    http.close()

"""What HTTPClient sends: URL, headers, query parameters, gzip bodies; and what it logs."""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Callable

import httpx
import pytest

from pygen_runtime import __version__
from pygen_runtime.client import HTTPClient, TokenAuth
from pygen_runtime.errors import ConfigError

from .client_fakes import BASE_URL, PREFIX, PROJECT, TOKEN, MockAPI, request_json

MakeHTTP = Callable[..., tuple[HTTPClient, MockAPI]]


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"items": []}, headers={"x-request-id": "rid-42"})


def test_url_prefix_and_standard_headers(make_http: MakeHTTP) -> None:
    http, api = make_http(ok)
    http.get("/models/spaces")
    request = api.requests[0]
    assert str(request.url) == f"{BASE_URL}{PREFIX}/models/spaces"
    assert request.headers["cdf-version"] == "20230101"
    assert request.headers["x-cdp-sdk"] == f"pygen:{__version__}"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["accept"] == "application/json"


def test_extra_headers_and_no_credentials(make_http: MakeHTTP) -> None:
    http, api = make_http(ok, credentials=None, headers={"x-cdp-app": "my-app"})
    http.get("/models/spaces")
    assert "authorization" not in api.requests[0].headers
    assert api.requests[0].headers["x-cdp-app"] == "my-app"


def test_query_parameters_are_encoded(make_http: MakeHTTP) -> None:
    http, api = make_http(ok)
    http.get(
        "/models/containers",
        params={"includeGlobal": True, "space": None, "usedFor": ["node", "edge"], "limit": 10},
    )
    assert api.requests[0].url.query == b"includeGlobal=true&usedFor=node&usedFor=edge&limit=10"


def test_small_body_is_not_compressed(make_http: MakeHTTP) -> None:
    http, api = make_http(ok)
    http.post("/models/spaces", json={"items": [{"space": "a"}]})
    request = api.requests[0]
    assert "content-encoding" not in request.headers
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {"items": [{"space": "a"}]}


def test_large_body_is_gzipped_and_decodes(make_http: MakeHTTP) -> None:
    http, api = make_http(ok)
    body = {"items": [{"space": "sp", "externalId": f"node-{i}"} for i in range(500)]}
    http.post("/models/instances", json=body)
    request = api.requests[0]
    assert request.headers["content-encoding"] == "gzip"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(gzip.decompress(request.content)) == body
    assert len(request.content) < len(json.dumps(body))


def test_gzip_threshold_is_configurable(make_http: MakeHTTP) -> None:
    body = {"items": [{"space": f"s{i}"} for i in range(300)]}
    never, api_never = make_http(ok, gzip_threshold=None)
    never.post("/models/spaces", json=body)
    assert "content-encoding" not in api_never.requests[0].headers
    always, api_always = make_http(ok, gzip_threshold=0)
    always.post("/models/spaces", json={"items": []})
    assert api_always.requests[0].headers["content-encoding"] == "gzip"
    assert request_json(api_always.requests[0]) == {"items": []}


def test_debug_log_line(make_http: MakeHTTP, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="pygen_runtime.client.http")
    http, _ = make_http(ok)
    http.get("/models/views")
    records = [r for r in caplog.records if r.name == "pygen_runtime.client.http"]
    assert len(records) == 1
    line = records[0].getMessage()
    assert "GET /models/views -> 200" in line
    assert "rid-42" in line
    assert " ms" in line
    assert TOKEN not in caplog.text


def test_retries_are_logged(make_http: MakeHTTP, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="pygen_runtime.client.http")
    responses = [httpx.Response(503), httpx.Response(200, json={})]
    http, _ = make_http(lambda request: responses.pop(0))
    http.get("/models/views")
    messages = [r.getMessage() for r in caplog.records]
    assert any("-> 503" in m for m in messages)
    assert any("retry 1 of 10" in m for m in messages)


def test_context_manager_closes(make_http: MakeHTTP) -> None:
    http, _ = make_http(ok)
    with http as entered:
        assert entered is http
        entered.get("/models/spaces")
    with pytest.raises(RuntimeError):
        http.get("/models/spaces")


@pytest.mark.parametrize(
    ("base_url", "project"),
    [("api.cognitedata.com", PROJECT), (BASE_URL, ""), (BASE_URL, "a/b"), (BASE_URL, " p ")],
)
def test_bad_settings_are_config_errors(base_url: str, project: str) -> None:
    with pytest.raises(ConfigError):
        HTTPClient(base_url, project, TokenAuth(TOKEN))


def test_trailing_slash_and_repr() -> None:
    with HTTPClient(BASE_URL + "/", PROJECT, TokenAuth(TOKEN)) as http:
        assert http.api_url == f"{BASE_URL}{PREFIX}"
        assert TOKEN not in repr(http)

"""Error responses become the right exception with the API's details."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from pygen_runtime.client import HTTPClient
from pygen_runtime.errors import APIError, ClientError, ResourceNotFoundError

from .client_fakes import MockAPI

MakeHTTP = Callable[..., tuple[HTTPClient, MockAPI]]


def answer(status: int, **kwargs: Any) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(status, **kwargs)


def test_400_with_api_error_body(make_http: MakeHTTP) -> None:
    missing = [{"space": "sp", "externalId": "Pump"}]
    body = {
        "error": {
            "code": 400,
            "message": "Referenced container does not exist",
            "missing": missing,
        }
    }
    http, _ = make_http(answer(400, json=body, headers={"x-request-id": "req-123"}))
    with pytest.raises(APIError) as info:
        http.post("/models/views", json={"items": [{"space": "sp"}]})
    error = info.value
    assert isinstance(error, ResourceNotFoundError)  # a 4xx naming missing ids
    assert error.status_code == 400
    assert error.message == "Referenced container does not exist"
    assert error.missing == missing
    assert error.duplicated == []
    assert error.request_id == "req-123"
    assert error.method == "POST"
    assert error.path == "/models/views"
    assert error.body == body
    text = str(error)
    assert "POST /models/views" in text
    assert "Referenced container does not exist" in text
    assert "req-123" in text
    assert "Pump" in text


def test_400_without_missing_is_a_plain_api_error(make_http: MakeHTTP) -> None:
    http, _ = make_http(answer(400, json={"error": {"code": 400, "message": "Invalid filter"}}))
    with pytest.raises(APIError) as info:
        http.post("/models/instances/list", json={})
    assert type(info.value) is APIError
    assert info.value.message == "Invalid filter"


def test_409_carries_duplicated(make_http: MakeHTTP) -> None:
    duplicated = [{"space": "sp", "externalId": "a"}]
    body = {"error": {"code": 409, "message": "Duplicate", "duplicated": duplicated}}
    http, _ = make_http(answer(409, json=body))
    with pytest.raises(APIError) as info:
        http.post("/models/instances", json={"items": []})
    assert info.value.duplicated == duplicated
    assert "duplicated" in str(info.value)


def test_404_is_resource_not_found(make_http: MakeHTTP) -> None:
    http, _ = make_http(answer(404, json={"error": {"code": 404, "message": "Not found"}}))
    with pytest.raises(ResourceNotFoundError) as info:
        http.get("/models/spaces")
    assert info.value.status_code == 404


def test_error_as_plain_string(make_http: MakeHTTP) -> None:
    http, _ = make_http(answer(422, json={"error": "Unprocessable thing"}))
    with pytest.raises(APIError) as info:
        http.get("/models/spaces")
    assert info.value.message == "Unprocessable thing"
    assert info.value.status_code == 422


def test_non_json_error_body(make_http: MakeHTTP) -> None:
    http, _ = make_http(answer(418, text="<html><body>I am a teapot</body></html>"))
    with pytest.raises(APIError) as info:
        http.get("/models/spaces")
    assert info.value.status_code == 418
    assert "I am a teapot" in info.value.message
    assert info.value.body == "<html><body>I am a teapot</body></html>"


def test_empty_error_body(make_http: MakeHTTP) -> None:
    http, _ = make_http(answer(400))
    with pytest.raises(APIError) as info:
        http.get("/models/spaces")
    assert info.value.message == "Bad Request"


def test_json_body_without_error_key(make_http: MakeHTTP) -> None:
    http, _ = make_http(answer(400, json=["unexpected"]))
    with pytest.raises(APIError) as info:
        http.get("/models/spaces")
    assert info.value.body == ["unexpected"]


def test_malformed_json_in_200_names_the_path(make_http: MakeHTTP) -> None:
    http, _ = make_http(
        answer(200, content=b'{"items": [', headers={"content-type": "application/json"})
    )
    with pytest.raises(ClientError) as info:
        http.get("/models/datamodels")
    assert not isinstance(info.value, APIError)
    assert "GET /models/datamodels" in str(info.value)
    assert "not valid JSON" in str(info.value)


def test_empty_200_body_decodes_to_none(make_http: MakeHTTP) -> None:
    http, _ = make_http(answer(200))
    assert http.post("/models/spaces/delete", json={"items": []}) is None


def test_unencodable_body_is_a_client_error(make_http: MakeHTTP) -> None:
    http, api = make_http(answer(200, json={}))
    with pytest.raises(ClientError, match="cannot be encoded as JSON"):
        http.post("/models/instances", json={"value": float("nan")})
    assert api.requests == []

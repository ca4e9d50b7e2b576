"""The HTTP protocol: authentication, error shape, malformed bodies, gzip, unknown routes."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest

from pygen.emulator import Store

from .conftest import PROJECT, TOKEN, Emulator, node


def raw(
    emulator: Emulator, path: str, content: bytes, headers: dict[str, str] | None = None
) -> Any:
    return emulator.http.post(
        emulator.base + path, content=content, headers={**emulator.headers, **(headers or {})}
    )


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Basic dXNlcg=="},
        {"Authorization": "Bearer "},
        {"Authorization": TOKEN},
    ],
)
def test_requests_without_the_token_get_401(emulator: Emulator, headers: dict[str, str]) -> None:
    for response in (
        emulator.http.get(emulator.base + "/spaces", headers=headers),
        emulator.http.post(emulator.base + "/instances/list", json={}, headers=headers),
    ):
        assert response.status_code == 401
        assert (
            response.json()["error"]["code"] == 401
            and "Unauthorized" in response.json()["error"]["message"]
        )


def test_no_configured_token_accepts_any_bearer() -> None:
    store = Store()
    emulator = Emulator(store, token=None)
    emulator.headers = {"Authorization": "Bearer anything-goes"}
    assert emulator.get("/spaces").status_code == 200
    assert emulator.http.get(emulator.base + "/spaces").status_code == 401
    emulator.transport.close()
    store.close()


def test_wrong_project_and_unknown_routes(emulator: Emulator) -> None:
    other = emulator.http.get("/api/v1/projects/other/models/spaces", headers=emulator.headers)
    assert other.status_code == 403 and "other" in other.json()["error"]["message"]
    unknown = emulator.post("/instances/frobnicate", {})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == 404
    wrong_method = emulator.http.delete(emulator.base + "/spaces", headers=emulator.headers)
    assert wrong_method.status_code == 405 and wrong_method.json()["error"]["code"] == 405
    assert emulator.get("/spaces").headers["x-request-id"]


MALFORMED_BODIES: list[tuple[bytes, str]] = [
    (b"{not json", "Invalid JSON at line 1"),
    (b"", "empty"),
    (b"[1, 2]", "must be a JSON object"),
    (b'"items"', "must be a JSON object"),
    (b'{"items": NaN}', "NaN is not a JSON value"),
    (
        b'{"items": [{"instanceType": "node", "space": "s", "externalId": "a", "existingVersion": Infinity}]}',
        "Infinity",
    ),
    (b"\xff\xfe{}", "Invalid JSON"),
    (b'{"items": ' * 3000 + b"1" + b"}" * 3000, "Invalid"),
]


@pytest.mark.parametrize(("content", "fragment"), MALFORMED_BODIES)
def test_malformed_json_is_400(emulator: Emulator, content: bytes, fragment: str) -> None:
    response = raw(emulator, "/instances", content, {"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert fragment in response.json()["error"]["message"]


INVALID_PAYLOADS: list[tuple[str, Any, str]] = [
    (
        "/instances",
        {"items": [node("s", "a")], "upsertMode": True},
        "Unrecognized field(s) in request body: upsertMode",
    ),
    ("/instances", {"items": [{**node("s", "a"), "extra": 1}]}, "items[0].extra"),
    (
        "/instances",
        {"items": [{"instanceType": "node", "space": "s", "external_id": "a"}]},
        "externalId",
    ),
    (
        "/instances",
        {"items": [{"instanceType": "node", "space": 5, "externalId": "a"}]},
        "items[0].space",
    ),
    (
        "/instances",
        {"items": [{"instanceType": "thing", "space": "s", "externalId": "a"}]},
        "instanceType",
    ),
    ("/instances", {"items": [node("s", "a", existingVersion="1")]}, "existingVersion"),
    ("/instances", {"items": [node("s", "a")], "replace": "yes"}, "replace"),
    ("/instances", {"items": {"a": 1}}, "items"),
    ("/instances", {}, "items: Field required"),
    (
        "/instances",
        {"items": [{"instanceType": "edge", "space": "s", "externalId": "e"}]},
        "startNode",
    ),
    ("/instances/list", {"limit": "10"}, "limit"),
    ("/instances/list", {"sources": [{"source": {"space": "s", "externalId": "V"}}]}, "version"),
    ("/instances/byids", {"items": [{"instanceType": "node", "space": "s"}]}, "externalId"),
    ("/spaces", {"items": [{"space": "ok", "description": 5}]}, "description"),
    ("/containers", {"items": [{"space": "s", "externalId": "C"}]}, "properties"),
    ("/views", {"items": [{"space": "s", "externalId": "V", "version": 1}]}, "version"),
    (
        "/views",
        {
            "items": [
                {
                    "space": "s",
                    "externalId": "V",
                    "version": "1",
                    "properties": {
                        "p": {
                            "container": {"type": "view", "space": "s", "externalId": "C"},
                            "containerPropertyIdentifier": "p",
                        }
                    },
                }
            ]
        },
        "container",
    ),
    (
        "/datamodels",
        {"items": [{"space": "s", "externalId": "M", "version": "1", "views": [5]}]},
        "views",
    ),
    ("/instances/search", {"query": "x"}, "view"),
    (
        "/instances/aggregate",
        {
            "view": {"type": "view", "space": "s", "externalId": "V", "version": "1"},
            "aggregates": [{"count": {"property": 1}}],
        },
        "property",
    ),
    ("/instances/query", {"with": {"a": {"nodes": {}}}}, "select"),
]


@pytest.mark.parametrize(("path", "body", "fragment"), INVALID_PAYLOADS)
def test_invalid_payloads_are_400_with_a_message(
    things: Emulator, path: str, body: Any, fragment: str
) -> None:
    error = things.error(path, body)
    assert fragment in error["message"], error["message"]


def test_gzip_request_bodies(emulator: Emulator) -> None:
    body = json.dumps({"items": [{"space": "zipped"}]}).encode()
    response = raw(
        emulator,
        "/spaces",
        gzip.compress(body),
        {"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert response.status_code == 200 and response.json()["items"][0]["space"] == "zipped"
    broken = raw(emulator, "/spaces", body, {"Content-Encoding": "gzip"})
    assert broken.status_code == 400 and "gzip" in broken.json()["error"]["message"]
    truncated = raw(emulator, "/spaces", gzip.compress(body)[:-6], {"Content-Encoding": "gzip"})
    assert truncated.status_code == 400
    unknown = raw(emulator, "/spaces", body, {"Content-Encoding": "br"})
    assert unknown.status_code == 400 and "Content-Encoding" in unknown.json()["error"]["message"]


def test_genuine_bugs_become_500_with_the_error_shape(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pygen.emulator.retrieve as retrieve

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(retrieve, "render", broken)
    response = emulator.post("/instances/list", {})
    assert response.status_code == 500
    error = response.json()["error"]
    assert (
        error["code"] == 500
        and "Internal server error" in error["message"]
        and "a bug" not in error["message"]
    )
    assert emulator.app.state.internal_errors == 1
    emulator.app.state.internal_errors = (
        0  # the fixture checks that nothing else reached the handler
    )


def test_project_routing_uses_configured_project(emulator: Emulator) -> None:
    assert emulator.base == f"/api/v1/projects/{PROJECT}/models"
    assert emulator.post("/spaces", {"items": [{"space": "a"}]}).status_code == 200


@pytest.mark.parametrize("path", ["/instances/inspect", "/containers/inspect"])
def test_unsupported_endpoints_say_so(emulator: Emulator, path: str) -> None:
    error = emulator.error(path, {"items": []}, 501)
    assert "not supported by the pygen emulator" in error["message"]

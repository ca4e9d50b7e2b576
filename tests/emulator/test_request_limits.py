"""Bad request bodies are 4xx with a DMS error, never a 500: size, gzip, numbers, nesting."""

from __future__ import annotations

import asyncio
import gzip
import json
import tracemalloc
import zlib
from typing import Any

import httpx
import pytest

from pygen.emulator import LocalCDF, Store, create_app
from pygen.emulator.body import MAX_BODY_BYTES, MAX_JSON_DEPTH

from .conftest import PROJECT, THING_VIEW, TOKEN, Emulator, node

LIST = {"instanceType": "node", "sources": [{"source": THING_VIEW}]}
INT32 = ["s", "Thing/1", "int32"]


def raw_post(emulator: Emulator, path: str, content: bytes, **headers: str) -> httpx.Response:
    return emulator.http.post(
        emulator.base + path,
        content=content,
        headers={**emulator.headers, "Content-Type": "application/json", **headers},
    )


def assert_error(response: httpx.Response, status: int, fragment: str) -> str:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == status and fragment in error["message"], error["message"]
    return str(error["message"])


def gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes, gzipped (about size / 1000 bytes), built without holding them."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join([*parts, packer.flush()])


@pytest.mark.slow
def test_a_gzip_bomb_is_refused_without_inflating_it(local_cdf: LocalCDF) -> None:
    bomb = gzip_bomb(1 << 30)  # 1 GiB of zeros in about 1 MB
    assert len(bomb) < 1_200_000
    url = f"{local_cdf.base_url}/api/v1/projects/{PROJECT}/models/instances/list"
    headers = {"Authorization": f"Bearer {local_cdf.token}", "Content-Encoding": "gzip"}
    tracemalloc.start()
    try:
        response = httpx.post(url, content=bomb, headers=headers, timeout=60)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_error(response, 413, f"larger than {MAX_BODY_BYTES} bytes")
    assert peak < 1.25 * MAX_BODY_BYTES  # about the cap (64 MiB), never the gigabyte


def test_gzip_bodies_within_the_limit(things: Emulator) -> None:
    body = json.dumps({**LIST, "limit": 5}).encode()
    response = raw_post(
        things, "/instances/list", gzip.compress(body), **{"Content-Encoding": "gzip"}
    )
    assert response.status_code == 200, response.text
    halves = gzip.compress(body[:10]) + gzip.compress(body[10:])  # two gzip members
    response = raw_post(things, "/instances/list", halves, **{"Content-Encoding": "gzip"})
    assert response.status_code == 200, response.text
    for broken in (gzip.compress(body)[:-12], b"not gzip", b""):
        response = raw_post(things, "/instances/list", broken, **{"Content-Encoding": "gzip"})
        assert_error(response, 400, "Invalid gzip body")


def small_app(limit: int) -> Any:
    return create_app(Store(":memory:"), PROJECT, TOKEN, max_body_bytes=limit)


def call_app(app: Any, chunks: list[bytes], headers: dict[str, str]) -> tuple[int, Any, int]:
    """Run one POST through the ASGI app; return status, body and how many chunks it read."""
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        more = pulled < len(chunks)
        return {"type": "http.request", "body": chunks[pulled - 1], "more_body": more}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": f"/api/v1/projects/{PROJECT}/models/instances/list",
        "raw_path": b"", "query_string": b"", "root_path": "", "server": ("x", 80),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }  # fmt: skip
    asyncio.run(app(scope, receive, send))
    status = sent[0]["status"]
    body = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
    return status, body, pulled


def test_the_body_limit_is_enforced_while_reading() -> None:
    app = small_app(1000)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    chunks = [b" " * 400] * 50  # 20,000 bytes, streamed without Content-Length
    status, body, pulled = call_app(app, chunks, auth)
    assert status == 413 and body["error"]["code"] == 413
    assert pulled == 3  # stopped at the chunk that passed the limit, not at the end
    status, body, pulled = call_app(app, chunks, {**auth, "Content-Length": "20000"})
    assert status == 413 and "larger than 1000 bytes" in body["error"]["message"]
    assert pulled == 0  # refused on the header alone
    status, body, _ = call_app(app, [json.dumps(LIST).encode()], auth)
    assert status == 400 and "view" in body["error"]["message"]  # within the limit: parsed
    packed = gzip.compress(b" " * 5000)  # small on the wire, past the limit inflated
    status, body, _ = call_app(app, [packed], {**auth, "Content-Encoding": "gzip"})
    assert status == 413


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"instanceType": "node", "limit": 99999999999999999999}', "64 bits"),
        ('{"instanceType": "node", "limit": -9223372036854775809}', "64 bits"),
        ('{"instanceType": "node", "limit": ' + "9" * 5000 + "}", "5000 characters"),
        ('{"filter": {"range": {"property": ["s", "Thing/1", "float64"], "gt": 1e400}}}', "1e400"),
        ('{"filter": {"equals": {"property": ["node", "externalId"], "value": -1E999}}}', "64-bit float"),
        ('{"filter": {"equals": {"property": ["node", "externalId"], "value": NaN}}}', "NaN"),
        ('{"filter": {"equals": {"property": ["node", "externalId"], "value": Infinity}}}', "Infinity"),
        ('{"filter": {"equals": {"property": ["node", "externalId"], "value": "a\\ud800b"}}}', "surrogate"),
        ('{"filter": {"prefix": {"property": ["node", "externalId"], "value": "\\udfff"}}}', "surrogate"),
        ('{"cursor": "\\ud83d"}', "surrogate"),
    ],
)  # fmt: skip
def test_numbers_and_text_the_api_cannot_hold_are_400(
    things: Emulator, text: str, fragment: str
) -> None:
    response = raw_post(things, "/instances/list", text.encode())
    assert_error(response, 400, fragment)


def test_extreme_values_in_range_still_work(things: Emulator) -> None:
    things.apply(node("s", "big", (THING_VIEW, {"int64": 2**63 - 1, "float64": 1.5e308})))
    body = {"filter": {"range": {"property": ["s", "Thing/1", "int64"], "gte": -(2**63)}}}
    assert things.xids(**LIST, **body) == ["big"]
    body = {"filter": {"range": {"property": ["s", "Thing/1", "float64"], "gt": 1e308}}}
    assert things.xids(**LIST, **body) == ["big"]
    assert things.xids(**LIST, filter={"prefix": {"property": ["node", "externalId"], "value": "b\U0001f600"}}) == []  # fmt: skip


def nested(depth: int, operator: str) -> dict[str, Any]:
    spec: dict[str, Any] = {"equals": {"property": INT32, "value": 1}}
    for _ in range(depth):
        spec = {operator: spec} if operator == "not" else {operator: [spec]}
    return spec


def test_deep_filters_are_400_not_a_crash(things: Emulator) -> None:
    things.apply(
        node("s", "one", (THING_VIEW, {"int32": 1})), node("s", "two", (THING_VIEW, {"int32": 2}))
    )
    leaf = json.dumps(nested(0, "not"))
    for opening, closing in (('{"not": ', "}"), ('{"and": [', "]}"), ('{"or": [', "]}")):
        deep = opening * 10_000 + leaf + closing * 10_000  # too deep for json.dumps to write
        text = '{"instanceType": "node", "filter": ' + deep + "}"
        response = raw_post(things, "/instances/list", text.encode())
        assert_error(response, 400, f"nested deeper than {MAX_JSON_DEPTH} levels")
    assert things.xids(**LIST, filter=nested(80, "not")) == ["one"]  # an even number of nots
    assert things.xids(**LIST, filter=nested(81, "not")) == ["two"]
    assert things.xids(**LIST, filter=nested(45, "and")) == ["one"]
    response = things.post("/instances/list", {**LIST, "filter": nested(MAX_JSON_DEPTH, "not")})
    assert_error(response, 400, "nested deeper")
    response = things.post("/instances/list", {**LIST, "filter": nested(94, "not")})
    assert_error(response, 400, "(parser stack overflow)")  # SQLite's limit
    deep_value = {"json": json.loads("[" * (MAX_JSON_DEPTH + 5) + "]" * (MAX_JSON_DEPTH + 5))}
    response = things.post("/instances", {"items": [node("s", "j", (THING_VIEW, deep_value))]})
    assert_error(response, 400, "nested deeper")


def test_wide_filters_run_or_are_400(things: Emulator) -> None:
    things.apply(node("s", "one", (THING_VIEW, {"int32": 1, "text": "w7"})))
    wide_or = {"or": [{"equals": {"property": INT32, "value": n}} for n in range(5000)]}
    assert things.xids(**LIST, filter=wide_or) == ["one"]  # SQLite's depth limit is 1000
    wide_and = {"and": [{"range": {"property": INT32, "lt": n}} for n in range(2, 3000)]}
    assert things.xids(**LIST, filter=wide_and) == ["one"]
    words = " ".join(f"w{n}" for n in range(1500))
    found = things.ok("/instances/search", {"view": THING_VIEW, "query": words})["items"]
    assert [item["externalId"] for item in found] == ["one"]

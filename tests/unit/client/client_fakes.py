"""Test doubles of the client tests: a mock API behind httpx.MockTransport and a fake clock."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx

TOKEN = "tok-SECRET-4f9a2c7e1b"
CLIENT_SECRET = "cs-SECRET-8d3b6a0f5e"
ACCESS_TOKEN = "at-SECRET-1c5e9b2d7a"
BASE_URL = "https://api.example.cognitedata.com"
PROJECT = "my-project"
PREFIX = f"/api/v1/projects/{PROJECT}"

Handler = Callable[[httpx.Request], httpx.Response]


def request_json(request: httpx.Request) -> Any:
    """The JSON body of a recorded request, un-gzipped when needed."""
    content = request.content
    if request.headers.get("content-encoding") == "gzip":
        content = gzip.decompress(content)
    return json.loads(content)


def api_path(request: httpx.Request) -> str:
    """The request path relative to the project prefix."""
    path = request.url.path
    assert path.startswith(PREFIX), path
    return path[len(PREFIX) :]


class MockAPI:
    """Records every request and answers with ``handler``."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.handler(request)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def bodies(self) -> list[Any]:
        return [request_json(r) for r in self.requests]


class FakeClock:
    """A monotonic clock that only moves when told to (or when ``sleep`` is called)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Drip(httpx.SyncByteStream):
    """A body that never ends: one small chunk per ``step()``."""

    def __init__(self, step: Callable[[], None], chunk: bytes = b" ") -> None:
        self.step = step
        self.chunk = chunk
        self.sent = 0
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        while True:
            self.step()
            self.sent += len(self.chunk)
            yield self.chunk

    def close(self) -> None:
        self.closed = True

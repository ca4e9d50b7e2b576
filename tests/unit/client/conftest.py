"""Fixtures of the client tests: factories of clients on a mock API, and a fake clock."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pygen_runtime.client import HTTPClient, PygenClient, TokenAuth

from .client_fakes import BASE_URL, PROJECT, TOKEN, FakeClock, Handler, MockAPI


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_http(clock: FakeClock) -> Iterator[Callable[..., tuple[HTTPClient, MockAPI]]]:
    """Factory: an HTTPClient on a MockAPI; sleeps go to ``clock.sleeps`` (no real waiting)."""
    made: list[HTTPClient] = []

    def make(handler: Handler, **options: Any) -> tuple[HTTPClient, MockAPI]:
        api = MockAPI(handler)
        options.setdefault("credentials", TokenAuth(TOKEN))
        options.setdefault("sleep", clock.sleep)
        options.setdefault("clock", clock)
        options.setdefault("rng", random.Random(7))
        credentials = options.pop("credentials")
        http = HTTPClient(BASE_URL, PROJECT, credentials, transport=api.transport, **options)
        made.append(http)
        return http, api

    yield make
    for http in made:
        http.close()


@pytest.fixture
def make_client(clock: FakeClock) -> Iterator[Callable[..., tuple[PygenClient, MockAPI]]]:
    """Factory: a PygenClient on a MockAPI; retry sleeps go to ``clock.sleeps``."""
    made: list[PygenClient] = []

    def make(handler: Handler, **options: Any) -> tuple[PygenClient, MockAPI]:
        api = MockAPI(handler)
        options.setdefault("sleep", clock.sleep)
        client = PygenClient(
            BASE_URL, PROJECT, TokenAuth(TOKEN), transport=api.transport, **options
        )
        made.append(client)
        return client, api

    yield make
    for client in made:
        client.close()

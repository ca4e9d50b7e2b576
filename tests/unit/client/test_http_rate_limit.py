"""The token-bucket rate limiter, with a fake clock (no real waiting)."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable

import httpx
import pytest

from pygen_runtime.client import HTTPClient
from pygen_runtime.client.http import TokenBucket
from pygen_runtime.errors import ConfigError

from .client_fakes import FakeClock, MockAPI

MakeHTTP = Callable[..., tuple[HTTPClient, MockAPI]]


def test_requests_are_spaced_by_one_over_rate(clock: FakeClock) -> None:
    bucket = TokenBucket(4.0, clock=clock, sleep=clock.sleep)
    starts = []
    for _ in range(5):
        bucket.acquire()
        starts.append(clock.now)
    assert clock.sleeps == pytest.approx([0.25, 0.25, 0.25, 0.25])
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert gaps == pytest.approx([0.25] * 4)


def test_idle_time_refills_up_to_burst(clock: FakeClock) -> None:
    bucket = TokenBucket(2.0, burst=3, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        assert bucket.acquire() == 0.0
    assert bucket.acquire() == pytest.approx(0.5)
    clock.advance(100.0)  # a long pause refills only up to the burst size
    for _ in range(3):
        assert bucket.acquire() == 0.0
    assert bucket.acquire() == pytest.approx(0.5)


def test_concurrent_callers_queue_up(clock: FakeClock) -> None:
    # The fake clock stands still, so each reservation must wait one interval longer.
    bucket = TokenBucket(10.0, clock=clock, sleep=lambda seconds: None)
    waits: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        wait = bucket.acquire()
        with lock:
            waits.append(wait)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits) == pytest.approx([0.1 * i for i in range(8)])


def test_http_client_applies_the_rate_limit(make_http: MakeHTTP, clock: FakeClock) -> None:
    http, api = make_http(lambda request: httpx.Response(200, json={}), rate_limit=2.0)
    for _ in range(4):
        http.get("/models/spaces")
    assert len(api.requests) == 4
    assert clock.sleeps == pytest.approx([0.5, 0.5, 0.5])


def test_no_rate_limit_by_default(make_http: MakeHTTP, clock: FakeClock) -> None:
    http, _ = make_http(lambda request: httpx.Response(200, json={}))
    for _ in range(5):
        http.get("/models/spaces")
    assert http.rate_limiter is None
    assert clock.sleeps == []


@pytest.mark.parametrize(("rate", "burst"), [(0.0, 1), (-1.0, 1), (1.0, 0)])
def test_invalid_settings(rate: float, burst: int) -> None:
    with pytest.raises(ConfigError):
        TokenBucket(rate, burst=burst)

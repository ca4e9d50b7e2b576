"""The fail-fast client against the local emulator over real sockets."""

from __future__ import annotations

import logging
import time

import pytest

from pygen.emulator import LocalCDF
from pygen_runtime.client.models import SpaceApply
from pygen_runtime.errors import APIError, ConnectionFailedError, ResponseTooLargeError


def test_size_bound_and_status_handling_on_a_real_server(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="pygen_runtime.client.http")
    with LocalCDF() as cdf:
        with cdf.client() as client:
            client.spaces.apply([SpaceApply(space=f"space_{i}") for i in range(50)])
            assert len(list(client.spaces.list())) >= 50
            with pytest.raises(APIError) as info:  # a 400: answered once, not retried
                client.http.post("/models/spaces/byids", json={"items": "not a list"})
            assert 400 <= info.value.status_code < 500
            assert info.value.request_id  # the emulator's request id stays visible
            assert info.value.request_id in str(info.value)
        small = cdf.client(max_response_size=1024)
        with small, pytest.raises(ResponseTooLargeError, match="max_response_size=1024"):
            list(small.spaces.list())
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_a_stopped_emulator_fails_within_seconds() -> None:
    cdf = LocalCDF().start()
    client = cdf.client()
    assert list(client.spaces.list(include_global=False)) == []
    cdf.stop()  # the port is closed now: connections are refused
    started = time.monotonic()
    with client, pytest.raises(ConnectionFailedError) as info:
        list(client.spaces.list())
    assert time.monotonic() - started < 8.0
    assert f"{cdf.base_url}/api/v1/projects/{cdf.project}/models/spaces" in str(info.value)
    assert cdf.token not in str(info.value)

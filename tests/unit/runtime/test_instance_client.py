"""InstanceClient batching and failure reporting, with faults injected by httpx.MockTransport."""

from __future__ import annotations

import gzip
import json
import threading
from typing import Any

import httpx
import pytest

from pygen_runtime import InstanceClient, InstanceId, InstanceOperationError
from pygen_runtime.client import PygenClient, TokenAuth

from .models import PumpWrite


class FakeApply:
    """Accepts instance applies like the API does, failing any batch holding ``bad_id``."""

    def __init__(self, bad_id: str | None = None) -> None:
        self.bad_id = bad_id
        self.batches: list[list[dict[str, Any]]] = []
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        content = request.content
        if request.headers.get("content-encoding") == "gzip":
            content = gzip.decompress(content)
        body = json.loads(content)
        items = body["items"]
        with self.lock:
            self.batches.append(items)
        if any(item["externalId"] == self.bad_id for item in items):
            return httpx.Response(400, json={"error": {"code": 400, "message": "bad value"}})
        slim = [
            {
                "instanceType": item["instanceType"],
                "space": item["space"],
                "externalId": item["externalId"],
                "version": 1,
                "wasModified": True,
                "createdTime": 5,
                "lastUpdatedTime": 5,
            }
            for item in items
        ]
        return httpx.Response(200, json={"items": slim})


def make_client(handler: Any, **options: Any) -> InstanceClient:
    http = PygenClient(
        "https://cdf.example",
        "proj",
        TokenAuth("secret-token"),
        max_retries=0,
        transport=httpx.MockTransport(handler),
    )
    return InstanceClient(http, **options)


def pumps(count: int) -> list[PumpWrite]:
    return [PumpWrite(space="s", external_id=f"p{i:04d}", name=f"P{i}") for i in range(count)]


def test_upsert_is_batched_at_the_limit_and_reports_created() -> None:
    fake = FakeApply()
    client = make_client(fake, batch_size=1000, max_workers=2)

    result = client.upsert(pumps(2500))

    assert sorted(len(batch) for batch in fake.batches) == [500, 1000, 1000]
    assert len(result.created) == 2500
    assert result.created[0] == InstanceId("s", "p0000")


def test_a_failed_batch_is_reported_with_its_items_and_the_rest_succeeds() -> None:
    fake = FakeApply(bad_id="p0150")
    client = make_client(fake, batch_size=100, max_workers=3)

    with pytest.raises(InstanceOperationError) as caught:
        client.upsert(pumps(300))

    error = caught.value
    assert len(error.failed) == 1
    assert [i.external_id for i in error.failed[0].ids] == [f"p{i:04d}" for i in range(100, 200)]
    assert len(error.result.created) == 200
    assert "400" in str(error) and "bad value" in str(error)
    assert "secret-token" not in str(error)


def test_create_mode_sends_existing_version_zero() -> None:
    fake = FakeApply()
    client = make_client(fake)

    client.upsert(pumps(2), mode="create")

    assert all(item["existingVersion"] == 0 for item in fake.batches[0])


def test_bare_external_ids_need_an_instance_space() -> None:
    client = make_client(FakeApply())
    with pytest.raises(ValueError, match="instance_space"):
        client.to_id("p1")
    assert make_client(FakeApply(), instance_space="s").to_id("p1") == InstanceId("s", "p1")


def test_invalid_batch_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        make_client(FakeApply(), batch_size=1001)

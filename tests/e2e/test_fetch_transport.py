"""The generated SDK over ``FetchTransport``: every request leaves through a browser-like ``fetch``.

The fetch function here stands in for ``pyodide.http`` (a browser runtime cannot be downloaded
here): it sends with urllib, not httpx, records each request, and answers like a browser's
``fetch`` does — body decoded, ``content-encoding`` (if any) still in the headers.
"""

from __future__ import annotations

import gzip
import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from pygen.emulator import LocalCDF
from pygen_runtime.client import FetchRequest, FetchResponse, FetchTransport, PygenClient, TokenAuth
from pygen_runtime.errors import ConnectionFailedError

from .conftest import INSTANCE_SPACE


class BrowserLikeFetch:
    """Sends with urllib; decodes gzip answers itself and keeps their headers, like ``fetch``."""

    def __init__(self) -> None:
        self.sent: list[FetchRequest] = []

    def __call__(self, request: FetchRequest) -> FetchResponse:
        self.sent.append(request)
        headers = {name: value for name, value in request.headers.items() if name != "host"}
        headers["accept-encoding"] = "gzip"  # the browser's choice, not the caller's
        out = urllib.request.Request(
            request.url, data=request.body or None, headers=headers, method=request.method
        )
        try:
            with urllib.request.urlopen(out, timeout=30) as answer:
                status, answer_headers, body = answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            status, answer_headers, body = error.code, dict(error.headers), error.read()
        if answer_headers.get("content-encoding", "").lower() == "gzip":
            body = gzip.decompress(body)
        return FetchResponse(status=status, headers=answer_headers, body=body)


def fetch_client(cdf: LocalCDF, fetch: Any, **options: Any) -> PygenClient:
    return PygenClient(
        cdf.base_url, cdf.project, TokenAuth(cdf.token), transport=FetchTransport(fetch), **options
    )


def test_the_sdk_reads_and_writes_through_fetch(local_cdf: LocalCDF, example_sdk: Any) -> None:
    fetch = BrowserLikeFetch()
    with fetch_client(local_cdf, fetch) as client:
        sdk = example_sdk.ExampleModelClient(client, instance_space=INSTANCE_SPACE, max_workers=1)
        pumps = sdk.equipment.list(limit=300)
        assert len(pumps) > 100
        written = sdk.upsert(
            example_sdk.SiteWrite(external_id="fetch_site", name="Fetched", code="FETCH")
        )
        assert [id.external_id for id in written.created + written.updated] == ["fetch_site"]
        assert sdk.site.retrieve("fetch_site").name == "Fetched"
    methods = [(sent.method, sent.url.split("/projects/")[1].split("?")[0]) for sent in fetch.sent]
    assert ("POST", f"{local_cdf.project}/models/instances/list") in methods
    assert ("POST", f"{local_cdf.project}/models/instances") in methods
    assert all(sent.headers["authorization"] == f"Bearer {local_cdf.token}" for sent in fetch.sent)


def test_a_fetch_that_fails_is_a_connection_failure_after_retries(local_cdf: LocalCDF) -> None:
    calls: list[str] = []

    def offline(request: FetchRequest) -> FetchResponse:
        calls.append(request.url)
        raise OSError("TypeError: Failed to fetch")

    client = fetch_client(
        local_cdf, offline, connect_retry_budget=0.2, backoff_base=0.01, max_backoff=0.02
    )
    with client, pytest.raises(ConnectionFailedError, match="Failed to fetch"):
        list(client.spaces.list())
    assert len(calls) > 1  # retried like a refused connection


def test_the_transport_repr_names_the_function_not_secrets() -> None:
    assert repr(FetchTransport(BrowserLikeFetch())) == "FetchTransport(BrowserLikeFetch)"


def test_a_decoded_body_is_not_decoded_again() -> None:
    """A browser's ``fetch`` undoes gzip but still reports ``content-encoding: gzip``."""
    body = json.dumps({"items": [{"space": "s", "createdTime": 1, "lastUpdatedTime": 1}]})

    def browser(request: FetchRequest) -> FetchResponse:
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        headers["Content-Length"] = str(len(gzip.compress(body.encode())))
        return FetchResponse(status=200, headers=headers, body=body.encode())

    client = PygenClient(
        "https://cdf.example", "p", TokenAuth("t"), transport=FetchTransport(browser)
    )
    with client:
        assert [space.space for space in client.spaces.list()] == ["s"]

"""PygenClient: construction, from_environment, resource wiring, closing."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from pygen_runtime.client import EnvironmentAuth, HTTPClient, PygenClient, TokenAuth
from pygen_runtime.client.resources import (
    ContainersAPI,
    DataModelsAPI,
    InstancesAPI,
    SpacesAPI,
    ViewsAPI,
)
from pygen_runtime.errors import ConfigError

from .client_fakes import ACCESS_TOKEN, CLIENT_SECRET, PREFIX, TOKEN, MockAPI

MakeClient = Callable[..., tuple[PygenClient, MockAPI]]


def empty(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"items": []})


def test_resources_are_wired(make_client: MakeClient) -> None:
    client, api = make_client(empty, rate_limit=100.0, max_retries=2, timeout=5.0)
    assert isinstance(client.http, HTTPClient)
    assert isinstance(client.spaces, SpacesAPI)
    assert isinstance(client.containers, ContainersAPI)
    assert isinstance(client.views, ViewsAPI)
    assert isinstance(client.data_models, DataModelsAPI)
    assert isinstance(client.instances, InstancesAPI)
    assert client.http.retry_policy.max_retries == 2
    assert client.http.rate_limiter is not None and client.http.rate_limiter.rate == 100.0
    list(client.views.list())
    assert api.requests[0].url.path == f"{PREFIX}/models/views"
    assert TOKEN not in repr(client)


def test_context_manager_closes_the_pool() -> None:
    api = MockAPI(empty)
    with PygenClient(
        "https://x.example.com", "p", TokenAuth(TOKEN), transport=api.transport
    ) as client:
        list(client.spaces.list())
    with pytest.raises(RuntimeError):
        list(client.spaces.list())


def test_credentials_must_be_a_credentials_object() -> None:
    with pytest.raises(ConfigError, match="TokenAuth"):
        PygenClient("https://x.example.com", "p", TOKEN)  # type: ignore[arg-type]


def test_from_environment_with_a_cluster_and_token() -> None:
    api = MockAPI(empty)
    env = {"CDF_CLUSTER": "westeurope-1", "CDF_PROJECT": "proj", "CDF_TOKEN": TOKEN}
    with PygenClient.from_environment(env, transport=api.transport, timeout=5.0) as client:
        assert client.base_url == "https://westeurope-1.cognitedata.com"
        assert client.project == "proj"
        list(client.spaces.list())
    request = api.requests[0]
    assert str(request.url).startswith("https://westeurope-1.cognitedata.com/api/v1/projects/proj/")
    assert request.headers["authorization"] == f"Bearer {TOKEN}"


def test_from_environment_with_client_credentials() -> None:
    api = MockAPI(empty)
    token_requests: list[httpx.Request] = []

    def token_endpoint(request: httpx.Request) -> httpx.Response:
        token_requests.append(request)
        return httpx.Response(200, json={"access_token": ACCESS_TOKEN, "expires_in": 3600})

    env = {
        "CDF_BASE_URL": "https://api.example.com/",
        "CDF_PROJECT": "proj",
        "CDF_CLIENT_ID": "client-id",
        "CDF_CLIENT_SECRET": CLIENT_SECRET,
        "CDF_TOKEN_URL": "https://login.example.com/token",
        "CDF_SCOPES": "https://api.example.com/.default",
    }
    client = PygenClient.from_environment(
        env, transport=api.transport, token_transport=httpx.MockTransport(token_endpoint)
    )
    assert isinstance(client.credentials, EnvironmentAuth)
    list(client.spaces.list())
    list(client.views.list())
    client.close()
    assert len(token_requests) == 1
    assert [r.headers["authorization"] for r in api.requests] == [f"Bearer {ACCESS_TOKEN}"] * 2


def test_from_environment_names_every_missing_variable() -> None:
    with pytest.raises(ConfigError) as info:
        PygenClient.from_environment({"CDF_CLIENT_ID": "id"})
    message = str(info.value)
    assert "CDF_BASE_URL (or CDF_CLUSTER)" in message
    assert "CDF_PROJECT" in message
    assert "CDF_CLIENT_SECRET / CDF_TOKEN_URL / CDF_SCOPES (or CDF_TOKEN)" in message
    assert "CDF_CLIENT_ID /" not in message


def test_from_environment_missing_only_credentials() -> None:
    with pytest.raises(ConfigError, match="CDF_TOKEN"):
        PygenClient.from_environment({"CDF_CLUSTER": "c", "CDF_PROJECT": "p"})

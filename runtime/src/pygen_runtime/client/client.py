"""PygenClient: one object holding the HTTP client and every resource API."""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import TracebackType
from typing import Any

import httpx

from pygen_runtime.errors import ConfigError

from .auth import Credentials, EnvironmentAuth
from .auth.environment import missing_credential_variables
from .http import (
    DEFAULT_CONNECT_RETRY_BUDGET,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_REQUEST_DEADLINE,
    DEFAULT_RETRY_BUDGET,
    HTTPClient,
)
from .resources import ContainersAPI, DataModelsAPI, InstancesAPI, SpacesAPI, ViewsAPI

__all__ = ["PygenClient", "base_url_from_environment"]


def base_url_from_environment(environ: Mapping[str, str]) -> str | None:
    """``CDF_BASE_URL``, else ``https://{CDF_CLUSTER}.cognitedata.com``, else ``None``."""
    base_url = environ.get("CDF_BASE_URL", "").strip()
    if base_url:
        return base_url
    cluster = environ.get("CDF_CLUSTER", "").strip()
    return f"https://{cluster}.cognitedata.com" if cluster else None


class PygenClient:
    """A client of one CDF project's data-modeling API.

    Example::

        with PygenClient("https://api.cognitedata.com", "my-project", TokenAuth(token)) as client:
            model = client.data_models.retrieve(("my_space", "MyModel", "v1"))

    Args:
        base_url: The cluster URL, e.g. ``https://westeurope-1.cognitedata.com``.
        project: The CDF project.
        credentials: A :class:`~pygen_runtime.client.auth.Credentials` (``TokenAuth``,
            ``ClientCredentials``, ``EnvironmentAuth``).
        timeout: Seconds for each read, write and pool wait of an attempt.
        max_retries: Retries of throttled (429), unavailable (502/503/504), timed-out (408)
            and failed-to-connect requests.
        rate_limit: Maximum requests per second (``None``: unlimited).
        connection_pool_size: Maximum concurrent connections.
        transport: httpx transport (``httpx.MockTransport`` in tests, or the emulator in-process).
        connect_timeout: Seconds to open a connection (at most ``timeout``).
        retry_budget: Seconds from the start of a call after which no retry is started.
        connect_retry_budget: Seconds failed connection attempts are retried, so an unreachable
            API fails within seconds.
        request_deadline: Seconds one attempt may take in all, however slowly the body arrives.
        max_response_size: Bytes a response body may have; reading stops beyond it.
        **http_options: Further :class:`~pygen_runtime.client.http.HTTPClient` keyword arguments
            (``gzip_threshold``, ``headers``, ``max_retry_after`` ...).

    Attributes:
        http: The :class:`~pygen_runtime.client.http.HTTPClient` for requests without a resource API.
        spaces, containers, views, data_models, instances: The resource APIs.
    """

    def __init__(
        self,
        base_url: str,
        project: str,
        credentials: Credentials,
        timeout: float = 30.0,
        max_retries: int = 10,
        rate_limit: float | None = None,
        connection_pool_size: int = 10,
        transport: httpx.BaseTransport | None = None,
        *,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        retry_budget: float = DEFAULT_RETRY_BUDGET,
        connect_retry_budget: float = DEFAULT_CONNECT_RETRY_BUDGET,
        request_deadline: float = DEFAULT_REQUEST_DEADLINE,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        **http_options: Any,
    ) -> None:
        if not isinstance(credentials, Credentials):
            raise ConfigError(
                "credentials must be a Credentials object (TokenAuth, ClientCredentials, "
                f"EnvironmentAuth), got {type(credentials).__name__}"
            )
        self.credentials = credentials
        self._owns_credentials = False
        self.http = HTTPClient(
            base_url,
            project,
            credentials,
            timeout=timeout,
            max_retries=max_retries,
            rate_limit=rate_limit,
            connection_pool_size=connection_pool_size,
            transport=transport,
            connect_timeout=connect_timeout,
            retry_budget=retry_budget,
            connect_retry_budget=connect_retry_budget,
            request_deadline=request_deadline,
            max_response_size=max_response_size,
            **http_options,
        )
        self.spaces = SpacesAPI(self.http)
        self.containers = ContainersAPI(self.http)
        self.views = ViewsAPI(self.http)
        self.data_models = DataModelsAPI(self.http)
        self.instances = InstancesAPI(self.http)

    @property
    def project(self) -> str:
        """The CDF project."""
        return self.http.project

    @property
    def base_url(self) -> str:
        """The cluster URL."""
        return self.http.base_url

    @classmethod
    def from_environment(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        token_transport: httpx.BaseTransport | None = None,
        **options: Any,
    ) -> PygenClient:
        """Create a client from environment variables.

        Reads ``CDF_BASE_URL`` (or ``CDF_CLUSTER``, giving ``https://{cluster}.cognitedata.com``),
        ``CDF_PROJECT``, and the credentials of :class:`~pygen_runtime.client.auth.EnvironmentAuth`
        (``CDF_TOKEN``, or ``CDF_CLIENT_ID``, ``CDF_CLIENT_SECRET``, ``CDF_TOKEN_URL`` and
        ``CDF_SCOPES``).

        Args:
            environ: The variables to read (default ``os.environ``).
            transport: httpx transport of the API client.
            token_transport: httpx transport of the token endpoint (client credentials).
            **options: Further :class:`PygenClient` keyword arguments (``timeout`` ...).

        Raises:
            pygen_runtime.errors.ConfigError: naming every missing variable.
        """
        env = os.environ if environ is None else environ
        base_url = base_url_from_environment(env)
        project = env.get("CDF_PROJECT", "").strip()
        missing = [] if base_url else ["CDF_BASE_URL (or CDF_CLUSTER)"]
        if not project:
            missing.append("CDF_PROJECT")
        if missing:
            auth_missing = missing_credential_variables(env)
            if auth_missing:
                missing.append(f"{' / '.join(auth_missing)} (or CDF_TOKEN)")
            raise ConfigError(
                f"cannot create a CDF client from the environment: missing {', '.join(missing)}"
            )
        assert base_url is not None
        credentials = EnvironmentAuth(env, transport=token_transport)
        client = cls(base_url, project, credentials, transport=transport, **options)
        client._owns_credentials = True
        return client

    def close(self) -> None:
        """Close the connection pool (and credentials the client created itself)."""
        self.http.close()
        if self._owns_credentials:
            self.credentials.close()

    def __enter__(self) -> PygenClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"PygenClient(base_url={self.base_url!r}, project={self.project!r}, "
            f"credentials={self.credentials!r})"
        )

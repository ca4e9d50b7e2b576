"""The CDF client used at generation time and by generated SDKs.

``PygenClient`` bundles an :class:`HTTPClient` (retries, rate limit, gzip, redacted logging) with
one API object per resource: ``spaces``, ``containers``, ``views``, ``data_models``, ``instances``.

Names are imported lazily, so that ``pygen_runtime.client.models`` (used by the model-file loader and
the CLI) does not pull in httpx.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, str] = {
    "ClientCredentials": "pygen_runtime.client.auth",
    "Credentials": "pygen_runtime.client.auth",
    "EnvironmentAuth": "pygen_runtime.client.auth",
    "TokenAuth": "pygen_runtime.client.auth",
    "FetchRequest": "pygen_runtime.client.http",
    "FetchResponse": "pygen_runtime.client.http",
    "FetchTransport": "pygen_runtime.client.http",
    "HTTPClient": "pygen_runtime.client.http",
    "PygenClient": "pygen_runtime.client.client",
}

__all__ = [
    "ClientCredentials",
    "Credentials",
    "EnvironmentAuth",
    "FetchRequest",
    "FetchResponse",
    "FetchTransport",
    "HTTPClient",
    "PygenClient",
    "TokenAuth",
]

if TYPE_CHECKING:
    from .auth import ClientCredentials, Credentials, EnvironmentAuth, TokenAuth
    from .client import PygenClient
    from .http import FetchRequest, FetchResponse, FetchTransport, HTTPClient


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pygen_runtime.client' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value

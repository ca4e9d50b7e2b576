"""The CDF client used at generation time and by generated SDKs.

``PygenClient`` bundles an :class:`HTTPClient` (retries, rate limit, gzip, redacted logging) with
one API object per resource: ``spaces``, ``containers``, ``views``, ``data_models``, ``instances``.

Names are imported lazily, so that ``pygen.client.models`` (used by the model-file loader and
the CLI) does not pull in httpx.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, str] = {
    "ClientCredentials": "pygen.client.auth",
    "Credentials": "pygen.client.auth",
    "EnvironmentAuth": "pygen.client.auth",
    "TokenAuth": "pygen.client.auth",
    "HTTPClient": "pygen.client.http",
    "PygenClient": "pygen.client.client",
}

__all__ = [
    "ClientCredentials",
    "Credentials",
    "EnvironmentAuth",
    "HTTPClient",
    "PygenClient",
    "TokenAuth",
]

if TYPE_CHECKING:
    from .auth import ClientCredentials, Credentials, EnvironmentAuth, TokenAuth
    from .client import PygenClient
    from .http import HTTPClient


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pygen.client' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value

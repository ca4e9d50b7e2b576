"""The model of a request: inline, or read from CDF at submit time.

A model given by reference is fetched while the request is answered, with the credentials it
carries, in memory; the job gets the model (as JSON), never the credentials. ``cdf_url`` must
be on the service's allow-list (its origin: scheme, host and port), so the service never
makes requests to arbitrary or internal hosts on a caller's behalf.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from pygen_runtime.errors import (
    AuthenticationError,
    ClientError,
    ConfigError,
    TransportError,
)

from .errors import ServiceError
from .schemas import CdfCredentials, ModelRequest

__all__ = ["check_cdf_url", "model_document", "origin_of", "view_count"]


def origin_of(url: str) -> str | None:
    """``scheme://host:port`` of an http(s) URL without user, query or fragment; else None."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.username or parts.password or parts.query or parts.fragment:
        return None
    if parts.path not in ("", "/"):
        return None
    default = 443 if parts.scheme == "https" else 80
    return f"{parts.scheme}://{parts.hostname.lower()}:{port or default}"


def check_cdf_url(url: str, allowed: tuple[str, ...]) -> str:
    """``url`` without a trailing slash when its origin is on ``allowed``; else a 4xx."""
    origin = origin_of(url)
    if origin is None:
        raise ServiceError(
            422,
            "cdf_url: expected the base URL of a CDF cluster, e.g. "
            "https://westeurope-1.cognitedata.com (http(s), no path, user, query or fragment)",
        )
    if origin not in {origin_of(entry) for entry in allowed}:
        raise ServiceError(
            403,
            f"cdf_url: {origin} is not on this service's allow-list of CDF URLs "
            "(pygen serve --allow-cdf-url); ask its operator to add it",
        )
    return url.strip().rstrip("/")


def _credentials(given: CdfCredentials) -> Any:
    from pygen_runtime.client import ClientCredentials, TokenAuth

    if given.token is not None:
        return TokenAuth(given.token.get_secret_value())
    assert given.client_secret is not None  # CdfCredentials checked it
    return ClientCredentials(
        client_id=given.client_id or "",
        client_secret=given.client_secret.get_secret_value(),
        token_url=given.token_url or "",
        scopes=given.scopes or "",
        audience=given.audience,
    )


def model_document(request: ModelRequest, allowed: tuple[str, ...]) -> dict[str, Any]:
    """The request's data model as model-file JSON (blocking: runs in a worker thread).

    Raises:
        ServiceError: the model cannot be read (422), the URL is not allowed (403), CDF
            refused the credentials (400) or could not be reached (502).
    """
    if request.model is not None:
        return request.model  # read by the job: a model with errors fails with its issues
    from pygen.model_sources import retrieve_model
    from pygen_runtime.client import PygenClient

    assert request.cdf_url and request.project and request.cdf_credentials
    assert request.space and request.external_id
    url = check_cdf_url(request.cdf_url, allowed)
    try:
        client = PygenClient(
            base_url=url,
            project=request.project,
            credentials=_credentials(request.cdf_credentials),
            timeout=30.0,
            max_retries=2,
        )
        with client:
            model = retrieve_model(client, request.space, request.external_id, request.version)
    except AuthenticationError:
        raise ServiceError(
            400, "cdf_credentials: CDF refused them (not valid, expired, or no access to the model)"
        ) from None
    except TransportError:
        raise ServiceError(502, f"cdf_url: CDF at {url} did not answer; try again later") from None
    except ConfigError as exc:
        raise ServiceError(422, f"space/external_id/version: {exc}") from None
    except ClientError as exc:
        raise ServiceError(502, f"CDF answered with an error: {type(exc).__name__}") from None
    return dict(model.model_dump(mode="json", by_alias=True))


def view_count(document: dict[str, Any]) -> int:
    """How many views a model document lists (what the ``max_views`` limit counts)."""
    views = document.get("views")
    return len(views) if isinstance(views, list) else 0

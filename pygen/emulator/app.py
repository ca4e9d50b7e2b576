"""The Starlette application: routes under ``/api/v1/projects/{project}/models``.

Routes are thin: authenticate, decode the body (gzip, JSON), validate it into a request model,
run the operation in a worker thread and answer JSON. Every error is a DMS error body; a
genuine bug is logged and answered 500 (and counted in ``app.state.internal_errors``).
"""

from __future__ import annotations

import hmac
import logging
import sqlite3
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from pygen_runtime.client.models import ContainerId, ViewId

from . import schema, schema_read
from .aggregate import aggregate_instances
from .body import MAX_BODY_BYTES, decode_body, read_body
from .cors import CorsMiddleware, CorsPolicy
from .errors import DMSError, bad_request, error_body
from .instances import apply_instances, delete_instances
from .query import run_query
from .requests import (
    AggregateRequest,
    ContainerApplyRequest,
    ContainerIdsRequest,
    ContainerPartIdsRequest,
    DataModelApplyRequest,
    DataModelIdsRequest,
    InstanceApplyRequest,
    InstanceDeleteRequest,
    InstanceIdsRequest,
    InstanceListRequest,
    QueryRequest,
    SearchRequest,
    SpaceApplyRequest,
    SpaceIdsRequest,
    SyncRequest,
    ViewApplyRequest,
    ViewIdsRequest,
    check_item_count,
    parse_body,
)
from .retrieve import list_instances, retrieve_instances
from .search import search_instances
from .store import Store
from .sync import run_sync

__all__ = ["MAX_BODY_BYTES", "create_app"]

logger = logging.getLogger("pygen.emulator")

Handler = Callable[[Store, Request, Any], Any]

_LIST_PARAMS = {
    "spaces": {"limit", "cursor", "includeGlobal"},
    "containers": {"limit", "cursor", "includeGlobal", "space", "usedFor"},
    "views": {
        "limit",
        "cursor",
        "includeGlobal",
        "space",
        "allVersions",
        "includeInheritedProperties",
        "usedFor",
    },
    "datamodels": {"limit", "cursor", "includeGlobal", "space", "allVersions", "inlineViews"},
}
_BYIDS_PARAMS = {
    "spaces": set(),
    "containers": set(),
    "views": {"includeInheritedProperties"},
    "datamodels": {"inlineViews"},
}


_INSTANCE_OPERATIONS: dict[str, tuple[type[Any], Callable[[Store, Any], dict[str, Any]]]] = {
    "": (InstanceApplyRequest, apply_instances),
    "/list": (InstanceListRequest, list_instances),
    "/byids": (InstanceIdsRequest, retrieve_instances),
    "/delete": (InstanceDeleteRequest, delete_instances),
    "/search": (SearchRequest, search_instances),
    "/aggregate": (AggregateRequest, aggregate_instances),
    "/query": (QueryRequest, run_query),
    "/sync": (SyncRequest, run_sync),
}


# SQLite's own limits (expression depth, bound variables, joined tables ...): a request that
# reaches one is too large or too complex, which is the client's problem (400), not a bug.
_SQLITE_LIMITS = (
    "too many sql variables",
    "expression tree is too large",
    "at most 64 tables in a join",
    "too many columns",
    "too many terms",
    "parser stack overflow",
    "string or blob too big",
    "pattern too complex",
)


def create_app(
    store: Store,
    project: str,
    token: str | None = None,
    *,
    max_body_bytes: int = MAX_BODY_BYTES,
    cors_origins: Sequence[str] = (),
) -> Starlette:
    """The emulator as an ASGI app serving ``project``.

    Args:
        store: where data lives.
        project: the only project name the app answers for (others get 403).
        token: the bearer token to require; None accepts any bearer token.
        max_body_bytes: the largest request body accepted, before and after gzip (413 past it).
        cors_origins: origins (``http://localhost:5173``, or ``*``) a browser may call from;
            none (the default) turns CORS off (see :mod:`pygen.emulator.cors`).

    Raises:
        CorsError: an entry of ``cors_origins`` is not an origin.
    """
    policy = CorsPolicy.of(cors_origins)

    def endpoint(
        handler: Handler, *, body: bool = True
    ) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            request_id = uuid.uuid4().hex[:16]
            try:
                _authenticate(request, project, token)
                payload = await _payload(request, max_body_bytes) if body else None
                result = await run_in_threadpool(_call, handler, store, request, payload)
                response: Response = JSONResponse(result)
            except DMSError as exc:
                response = JSONResponse(exc.body(), status_code=exc.status)
            except Exception:
                app.state.internal_errors += 1
                logger.exception(
                    "internal error in %s %s [request id %s]",
                    request.method,
                    request.url.path,
                    request_id,
                )
                response = JSONResponse(
                    error_body(500, f"Internal server error [request id {request_id}]"),
                    status_code=500,
                )
            response.headers["x-request-id"] = request_id
            return response

        return run

    base = "/api/v1/projects/{project}/models"
    routes = []
    for resource in ("spaces", "containers", "views", "datamodels"):
        routes += [
            Route(
                f"{base}/{resource}", endpoint(_schema_list(resource), body=False), methods=["GET"]
            ),
            Route(f"{base}/{resource}", endpoint(_schema_apply(resource)), methods=["POST"]),
            Route(f"{base}/{resource}/byids", endpoint(_schema_byids(resource)), methods=["POST"]),
            Route(
                f"{base}/{resource}/delete", endpoint(_schema_delete(resource)), methods=["POST"]
            ),
        ]
    for group in ("constraints", "indexes"):
        routes.append(
            Route(
                f"{base}/containers/{group}/delete",
                endpoint(_container_parts(group)),
                methods=["POST"],
            )
        )
    for unsupported in ("containers/inspect", "instances/inspect"):
        routes.append(
            Route(f"{base}/{unsupported}", endpoint(_unsupported(unsupported)), methods=["POST"])
        )
    for suffix, (model, operation) in _INSTANCE_OPERATIONS.items():
        routes.append(
            Route(
                f"{base}/instances{suffix}",
                endpoint(_operation(model, operation)),
                methods=["POST"],
            )
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        message = {
            404: f"Unknown endpoint {request.method} {request.url.path}",
            405: f"Method {request.method} is not allowed on {request.url.path}",
        }
        text = message.get(exc.status_code, str(exc.detail))
        return JSONResponse(error_body(exc.status_code, text), status_code=exc.status_code)

    middleware = [Middleware(CorsMiddleware, policy=policy)] if policy.origins else []
    app = Starlette(
        routes=routes, middleware=middleware, exception_handlers={HTTPException: http_error}
    )
    app.state.internal_errors = 0
    app.state.store = store
    return app


def _authenticate(request: Request, project: str, token: str | None) -> None:
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise DMSError(401, "Unauthorized: send an 'Authorization: Bearer <token>' header")
    if token is not None and not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise DMSError(401, "Unauthorized: the token is not valid for this emulator")
    if request.path_params.get("project") != project:
        raise DMSError(
            403,
            f"Forbidden: no access to project {request.path_params.get('project')!r} (this emulator serves {project!r})",
        )


def _call(handler: Handler, store: Store, request: Request, payload: Any) -> Any:
    """Run ``handler``; a query past one of SQLite's limits is the request's fault (400)."""
    try:
        return handler(store, request, payload)
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if not any(limit in text.lower() for limit in _SQLITE_LIMITS):
            raise
        raise bad_request(
            f"The request is too large or complex to run ({text}); split it up or simplify "
            "the filter"
        ) from None


async def _payload(request: Request, limit: int) -> Any:
    raw = await read_body(request.stream(), request.headers.get("content-length"), limit)
    return decode_body(raw, request.headers.get("content-encoding"), limit)


def _query(request: Request, resource: str, allowed: set[str]) -> schema_read.ListOptions:
    params = request.query_params
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise bad_request(f"Unknown query parameter(s) {', '.join(unknown)} for {resource}")
    limit_text = params.get("limit", "10")
    try:
        limit = int(limit_text)
    except ValueError:
        raise bad_request(f"limit: expected an integer, got {limit_text!r}") from None
    if not 1 <= limit <= 1000:
        raise bad_request(f"limit: must be between 1 and 1000, got {limit}")
    used_for = tuple(params.getlist("usedFor"))
    for value in used_for:
        if value not in ("node", "edge", "all", "record"):
            raise bad_request(f"usedFor: {value!r} is not one of node, edge, all, record")
    return schema_read.ListOptions(
        limit=limit,
        cursor=params.get("cursor"),
        space=params.get("space"),
        all_versions=_flag(params.get("allVersions"), "allVersions", False),
        include_global=_flag(params.get("includeGlobal"), "includeGlobal", False),
        inline_views=_flag(params.get("inlineViews"), "inlineViews", False),
        include_inherited=_flag(
            params.get("includeInheritedProperties"), "includeInheritedProperties", True
        ),
        used_for=used_for,
    )


def _flag(value: str | None, name: str, default: bool) -> bool:
    if value is None:
        return default
    lowered = value.lower()
    if lowered not in ("true", "false"):
        raise bad_request(f"{name}: expected true or false, got {value!r}")
    return lowered == "true"


def _schema_list(resource: str) -> Handler:
    def handle(store: Store, request: Request, body: Any) -> Any:
        return schema_read.read_list(
            store, resource, _query(request, resource, _LIST_PARAMS[resource])
        )

    return handle


def _schema_apply(resource: str) -> Handler:
    def handle(store: Store, request: Request, body: Any) -> Any:
        options = _query(request, resource, set())
        if resource == "spaces":
            keys = schema.apply_spaces(store, parse_body(SpaceApplyRequest, body).items)
        elif resource == "containers":
            keys = schema.apply_containers(store, parse_body(ContainerApplyRequest, body).items)
        elif resource == "views":
            keys = schema.apply_views(store, parse_body(ViewApplyRequest, body).items)
        else:
            keys = schema.apply_data_models(store, parse_body(DataModelApplyRequest, body).items)
        return {"items": schema_read.read_by_keys(store, resource, list(keys), options)}

    return handle


def _schema_keys(resource: str, body: Any) -> list[tuple[str | None, ...]]:
    if resource == "spaces":
        return [(item.space,) for item in parse_body(SpaceIdsRequest, body).items]
    if resource == "containers":
        return [
            (item.space, item.external_id) for item in parse_body(ContainerIdsRequest, body).items
        ]
    if resource == "views":
        return [
            (item.space, item.external_id, item.version)
            for item in parse_body(ViewIdsRequest, body).items
        ]
    return [
        (item.space, item.external_id, item.version)
        for item in parse_body(DataModelIdsRequest, body).items
    ]


def _schema_byids(resource: str) -> Handler:
    def handle(store: Store, request: Request, body: Any) -> Any:
        options = _query(request, resource, _BYIDS_PARAMS[resource])
        keys = _schema_keys(resource, body)
        check_item_count(keys, schema.SCHEMA_ITEM_LIMIT)
        return {"items": schema_read.read_by_keys(store, resource, keys, options)}

    return handle


def _operation(model: type[Any], operation: Callable[[Store, Any], dict[str, Any]]) -> Handler:
    def handle(store: Store, request: Request, body: Any) -> Any:
        return operation(store, parse_body(model, body))

    return handle


def _container_parts(group: str) -> Handler:
    def handle(store: Store, request: Request, body: Any) -> Any:
        _query(request, "containers", set())
        items = parse_body(ContainerPartIdsRequest, body).items
        return {
            "items": [item.dump() for item in schema.delete_container_parts(store, group, items)]
        }

    return handle


def _unsupported(path: str) -> Handler:
    def handle(store: Store, request: Request, body: Any) -> Any:
        raise DMSError(
            501,
            f"POST /models/{path} is not supported by the pygen emulator (see docs/emulator.md)",
        )

    return handle


def _schema_delete(resource: str) -> Handler:
    def handle(store: Store, request: Request, body: Any) -> Any:
        _query(request, resource, set())
        keys = _schema_keys(resource, body)
        if resource == "spaces":
            deleted = schema.delete_spaces(store, [str(key[0]) for key in keys])
            return {"items": [{"space": key[0]} for key in deleted]}
        if resource == "containers":
            done = schema.delete_containers(
                store, [ContainerId(space=str(s), external_id=str(x)) for s, x in keys]
            )
            return {"items": [{"space": s, "externalId": x} for s, x in done]}
        if any(key[2] is None for key in keys):
            raise bad_request("items: version is required when deleting views")
        if resource == "views":
            done = schema.delete_views(
                store,
                [ViewId(space=str(s), external_id=str(x), version=str(v)) for s, x, v in keys],
            )
        else:
            done = schema.delete_data_models(store, [(str(s), str(x), str(v)) for s, x, v in keys])
        return {"items": [{"space": s, "externalId": x, "version": v} for s, x, v in done]}

    return handle

"""Request bodies: read under the size cap while they arrive (gzip inflated under the same
cap), parsed as strict JSON and validated into a request model. The emulator's readers do the
reading; their refusals become the service's errors."""

from __future__ import annotations

from typing import TypeVar

import pydantic
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from pygen.emulator.body import decode_body, read_body
from pygen.emulator.errors import DMSError

from .errors import ServiceError, from_validation_error

__all__ = ["parse_request"]

Body = TypeVar("Body", bound=pydantic.BaseModel)


async def parse_request(request: Request, model: type[Body], limit: int) -> Body:
    """The body of ``request`` as ``model``; a 4xx naming the problem otherwise."""
    content_type = request.headers.get("content-type", "application/json").split(";")[0].strip()
    if content_type != "application/json":
        raise ServiceError(415, f"send JSON (Content-Type: application/json), not {content_type}")
    try:
        raw = await read_body(request.stream(), request.headers.get("content-length"), limit)
        # parsing megabytes of JSON takes a while: not on the event loop
        data = await run_in_threadpool(
            decode_body, raw, request.headers.get("content-encoding"), limit
        )
    except DMSError as exc:
        if exc.status == 413:
            raise ServiceError(
                413, f"request body larger than {limit} bytes (the service's limit, after gunzip)"
            ) from None
        raise ServiceError(exc.status, exc.message) from None
    if not isinstance(data, dict):
        raise ServiceError(400, "the body must be a JSON object")
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        raise from_validation_error(exc) from None

"""The OpenAPI document of ``/openapi.json``, built from the route table and the pydantic
request and response models (their JSON schemas are the document's components)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

__all__ = ["Operation", "openapi_document"]

_REF = "#/components/schemas/{model}"


@dataclass(frozen=True)
class Operation:
    """One endpoint: what it takes and answers (the route table and the document share it)."""

    name: str  # the route's name and the handler's
    method: str
    path: str
    summary: str
    request: type[BaseModel] | None = None
    responses: dict[int, type[BaseModel]] = field(default_factory=dict)
    binary: bool = False
    auth: bool = True


def openapi_document(operations: list[Operation], *, version: str) -> dict[str, Any]:
    """OpenAPI 3.1 for ``operations``."""
    from .schemas import ErrorResponse

    models: set[type[BaseModel]] = {ErrorResponse}
    for operation in operations:
        models.update(operation.responses.values())
        if operation.request is not None:
            models.add(operation.request)
    ordered = sorted(models, key=lambda model: model.__name__)
    modes = [(model, _mode(model, operations)) for model in ordered]
    refs, schema = models_json_schema(modes, ref_template=_REF)
    paths: dict[str, dict[str, Any]] = {}
    for operation in operations:
        paths.setdefault(operation.path, {})[operation.method.lower()] = _operation(operation, refs)
    return {
        "openapi": "3.1.0",
        "info": {"title": "pygen service", "version": version},
        "paths": paths,
        "components": {
            "schemas": schema.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def _mode(model: type[BaseModel], operations: list[Operation]) -> JsonSchemaMode:
    requested = any(operation.request is model for operation in operations)
    return "validation" if requested else "serialization"


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


def _operation(operation: Operation, refs: dict[Any, Any]) -> dict[str, Any]:
    def ref(model: type[BaseModel]) -> dict[str, Any]:
        mode = "validation" if operation.request is model else "serialization"
        return dict(refs[(model, mode)])

    from .schemas import ErrorResponse

    responses: dict[str, Any] = {}
    if operation.binary:
        binary = {"type": "string", "format": "binary"}
        responses["200"] = {
            "description": "The artifact: a zip, a gzipped tarball or JSON (path -> text).",
            "content": {
                "application/zip": {"schema": binary},
                "application/gzip": {"schema": binary},
                "application/json": {"schema": {"type": "object"}},
            },
        }
    for status, model in operation.responses.items():
        content = {"application/json": {"schema": ref(model)}}
        responses[str(status)] = {"description": _first_line(model.__doc__), "content": content}
    responses["4XX"] = {
        "description": "A problem with the request; the message names the field or the fix.",
        "content": {"application/json": {"schema": dict(refs[(ErrorResponse, "serialization")])}},
    }
    body: dict[str, Any] = {"summary": operation.summary, "responses": responses}
    if operation.request is not None:
        body["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": ref(operation.request)}},
        }
    if "{job_id}" in operation.path:
        body["parameters"] = [
            {"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}}
        ]
    body["security"] = [{"bearer": []}] if operation.auth else []
    return body

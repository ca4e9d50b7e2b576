"""pygen: typed SDKs generated from Cognite Data Fusion data models.

The programmatic entry points::

    import pygen

    result = pygen.generate("model.yaml", "out/", pygen.GeneratorConfig(language="python"))
    ir, validation = pygen.build_ir("model.yaml")       # validation + IR
    trees = pygen.build_ast(ir)                         # the target's syntax trees, by path
    files = pygen.render(trees)                         # FileSet: path -> text

The public surface is imported lazily, so that ``import pygen`` (and ``pygen --help``) stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "generate": "pygen.api",
    "build_ir": "pygen.api",
    "build_ast": "pygen.api",
    "render": "pygen.api",
    "validate": "pygen.api",
    "GenerationResult": "pygen.api",
    "GeneratorConfig": "pygen.config",
    "PygenClient": "pygen_runtime.client",
    "load_data_model": "pygen.model_file",
    "parse_data_model": "pygen.model_file",
    "PygenError": "pygen_runtime.errors",
    "ConfigError": "pygen_runtime.errors",
    "ClientError": "pygen_runtime.errors",
    "AuthenticationError": "pygen_runtime.errors",
    "APIError": "pygen_runtime.errors",
    "ResourceNotFoundError": "pygen_runtime.errors",
    "RateLimitError": "pygen_runtime.errors",
    "GenerationError": "pygen_runtime.errors",
    "ParseError": "pygen_runtime.errors",
    "ValidationError": "pygen_runtime.errors",
    "EmitError": "pygen_runtime.errors",
    "AccessDeniedError": "pygen_runtime.errors",
    "TransportError": "pygen_runtime.errors",
    "ConnectionFailedError": "pygen_runtime.errors",
    "RequestTimeoutError": "pygen_runtime.errors",
    "ResponseTooLargeError": "pygen_runtime.errors",
}

__all__ = [
    "APIError",
    "AccessDeniedError",
    "AuthenticationError",
    "ClientError",
    "ConfigError",
    "ConnectionFailedError",
    "EmitError",
    "GenerationError",
    "GenerationResult",
    "GeneratorConfig",
    "ParseError",
    "PygenClient",
    "PygenError",
    "RateLimitError",
    "RequestTimeoutError",
    "ResourceNotFoundError",
    "ResponseTooLargeError",
    "TransportError",
    "ValidationError",
    "__version__",
    "build_ast",
    "build_ir",
    "generate",
    "load_data_model",
    "parse_data_model",
    "render",
    "validate",
]

if TYPE_CHECKING:
    from pygen_runtime.client import PygenClient
    from pygen_runtime.errors import (
        AccessDeniedError,
        APIError,
        AuthenticationError,
        ClientError,
        ConfigError,
        ConnectionFailedError,
        EmitError,
        GenerationError,
        ParseError,
        PygenError,
        RateLimitError,
        RequestTimeoutError,
        ResourceNotFoundError,
        ResponseTooLargeError,
        TransportError,
        ValidationError,
    )

    from .api import GenerationResult, build_ast, build_ir, generate, render, validate
    from .config import GeneratorConfig
    from .model_file import load_data_model, parse_data_model


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pygen' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value

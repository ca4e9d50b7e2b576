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
    "PygenClient": "pygen.client",
    "load_data_model": "pygen.model_file",
    "parse_data_model": "pygen.model_file",
    "PygenError": "pygen.errors",
    "ConfigError": "pygen.errors",
    "ClientError": "pygen.errors",
    "AuthenticationError": "pygen.errors",
    "APIError": "pygen.errors",
    "ResourceNotFoundError": "pygen.errors",
    "RateLimitError": "pygen.errors",
    "GenerationError": "pygen.errors",
    "ParseError": "pygen.errors",
    "ValidationError": "pygen.errors",
    "EmitError": "pygen.errors",
    "AccessDeniedError": "pygen.errors",
    "TransportError": "pygen.errors",
    "ConnectionFailedError": "pygen.errors",
    "RequestTimeoutError": "pygen.errors",
    "ResponseTooLargeError": "pygen.errors",
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
    from .api import GenerationResult, build_ast, build_ir, generate, render, validate
    from .client import PygenClient
    from .config import GeneratorConfig
    from .errors import (
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
    from .model_file import load_data_model, parse_data_model


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pygen' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value

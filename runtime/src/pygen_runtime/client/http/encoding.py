"""Request encoding: JSON bodies (gzip-compressed above a threshold) and query parameters."""

from __future__ import annotations

import gzip
from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

from pydantic_core import PydanticSerializationError, to_json

__all__ = ["DEFAULT_GZIP_THRESHOLD", "ParamValue", "Params", "encode_json_body", "encode_params"]

DEFAULT_GZIP_THRESHOLD = 1024
"""JSON bodies larger than this many bytes are sent with ``Content-Encoding: gzip``."""

ParamValue: TypeAlias = str | int | float | bool | Sequence[str] | None
Params: TypeAlias = Mapping[str, ParamValue]


def encode_json_body(data: Any, gzip_threshold: int | None) -> tuple[bytes, dict[str, str]]:
    """Serialise ``data`` as compact JSON; gzip it when larger than ``gzip_threshold`` bytes.

    pydantic-core's encoder writes the JSON (several times faster than :mod:`json`), so
    ``data`` may also hold datetimes and dates (ISO 8601), pydantic models and dataclasses.

    Args:
        data: JSON-ready data (dicts, lists, strings, numbers, booleans, ``None``), or the
            values above.
        gzip_threshold: Compress bodies above this size; ``None`` never compresses.

    Returns:
        The body and the headers describing it (``Content-Type`` and maybe ``Content-Encoding``).

    Raises:
        ValueError: ``data`` holds NaN/Infinity; TypeError: ``data`` holds a non-JSON object.
    """
    try:
        raw = to_json(data, inf_nan_mode="constants")
    except PydanticSerializationError as exc:
        raise TypeError(str(exc)) from None
    if (b"NaN" in raw or b"Infinity" in raw) and raw != to_json(data, inf_nan_mode="null"):
        raise ValueError("NaN and infinite floats have no JSON form")
    headers = {"Content-Type": "application/json"}
    if gzip_threshold is not None and len(raw) > gzip_threshold:
        headers["Content-Encoding"] = "gzip"
        return gzip.compress(raw, compresslevel=5, mtime=0), headers
    return raw, headers


def encode_params(params: Params | None) -> list[tuple[str, str | int | float | bool | None]]:
    """Turn query parameters into pairs: ``None`` dropped, booleans as ``true``/``false``,
    sequences as a repeated key (``usedFor=node&usedFor=edge``)."""
    pairs: list[tuple[str, str | int | float | bool | None]] = []
    for key, value in (params or {}).items():
        if value is None:
            continue
        if isinstance(value, bool):
            pairs.append((key, "true" if value else "false"))
        elif isinstance(value, str | int | float):
            pairs.append((key, str(value)))
        else:
            pairs.extend((key, str(item)) for item in value)
    return pairs

"""Request bodies: read under a size cap, gunzipped under the same cap, parsed as strict JSON.

Every limit is checked while the data arrives, never after: the body stream is abandoned as
soon as it passes the cap (or at once when ``Content-Length`` says it will), and a gzip body is
inflated in bounded steps, so a small gzip bomb costs at most the cap in memory. The JSON
parser refuses what the emulator could not store or compute with: NaN/Infinity, integers
outside 64 bits, floats that overflow, lone UTF-16 surrogates and nesting deeper than
:data:`MAX_JSON_DEPTH`. Each refusal is a DMS error (413 for size, 400 for the rest).
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections.abc import AsyncIterator
from typing import Any

from .errors import DMSError, bad_request

__all__ = ["MAX_BODY_BYTES", "MAX_JSON_DEPTH", "decode_body", "gunzip", "parse_json", "read_body"]

MAX_BODY_BYTES = 64 * 1024 * 1024
MAX_JSON_DEPTH = 100
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_STEP = 1024 * 1024
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def too_large(limit: int) -> DMSError:
    """The 413 for a body past ``limit`` bytes (compressed or not)."""
    return DMSError(
        413,
        f"Request body larger than {limit} bytes (the emulator's limit); "
        "send fewer items per request",
    )


async def read_body(chunks: AsyncIterator[bytes], content_length: str | None, limit: int) -> bytes:
    """Collect the body from ``chunks``, stopping with a 413 as soon as it passes ``limit``."""
    if content_length is not None:
        try:
            declared = int(content_length)
        except ValueError:
            raise bad_request(f"Invalid Content-Length header {content_length[:40]!r}") from None
        if declared > limit:
            raise too_large(limit)
    parts: list[bytes] = []
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        parts.append(chunk)
    return b"".join(parts)


def gunzip(raw: bytes, limit: int) -> bytearray:
    """Inflate a gzip body (one or more members) to at most ``limit`` bytes, else a 413.

    Output comes in steps of at most :data:`_STEP` bytes, so memory stays near ``limit``.
    """
    out = bytearray()
    pending = raw
    while True:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            while not inflater.eof:
                chunk = inflater.decompress(pending, min(_STEP, limit + 1 - len(out)))
                out += chunk
                if len(out) > limit:
                    raise too_large(limit)
                pending = inflater.unconsumed_tail
                if not chunk and not pending:
                    raise zlib.error("truncated")
        except zlib.error:
            raise bad_request(
                "Invalid gzip body: the request says Content-Encoding: gzip but is not "
                "(complete) gzip data"
            ) from None
        pending = inflater.unused_data
        if not pending:
            return out


def decode_body(raw: bytes, encoding: str | None, limit: int) -> Any:
    """The JSON value of a request body sent with ``Content-Encoding: encoding``."""
    coding = (encoding or "identity").strip().lower()
    if coding not in ("identity", "gzip"):
        raise bad_request(f"Unsupported Content-Encoding {encoding!r} (use gzip or none)")
    data = gunzip(raw, limit) if coding == "gzip" else raw
    if not data or data.isspace():
        raise bad_request("Request body is empty; a JSON object is expected")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise bad_request("Invalid JSON: the body is not UTF-8") from None
    return parse_json(text)


def parse_json(text: str) -> Any:
    """Parse JSON text, refusing values the API and SQLite cannot hold (a 400 naming them)."""
    try:
        value = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
            parse_float=_parse_float,
        )
    except json.JSONDecodeError as exc:
        raise bad_request(
            f"Invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise _too_deep() from None
    _check_depth(value)
    if _SURROGATE_ESCAPE.search(text):
        _check_text(value)
    return value


def _reject_constant(name: str) -> Any:
    raise bad_request(f"Invalid JSON: {name} is not a JSON value")


def _parse_int(text: str) -> int:
    value = int(text) if len(text) <= 20 else None
    if value is None or not _INT64_MIN <= value <= _INT64_MAX:
        raise bad_request(
            f"Invalid number {_shorten(text)}: integers must fit in 64 bits "
            f"({_INT64_MIN} to {_INT64_MAX})"
        )
    return value


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise bad_request(f"Invalid number {_shorten(text)}: it is too large for a 64-bit float")
    return value


def _shorten(text: str) -> str:
    return text if len(text) <= 30 else f"{text[:12]}...{text[-6:]} ({len(text)} characters)"


def _too_deep() -> DMSError:
    return bad_request(
        f"Invalid JSON: nested deeper than {MAX_JSON_DEPTH} levels (arrays and objects); "
        "flatten the filter or value"
    )


def _check_depth(value: Any) -> None:
    stack: list[tuple[Any, int]] = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        item, depth = stack.pop()
        for child in item.values() if isinstance(item, dict) else item:
            if isinstance(child, dict | list):
                if depth >= MAX_JSON_DEPTH:
                    raise _too_deep()
                stack.append((child, depth + 1))


def _check_text(value: Any) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            _check_string(item)
        elif isinstance(item, dict):
            for key, child in item.items():
                _check_string(key)
                stack.append(child)
        elif isinstance(item, list):
            stack.extend(item)


def _check_string(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise bad_request(
            f"Invalid JSON: the string {_shorten(text.encode('utf-8', 'backslashreplace').decode())} "
            "holds a lone UTF-16 surrogate (\\ud800-\\udfff), which is not text"
        ) from None

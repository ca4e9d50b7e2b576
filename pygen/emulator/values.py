"""Checking property values against container property types, and their stored form.

Values are stored as JSON. Timestamps are normalised to UTC with millisecond precision
(``2024-05-01T12:00:00.000+00:00``) so that text order is time order in SQL; dates stay
``YYYY-MM-DD``; direct relations are ``{"space", "externalId"}`` objects.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any

from pygen_runtime.client.models import (
    ContainerProperty,
    EnumType,
    ListablePropertyType,
    PropertyType,
    TextType,
)

from .errors import bad_request

__all__ = [
    "check_value",
    "describe",
    "is_list",
    "normalize_date",
    "normalize_timestamp",
]

INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
FLOAT32_MAX = 3.4028234663852886e38
DEFAULT_MAX_LIST_SIZE = 1000
DEFAULT_MAX_DIRECT_LIST_SIZE = 100
JSON_MAX_BYTES = 40960

_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r"(Z|z|[+-]\d{2}(?::?\d{2})?)?"
)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def is_list(prop_type: PropertyType) -> bool:
    """True for a list-valued type."""
    return isinstance(prop_type, ListablePropertyType) and prop_type.list


def describe(value: Any) -> str:
    """A short description of a JSON value for error messages."""
    text = json.dumps(value, default=str)
    kind = {
        bool: "boolean", int: "integer", float: "number", str: "string", list: "array",
        dict: "object", type(None): "null",
    }.get(type(value), type(value).__name__)  # fmt: skip
    return f"{kind} {text[:40] + '...' if len(text) > 40 else text}"


def normalize_timestamp(value: str) -> str | None:
    """Return the canonical UTC form of an ISO-8601 timestamp, or None when it is not one."""
    match = _TIMESTAMP.fullmatch(value)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micros = int((fraction or "0").ljust(6, "0")[:6])
    try:
        moment = dt.datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micros,
            tzinfo=_zone(zone),
        )  # fmt: skip
        utc = moment.astimezone(dt.timezone.utc)
    except (ValueError, OverflowError):
        return None
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:"
        f"{utc.second:02d}.{utc.microsecond // 1000:03d}+00:00"
    )


def _zone(text: str | None) -> dt.timezone:
    if text is None or text in ("Z", "z"):
        return dt.timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def normalize_date(value: str) -> str | None:
    """Return ``value`` when it is a valid ``YYYY-MM-DD`` date, else None."""
    match = _DATE.fullmatch(value)
    if match is None:
        return None
    try:
        dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return value


def check_value(value: Any, prop: ContainerProperty, where: str) -> Any:
    """Check ``value`` against the property's type and return its stored form (None stays None).

    Raises:
        DMSError: 400 naming ``where``, the expected type and what was given.
    """
    if value is None:
        return None
    prop_type = prop.type
    if not is_list(prop_type):
        return check_scalar(value, prop_type, where)
    assert isinstance(prop_type, ListablePropertyType)
    if not isinstance(value, list):
        raise bad_request(f"{where}: expected a list of {prop_type.type}, got {describe(value)}")
    default = DEFAULT_MAX_DIRECT_LIST_SIZE if prop_type.type == "direct" else DEFAULT_MAX_LIST_SIZE
    limit = prop_type.max_list_size or default
    if len(value) > limit:
        raise bad_request(f"{where}: the list has {len(value)} values; the maximum is {limit}")
    items = [check_scalar(item, prop_type, f"{where}[{index}]") for index, item in enumerate(value)]
    if any(item is None for item in items):
        raise bad_request(f"{where}: a list cannot hold null")
    if prop_type.type == "json" and len(json.dumps(items).encode()) > JSON_MAX_BYTES:
        raise bad_request(f"{where}: the JSON list is larger than {JSON_MAX_BYTES} bytes")
    return items


def check_scalar(value: Any, prop_type: PropertyType, where: str) -> Any:
    """Check one (non-list) value against ``prop_type``; return its stored form."""
    kind = prop_type.type
    if value is None:
        return None
    if kind in ("text", "timeseries", "file", "sequence"):
        _expect(isinstance(value, str), value, kind, where)
        max_size = prop_type.max_text_size if isinstance(prop_type, TextType) else None
        if max_size is not None and len(value) > max_size:
            raise bad_request(f"{where}: the text is longer than maxTextSize {max_size}")
        return value
    if kind == "boolean":
        _expect(isinstance(value, bool), value, kind, where)
        return value
    if kind in INT_RANGES:
        _expect(isinstance(value, int) and not isinstance(value, bool), value, kind, where)
        low, high = INT_RANGES[kind]
        if not low <= value <= high:
            raise bad_request(f"{where}: {value} is out of range for {kind}")
        return value
    if kind in ("float32", "float64"):
        number = isinstance(value, int | float) and not isinstance(value, bool)
        _expect(number and math.isfinite(value), value, kind, where)
        if kind == "float32" and abs(value) > FLOAT32_MAX:
            raise bad_request(f"{where}: {value} is out of range for float32")
        return value
    if kind == "timestamp":
        stamp = normalize_timestamp(value) if isinstance(value, str) else None
        _expect(stamp is not None, value, "timestamp (ISO 8601 string)", where)
        return stamp
    if kind == "date":
        date = normalize_date(value) if isinstance(value, str) else None
        _expect(date is not None, value, "date (YYYY-MM-DD)", where)
        return date
    if kind == "json":
        if len(json.dumps(value).encode()) > JSON_MAX_BYTES:
            raise bad_request(f"{where}: the JSON value is larger than {JSON_MAX_BYTES} bytes")
        return value
    if kind == "direct":
        return check_node_reference(value, where)
    assert isinstance(prop_type, EnumType)
    _expect(isinstance(value, str), value, "enum value", where)
    if value not in prop_type.values or value == prop_type.unknown_value:
        allowed = ", ".join(v for v in prop_type.values if v != prop_type.unknown_value)
        raise bad_request(f"{where}: {value!r} is not one of the enum values ({allowed})")
    return value


def check_node_reference(value: Any, where: str) -> dict[str, str]:
    """Check a ``{"space", "externalId"}`` object (a direct relation value)."""
    ok = (
        isinstance(value, dict)
        and set(value) == {"space", "externalId"}
        and isinstance(value["space"], str)
        and isinstance(value["externalId"], str)
    )
    _expect(ok, value, "direct relation {space, externalId}", where)
    return {"space": value["space"], "externalId": value["externalId"]}


def _expect(ok: bool, value: Any, expected: str, where: str) -> None:
    if not ok:
        raise bad_request(f"{where}: expected {expected}, got {describe(value)}")

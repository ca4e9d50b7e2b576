"""Python values to and from their wire (JSON) form."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any

from .ids import BareId, InstanceId

__all__ = ["to_wire"]


def to_wire(value: Any) -> Any:
    """Convert a filter or property value to JSON: datetimes as ISO 8601 with milliseconds and
    offset (naive datetimes are taken as UTC), dates as ``YYYY-MM-DD``, ids as
    ``{space, externalId}``, tuples of two strings as ids."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.isoformat(timespec="milliseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, InstanceId):
        return value.dump()
    if isinstance(value, BareId):
        value.resolve(None)  # raises: the filter was not resolved with an instance space
    if isinstance(value, Enum):
        return to_wire(value.value)
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return {"space": value[0], "externalId": value[1]}
    if isinstance(value, Mapping):
        return {str(key): to_wire(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_wire(item) for item in value]
    space, external_id = getattr(value, "space", None), getattr(value, "external_id", None)
    if isinstance(space, str) and isinstance(external_id, str):
        return {"space": space, "externalId": external_id}
    raise TypeError(f"cannot send a {type(value).__name__} to CDF: {value!r}")

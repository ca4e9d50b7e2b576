"""Identifier rules of the DMS API (docs/dms-api.md §5): patterns, lengths and reserved names."""

from __future__ import annotations

import re

from .errors import bad_request

__all__ = [
    "check_dms_external_id",
    "check_enum_value",
    "check_instance_external_id",
    "check_property_id",
    "check_space",
    "check_version",
    "is_property_id",
]

_SPACE = re.compile(r"[a-zA-Z][a-zA-Z0-9_-]{0,41}[a-zA-Z0-9]?")
_DMS_EXTERNAL_ID = re.compile(r"[a-zA-Z]([a-zA-Z0-9_]{0,253}[a-zA-Z0-9])?")
_VERSION = re.compile(r"[a-zA-Z0-9]([.a-zA-Z0-9_-]{0,41}[a-zA-Z0-9])?")
_PROPERTY = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_-]{0,253}[a-zA-Z0-9]?")
_ENUM_VALUE = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,126}")

RESERVED_SPACES = frozenset({"space", "cdf", "dms", "pg3", "shared", "system", "node", "edge"})
RESERVED_EXTERNAL_IDS = frozenset(
    {
        "Query", "Mutation", "Subscription", "String", "Int32", "Int64", "Int", "Float32",
        "Float64", "Float", "Timestamp", "JSONObject", "Date", "Numeric", "Boolean", "PageInfo",
        "File", "Sequence", "TimeSeries",
    }
)  # fmt: skip
RESERVED_PROPERTIES = frozenset(
    {
        "space", "externalId", "createdTime", "lastUpdatedTime", "deletedTime", "edge_id",
        "node_id", "project_id", "property_group", "seq", "tg_table_name", "extensions",
    }
)  # fmt: skip


def check_space(space: str, where: str) -> None:
    """Reject a space identifier that breaks the pattern or is reserved."""
    if not _SPACE.fullmatch(space):
        raise bad_request(
            f"{where}: invalid space {space!r}: must match ^[a-zA-Z][a-zA-Z0-9_-]{{0,41}}[a-zA-Z0-9]?$"
        )
    if space in RESERVED_SPACES:
        raise bad_request(f"{where}: {space!r} is a reserved space identifier")


def check_dms_external_id(external_id: str, where: str, *, reserved: bool = True) -> None:
    """Reject a container/view/data-model externalId that breaks the pattern or is reserved."""
    if not _DMS_EXTERNAL_ID.fullmatch(external_id):
        raise bad_request(
            f"{where}: invalid externalId {external_id!r}: must match "
            "^[a-zA-Z]([a-zA-Z0-9_]{0,253}[a-zA-Z0-9])?$"
        )
    if reserved and external_id in RESERVED_EXTERNAL_IDS:
        raise bad_request(f"{where}: {external_id!r} is a reserved externalId")


def check_version(version: str, where: str) -> None:
    """Reject a view/data-model version that breaks the pattern."""
    if not _VERSION.fullmatch(version):
        raise bad_request(
            f"{where}: invalid version {version!r}: must match "
            "^[a-zA-Z0-9]([.a-zA-Z0-9_-]{0,41}[a-zA-Z0-9])?$"
        )


def check_property_id(identifier: str, where: str) -> None:
    """Reject a container/view property identifier that breaks the pattern or is reserved."""
    if not _PROPERTY.fullmatch(identifier):
        raise bad_request(
            f"{where}: invalid property identifier {identifier!r}: must match "
            "^[a-zA-Z0-9][a-zA-Z0-9_-]{0,253}[a-zA-Z0-9]?$"
        )
    if identifier in RESERVED_PROPERTIES:
        raise bad_request(f"{where}: {identifier!r} is a reserved property identifier")


def is_property_id(identifier: str) -> bool:
    """True when ``identifier`` is safe to embed in a JSON path (the property pattern)."""
    return _PROPERTY.fullmatch(identifier) is not None


def check_instance_external_id(external_id: str, where: str) -> None:
    """Reject a node/edge externalId: 1-256 characters, no NUL."""
    if not 1 <= len(external_id) <= 256 or "\x00" in external_id:
        raise bad_request(
            f"{where}: invalid externalId: must be 1-256 characters without NUL, "
            f"got {len(external_id)} characters"
        )


def check_enum_value(value: str, where: str) -> None:
    """Reject an enum value identifier that breaks ``^[_A-Za-z][_0-9A-Za-z]{0,127}$``."""
    if not _ENUM_VALUE.fullmatch(value):
        raise bad_request(
            f"{where}: invalid enum value {value!r}: must match ^[_A-Za-z][_0-9A-Za-z]{{0,126}}$"
        )

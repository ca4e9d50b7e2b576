"""Container property types, told apart by their ``type`` key."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Discriminator, Field

from ._base import DMSModel
from .references import ContainerReference, ViewReference

__all__ = [
    "BooleanType",
    "DateType",
    "DirectRelationType",
    "EnumType",
    "EnumValue",
    "FileReferenceType",
    "Float32Type",
    "Float64Type",
    "Int32Type",
    "Int64Type",
    "JSONType",
    "ListablePropertyType",
    "PropertyType",
    "SequenceReferenceType",
    "TextType",
    "TimeSeriesReferenceType",
    "TimestampType",
    "Unit",
]


class Unit(DMSModel):
    """A unit from CDF's unit catalog, e.g. ``temperature:deg_c``."""

    external_id: str
    source_unit: str | None = None


class ListablePropertyType(DMSModel):
    """A type that can hold one value or a list of values."""

    list: bool = False
    max_list_size: int | None = None


class TextType(ListablePropertyType):
    """Text, with an optional collation and maximum size."""

    type: Literal["text"] = "text"
    collation: str = "ucs_basic"
    max_text_size: int | None = None


class BooleanType(ListablePropertyType):
    """true / false."""

    type: Literal["boolean"] = "boolean"


class Int32Type(ListablePropertyType):
    """A 32-bit integer."""

    type: Literal["int32"] = "int32"
    unit: Unit | None = None


class Int64Type(ListablePropertyType):
    """A 64-bit integer."""

    type: Literal["int64"] = "int64"
    unit: Unit | None = None


class Float32Type(ListablePropertyType):
    """A 32-bit float."""

    type: Literal["float32"] = "float32"
    unit: Unit | None = None


class Float64Type(ListablePropertyType):
    """A 64-bit float."""

    type: Literal["float64"] = "float64"
    unit: Unit | None = None


class TimestampType(ListablePropertyType):
    """A point in time (ISO 8601 with offset on the wire)."""

    type: Literal["timestamp"] = "timestamp"


class DateType(ListablePropertyType):
    """A calendar date (``YYYY-MM-DD`` on the wire)."""

    type: Literal["date"] = "date"


class JSONType(ListablePropertyType):
    """Any JSON value."""

    type: Literal["json"] = "json"


class TimeSeriesReferenceType(ListablePropertyType):
    """The external id of a classic CDF time series."""

    type: Literal["timeseries"] = "timeseries"


class FileReferenceType(ListablePropertyType):
    """The external id of a classic CDF file."""

    type: Literal["file"] = "file"


class SequenceReferenceType(ListablePropertyType):
    """The external id of a classic CDF sequence."""

    type: Literal["sequence"] = "sequence"


class DirectRelationType(ListablePropertyType):
    """A relation to another node, stored as ``{space, externalId}``.

    ``container`` requires the target to have data in that container; ``source`` (read only,
    on view properties) hints which view the target is read through.
    """

    type: Literal["direct"] = "direct"
    container: ContainerReference | None = None
    source: ViewReference | None = None


class EnumValue(DMSModel):
    """One allowed value of an enum property."""

    name: str | None = None
    description: str | None = None


class EnumType(DMSModel):
    """One of a fixed set of values; ``unknownValue`` names the fallback."""

    type: Literal["enum"] = "enum"
    values: dict[str, EnumValue] = Field(default_factory=dict)
    unknown_value: str | None = None


PropertyType = Annotated[
    TextType
    | BooleanType
    | Int32Type
    | Int64Type
    | Float32Type
    | Float64Type
    | TimestampType
    | DateType
    | JSONType
    | TimeSeriesReferenceType
    | FileReferenceType
    | SequenceReferenceType
    | DirectRelationType
    | EnumType,
    Discriminator("type"),
]
"""Every container property type, discriminated by ``type``."""

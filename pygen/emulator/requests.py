"""Request bodies of the emulated endpoints, as pydantic models, and the strict parser.

Bodies are validated in strict mode and by their wire (camelCase) names only, so a payload the
real API would refuse (a string where an int belongs, ``external_id`` instead of ``externalId``,
a key no model declares) is refused here too, with a 400 naming the place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal, TypeVar

import pydantic
from pydantic import Discriminator, Field, JsonValue, Tag

from pygen.model_file import format_location
from pygen_runtime.client.models import (
    ContainerApply,
    ContainerId,
    DataModelApply,
    DataModelId,
    DMSModel,
    InstanceApply,
    InstanceId,
    SpaceApply,
    SpaceId,
    ThroughReference,
    ViewApply,
    ViewReference,
    unknown_fields,
)

from .errors import bad_request

__all__ = [
    "AggregateRequest",
    "AggregateSpec",
    "ContainerApplyRequest",
    "ContainerIdsRequest",
    "ContainerPartId",
    "ContainerPartIdsRequest",
    "DataModelApplyRequest",
    "DataModelIdsRequest",
    "EdgeResultSet",
    "Filter",
    "InstanceApplyRequest",
    "InstanceDeleteRequest",
    "InstanceIdsRequest",
    "InstanceListRequest",
    "NodeResultSet",
    "QueryRequest",
    "QuerySelect",
    "SearchRequest",
    "SetOperation",
    "SortSpec",
    "SourceSelector",
    "SpaceApplyRequest",
    "SpaceIdsRequest",
    "SyncEdgeResultSet",
    "SyncNodeResultSet",
    "SyncRequest",
    "SyncSelect",
    "ViewApplyRequest",
    "ViewIdsRequest",
    "ViewLookup",
    "check_item_count",
    "parse_body",
]

Filter = dict[str, JsonValue]
InstanceType = Literal["node", "edge"]
M = TypeVar("M", bound=DMSModel)


class SpaceApplyRequest(DMSModel):
    items: list[SpaceApply]


class SpaceIdsRequest(DMSModel):
    items: list[SpaceId]


class ContainerApplyRequest(DMSModel):
    items: list[ContainerApply]


class ContainerIdsRequest(DMSModel):
    items: list[ContainerId]


class ViewApplyRequest(DMSModel):
    items: list[ViewApply]


class ContainerPartId(DMSModel):
    """A constraint or index of a container: ``{space, containerExternalId, identifier}``."""

    space: str
    container_external_id: str
    identifier: str


class ContainerPartIdsRequest(DMSModel):
    items: list[ContainerPartId]


class ViewLookup(DMSModel):
    """A view identifier whose version may be left out (= every version)."""

    space: str
    external_id: str
    version: str | None = None


class ViewIdsRequest(DMSModel):
    items: list[ViewLookup]


class DataModelApplyRequest(DMSModel):
    items: list[DataModelApply]


class DataModelIdsRequest(DMSModel):
    items: list[DataModelId]


class SortSpec(DMSModel):
    """``{"property": [...], "direction"?, "nullsFirst"?}``."""

    property: list[str] = Field(min_length=1, max_length=3)
    direction: Literal["ascending", "descending"] = "ascending"
    nulls_first: bool | None = None


class SourceSelector(DMSModel):
    """A view to read properties through (list, byids)."""

    source: ViewReference
    target_units: list[JsonValue] | None = None


class InstanceApplyRequest(DMSModel):
    items: list[InstanceApply]
    auto_create_direct_relations: bool = True
    auto_create_start_nodes: bool = False
    auto_create_end_nodes: bool = False
    skip_on_version_conflict: bool = False
    replace: bool = False


class InstanceIdsRequest(DMSModel):
    items: list[InstanceId]
    sources: list[SourceSelector] | None = None
    include_typing: bool = False


class InstanceDeleteRequest(DMSModel):
    items: list[InstanceId]


class InstanceListRequest(DMSModel):
    instance_type: InstanceType = "node"
    sources: list[SourceSelector] | None = None
    filter: Filter | None = None
    sort: list[SortSpec] | None = None
    limit: int = Field(1000, ge=1, le=1000)
    cursor: str | None = None
    include_typing: bool = False


class SearchRequest(DMSModel):
    view: ViewReference
    query: str | None = None
    instance_type: InstanceType = "node"
    properties: list[str] | None = None
    filter: Filter | None = None
    sort: list[SortSpec] | None = None
    limit: int = Field(1000, ge=1, le=1000)
    operator: Literal["AND", "OR"] = "OR"
    include_typing: bool = False
    target_units: list[JsonValue] | None = None


class _PropertyArgument(DMSModel):
    property: str


class _CountArgument(DMSModel):
    property: str | None = None


class _HistogramArgument(DMSModel):
    property: str
    interval: float = Field(gt=0)


class AggregateSpec(DMSModel):
    """One aggregate: exactly one of the keys is given."""

    count: _CountArgument | None = None
    avg: _PropertyArgument | None = None
    min: _PropertyArgument | None = None
    max: _PropertyArgument | None = None
    sum: _PropertyArgument | None = None
    histogram: _HistogramArgument | None = None


class AggregateRequest(DMSModel):
    view: ViewReference
    instance_type: InstanceType = "node"
    aggregates: list[AggregateSpec] | None = None
    group_by: list[str] | None = Field(None, max_length=5)
    query: str | None = None
    properties: list[str] | None = None
    filter: Filter | None = None
    limit: int = Field(100, ge=1, le=1000)
    include_typing: bool = False
    target_units: list[JsonValue] | None = None


class _NodesSpec(DMSModel):
    from_: str | None = Field(None, alias="from")
    chain_to: Literal["source", "destination"] | None = None
    through: ThroughReference | None = None
    direction: Literal["outwards", "inwards"] = "outwards"
    filter: Filter | None = None


class NodeResultSet(DMSModel):
    """``{"nodes": {...}, "sort"?, "limit"?}``."""

    nodes: _NodesSpec
    sort: list[SortSpec] | None = None
    limit: int | None = Field(None, ge=1, le=10000)


class _EdgesSpec(DMSModel):
    from_: str | None = Field(None, alias="from")
    chain_to: Literal["source", "destination"] | None = None
    max_distance: int | None = Field(None, ge=1)
    direction: Literal["outwards", "inwards"] = "outwards"
    filter: Filter | None = None
    node_filter: Filter | None = None
    termination_filter: Filter | None = None
    limit_each: int | None = Field(None, ge=1)


class EdgeResultSet(DMSModel):
    """``{"edges": {...}, "sort"?, "postSort"?, "limit"?}``."""

    edges: _EdgesSpec
    sort: list[SortSpec] | None = None
    post_sort: list[SortSpec] | None = None
    limit: int | None = Field(None, ge=1, le=10000)


class SetOperation(DMSModel):
    """``{"union"|"unionAll"|"intersection": [names], "except"?: [names], "limit"?}``."""

    union: list[str] | None = None
    union_all: list[str] | None = None
    intersection: list[str] | None = None
    except_: list[str] | None = Field(None, alias="except")
    limit: int | None = Field(None, ge=1, le=10000)


def _result_set_kind(value: Any) -> str:
    if isinstance(value, dict):
        if "nodes" in value:
            return "nodes"
        if "edges" in value:
            return "edges"
    return "set"


ResultSetExpression = Annotated[
    Annotated[NodeResultSet, Tag("nodes")]
    | Annotated[EdgeResultSet, Tag("edges")]
    | Annotated[SetOperation, Tag("set")],
    Discriminator(_result_set_kind),
]


class _SelectSource(DMSModel):
    source: ViewReference
    properties: list[str] = Field(default_factory=lambda: ["*"])
    target_units: list[JsonValue] | None = None


class QuerySelect(DMSModel):
    """What to return of one result set."""

    sources: list[_SelectSource] = Field(default_factory=list)
    sort: list[SortSpec] | None = None
    limit: int | None = Field(None, ge=1, le=10000)


class QueryRequest(DMSModel):
    with_: dict[str, ResultSetExpression] = Field(alias="with")
    select: dict[str, QuerySelect]
    cursors: dict[str, str | None] | None = None
    parameters: dict[str, JsonValue] | None = None
    include_typing: bool = False


SyncMode = Literal["onePhase", "twoPhase", "noBackfill"]


class SyncNodeResultSet(NodeResultSet):
    """A node set of ``/sync``: a query node set plus ``mode``, ``backfillSort``, ``skipAlreadyDeleted``."""

    limit: int | None = Field(None, ge=1, le=2000)
    mode: SyncMode = "onePhase"
    backfill_sort: list[SortSpec] | None = None
    skip_already_deleted: bool = True


class SyncEdgeResultSet(EdgeResultSet):
    """An edge set of ``/sync`` (see :class:`SyncNodeResultSet`)."""

    limit: int | None = Field(None, ge=1, le=2000)
    mode: SyncMode = "onePhase"
    backfill_sort: list[SortSpec] | None = None
    skip_already_deleted: bool = True


SyncResultSetExpression = Annotated[
    Annotated[SyncNodeResultSet, Tag("nodes")]
    | Annotated[SyncEdgeResultSet, Tag("edges")]
    | Annotated[SetOperation, Tag("set")],
    Discriminator(_result_set_kind),
]


class SyncSelect(DMSModel):
    """What to return of one sync result set (only ``sources``)."""

    sources: list[_SelectSource] = Field(default_factory=list)


class SyncRequest(DMSModel):
    with_: dict[str, SyncResultSetExpression] = Field(alias="with")
    select: dict[str, SyncSelect]
    cursors: dict[str, str | None] | None = None
    parameters: dict[str, JsonValue] | None = None
    include_typing: bool = False
    allow_expired_cursors_and_accept_missed_deletes: bool = False


def check_item_count(items: Sequence[Any], limit: int, what: str = "items") -> None:
    """400 unless ``1 <= len(items) <= limit`` (the API's per-request item limits)."""
    if not items:
        raise bad_request(f"{what}: at least one item is required")
    if len(items) > limit:
        raise bad_request(
            f"{what}: {len(items)} items given; the limit is {limit} items per request"
        )


def parse_body(model: type[M], data: Any) -> M:
    """Validate a decoded JSON body strictly; any problem is a 400 naming where it is."""
    if not isinstance(data, dict):
        raise bad_request(f"Request body must be a JSON object, got {_json_kind(data)}")
    try:
        parsed = model.model_validate(data, strict=True, by_alias=True, by_name=False)
    except pydantic.ValidationError as exc:
        problems = [
            f"{format_location(error['loc'], data)}: {error['msg']}" for error in exc.errors()[:5]
        ]
        more = exc.error_count() - len(problems)
        suffix = f" (and {more} more)" if more > 0 else ""
        raise bad_request("Invalid request body: " + "; ".join(problems) + suffix) from None
    unknown = unknown_fields(parsed)
    if unknown:
        shown = ", ".join(unknown[:10])
        raise bad_request(f"Unrecognized field(s) in request body: {shown}")
    return parsed


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    return type(value).__name__

"""The generic Python runtime that generated SDKs extend.

Imports only httpx, pydantic and pygen's client (pandas lazily, in ``to_pandas``). Generated
classes add typed fields, typed keyword filters and docstrings; the behaviour lives here.
"""

from .api import DEFAULT_LIMIT, Aggregate, GroupedValue, InstanceAPI
from .client import InstanceClient, UpsertMode
from .edge_ids import edge_external_id
from .expand import Expand, ExpandArg, ExpandLimitError
from .expandable import Expandable
from .filters import (
    And,
    ContainsAll,
    ContainsAny,
    Equals,
    Exists,
    Filter,
    HasData,
    In,
    InstanceReferences,
    MatchAll,
    Nested,
    Not,
    OneOrMany,
    Or,
    Overlaps,
    Prefix,
    Prop,
    Range,
    and_,
    check_filter_arguments,
    node_prop,
    or_,
    with_instance_space,
)
from .ids import BareId, InstanceId, ViewRef
from .instance import (
    DataRecord,
    Edge,
    EdgeSpec,
    EdgeWrite,
    Instance,
    InstanceWrite,
    Node,
    NodeWrite,
    ReverseSpec,
)
from .lazy import LazyAPIs, lazy_exports
from .lists import InstanceList
from .query import QueryBuilder
from .results import FailedBatch, InstanceOperationError, InstanceResult, Page
from .sort import Sort, SortArg, SortBy
from .sync import SyncBatch, SyncCursorExpiredError

__all__ = [
    "DEFAULT_LIMIT",
    "Aggregate",
    "And",
    "BareId",
    "ContainsAll",
    "ContainsAny",
    "DataRecord",
    "Edge",
    "EdgeSpec",
    "EdgeWrite",
    "Equals",
    "Exists",
    "Expand",
    "ExpandArg",
    "ExpandLimitError",
    "Expandable",
    "FailedBatch",
    "Filter",
    "GroupedValue",
    "HasData",
    "In",
    "Instance",
    "InstanceAPI",
    "InstanceClient",
    "InstanceId",
    "InstanceList",
    "InstanceOperationError",
    "InstanceReferences",
    "InstanceResult",
    "InstanceWrite",
    "LazyAPIs",
    "MatchAll",
    "Nested",
    "Node",
    "NodeWrite",
    "Not",
    "OneOrMany",
    "Or",
    "Overlaps",
    "Page",
    "Prefix",
    "Prop",
    "QueryBuilder",
    "Range",
    "ReverseSpec",
    "Sort",
    "SortArg",
    "SortBy",
    "SyncBatch",
    "SyncCursorExpiredError",
    "UpsertMode",
    "ViewRef",
    "and_",
    "check_filter_arguments",
    "edge_external_id",
    "lazy_exports",
    "node_prop",
    "or_",
    "with_instance_space",
]

"""The generic Python runtime that generated SDKs extend (distribution ``cdf-pygen-runtime``).

Pure Python; imports only httpx, pydantic and typing_extensions (pandas lazily, in
``to_pandas``). Generated classes add typed fields, typed keyword filters and docstrings; the
behaviour lives here. Besides these names the distribution holds the CDF client
(:mod:`pygen_runtime.client`) and the error hierarchy (:mod:`pygen_runtime.errors`).

Names are imported lazily, so that the generator's use of ``pygen_runtime.errors`` and
``pygen_runtime.client.models`` does not load the whole runtime.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "require_runtime": "pygen_runtime.compat",
    "DEFAULT_LIMIT": "pygen_runtime.api",
    "Aggregate": "pygen_runtime.api",
    "GroupedValue": "pygen_runtime.api",
    "InstanceAPI": "pygen_runtime.api",
    "InstanceClient": "pygen_runtime.instance_client",
    "UpsertMode": "pygen_runtime.instance_client",
    "edge_external_id": "pygen_runtime.edge_ids",
    "Expand": "pygen_runtime.expand",
    "ExpandArg": "pygen_runtime.expand",
    "ExpandLimitError": "pygen_runtime.expand",
    "Expandable": "pygen_runtime.expandable",
    "And": "pygen_runtime.filters",
    "ContainsAll": "pygen_runtime.filters",
    "ContainsAny": "pygen_runtime.filters",
    "Equals": "pygen_runtime.filters",
    "Exists": "pygen_runtime.filters",
    "Filter": "pygen_runtime.filters",
    "HasData": "pygen_runtime.filters",
    "In": "pygen_runtime.filters",
    "InstanceReferences": "pygen_runtime.filters",
    "MatchAll": "pygen_runtime.filters",
    "Nested": "pygen_runtime.filters",
    "Not": "pygen_runtime.filters",
    "OneOrMany": "pygen_runtime.filters",
    "Or": "pygen_runtime.filters",
    "Overlaps": "pygen_runtime.filters",
    "Prefix": "pygen_runtime.filters",
    "Prop": "pygen_runtime.filters",
    "Range": "pygen_runtime.filters",
    "and_": "pygen_runtime.filters",
    "check_filter_arguments": "pygen_runtime.filters",
    "node_prop": "pygen_runtime.filters",
    "or_": "pygen_runtime.filters",
    "with_instance_space": "pygen_runtime.filters",
    "BareId": "pygen_runtime.ids",
    "InstanceId": "pygen_runtime.ids",
    "ViewRef": "pygen_runtime.ids",
    "DataRecord": "pygen_runtime.instance",
    "Edge": "pygen_runtime.instance",
    "EdgeSpec": "pygen_runtime.instance",
    "EdgeWrite": "pygen_runtime.instance",
    "Instance": "pygen_runtime.instance",
    "InstanceWrite": "pygen_runtime.instance",
    "Node": "pygen_runtime.instance",
    "NodeWrite": "pygen_runtime.instance",
    "ReverseSpec": "pygen_runtime.instance",
    "LazyAPIs": "pygen_runtime.lazy",
    "lazy_exports": "pygen_runtime.lazy",
    "InstanceList": "pygen_runtime.lists",
    "QueryBuilder": "pygen_runtime.query",
    "TList": "pygen_runtime.query",
    "TRoot": "pygen_runtime.query",
    "TUp": "pygen_runtime.query",
    "ViewQuery": "pygen_runtime.query",
    "FailedBatch": "pygen_runtime.results",
    "InstanceOperationError": "pygen_runtime.results",
    "InstanceResult": "pygen_runtime.results",
    "Page": "pygen_runtime.results",
    "Sort": "pygen_runtime.sort",
    "SortArg": "pygen_runtime.sort",
    "SortBy": "pygen_runtime.sort",
    "SyncBatch": "pygen_runtime.sync",
    "SyncCursorExpiredError": "pygen_runtime.sync",
}

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
    "TList",
    "TRoot",
    "TUp",
    "UpsertMode",
    "ViewQuery",
    "ViewRef",
    "__version__",
    "and_",
    "check_filter_arguments",
    "edge_external_id",
    "lazy_exports",
    "node_prop",
    "or_",
    "require_runtime",
    "with_instance_space",
]

if TYPE_CHECKING:
    from .api import (
        DEFAULT_LIMIT,
        Aggregate,
        GroupedValue,
        InstanceAPI,
    )
    from .compat import require_runtime
    from .edge_ids import (
        edge_external_id,
    )
    from .expand import (
        Expand,
        ExpandArg,
        ExpandLimitError,
    )
    from .expandable import (
        Expandable,
    )
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
    from .ids import (
        BareId,
        InstanceId,
        ViewRef,
    )
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
    from .instance_client import (
        InstanceClient,
        UpsertMode,
    )
    from .lazy import LazyAPIs, lazy_exports
    from .lists import (
        InstanceList,
    )
    from .query import (
        QueryBuilder,
        TList,
        TRoot,
        TUp,
        ViewQuery,
    )
    from .results import (
        FailedBatch,
        InstanceOperationError,
        InstanceResult,
        Page,
    )
    from .sort import (
        Sort,
        SortArg,
        SortBy,
    )
    from .sync import (
        SyncBatch,
        SyncCursorExpiredError,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pygen_runtime' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value

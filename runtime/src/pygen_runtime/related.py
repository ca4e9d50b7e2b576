"""Filters on relations the API cannot filter through in one request, resolved in two steps.

A single direct relation filters its target with the API's ``nested`` filter (one request). A
multi-valued direct relation, a reverse direct relation or an edge connection cannot: the
:class:`~pygen_runtime.filters.Related` filter is resolved when the filter is sent. One
query (``/models/instances/query``, paged by its cursor) finds what the relation's target
filter matches, and the filter becomes a plain one on ids:

- multi-valued direct relation: the target nodes matching → ``containsAny`` of their ids;
- reverse direct relation: the nodes of the other view matching, with the ``through``
  property selected → ``instanceReferences`` of the nodes they point at;
- edge connection: the nodes at the far end matching, then the connection's edges from them
  (the other way round) → ``instanceReferences`` of the nodes at the near end.

More than :data:`MAX_RELATED_IDS` ids would make a filter the API refuses; the read then stops
with a ``ValueError`` that says so (never a silently cut filter).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields, replace
from typing import Any

from .filters import (
    And,
    ContainsAny,
    Filter,
    InstanceReferences,
    MatchAll,
    Nested,
    Not,
    Or,
    Related,
    node_prop,
    with_instance_space,
)
from .ids import InstanceId

__all__ = ["MAX_RELATED_IDS", "resolve_related"]

MAX_RELATED_IDS = 1000
PAGE = 10_000

Post = Callable[[str, dict[str, Any]], bytes]


def resolve_related(filter: Filter, post: Post, instance_space: str | None) -> Filter:
    """``filter`` with every :class:`Related` part replaced by a filter on ids."""
    if isinstance(filter, Related):
        return _resolve(filter, post, instance_space)
    if isinstance(filter, And | Or | Not | Nested):
        changes: dict[str, Any] = {}
        for field in fields(filter):
            value = getattr(filter, field.name)
            if isinstance(value, Filter):
                changes[field.name] = resolve_related(value, post, instance_space)
            elif isinstance(value, tuple) and any(isinstance(v, Filter) for v in value):
                changes[field.name] = tuple(
                    resolve_related(v, post, instance_space) if isinstance(v, Filter) else v
                    for v in value
                )
        return replace(filter, **changes) if changes else filter
    return filter


def _resolve(related: Related, post: Post, instance_space: str | None) -> Filter:
    target = with_instance_space(related.filter, instance_space).dump()
    if related.kind == "list":
        ids = _ids(post, {"t": {"nodes": {"filter": target}, "limit": PAGE}}, {"t": {}}, "t")
        return ContainsAny(related.path, tuple(ids)) if ids else Not(MatchAll())
    spec = related.spec
    if related.kind == "reverse":
        select = {
            "t": {"sources": [{"source": spec.source_view.dump(), "properties": [spec.through]}]}
        }
        found = _items(post, {"t": {"nodes": {"filter": target}, "limit": PAGE}}, select, "t")
        owners: dict[InstanceId, None] = {}
        for item in found:
            props = item.get("properties", {}).get(spec.source_view.space, {})
            value = props.get(spec.source_view.source_key, {}).get(spec.through)
            for ref in value if isinstance(value, list) else [value]:
                if isinstance(ref, dict):
                    owners[InstanceId(ref["space"], ref["externalId"])] = None
        return _references(list(owners), related)
    edge_type = node_prop("type", "edge").equals(spec.edge_type)
    assert edge_type is not None
    back = "inwards" if spec.direction == "outwards" else "outwards"
    expressions = {
        "t": {"nodes": {"filter": target}, "limit": PAGE},
        "e": {
            "edges": {"from": "t", "direction": back, "maxDistance": 1, "filter": edge_type.dump()},
            "limit": PAGE,
        },
    }
    near = "startNode" if spec.direction == "outwards" else "endNode"
    owners = {}
    for edge in _items(post, expressions, {"e": {}}, "e"):
        owners[InstanceId(edge[near]["space"], edge[near]["externalId"])] = None
    return _references(list(owners), related)


def _references(ids: list[InstanceId], related: Related) -> Filter:
    if not ids:
        return Not(MatchAll())
    _check(len(ids), related)
    return InstanceReferences(tuple(ids))


def _ids(
    post: Post, expressions: dict[str, Any], select: dict[str, Any], name: str
) -> list[InstanceId]:
    ids = [InstanceId(i["space"], i["externalId"]) for i in _items(post, expressions, select, name)]
    return ids


def _items(
    post: Post, expressions: dict[str, Any], select: dict[str, Any], name: str
) -> list[dict[str, Any]]:
    """Every item of result set ``name``, following its cursor (the sets it depends on, on their
    first page: a relation filter's first set holds at most :data:`PAGE` nodes)."""
    found: list[dict[str, Any]] = []
    cursors: dict[str, str] = {}
    while True:
        body: dict[str, Any] = {"with": expressions, "select": select}
        if cursors:
            body["cursors"] = cursors
        response = json.loads(post("/models/instances/query", body))
        found.extend(response.get("items", {}).get(name, []))
        more = response.get("nextCursor", {}) or {}
        if len(found) > MAX_RELATED_IDS:
            raise ValueError(
                f"a relation filter matched more than {MAX_RELATED_IDS:,} instances; the filter "
                "on ids it becomes would be refused: narrow the filter on the related nodes"
            )
        if more.get(name):
            cursors = {name: more[name]}
        elif any(key != name for key in more):
            raise ValueError(
                f"a relation filter matched more than {PAGE:,} related nodes; narrow it"
            )
        else:
            return found


def _check(count: int, related: Related) -> None:
    if count > MAX_RELATED_IDS:
        raise ValueError(
            f"a relation filter matched {count:,} instances, more than the {MAX_RELATED_IDS:,} a "
            "filter on ids may hold: narrow the filter on the related nodes"
        )

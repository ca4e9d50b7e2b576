"""``/instances/query``: named result sets (``with``) and what to return of them (``select``).

Node sets start from every node or chain from another set: through a direct relation
(``through`` + ``direction``; inwards finds the nodes pointing at the set) or from the
destination (default) or source nodes of an edge set. Edge sets traverse from a node set
(``direction``, ``maxDistance``, ``filter`` on the edges, ``nodeFilter`` on the nodes reached,
``terminationFilter`` to stop expanding, ``limitEach``). A dependent set is computed from the
page of its parent that is returned. Every node and edge set pages with its own cursor.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pygen_runtime.client.models import ContainerReference

from .catalog import Catalog, load_catalog
from .errors import bad_request
from .filters import compile_filter
from .listing import decode_cursor, encode_cursor, fingerprint, select_page, sort_keys
from .reader import Selection, fetch_data, fetch_rows, find_rows, render, typing_for
from .requests import (
    EdgeResultSet,
    NodeResultSet,
    QueryRequest,
    QuerySelect,
    SetOperation,
    SortSpec,
    SyncRequest,
)
from .sql import Scope, Statement
from .store import Store, dumps
from .values import is_list

__all__ = [
    "DEFAULT_QUERY_LIMIT",
    "QueryContext",
    "ResultSet",
    "node_condition",
    "order_sets",
    "pointing_at_sql",
    "referenced_pairs",
    "run_query",
    "through_property",
    "traverse",
]

DEFAULT_QUERY_LIMIT = 100
Pair = tuple[str, str]


@dataclass(frozen=True)
class ResultSet:
    """The instance ids of an evaluated result set (and, for edges, the traversal direction)."""

    kind: str
    ids: list[int]
    direction: str = "outwards"
    cursor: str | None = None


@dataclass
class QueryContext:
    """What evaluating result sets needs: the connection, the catalog and the request (its
    ``parameters`` and ``cursors``; ``/sync`` shares the traversal helpers)."""

    conn: sqlite3.Connection
    catalog: Catalog
    request: QueryRequest | SyncRequest

    def statement(self) -> Statement:
        return Statement(self.catalog, parameters=dict(self.request.parameters or {}))


def run_query(store: Store, request: QueryRequest) -> dict[str, Any]:
    """Evaluate every result set and return the selected ones with their cursors."""
    for name in request.select:
        if name not in request.with_:
            raise bad_request(f"select.{name}: there is no result set {name!r} in 'with'")
    with store.read() as conn:
        context = QueryContext(conn, load_catalog(store, conn), request)
        results: dict[str, ResultSet] = {}
        for name in order_sets(request.with_):
            expression = request.with_[name]
            select = request.select.get(name)
            if isinstance(expression, NodeResultSet):
                results[name] = _nodes(context, name, expression, select, results)
            elif isinstance(expression, EdgeResultSet):
                results[name] = _edges(context, name, expression, select, results)
            else:
                results[name] = _set_operation(name, expression, results)
        items, typing = {}, {}
        for name, select in request.select.items():
            chosen = [
                Selection(
                    context.catalog.view(source.source.as_id(), f"select.{name}.sources[{index}]"),
                    None if "*" in source.properties else frozenset(source.properties),
                )
                for index, source in enumerate(select.sources)
            ]
            items[name] = render(conn, results[name].ids, chosen)
            typing[name] = typing_for(context.catalog, [selection.view.id for selection in chosen])
    response: dict[str, Any] = {
        "items": items,
        "nextCursor": {name: result.cursor for name, result in results.items() if result.cursor},
    }
    if request.include_typing:
        response["typing"] = typing
    return response


def order_sets(with_: Mapping[str, NodeResultSet | EdgeResultSet | SetOperation]) -> list[str]:
    """Result-set names with every set after the sets it depends on."""
    ordered: list[str] = []

    def visit(name: str, stack: tuple[str, ...]) -> None:
        if name in ordered:
            return
        if name in stack:
            raise bad_request(f"with.{name}: result sets depend on each other in a cycle")
        expression = with_.get(name)
        if expression is None:
            raise bad_request(f"with.{stack[-1]}: refers to unknown result set {name!r}")
        for dependency in _dependencies(expression):
            visit(dependency, (*stack, name))
        ordered.append(name)

    for name in with_:
        visit(name, ())
    return ordered


def _dependencies(expression: NodeResultSet | EdgeResultSet | SetOperation) -> list[str]:
    if isinstance(expression, NodeResultSet):
        return [expression.nodes.from_] if expression.nodes.from_ else []
    if isinstance(expression, EdgeResultSet):
        return [expression.edges.from_] if expression.edges.from_ else []
    return [
        *(expression.union or []),
        *(expression.union_all or []),
        *(expression.intersection or []),
        *(expression.except_ or []),
    ]


def _page(
    context: QueryContext,
    name: str,
    scope: Scope,
    where: list[str],
    sort: list[SortSpec] | None,
    limit: int,
    expression: NodeResultSet | EdgeResultSet,
) -> tuple[list[int], str | None]:
    """One page of a node or edge set, continuing from the request's cursor for ``name``."""
    keys = sort_keys(sort, scope)
    print_ = fingerprint("query", name, expression.dump(), [s.dump() for s in sort or []])
    cursor = (context.request.cursors or {}).get(name)
    page = select_page(context.conn, scope, where, keys, limit, decode_cursor(cursor, print_))
    return page.ids, encode_cursor(
        print_, page.next_values
    ) if page.next_values is not None else None


def _nodes(
    context: QueryContext,
    name: str,
    expression: NodeResultSet,
    select: QuerySelect | None,
    results: dict[str, ResultSet],
) -> ResultSet:
    spec = expression.nodes
    statement = context.statement()
    scope = statement.scope("node")
    where = [f"{scope.alias}.kind = 'node'"]
    if spec.from_:
        candidates = _node_candidates(context, name, expression, results[spec.from_])
        where.append(
            f"{scope.alias}.id IN (SELECT value FROM json_each({statement.param(dumps(candidates))}))"
        )
    if spec.filter is not None:
        where.append(compile_filter(spec.filter, scope))
    sort, limit = _sort_and_limit(expression.sort, expression.limit, select)
    ids, cursor = _page(context, name, scope, where, sort, limit, expression)
    return ResultSet("node", ids, cursor=cursor)


def _sort_and_limit(
    sort: list[SortSpec] | None, limit: int | None, select: QuerySelect | None
) -> tuple[list[SortSpec] | None, int]:
    if not sort and select is not None:
        sort = select.sort
    chosen = limit or DEFAULT_QUERY_LIMIT
    if select is not None and select.limit is not None:
        chosen = min(chosen, select.limit)
    return sort, chosen


def _node_candidates(
    context: QueryContext, name: str, expression: NodeResultSet, parent: ResultSet
) -> list[int]:
    spec = expression.nodes
    if parent.kind == "edge":
        return _ids_of(context.conn, _edge_ends(context.conn, parent, spec.chain_to))
    if spec.through is None:
        return list(parent.ids)
    container, prop_id, listed = through_property(context.catalog, name, expression)
    if spec.direction == "outwards":
        return _ids_of(context.conn, referenced_pairs(context.conn, container, prop_id, parent.ids))
    rows = fetch_rows(context.conn, parent.ids)
    targets = dumps([[row.space, row.external_id] for row in rows.values()])
    sql = pointing_at_sql(prop_id, listed, "?", "?")
    return [row[0] for row in context.conn.execute(sql, (container, targets))]


def referenced_pairs(
    conn: sqlite3.Connection, container: int, prop_id: str, ids: list[int]
) -> list[Pair]:
    """The nodes the direct relation ``prop_id`` of the instances ``ids`` points at."""
    data = fetch_data(conn, ids)
    pairs: list[Pair] = []
    for instance_id in ids:
        value = data.get(instance_id, {}).get(container, {}).get(prop_id)
        for ref in (value if isinstance(value, list) else [value]) if value is not None else []:
            pairs.append((ref["space"], ref["externalId"]))
    return pairs


def pointing_at_sql(prop_id: str, listed: bool, container: str, targets: str) -> str:
    """``SELECT instance_id FROM instance_data`` of the instances whose direct relation
    ``prop_id`` (in the container bound at ``container``) points at one of the nodes bound at
    ``targets`` (a JSON list of ``[space, externalId]``)."""
    path = f'$."{prop_id}"'
    wanted = (
        f"SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each({targets})"
    )
    if listed:
        return (
            f"SELECT instance_id FROM instance_data WHERE container_id = {container} AND EXISTS"
            f" (SELECT 1 FROM json_each(props, '{path}') e WHERE (json_extract(e.value, '$.space'),"
            f" json_extract(e.value, '$.externalId')) IN ({wanted}))"
        )
    return (
        f"SELECT instance_id FROM instance_data WHERE container_id = {container} AND"
        f" (json_extract(props, '{path}.space'), json_extract(props, '{path}.externalId'))"
        f" IN ({wanted})"
    )


def through_property(
    catalog: Catalog, name: str, expression: NodeResultSet
) -> tuple[int, str, bool]:
    through = expression.nodes.through
    assert through is not None
    where = f"with.{name}.nodes.through"
    if isinstance(through.source, ContainerReference):
        container = catalog.container(through.source, where)
        definition = container.apply.properties.get(through.identifier)
        container_id, prop_id = container.id, through.identifier
    else:
        view = catalog.view(through.source.as_id(), where)
        target = view.mapped.get(through.identifier)
        definition = target.definition if target else None
        container_id, prop_id = (target.container.id, target.property_id) if target else (0, "")
    if definition is None or definition.type.type != "direct":
        raise bad_request(f"{where}: {through.identifier!r} is not a direct relation property")
    return container_id, prop_id, is_list(definition.type)


def _edge_ends(conn: sqlite3.Connection, edges: ResultSet, chain_to: str | None) -> list[Pair]:
    """The nodes an edge set leads to (``destination``, the default) or comes from (``source``)."""
    rows = fetch_rows(conn, edges.ids)
    far_end = (edges.direction == "outwards") == (chain_to != "source")
    pairs = []
    for edge_id in edges.ids:
        row = rows.get(edge_id)
        if row is not None:
            pair = (row.end_space, row.end_xid) if far_end else (row.start_space, row.start_xid)
            pairs.append((str(pair[0]), str(pair[1])))
    return pairs


def _ids_of(conn: sqlite3.Connection, pairs: list[Pair]) -> list[int]:
    found = find_rows(conn, [("node", space, xid) for space, xid in dict.fromkeys(pairs)])
    return [row.id for row in found.values()]


def _edges(
    context: QueryContext,
    name: str,
    expression: EdgeResultSet,
    select: QuerySelect | None,
    results: dict[str, ResultSet],
) -> ResultSet:
    spec = expression.edges
    statement = context.statement()
    scope = statement.scope("edge")
    where = [f"{scope.alias}.kind = 'edge'"]
    if spec.from_:
        parent = results[spec.from_]
        if parent.kind == "edge":
            start = _edge_ends(context.conn, parent, spec.chain_to)
        else:
            rows = fetch_rows(context.conn, parent.ids)
            start = [(row.space, row.external_id) for row in rows.values()]
        edge_ids = traverse(context, expression, start)
        where.append(
            f"{scope.alias}.id IN (SELECT value FROM json_each({statement.param(dumps(edge_ids))}))"
        )
    else:
        if spec.filter is not None:
            where.append(compile_filter(spec.filter, scope))
        if spec.node_filter is not None:
            where.append(node_condition(statement, scope.alias, "end", spec.node_filter))
    sort = expression.sort or expression.post_sort
    sort, limit = _sort_and_limit(sort, expression.limit, select)
    ids, cursor = _page(context, name, scope, where, sort, limit, expression)
    return ResultSet("edge", ids, spec.direction, cursor)


def traverse(context: QueryContext, expression: EdgeResultSet, start: list[Pair]) -> list[int]:
    """Breadth-first over edges from ``start``; returns the edge ids in discovery order."""
    spec = expression.edges
    near, far = ("start", "end") if spec.direction == "outwards" else ("end", "start")
    visited = set(start)
    frontier = list(dict.fromkeys(start))
    found: dict[int, None] = {}
    distance = 0
    while frontier and (spec.max_distance is None or distance < spec.max_distance):
        distance += 1
        statement = context.statement()
        scope = statement.scope("edge")
        alias = scope.alias
        frontier_json = statement.param(dumps([list(p) for p in frontier]))
        conditions = [
            f"{alias}.kind = 'edge'",
            f"{alias}.{near}_space = json_extract(f.value, '$[0]')",
            f"{alias}.{near}_xid = json_extract(f.value, '$[1]')",
        ]
        if spec.filter is not None:
            conditions.append(compile_filter(spec.filter, scope))
        if spec.node_filter is not None:
            conditions.append(node_condition(statement, alias, far, spec.node_filter))
        stop = (
            node_condition(statement, alias, far, spec.termination_filter)
            if spec.termination_filter
            else "0"
        )
        sql = (
            f"SELECT {alias}.id, {alias}.{near}_space, {alias}.{near}_xid, {alias}.{far}_space, {alias}.{far}_xid,"
            f" {stop} FROM json_each({frontier_json}) f CROSS JOIN instances {alias}{scope.join_sql()}"
            f" WHERE {' AND '.join(conditions)} ORDER BY {alias}.id"
        )
        per_node: dict[Pair, int] = {}
        next_frontier = []
        for edge_id, n_space, n_xid, f_space, f_xid, stopped in context.conn.execute(
            sql, statement.params
        ):
            count = per_node.get((n_space, n_xid), 0)
            if edge_id in found or (spec.limit_each is not None and count >= spec.limit_each):
                continue
            per_node[(n_space, n_xid)] = count + 1
            found[edge_id] = None
            if not stopped and (f_space, f_xid) not in visited:
                visited.add((f_space, f_xid))
                next_frontier.append((f_space, f_xid))
        frontier = next_frontier
    return list(found)


def node_condition(statement: Statement, edge_alias: str, end: str, spec: Any) -> str:
    """True when the node at ``end`` (``start``/``end``) of the edge row matches ``spec``."""
    inner = statement.scope("node")
    condition = compile_filter(spec, inner)
    return (
        f"EXISTS (SELECT 1 FROM instances {inner.alias}{inner.join_sql()} WHERE {inner.alias}.kind = 'node'"
        f" AND {inner.alias}.space = {edge_alias}.{end}_space AND {inner.alias}.external_id = {edge_alias}.{end}_xid"
        f" AND {condition})"
    )


def _set_operation(name: str, expression: SetOperation, results: dict[str, ResultSet]) -> ResultSet:
    chosen = [key for key in ("union", "union_all", "intersection") if getattr(expression, key)]
    if len(chosen) != 1:
        raise bad_request(f"with.{name}: give exactly one of union, unionAll, intersection")
    operator = chosen[0]
    members = [results[member] for member in getattr(expression, operator)]
    kinds = {member.kind for member in members}
    if len(kinds) != 1:
        raise bad_request(
            f"with.{name}: a set operation combines sets of one kind (nodes or edges)"
        )
    if operator == "union_all":
        ids = [instance_id for member in members for instance_id in member.ids]
    elif operator == "union":
        ids = list(dict.fromkeys(instance_id for member in members for instance_id in member.ids))
    else:
        common = set.intersection(*(set(member.ids) for member in members))
        ids = [instance_id for instance_id in members[0].ids if instance_id in common]
    excluded = {
        instance_id for member in expression.except_ or [] for instance_id in results[member].ids
    }
    ids = [instance_id for instance_id in ids if instance_id not in excluded]
    return ResultSet(kinds.pop(), ids[: expression.limit or DEFAULT_QUERY_LIMIT])

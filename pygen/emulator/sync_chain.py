"""Chained result sets of ``/instances/sync`` (``from``): which live rows and tombstones belong.

A chained set follows its parent as ``/query`` does (:mod:`pygen.emulator.query`): a node set
through a direct relation (``through`` + ``direction``), from the ends of an edge set
(``chainTo``) or, without either, the parent's own nodes; an edge set traverses from its parent's
nodes (``direction``, ``maxDistance``, ``filter``, ``nodeFilter``, ``terminationFilter``,
``limitEach``). In sync the parent is its *whole* current set, not a page: every live instance
matching it, whatever its cursor. Its tombstones count too, so deletions reach the chained set:

- nodes from nodes (no ``through``): the parent's members, live or deleted;
- nodes through a relation outwards: the nodes the live parents point at (a deleted target
  comes as its tombstone); inwards: the nodes, live or deleted, whose relation (by their last
  data) points at a parent, live or deleted;
- nodes from an edge set: the ends of its edges, live or deleted;
- edges from nodes: the edges the traversal finds from the live parents, plus deleted edges
  whose near end (``startNode`` outwards, ``endNode`` inwards) is a parent, live or deleted
  (deleting a node deletes its edges: they come as tombstones here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from .filters import compile_filter
from .query import (
    QueryContext,
    ResultSet,
    node_condition,
    pointing_at_sql,
    referenced_pairs,
    through_property,
    traverse,
)
from .requests import SyncEdgeResultSet, SyncNodeResultSet
from .sql import Scope, Statement
from .store import dumps

__all__ = ["WITH_TOMBSTONES", "Members", "chain_condition", "members_of"]

_ROW = (
    "kind, space, external_id, version, type_space, type_xid, start_space, start_xid,"
    " end_space, end_xid, created_time, last_updated_time, seq"
)
WITH_TOMBSTONES = (
    f"WITH instances AS (SELECT id, {_ROW}, NULL AS deleted_time FROM main.instances"
    f" UNION ALL SELECT -id, {_ROW}, deleted_time FROM main.tombstones),"
    " instance_data AS (SELECT instance_id, container_id, props FROM main.instance_data"
    " UNION ALL SELECT -tombstone_id, container_id, props FROM main.tombstone_data) "
)
"""The prefix of a sync statement: inside it ``instances`` and ``instance_data`` are the live
rows and the tombstones together (tombstones with negative ids), so filters compile as
everywhere else."""

Pair = tuple[str, str]
Expression = SyncNodeResultSet | SyncEdgeResultSet


class _Row(NamedTuple):
    id: int
    space: str
    external_id: str
    start: Pair | None
    end: Pair | None


@dataclass(frozen=True)
class Members:
    """A whole result set: its live rows and its tombstones (negative ids)."""

    kind: str
    rows: list[_Row]
    direction: str = "outwards"

    @property
    def live(self) -> ResultSet:
        """The live instances, for the traversal helpers of ``/query``."""
        return ResultSet(self.kind, [row.id for row in self.rows if row.id > 0], self.direction)

    def pairs(self) -> list[Pair]:
        """Every member's ``(space, externalId)``."""
        return [(row.space, row.external_id) for row in self.rows]

    def ends(self, chain_to: str | None) -> list[Pair]:
        """The nodes the edges lead to (``destination``, the default) or come from."""
        far_end = (self.direction == "outwards") == (chain_to != "source")
        found = [row.end if far_end else row.start for row in self.rows]
        return [pair for pair in found if pair is not None]


def members_of(
    context: QueryContext, name: str, expression: Expression, parents: dict[str, Members]
) -> Members:
    """The whole current set ``name`` (no cursor, no limit), tombstones included."""
    kind = "node" if isinstance(expression, SyncNodeResultSet) else "edge"
    statement = context.statement()
    scope = statement.scope(kind)
    alias = scope.alias
    where = [
        f"{alias}.kind = '{kind}'",
        *conditions(context, statement, scope, name, expression, parents),
    ]
    sql = (
        f"{WITH_TOMBSTONES}SELECT {alias}.id, {alias}.space, {alias}.external_id,"
        f" {alias}.start_space, {alias}.start_xid, {alias}.end_space, {alias}.end_xid"
        f" FROM instances {alias}{scope.join_sql()} WHERE {' AND '.join(where)} ORDER BY {alias}.id"
    )
    rows = [
        _Row(row[0], row[1], row[2], _pair(row[3], row[4]), _pair(row[5], row[6]))
        for row in context.conn.execute(sql, statement.params)
    ]
    direction = (
        expression.edges.direction if isinstance(expression, SyncEdgeResultSet) else "outwards"
    )
    return Members(kind, rows, direction)


def conditions(
    context: QueryContext,
    statement: Statement,
    scope: Scope,
    name: str,
    expression: Expression,
    parents: dict[str, Members],
) -> list[str]:
    """The SQL conditions of a set's rows besides its kind: its chain, filter, node filter."""
    spec = expression.nodes if isinstance(expression, SyncNodeResultSet) else expression.edges
    found = []
    if spec.from_:
        parent = parents[spec.from_]
        found.append(chain_condition(context, statement, scope, name, expression, parent))
    if spec.filter is not None:
        found.append(compile_filter(spec.filter, scope))
    if isinstance(expression, SyncEdgeResultSet) and not spec.from_:
        node_filter = expression.edges.node_filter  # a traversal applies its own
        if node_filter is not None:
            found.append(node_condition(statement, scope.alias, "end", node_filter))
    return found


def chain_condition(
    context: QueryContext,
    statement: Statement,
    scope: Scope,
    name: str,
    expression: Expression,
    parent: Members,
) -> str:
    """SQL true for the rows, live or tombstones, of a set chained from ``parent``."""
    alias = scope.alias
    if isinstance(expression, SyncEdgeResultSet):
        spec = expression.edges
        start = parent.ends(spec.chain_to) if parent.kind == "edge" else parent.pairs()
        found = traverse(context, expression, _live_pairs(parent, spec.chain_to))
        near = "start" if spec.direction == "outwards" else "end"
        gone = _pair_in(statement, f"{alias}.{near}_space", f"{alias}.{near}_xid", start)
        return f"({_id_in(statement, alias, found)} OR ({alias}.id < 0 AND {gone}))"
    nodes = expression.nodes
    if parent.kind == "edge":
        return _pair_in(
            statement, f"{alias}.space", f"{alias}.external_id", parent.ends(nodes.chain_to)
        )
    if nodes.through is None:
        return _pair_in(statement, f"{alias}.space", f"{alias}.external_id", parent.pairs())
    container, prop_id, listed = through_property(context.catalog, name, expression)
    if nodes.direction == "outwards":
        targets = referenced_pairs(context.conn, container, prop_id, parent.live.ids)
        return _pair_in(statement, f"{alias}.space", f"{alias}.external_id", targets)
    pointing = pointing_at_sql(
        prop_id, listed, statement.param(container), statement.param(dumps(parent.pairs()))
    )
    return f"{alias}.id IN ({pointing})"


def _live_pairs(parent: Members, chain_to: str | None) -> list[Pair]:
    """The live starting points of a traversal from ``parent``."""
    live = Members(parent.kind, [row for row in parent.rows if row.id > 0], parent.direction)
    return live.ends(chain_to) if parent.kind == "edge" else live.pairs()


def _pair(space: Any, external_id: Any) -> Pair | None:
    return None if space is None else (str(space), str(external_id))


def _pair_in(statement: Statement, space: str, external_id: str, pairs: list[Pair]) -> str:
    values = statement.param(dumps([list(pair) for pair in dict.fromkeys(pairs)]))
    return (
        f"({space}, {external_id}) IN (SELECT json_extract(value, '$[0]'),"
        f" json_extract(value, '$[1]') FROM json_each({values}))"
    )


def _id_in(statement: Statement, alias: str, ids: list[int]) -> str:
    return f"{alias}.id IN (SELECT value FROM json_each({statement.param(dumps(ids))}))"

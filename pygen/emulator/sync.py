"""``/instances/sync``: the changes to named node and edge sets since a cursor.

Every instance write takes a new change sequence number (``instances.seq``) and every delete
leaves a tombstone with one (``tombstones.seq``, see :mod:`pygen.emulator.instances`). A sync
result set returns the live instances and tombstones matching it in sequence order, after the
sequence number its cursor holds; the next cursor holds the last one returned. So a changed
instance comes again, and a deleted one comes as a tombstone (``deletedTime``, no properties).
The filter is evaluated on a tombstone's last data.

Per set: ``nodes`` / ``edges`` with ``filter`` (edges also ``nodeFilter``), chained from another
set with ``from`` as in ``/query`` (``through`` + ``direction``, ``chainTo``, edge traversal with
``maxDistance``, ``terminationFilter``, ``limitEach``; see :mod:`pygen.emulator.sync_chain` for
which rows and tombstones a chained set holds), ``limit`` (at most 2,000; 100 by default) and
``mode``:

- ``onePhase`` (the default): without a cursor the first pages are the current instances in
  change order (tombstones only with ``skipAlreadyDeleted: false``), then the changes;
- ``twoPhase`` with ``backfillSort``: without a cursor the current instances (as of the first
  request) come first in that order, paged by their sort values, then the changes since the
  first request; without ``backfillSort`` as ``onePhase``;
- ``noBackfill``: without a cursor nothing comes back but a cursor: only later changes follow.

The API takes no ``sort`` / ``postSort`` in sync (changes come in the order they were made;
``backfillSort`` is the one sort, for ``twoPhase``) and no set operations (``union`` ...: they
are ``/query`` only); both are a 400 saying so. Cursors carry the time they were issued and expire
after ``Store.sync_cursor_lifetime_ms`` (3 days by default): an expired cursor is a 400 whose
message starts ``Cursor has expired`` (as the API's), unless the request sets
``allowExpiredCursorsAndAcceptMissedDeletes``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from .catalog import load_catalog
from .errors import bad_request
from .listing import decode_cursor, encode_cursor, fingerprint, select_page, sort_keys
from .query import QueryContext, order_sets
from .reader import InstanceRow, Selection, base_form, render, typing_for
from .requests import (
    QueryRequest,
    SetOperation,
    SyncEdgeResultSet,
    SyncNodeResultSet,
    SyncRequest,
)
from .store import Store
from .sync_chain import WITH_TOMBSTONES, Members, conditions, members_of

__all__ = ["DEFAULT_SYNC_LIMIT", "run_sync"]

DEFAULT_SYNC_LIMIT = 100


def run_sync(store: Store, request: SyncRequest) -> dict[str, Any]:
    """Return each result set's changes since its cursor, and the cursors to continue from."""
    for name in request.select:
        if name not in request.with_:
            raise bad_request(f"select.{name}: there is no result set {name!r} in 'with'")
    sets: dict[str, SyncNodeResultSet | SyncEdgeResultSet] = {}
    for name, expression in request.with_.items():
        if isinstance(expression, SetOperation):
            raise bad_request(
                f"with.{name}: set operations (union, unionAll, intersection) are not supported"
                " by sync, only by /models/instances/query; sync each set on its own"
            )
        _check(name, expression)
        sets[name] = expression
    parents = {spec.from_ for spec in (_spec(expression) for expression in sets.values())}
    now = int(time.time() * 1000)
    items: dict[str, list[dict[str, Any]]] = {}
    typing: dict[str, Any] = {}
    cursors: dict[str, str] = {}
    with store.read() as conn:
        context = QueryContext(conn, load_catalog(store, conn), request)
        members: dict[str, Members] = {}
        for name in order_sets(request.with_):
            expression = sets[name]
            if name in parents:
                members[name] = members_of(context, name, expression, members)
            ids, cursors[name] = _changes(context, name, expression, members, now, store)
            select = request.select.get(name)
            if select is None:
                continue
            chosen = [
                Selection(
                    context.catalog.view(source.source.as_id(), f"select.{name}.sources[{index}]"),
                    None if "*" in source.properties else frozenset(source.properties),
                )
                for index, source in enumerate(select.sources)
            ]
            alive = [i for i in ids if i > 0]  # read under the lock: every one is there
            live = dict(zip(alive, render(conn, alive, chosen), strict=True))
            dead = _tombstones(conn, [-i for i in ids if i < 0])
            items[name] = [live[i] if i > 0 else dead[-i] for i in ids]
            typing[name] = typing_for(context.catalog, [selection.view.id for selection in chosen])
    response: dict[str, Any] = {"items": items, "nextCursor": cursors}
    if request.include_typing:
        response["typing"] = typing
    return response


def _spec(expression: SyncNodeResultSet | SyncEdgeResultSet) -> Any:
    return expression.nodes if isinstance(expression, SyncNodeResultSet) else expression.edges


def _check(name: str, expression: SyncNodeResultSet | SyncEdgeResultSet) -> None:
    """Refuse what the API refuses in sync: a sort, and ``backfillSort`` outside ``twoPhase``."""
    post_sort = isinstance(expression, SyncEdgeResultSet) and expression.post_sort
    if expression.sort or post_sort:
        raise bad_request(
            f"with.{name}: sync returns changes in order; give no sort (backfillSort with"
            " mode twoPhase sorts the first pass)"
        )
    if expression.backfill_sort and expression.mode != "twoPhase":
        raise bad_request(
            f"with.{name}.backfillSort: applies to mode twoPhase only (the mode is"
            f" {expression.mode}); set mode twoPhase or leave backfillSort out"
        )


def _changes(
    context: QueryContext,
    name: str,
    expression: SyncNodeResultSet | SyncEdgeResultSet,
    members: dict[str, Members],
    now: int,
    store: Store,
) -> tuple[list[int], str]:
    """The ids (tombstones negative) of the set's next page, and the cursor after it."""
    kind = "node" if isinstance(expression, SyncNodeResultSet) else "edge"
    parts: list[Any] = ["sync", name, kind, _spec(expression).dump()]
    backfill_sort = expression.backfill_sort if expression.mode == "twoPhase" else None
    if expression.mode != "onePhase":
        parts += [expression.mode, [spec.dump() for spec in backfill_sort or []]]
    print_ = fingerprint(*parts)
    position = _position(context.request, name, print_, now, store.sync_cursor_lifetime_ms)
    statement = context.statement()
    scope = statement.scope(kind)
    alias = scope.alias
    where = [
        f"{alias}.kind = '{kind}'",
        *conditions(context, statement, scope, name, expression, members),
    ]
    limit = expression.limit or DEFAULT_SYNC_LIMIT
    if position is None and expression.mode == "noBackfill":
        return [], encode_cursor(print_, [_last_seq(context), now])
    if backfill_sort and (position is None or position.backfill is not None):
        snapshot = _last_seq(context) if position is None else position.seq
        where += [f"{alias}.seq <= {int(snapshot)}", f"{alias}.id > 0"]
        keys = sort_keys(backfill_sort, scope)
        after = None if position is None else position.backfill
        page = select_page(context.conn, scope, where, keys, limit, after)
        values: list[Any] = [snapshot, now]
        if page.next_values is not None:
            values.append(page.next_values)
        return page.ids, encode_cursor(print_, values)
    start = 0 if position is None else position.seq
    where.append(f"{alias}.seq > {int(start)}")
    if position is None and expression.skip_already_deleted:
        where.append(f"{alias}.deleted_time IS NULL")
    sql = (
        f"{WITH_TOMBSTONES}SELECT {alias}.id, {alias}.seq FROM instances {alias}"
        f"{scope.join_sql()} WHERE {' AND '.join(where)} ORDER BY {alias}.seq LIMIT {int(limit)}"
    )
    found = context.conn.execute(sql, statement.params).fetchall()
    last = found[-1][1] if found else start
    return [row[0] for row in found], encode_cursor(print_, [last, now])


def _last_seq(context: QueryContext) -> int:
    """The newest change sequence number (instances and tombstones)."""
    row = context.conn.execute(
        "SELECT max(seq) FROM (SELECT max(seq) AS seq FROM instances"
        " UNION ALL SELECT max(seq) FROM tombstones)"
    ).fetchone()
    return int(row[0] or 0)


@dataclass(frozen=True)
class _Position:
    """Where a cursor continues: after the change ``seq``; in the first pass of ``twoPhase``
    (``backfill``: the sort values of the last row returned, as of the change ``seq``)."""

    seq: int
    backfill: list[Any] | None = None


def _position(
    request: SyncRequest | QueryRequest, name: str, print_: str, now: int, lifetime: int
) -> _Position | None:
    """Where the cursor of ``name`` continues (None: a first sync, no cursor)."""
    cursor = (request.cursors or {}).get(name)
    values = decode_cursor(cursor, print_)
    if values is None:
        return None
    if (
        len(values) not in (2, 3)
        or not all(isinstance(value, int) for value in values[:2])
        or (len(values) == 3 and not isinstance(values[2], list))
    ):
        raise bad_request("Invalid cursor: it is not a cursor this API returned")
    seq, issued = values[0], values[1]
    allowed = isinstance(request, SyncRequest) and (
        request.allow_expired_cursors_and_accept_missed_deletes
    )
    if now - issued > lifetime and not allowed:
        raise bad_request(
            f"Cursor has expired (cursors.{name}; sync cursors are kept {lifetime // 1000} s):"
            " start over without a cursor, or set allowExpiredCursorsAndAcceptMissedDeletes to"
            " continue and accept that deletes may have been missed"
        )
    return _Position(int(seq), values[2] if len(values) == 3 else None)


def _tombstones(conn: Any, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The wire form of tombstones by id: the instance as it was, plus ``deletedTime``."""
    if not ids:
        return {}
    rows = conn.execute(
        "SELECT id, instance_id, kind, space, external_id, version, type_space, type_xid,"
        " start_space, start_xid, end_space, end_xid, created_time, last_updated_time,"
        " deleted_time FROM tombstones WHERE id IN (" + ", ".join(str(int(i)) for i in ids) + ")"
    ).fetchall()
    found = {}
    for row in rows:
        item = base_form(InstanceRow(*row[1:14]))
        item["deletedTime"] = row[14]
        found[row[0]] = item
    return found

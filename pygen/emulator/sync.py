"""``/instances/sync``: the changes to named node and edge sets since a cursor.

Every instance write takes a new change sequence number (``instances.seq``) and every delete
leaves a tombstone with one (``tombstones.seq``, see :mod:`pygen.emulator.instances`). A sync
result set returns the live instances and tombstones matching its filter in sequence order,
after the sequence number its cursor holds; the next cursor holds the last one returned. So a
changed instance comes again, and a deleted one comes as a tombstone (``deletedTime``, no
properties). The filter is evaluated on a tombstone's last data.

Without a cursor, the first pages are the current instances (tombstones only with
``skipAlreadyDeleted: false``). Cursors carry the time they were issued and expire after
``Store.sync_cursor_lifetime_ms`` (3 days by default): an expired cursor is a 400 whose message
starts ``Cursor has expired`` (as the API's), unless the request sets
``allowExpiredCursorsAndAcceptMissedDeletes``.

Supported per set: ``nodes`` / ``edges`` with ``filter`` and ``limit`` (at most 2,000; 100 by
default); ``mode``, ``backfillSort`` are accepted and ignored. Chaining (``from``) and set
operations are refused with a 400 naming the set.
"""

from __future__ import annotations

import time
from typing import Any

from .catalog import load_catalog
from .errors import bad_request
from .filters import compile_filter
from .listing import decode_cursor, encode_cursor, fingerprint
from .reader import InstanceRow, Selection, base_form, render, typing_for
from .requests import SetOperation, SyncEdgeResultSet, SyncNodeResultSet, SyncRequest
from .sql import Statement
from .store import Store

__all__ = ["DEFAULT_SYNC_LIMIT", "run_sync"]

DEFAULT_SYNC_LIMIT = 100

_ROW = (
    "kind, space, external_id, version, type_space, type_xid, start_space, start_xid,"
    " end_space, end_xid, created_time, last_updated_time, seq"
)
# Inside a sync statement ``instances`` and ``instance_data`` are the live rows and the
# tombstones together (tombstones with negative ids), so filters compile as everywhere else.
_WITH_TOMBSTONES = (
    f"WITH instances AS (SELECT id, {_ROW}, NULL AS deleted_time FROM main.instances"
    f" UNION ALL SELECT -id, {_ROW}, deleted_time FROM main.tombstones),"
    " instance_data AS (SELECT instance_id, container_id, props FROM main.instance_data"
    " UNION ALL SELECT -tombstone_id, container_id, props FROM main.tombstone_data) "
)
_UNSUPPORTED = ("from_", "through", "chain_to", "max_distance", "node_filter",
                "termination_filter", "limit_each")  # fmt: skip


def run_sync(store: Store, request: SyncRequest) -> dict[str, Any]:
    """Return each result set's changes since its cursor, and the cursors to continue from."""
    for name in request.select:
        if name not in request.with_:
            raise bad_request(f"select.{name}: there is no result set {name!r} in 'with'")
    now = int(time.time() * 1000)
    items: dict[str, list[dict[str, Any]]] = {}
    typing: dict[str, Any] = {}
    cursors: dict[str, str] = {}
    with store.read() as conn:
        catalog = load_catalog(store, conn)
        for name, expression in request.with_.items():
            if isinstance(expression, SetOperation):
                raise bad_request(f"with.{name}: set operations are not supported by sync")
            kind, spec = (
                ("node", expression.nodes)
                if isinstance(expression, SyncNodeResultSet)
                else ("edge", expression.edges)
            )
            for field in _UNSUPPORTED:
                if getattr(spec, field, None) is not None:
                    raise bad_request(
                        f"with.{name}: {field.rstrip('_')} is not supported by sync in the"
                        " emulator; sync each view's instances with a filter"
                    )
            if expression.sort or (
                isinstance(expression, SyncEdgeResultSet) and expression.post_sort
            ):
                raise bad_request(f"with.{name}: sync returns changes in order; give no sort")
            print_ = fingerprint("sync", name, kind, spec.dump())
            after, fresh = _after(request, name, print_, now, store.sync_cursor_lifetime_ms)
            statement = Statement(catalog, parameters=dict(request.parameters or {}))
            scope = statement.scope(kind)
            where = [f"{scope.alias}.kind = '{kind}'", f"{scope.alias}.seq > {int(after)}"]
            if fresh and expression.skip_already_deleted:
                where.append(f"{scope.alias}.deleted_time IS NULL")
            if spec.filter is not None:
                where.append(compile_filter(spec.filter, scope))
            limit = expression.limit or DEFAULT_SYNC_LIMIT
            sql = (
                f"{_WITH_TOMBSTONES}SELECT {scope.alias}.id, {scope.alias}.seq FROM instances"
                f" {scope.alias}{scope.join_sql()} WHERE {' AND '.join(where)}"
                f" ORDER BY {scope.alias}.seq LIMIT {int(limit)}"
            )
            found = conn.execute(sql, statement.params).fetchall()
            last = found[-1][1] if found else after
            cursors[name] = encode_cursor(print_, [last, now])
            select = request.select.get(name)
            if select is None:
                continue
            chosen = [
                Selection(
                    catalog.view(source.source.as_id(), f"select.{name}.sources[{index}]"),
                    None if "*" in source.properties else frozenset(source.properties),
                )
                for index, source in enumerate(select.sources)
            ]
            ids = [row[0] for row in found]
            alive = [i for i in ids if i > 0]  # read under the lock: every one is there
            live = dict(zip(alive, render(conn, alive, chosen), strict=True))
            dead = _tombstones(conn, [-i for i in ids if i < 0])
            items[name] = [live[i] if i > 0 else dead[-i] for i in ids]
            typing[name] = typing_for(catalog, [selection.view.id for selection in chosen])
    response: dict[str, Any] = {"items": items, "nextCursor": cursors}
    if request.include_typing:
        response["typing"] = typing
    return response


def _after(
    request: SyncRequest, name: str, print_: str, now: int, lifetime: int
) -> tuple[int, bool]:
    """The sequence number to continue after, and whether this is a first sync (no cursor)."""
    cursor = (request.cursors or {}).get(name)
    values = decode_cursor(cursor, print_)
    if values is None:
        return 0, True
    if len(values) != 2 or not all(isinstance(value, int) for value in values):
        raise bad_request("Invalid cursor: it is not a cursor this API returned")
    seq, issued = values
    if now - issued > lifetime and not request.allow_expired_cursors_and_accept_missed_deletes:
        raise bad_request(
            f"Cursor has expired (cursors.{name}; sync cursors are kept {lifetime // 1000} s):"
            " start over without a cursor, or set allowExpiredCursorsAndAcceptMissedDeletes to"
            " continue and accept that deletes may have been missed"
        )
    return int(seq), False


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

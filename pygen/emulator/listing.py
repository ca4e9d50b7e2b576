"""Sorted, keyset-paginated selection of instance ids, and opaque cursors.

A page is ``ORDER BY <sort keys>, id`` with ``LIMIT n + 1``; the cursor holds the sort-key values
and id of the last row returned plus a fingerprint of the request, so the next page starts
strictly after that row: no duplicates and no gaps even when rows are written in between.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import sqlite3
from dataclasses import dataclass
from typing import Any

from .body import parse_json
from .errors import DMSError, bad_request
from .requests import SortSpec
from .sql import Scope, Statement
from .store import dumps

__all__ = [
    "Page",
    "SortKey",
    "decode_cursor",
    "encode_cursor",
    "fingerprint",
    "select_page",
    "sort_keys",
]


@dataclass(frozen=True)
class SortKey:
    """One ``ORDER BY`` term."""

    sql: str
    descending: bool = False
    nulls_first: bool = False

    def order(self) -> str:
        """The term as SQL."""
        direction = "DESC" if self.descending else "ASC"
        return f"{self.sql} {direction} NULLS {'FIRST' if self.nulls_first else 'LAST'}"


@dataclass(frozen=True)
class Page:
    """The ids of one page and the cursor values of its last row (None on the last page)."""

    ids: list[int]
    next_values: list[Any] | None


def sort_keys(sort: list[SortSpec] | None, scope: Scope) -> list[SortKey]:
    """Compile a ``sort`` list; the instance id is always the final tie-breaker."""
    keys = []
    for spec in sort or []:
        expr = scope.property(spec.property)
        if expr.is_list:
            raise bad_request(f"Cannot sort by list property {expr.label}")
        descending = spec.direction == "descending"
        nulls_first = spec.nulls_first if spec.nulls_first is not None else descending
        for sql in expr.pair or (expr.sql,):
            keys.append(SortKey(sql, descending, nulls_first))
    keys.append(SortKey(f"{scope.alias}.id"))
    return keys


def select_page(
    conn: sqlite3.Connection,
    scope: Scope,
    where: list[str],
    keys: list[SortKey],
    limit: int,
    after: list[Any] | None,
) -> Page:
    """Run the page query: rows of ``scope`` matching ``where``, ordered by ``keys``."""
    stmt = scope.statement
    conditions = list(where)
    if after is not None:
        if len(after) != len(keys):
            raise bad_request("Invalid cursor: it does not belong to this request")
        conditions.append(_after(stmt, keys, after))
    columns = ", ".join(key.sql for key in keys)
    sql = (
        f"SELECT {columns} FROM instances {scope.alias}{scope.join_sql()}"
        f" WHERE {' AND '.join(conditions) or '1'}"
        f" ORDER BY {', '.join(key.order() for key in keys)} LIMIT {int(limit) + 1}"
    )
    rows = conn.execute(sql, stmt.params).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    ids = [row[-1] for row in rows]
    return Page(ids, list(rows[-1]) if more and rows else None)


def _after(stmt: Statement, keys: list[SortKey], values: list[Any]) -> str:
    """Rows strictly after ``values`` in the order of ``keys`` (null placement included)."""
    clauses = []
    for index, key in enumerate(keys):
        step = _beyond(stmt, key, values[index])
        if step is None:
            continue
        equal = [
            f"{k.sql} IS {stmt.param(v)}" for k, v in zip(keys[:index], values[:index], strict=True)
        ]
        clauses.append("(" + " AND ".join([*equal, step]) + ")")
    return "(" + " OR ".join(clauses) + ")" if clauses else "0"


def _beyond(stmt: Statement, key: SortKey, value: Any) -> str | None:
    if value is None:  # nulls first: every non-null comes after; nulls last: nothing does
        return f"{key.sql} IS NOT NULL" if key.nulls_first else None
    step = f"{key.sql} {'<' if key.descending else '>'} {stmt.param(value)}"
    return step if key.nulls_first else f"({step} OR {key.sql} IS NULL)"


def fingerprint(*parts: Any) -> str:
    """A short hash of what a cursor must match (endpoint, filter, sort ...)."""
    return hashlib.sha256(dumps(parts).encode()).hexdigest()[:16]


def encode_cursor(print_: str, values: list[Any]) -> str:
    """An opaque cursor from a request fingerprint and the last row's sort values."""
    raw = dumps({"f": print_, "v": values}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, print_: str) -> list[Any] | None:
    """The sort values in ``cursor`` (None for no cursor); 400 for a foreign or broken one."""
    if cursor is None:
        return None
    try:
        data = parse_json(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except (binascii.Error, ValueError, UnicodeDecodeError, DMSError):
        raise bad_request("Invalid cursor: it is not a cursor this API returned") from None
    if not isinstance(data, dict) or not isinstance(data.get("v"), list):
        raise bad_request("Invalid cursor: it is not a cursor this API returned")
    if data.get("f") != print_:
        raise bad_request("Invalid cursor: it was returned for a different request")
    values: list[Any] = data["v"]
    return values

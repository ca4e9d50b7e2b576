"""Incremental sync of one view over ``/models/instances/sync``: changes, deletions, a cursor.

``api.sync()`` yields :class:`SyncBatch` es: the instances created or changed since the cursor
(typed read objects), the ids of the ones deleted, and the cursor after the batch. Persist
``batch.cursor`` (a plain string) once a batch is stored, and pass it to ``sync(cursor=...)``
later to get only what changed since. The API keeps cursors for 3 days: an older one raises
:class:`SyncCursorExpiredError`, whose message says how to start over.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from pygen_runtime.errors import APIError, PygenError

from .ids import InstanceId

__all__ = ["SYNC_LIMIT", "SyncBatch", "SyncCursorExpiredError", "sync_batches"]

TList = TypeVar("TList")

SYNC_LIMIT = 2000
_SET = "sync"  # the one result set a view's sync asks for


class SyncCursorExpiredError(PygenError):
    """The sync cursor is older than the API keeps cursors (3 days).

    Start over: call ``sync()`` without a cursor (it returns every instance again; replace
    your copy with it), or pass ``accept_missed_deletes=True`` to continue from the cursor and
    accept that deletions in between may be missing.

    Attributes:
        cursor: the expired cursor.
    """

    def __init__(self, cursor: str, detail: str) -> None:
        self.cursor = cursor
        super().__init__(
            "the sync cursor has expired (the API keeps sync cursors for 3 days): start over "
            "with sync(cursor=None) and replace your copy with what it returns, or continue "
            f"with sync(cursor, accept_missed_deletes=True) and accept missed deletes ({detail})"
        )


@dataclass(frozen=True)
class SyncBatch(Generic[TList]):
    """One batch of changes, in the order they were made.

    Attributes:
        items: the instances created or changed since the previous cursor (read objects).
        deleted: the ids of the instances deleted since the previous cursor (a deletion of an
            instance you never received can appear; ignore it).
        cursor: where this batch ends; persist it and pass it to ``sync(cursor=...)``.
    """

    items: TList
    deleted: list[InstanceId] = field(default_factory=list)
    cursor: str = ""


def sync_batches(
    post: Callable[[str, dict[str, Any]], bytes],
    *,
    instance_type: Literal["node", "edge"],
    view: dict[str, Any],
    filter: dict[str, Any],
    cursor: str | None,
    chunk_size: int,
    accept_missed_deletes: bool,
    read_items: Callable[[list[dict[str, Any]]], TList],
) -> Iterator[SyncBatch[TList]]:
    """Request batches until the view is caught up (a batch smaller than ``chunk_size``).

    Args:
        post: POSTs a body to a path and returns the response bytes.
        instance_type: the view's instances: nodes or edges.
        view: the view reference (wire form); ``filter`` must include ``hasData`` on it.
        filter: the wire filter of the result set.
        cursor: where to continue; None starts from the beginning.
        chunk_size: instances per batch, 1 to 2,000.
        accept_missed_deletes: continue from an expired cursor.
        read_items: turns the wire items of live instances into the typed list.
    """
    if not 1 <= chunk_size <= SYNC_LIMIT:
        raise ValueError(f"chunk_size must be between 1 and {SYNC_LIMIT}, got {chunk_size}")
    expression = {f"{instance_type}s": {"filter": filter}, "limit": chunk_size}
    body: dict[str, Any] = {
        "with": {_SET: expression},
        "select": {_SET: {"sources": [{"source": view, "properties": ["*"]}]}},
    }
    if accept_missed_deletes:
        body["allowExpiredCursorsAndAcceptMissedDeletes"] = True
    while True:
        if cursor:
            body["cursors"] = {_SET: cursor}
        try:
            response = json.loads(post("/models/instances/sync", body))
        except APIError as exc:
            if cursor and exc.status_code == 400 and "cursor has expired" in exc.message.lower():
                raise SyncCursorExpiredError(cursor, exc.message) from None
            raise
        wire = response.get("items", {}).get(_SET, [])
        live = [item for item in wire if item.get("deletedTime") is None]
        deleted = [
            InstanceId(item["space"], item["externalId"])
            for item in wire
            if item.get("deletedTime") is not None
        ]
        cursor = response.get("nextCursor", {}).get(_SET) or cursor or ""
        yield SyncBatch(items=read_items(live), deleted=deleted, cursor=cursor)
        if len(wire) < chunk_size:
            return

"""What the four schema resource APIs (spaces, containers, views, data models) share."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar, cast

from pygen_runtime.client.http import HTTPClient
from pygen_runtime.client.http.encoding import Params
from pygen_runtime.client.models import DMSModel
from pygen_runtime.errors import ResourceNotFoundError

from ._ids import AnyId, describe_id
from ._paging import chunks, iterate_pages, parse_item, response_items

__all__ = ["SCHEMA_BATCH_SIZE", "SchemaAPI", "as_sequence"]

IdT = TypeVar("IdT", bound=AnyId)
ApplyT = TypeVar("ApplyT", bound=DMSModel)
ReadT = TypeVar("ReadT", bound=DMSModel)
T = TypeVar("T")

SCHEMA_BATCH_SIZE = 100
"""Items per apply/byids/delete request for schema resources (the API's limit)."""


def as_sequence(value: T | Sequence[T], is_single: Callable[[object], bool]) -> builtins.list[T]:
    """Wrap one item in a list; pass a sequence through as a list."""
    if is_single(value):
        return [cast(T, value)]
    return builtins.list(cast(Sequence[T], value))


class SchemaAPI(Generic[IdT, ApplyT, ReadT]):
    """The list/retrieve/apply/delete plumbing of one schema resource.

    Subclasses give the typed public methods; everything here is protected.
    """

    def __init__(
        self,
        http: HTTPClient,
        *,
        path: str,
        kind: str,
        read: Callable[[Any], ReadT],
        read_id: Callable[[Any], IdT],
        id_of: Callable[[ReadT], IdT],
    ) -> None:
        self._http = http
        self._path = path
        self._kind = kind
        self._read = read
        self._read_id = read_id
        self._id_of = id_of

    def _iterate(self, params: Params, limit: int | None) -> Iterator[ReadT]:
        where = f"GET {self._path}"

        def fetch(page_size: int, cursor: str | None) -> Any:
            return self._http.get(
                self._path, params={**params, "limit": page_size, "cursor": cursor}
            )

        return iterate_pages(fetch, self._read, limit=limit, where=where)

    def _retrieve(self, ids: Sequence[IdT], params: Params | None = None) -> builtins.list[ReadT]:
        path = f"{self._path}/byids"
        found: builtins.list[ReadT] = []
        for batch in chunks(ids, SCHEMA_BATCH_SIZE):
            payload = self._http.post(
                path, json={"items": [i.dump() for i in batch]}, params=params
            )
            raw = response_items(payload, f"POST {path}")
            found.extend(
                parse_item(self._read, item, f"POST {path}", n) for n, item in enumerate(raw)
            )
        return found

    def _retrieve_one(self, wanted: IdT, params: Params | None = None) -> ReadT:
        for item in self._retrieve([wanted], params):
            if self._id_of(item) == wanted:
                return item
        path = f"{self._path}/byids"
        raise ResourceNotFoundError(
            f"{self._kind} {describe_id(wanted)} not found",
            status_code=404,
            method="POST",
            path=path,
            missing=[wanted.dump()],
        )

    def _apply(self, items: Sequence[DMSModel]) -> builtins.list[ReadT]:
        written: builtins.list[ReadT] = []
        for batch in chunks(items, SCHEMA_BATCH_SIZE):
            payload = self._http.post(self._path, json={"items": [i.dump() for i in batch]})
            raw = response_items(payload, f"POST {self._path}")
            written.extend(
                parse_item(self._read, item, f"POST {self._path}", n) for n, item in enumerate(raw)
            )
        return written

    def _delete(self, ids: Sequence[IdT]) -> builtins.list[IdT]:
        path = f"{self._path}/delete"
        deleted: builtins.list[IdT] = []
        for batch in chunks(ids, SCHEMA_BATCH_SIZE):
            payload = self._http.post(path, json={"items": [i.dump() for i in batch]})
            raw = response_items(payload, f"POST {path}")
            deleted.extend(
                parse_item(self._read_id, item, f"POST {path}", n) for n, item in enumerate(raw)
            )
        return deleted

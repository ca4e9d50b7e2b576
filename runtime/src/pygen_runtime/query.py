"""``QueryBuilder``: a fluent, lazy query over one view.

    api.query().filter(name_prefix="Pump", min_weight=100).sort("-weight").limit(10).execute()

Nothing is sent until ``execute()``, ``count()`` or ``rows()`` is called, and ``execute()``
fetches a page at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .filters import Filter, and_, with_instance_space
from .sort import Sort, SortArg

if TYPE_CHECKING:
    from .api import InstanceAPI

__all__ = ["QueryBuilder"]

TRead = TypeVar("TRead")
TList = TypeVar("TList")


class QueryBuilder(Generic[TRead, TList]):
    """Collects filters, sort, limit and a property selection; runs on demand.

    Every method returns a new builder, so a partly built query can be reused.
    """

    def __init__(
        self,
        api: InstanceAPI[Any, Any, Any],
        *,
        filters: tuple[Filter, ...] = (),
        sort: tuple[str | Sort, ...] = (),
        limit: int | None = None,
        select: tuple[str, ...] = (),
    ) -> None:
        self._api = api
        self._filters = filters
        self._sort = sort
        self._limit = limit
        self._select = select

    def _copy(self, **changes: Any) -> QueryBuilder[TRead, TList]:
        state: dict[str, Any] = {
            "filters": self._filters,
            "sort": self._sort,
            "limit": self._limit,
            "select": self._select,
        }
        state.update(changes)
        return QueryBuilder(self._api, **state)

    def filter(self, filter: Filter | None = None, **kwargs: Any) -> QueryBuilder[TRead, TList]:
        """Add conditions: a :class:`Filter`, and/or keyword arguments named like the API's
        (``name="x"``, ``name_prefix="P"``, ``min_weight=1``, ``site=("space", "xid")`` ...).
        Conditions from several calls must all hold."""
        added = and_(filter, self._api._filter_from_kwargs(**kwargs))
        return self._copy(filters=(*self._filters, added) if added is not None else self._filters)

    def sort(self, *keys: str | Sort) -> QueryBuilder[TRead, TList]:
        """Sort by fields: ``"weight"`` ascending, ``"-weight"`` descending."""
        return self._copy(sort=(*self._sort, *keys))

    def limit(self, count: int | None) -> QueryBuilder[TRead, TList]:
        """Return at most ``count`` instances (``None``: all)."""
        if count is not None and count < 0:
            raise ValueError(f"limit must be >= 0 or None, got {count}")
        return self._copy(limit=count)

    def select(self, *properties: str) -> QueryBuilder[TRead, TList]:
        """Restrict :meth:`rows` to these properties (field names)."""
        for name in properties:
            self._api._property_id(name)  # fail early on a misspelt name
        return self._copy(select=(*self._select, *properties))

    @property
    def where(self) -> Filter | None:
        """The combined filter of this query (``None`` when there is none)."""
        return and_(*self._filters)

    def execute(self) -> Iterator[TRead]:
        """Yield the matching instances, fetching one page at a time."""
        sort: SortArg = list(self._sort) or None
        for page in self._api.iterate(filter=self.where, sort=sort, limit=self._limit):
            yield from page

    def to_list(self) -> TList:
        """Run the query and collect every result in the view's list class."""
        result: Any = self._api._list_class(self.execute())
        return result  # type: ignore[no-any-return]

    def rows(self) -> Iterator[dict[str, Any]]:
        """Yield plain dicts with ``space``, ``external_id`` and the selected properties
        (every property when nothing was selected)."""
        names = self._select or tuple(
            name
            for name, field in self._api._read_class.model_fields.items()
            if field.serialization_alias
        )
        for item in self.execute():
            row = {"space": item.space, "external_id": item.external_id}  # type: ignore[attr-defined]
            row.update({name: getattr(item, name) for name in names})
            yield row

    def count(self) -> int:
        """Count the matching instances on the server (no instances are fetched)."""
        value = self._api.aggregate("count", filter=self.where)
        return int(value or 0)

    def __repr__(self) -> str:
        where = self.where
        try:  # shown without resolving relation filters: a repr sends no request
            space = self._api._client.instance_space
            shown: object = with_instance_space(where, space).dump() if where else None
        except (TypeError, ValueError):  # a relation filter, or a bare id and no instance space
            shown = where
        return (
            f"QueryBuilder(view={self._api._view}, filter={shown}, "
            f"sort={list(self._sort)}, limit={self._limit}, select={list(self._select)})"
        )

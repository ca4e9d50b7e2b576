"""Sort specifications: ``"weight"``, ``"-weight"`` (descending), or :class:`Sort` objects."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias, TypeVar

__all__ = ["Sort", "SortArg", "SortBy", "parse_sort"]

T = TypeVar("T", bound=str)


@dataclass(frozen=True, slots=True)
class Sort:
    """Sort by ``property`` (a field name of the read class, or a CDF property id)."""

    property: str
    direction: Literal["ascending", "descending"] = "ascending"
    nulls_first: bool | None = None


SortArg: TypeAlias = str | Sort | Sequence[str | Sort] | None

SortBy: TypeAlias = T | Sort | Sequence[T | Sort] | None
"""``SortBy[EquipmentSortField]``: one of a view's sort names (``"weight"``, ``"-weight"``
descending), a :class:`Sort`, or a sequence of them; generated APIs type ``sort`` with it."""


def parse_sort(spec: Any, resolve: Callable[[str], list[str]]) -> list[dict[str, Any]]:
    """Turn a sort argument into wire sort objects; ``resolve`` maps a name to a property path."""
    if spec is None:
        return []
    items = [spec] if isinstance(spec, str | Sort) else list(spec)
    wire = []
    for item in items:
        if isinstance(item, str):
            descending = item.startswith("-")
            item = Sort(item.lstrip("-+"), "descending" if descending else "ascending")
        if not isinstance(item, Sort):
            raise TypeError(f"sort by a name ('weight', '-weight') or a Sort, got {item!r}")
        entry: dict[str, Any] = {"property": resolve(item.property), "direction": item.direction}
        if item.nulls_first is not None:
            entry["nullsFirst"] = item.nulls_first
        wire.append(entry)
    return wire

"""``InstanceList``: a list of read (or write) objects with dump, ids and pandas export."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel

from .ids import InstanceId
from .notebook import data_frame, flat_row, html_list

if TYPE_CHECKING:
    import pandas

__all__ = ["InstanceList"]

T = TypeVar("T", bound=BaseModel)


class InstanceList(list[T], Generic[T]):
    """A ``list`` of instances with helpers for export.

    Generated SDKs subclass it per view (``EquipmentList(InstanceList[Equipment])``).
    """

    def __init__(self, items: Iterable[T] = ()) -> None:
        super().__init__(items)

    def dump(self, camel_case: bool = True) -> list[dict[str, Any]]:
        """Every item as a JSON-ready dict (flat: instance fields and properties together;
        objects read with ``expand`` nested, see ``Instance.dump``)."""
        from .instance import Instance

        return [
            item.dump(camel_case)
            if isinstance(item, Instance)
            else item.model_dump(mode="json", by_alias=camel_case)
            for item in self
        ]

    def as_ids(self) -> list[InstanceId]:
        """The ``InstanceId`` of every item."""
        return [InstanceId.of(item) for item in self]

    def to_pandas(self, camel_case: bool = False) -> pandas.DataFrame:
        """A DataFrame with one row per item and one column per field.

        Columns are flat (see ``pygen_runtime.notebook``): direct relations are
        ``InstanceId``s, a nested read object becomes ``relation.field`` columns, a list of
        read objects the list of their ids. ``camel_case`` names columns by CDF property id.
        Needs pandas (``pip install pandas``), an optional dependency imported only here.
        """
        frame: pandas.DataFrame = data_frame([flat_row(item, camel_case) for item in self])
        return frame

    def _repr_html_(self) -> str:
        """The list as an HTML table (Jupyter shows it); every cell is escaped."""
        return html_list(self, type(self).__name__)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list.__repr__(self)})"

"""Notebook conveniences: flat rows for DataFrames, and HTML tables for Jupyter.

A read (or write) object becomes one flat row, one column per field, named like the field
(``camel_case=True``: like the CDF property):

* instance fields first as the class declares them: ``space``, ``external_id``, ``version``,
  ``created_time`` ... (epoch milliseconds), then ``node_type`` or ``edge_type``,
  ``start_node``, ``end_node`` and one column per property;
* a direct relation is an ``InstanceId`` (or ``None``); a list of them a list;
* a field declared to hold one nested read object (a relation read with its target, e.g. from
  an expanded query) is flattened into ``relation.field`` columns (``site.name``,
  ``site.external_id`` ...), empty when the relation is empty, so every row has the same
  columns; down to :data:`MAX_DEPTH` levels, deeper ones are given by their ``InstanceId``;
* a relation read expanded (``list(expand=1)``) into a read object its field is not declared
  to hold (typed as its id, ``Expandable[Site]``) is that object's ``InstanceId``, so an
  expanded read makes the same table as a plain one;
* a list of read objects (edges, reverse relations, multi relations) is the list of their
  ``InstanceId``s;
* everything else (numbers, text, datetimes, json, lists of values) is the value itself;
* a property a query did not ``select(...)`` is not read, so it has no column (not an empty
  one): a selection gives a table of what was selected.

HTML escapes every cell, header and title: model text may hold markup.
"""

from __future__ import annotations

import html
import typing
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from .ids import InstanceId

__all__ = ["MAX_DEPTH", "MAX_HTML_ROWS", "data_frame", "flat_row", "html_list", "html_object"]

MAX_DEPTH = 3
MAX_HTML_ROWS = 50
_MAX_CELL = 200


def flat_row(item: BaseModel, camel_case: bool = False) -> dict[str, Any]:
    """``item`` as one flat row (see the module docstring for the columns)."""
    row: dict[str, Any] = {}
    _flatten(item, type(item), "", row, camel_case, 0)
    return row


def _flatten(
    item: BaseModel | None,
    model: type[BaseModel],
    prefix: str,
    row: dict[str, Any],
    camel: bool,
    depth: int,
) -> None:
    """Fill ``row`` with the fields of ``item`` (of class ``model``; None: every cell None).
    Properties a query did not select (the selected class's ``_absent``) get no column."""
    absent = type(item).__dict__.get("_absent", ()) if item is not None else ()
    for name, info in model.model_fields.items():
        if name in absent:
            continue
        key = prefix + (str(info.serialization_alias or info.alias or name) if camel else name)
        value = item.__dict__.get(name) if item is not None else None  # absent: not selected
        nested = _read_class(info.annotation)
        if nested is not None and (value is None or isinstance(value, nested)):
            if depth + 1 < MAX_DEPTH:
                _flatten(value, nested, key + ".", row, camel, depth + 1)
            else:
                row[key] = None if value is None else _id_of(value)
        elif isinstance(value, BaseModel) and _has_id(value):  # an expanded relation
            row[key] = _id_of(value)  # its id, as a plain read gives it
        elif isinstance(value, list) and value and all(_has_id(v) for v in value):
            row[key] = [_id_of(v) for v in value]
        else:
            row[key] = value


def _read_class(annotation: Any) -> type[BaseModel] | None:
    """The read class of a field holding one nested object (``Site | None``), else None."""
    candidates = typing.get_args(annotation) if typing.get_args(annotation) else (annotation,)
    if typing.get_origin(annotation) in (list, tuple):
        return None
    found = [
        c
        for c in candidates
        if isinstance(c, type)
        and issubclass(c, BaseModel)
        and {"space", "external_id"} <= set(c.model_fields)
    ]
    return found[0] if len(found) == 1 else None


def data_frame(rows: list[dict[str, Any]]) -> Any:
    """A ``pandas.DataFrame`` of flat rows (pandas is optional: imported here, with a hint)."""
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(
            "to_pandas() needs pandas, which is not installed: pip install pandas"
        ) from exc
    return pandas.DataFrame(rows)


def _has_id(value: Any) -> bool:
    return isinstance(getattr(value, "space", None), str) and isinstance(
        getattr(value, "external_id", None), str
    )


def _id_of(value: Any) -> InstanceId:
    return InstanceId(value.space, value.external_id)


def html_object(item: BaseModel) -> str:
    """An HTML table of one object: a row per field (flattened as in :func:`flat_row`)."""
    row = flat_row(item)
    body = "".join(
        f"<tr><th style='text-align:left'>{_escape(key)}</th><td style='text-align:left'>"
        f"{_cell(value)}</td></tr>"
        for key, value in row.items()
    )
    return f"{_caption(type(item).__name__)}<table><tbody>{body}</tbody></table>"


def html_list(items: Sequence[BaseModel], kind: str) -> str:
    """An HTML table of a list: a row per item (the first :data:`MAX_HTML_ROWS`)."""
    rows = [flat_row(item) for item in items[:MAX_HTML_ROWS]]
    columns = list(dict.fromkeys(key for row in rows for key in row))
    head = "".join(f"<th>{_escape(column)}</th>" for column in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(row.get(column))}</td>" for column in columns) + "</tr>"
        for row in rows
    )
    more = len(items) - len(rows)
    note = f"<p>... and {more} more (of {len(items)})</p>" if more > 0 else ""
    title = f"{kind}: {len(items)} item{'s' if len(items) != 1 else ''}"
    return (
        f"{_caption(title)}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}"
    )


def _caption(text: str) -> str:
    return f"<p><b>{_escape(text)}</b></p>"


def _cell(value: Any) -> str:
    text = _text(value)
    if len(text) > _MAX_CELL:
        text = text[: _MAX_CELL - 3] + "..."
    return _escape(text)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, InstanceId):
        return f"{value.space}:{value.external_id}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_text(v) for v in _first(value, 20)) + "]"
    return str(value)


def _first(values: Iterable[Any], count: int) -> list[Any]:
    out = []
    for index, value in enumerate(values):
        if index == count:
            out.append("...")
            break
        out.append(value)
    return out


def _escape(text: str) -> str:
    return html.escape(text, quote=True)

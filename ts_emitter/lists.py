"""Bracketed, separated lists, printed from a descriptor (:class:`ListFormat`).

Every list in the printer goes through :func:`emit_list`: parameters, arguments, type
parameters, array / tuple / object / type-literal members, import specifiers and class,
interface and enum bodies. The descriptor says which brackets, which separator, whether the
list breaks with a trailing separator, and whether it always breaks.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ts_emitter.doc import (
    HARDLINE,
    LINE,
    SOFTLINE,
    Doc,
    GroupId,
    concat,
    group,
    if_break,
    indent,
)

__all__ = [
    "ARGUMENTS",
    "ARRAY",
    "BLOCK",
    "BROKEN_ARGUMENTS",
    "ENUM_BODY",
    "IMPORT_NAMES",
    "OBJECT",
    "PARAMETERS",
    "TYPE_ARGUMENTS",
    "TYPE_LITERAL",
    "TYPE_PARAMETERS",
    "ListFormat",
    "emit_list",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ListFormat:
    """How a list is printed.

    * ``open`` / ``close``: brackets (``empty`` is printed for an empty list);
    * ``separator``: between items; ``trailing``: after the last item when the list breaks
      (``"if_break"``), always (``"always"``) or never;
    * ``inner``: the line just inside the brackets: ``"soft"`` (``[a]``), ``"line"``
      (``{ a }``) or ``"hard"`` (always one item per line, as in bodies);
    * ``grouped``: wrap the list in its own group (else the enclosing group decides);
    * ``should_break``: the group always breaks.
    """

    open: str
    close: str
    empty: str | None = None
    separator: str = ","
    trailing: Literal["if_break", "always", "never"] = "if_break"
    inner: Literal["soft", "line", "hard"] = "soft"
    grouped: bool = True
    should_break: bool = False

    def but(self, **changes: object) -> ListFormat:
        """A copy with ``changes`` applied (made once per distinct change)."""
        return _variant(self, tuple(sorted(changes.items())))


@functools.cache
def _variant(fmt: ListFormat, changes: tuple[tuple[str, object], ...]) -> ListFormat:
    values = {f: getattr(fmt, f) for f in fmt.__dataclass_fields__}
    values.update(changes)
    return ListFormat(**values)  # type: ignore[arg-type,unused-ignore]


def emit_list(items: Sequence[Doc], fmt: ListFormat, *, group_id: GroupId | None = None) -> Doc:
    """Print ``items`` (already printed documents) as described by ``fmt``."""
    if not items:
        return fmt.empty if fmt.empty is not None else fmt.open + fmt.close
    if fmt.inner == "hard":
        inner: Doc = HARDLINE
        between: Doc = concat(fmt.separator, HARDLINE) if fmt.separator else HARDLINE
    else:
        inner = SOFTLINE if fmt.inner == "soft" else LINE
        between = concat(fmt.separator, LINE)
    parts: list[Doc] = []
    for i, item in enumerate(items):
        if i:
            parts.append(between)
        parts.append(item)
    trailing: Doc = ""
    if fmt.trailing == "if_break":
        trailing = if_break(fmt.separator)
    elif fmt.trailing == "always":
        trailing = fmt.separator
    body = concat(fmt.open, indent(inner, *parts), trailing, inner, fmt.close)
    if not fmt.grouped:
        return body
    return group(body, should_break=fmt.should_break, id=group_id)


PARAMETERS = ListFormat(open="(", close=")", grouped=False)
"""Function parameters (the signature's group decides; no trailing comma after a rest)."""
ARGUMENTS = ListFormat(open="(", close=")")
"""Call arguments that fit or break one per line."""
BROKEN_ARGUMENTS = ListFormat(open="(", close=")", inner="line", should_break=True)
"""Call arguments, all broken out."""
TYPE_PARAMETERS = ListFormat(open="<", close=">")
"""``<T, U>`` on a declaration."""
TYPE_ARGUMENTS = ListFormat(open="<", close=">", trailing="never")
"""``<A, B>`` on a reference or call (TypeScript forbids a trailing comma there)."""
ARRAY = ListFormat(open="[", close="]")
"""Array literals and tuple types."""
OBJECT = ListFormat(open="{", close="}", inner="line")
"""Object literals."""
ENUM_BODY = ListFormat(open="{", close="}", inner="line", should_break=True)
"""Enum members (always one per line)."""
IMPORT_NAMES = ListFormat(open="{", close="}", inner="line")
"""``{ a, b }`` in an import or export."""
TYPE_LITERAL = ListFormat(open="{", close="}", separator="", trailing="never", inner="line")
"""Type-literal members (each member prints its own ``;``)."""
BLOCK = ListFormat(open="{", close="}", separator="", trailing="never", inner="hard")
"""Class, interface and statement bodies: one member per line."""

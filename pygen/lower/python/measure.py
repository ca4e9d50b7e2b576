"""How long a node is on one line, and its text there: measured once, rendered from memory.

The layout (:func:`._cst.fit`) measures every statement it lays out, and the renderer then
writes the same nodes. So measuring keeps what it learns about a node: its width, and when
the node is one plain line (the compact nodes of :mod:`._cst`: no line breaks, parentheses
or unusual spacing), its text, exactly as :mod:`.render` writes it. The renderer writes such
a node from that text instead of walking it again (:func:`line_text`), and a node shared by
many statements (a cached argument, attribute or annotation) is measured once per run.

A node that is not one plain line (exploded by the layout, say) has no text, and its width is
what the one-line formulas of :data:`_WIDTHS` give, as before there were texts: a text is
only kept when its length is that width, so the layout cannot change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import libcst as cst

__all__ = [
    "clear",
    "items_width",
    "line_text",
    "one_line",
    "param_width",
    "statement_width",
    "width",
    "with_comma",
]

_Entry = tuple[cst.CSTNode, int, str | None]

_MEASURED: dict[int, _Entry] = {}
"""Per node (by id; the node is kept alive, so its id stays its own): the node, its width and
its one-line text (``None`` when it is not one plain line)."""

_LEAVES = frozenset({cst.Name, cst.SimpleString, cst.Integer, cst.Float})
_DEFAULT = cst.MaybeSentinel.DEFAULT
_SPACE = cst.SimpleWhitespace


def clear() -> None:
    """Forget every measured node (the lowering calls this when a build or chunk is done)."""
    _MEASURED.clear()


def width(node: cst.CSTNode) -> int:
    """The length of ``node`` rendered on one line, computed without rendering for the
    compact nodes the lowering builds (rendering to measure would dominate build time)."""
    if type(node) in _LEAVES:  # half of all nodes measured: cheaper than the cache
        return len(node.value)  # type: ignore[attr-defined]
    hit = _MEASURED.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    return _measure(node)[1]


def line_text(node: cst.CSTNode) -> str | None:
    """The text of a measured node that is one plain line, as the renderer writes it;
    ``None`` for any other node (never measured, or not one plain line)."""
    hit = _MEASURED.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[2]
    return None


def with_comma(item: cst.CSTNode, copy: cst.CSTNode) -> None:
    """``copy`` is ``item`` with another comma: an argument's or parameter's text leaves its
    comma out, so a measured one's copy has its text too (the layout's one per line break)."""
    hit = _MEASURED.get(id(item))
    if hit is not None and hit[0] is item and type(item) in _COMMA_LESS:
        _MEASURED[id(copy)] = (copy, hit[1], hit[2])


_COMMA_LESS = frozenset({cst.Arg, cst.Param})


def one_line(node: cst.CSTNode) -> str | None:
    """The text of ``node`` when it is one plain line (measured now if need be); ``None``
    for any other node, and for a kind of node that has no text kept."""
    if type(node) in _TEXTS:
        return _line(node)
    return None


def _measure(node: cst.CSTNode) -> _Entry:
    kind = type(node)
    make = _TEXTS.get(kind)
    text = make(node) if make is not None else None
    if text is not None:
        size = len(text)
    else:
        measure = _WIDTHS.get(kind)
        size = measure(node) if measure is not None else len(_code(node))
    entry = (node, size, text)
    _MEASURED[id(node)] = entry
    return entry


def _code(node: cst.CSTNode) -> str:
    from .render import render_node

    return render_node(node)


def _line(node: Any) -> str | None:
    """The one-line text of ``node`` (measured now if need be), or ``None``."""
    if type(node) in _LEAVES:
        return None if node.lpar else node.value
    hit = _MEASURED.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[2]
    return _measure(node)[2]


def _flat(space: Any) -> bool:
    """Whether ``space`` is no whitespace at all."""
    return type(space) is _SPACE and not space.value


def _spaced(token: Any) -> bool:
    """Whether a token (``,`` ``=`` ``|`` ...) has ``before`` and ``after`` as its spacing:
    the spacing the one-line formulas count."""
    return (
        type(token.whitespace_before) is _SPACE
        and type(token.whitespace_after) is _SPACE
        and not token.whitespace_before.value
        and token.whitespace_after.value == " "
    )


def _bare(token: Any) -> bool:
    return (
        type(token.whitespace_before) is _SPACE
        and type(token.whitespace_after) is _SPACE
        and not token.whitespace_before.value
        and not token.whitespace_after.value
    )


def _around(token: Any) -> bool:
    return (
        type(token.whitespace_before) is _SPACE
        and type(token.whitespace_after) is _SPACE
        and token.whitespace_before.value == " "
        and token.whitespace_after.value == " "
    )


def _items(items: Sequence[Any], text: Callable[[Any], str | None]) -> str | None:
    """``a, b, c``: the items' texts, each followed by its comma but the last, which has none
    (the renderer writes ``, `` for a default comma between items)."""
    if not items:
        return ""
    if items[-1].comma is not _DEFAULT:
        return None
    parts = []
    for item in items:
        comma = item.comma
        if comma is not _DEFAULT and not _spaced(comma):
            return None
        part = text(item)
        if part is None:
            return None
        parts.append(part)
    return ", ".join(parts)


def _attribute_text(node: cst.Attribute) -> str | None:
    if node.lpar or node.rpar or not _bare(node.dot) or node.attr.lpar:
        return None
    value = _line(node.value)
    return None if value is None else value + "." + node.attr.value


def _arg_text(node: cst.Arg) -> str | None:
    """An argument without its comma (the call writes commas)."""
    if not _flat(node.whitespace_after_star) or not _flat(node.whitespace_after_arg):
        return None
    value = _line(node.value)
    if value is None:
        return None
    keyword = node.keyword
    if keyword is None:
        return node.star + value if node.equal is _DEFAULT else None
    if keyword.lpar or node.equal is _DEFAULT or not _bare(node.equal):
        return None
    return node.star + keyword.value + "=" + value


def _call_text(node: cst.Call) -> str | None:
    if (
        node.lpar
        or node.rpar
        or not _flat(node.whitespace_after_func)
        or not _flat(node.whitespace_before_args)
    ):
        return None
    func = _line(node.func)
    if func is None:
        return None
    args = _items(node.args, _line)
    return None if args is None else func + "(" + args + ")"


def _element_text(element: cst.SubscriptElement) -> str | None:
    index = element.slice
    if type(index) is not cst.Index or index.star is not None:
        return None
    return _line(index.value)


def _subscript_text(node: cst.Subscript) -> str | None:
    if (
        node.lpar
        or node.rpar
        or not _flat(node.whitespace_after_value)
        or not _flat(node.lbracket.whitespace_after)
        or not _flat(node.rbracket.whitespace_before)
    ):
        return None
    value = _line(node.value)
    if value is None:
        return None
    items = _items(node.slice, _element_text)
    return None if items is None else value + "[" + items + "]"


_OPERATOR_TEXT: dict[type[Any], str] = {cst.BitOr: " | ", cst.Or: " or "}


def _operation_text(node: cst.BinaryOperation | cst.BooleanOperation) -> str | None:
    operator = _OPERATOR_TEXT.get(type(node.operator))
    if operator is None or node.lpar or node.rpar or not _around(node.operator):
        return None
    left = _line(node.left)
    if left is None:
        return None
    right = _line(node.right)
    return None if right is None else left + operator + right


def _annotation_text(node: cst.Annotation) -> str | None:
    """``: annotation`` after a name."""
    if node.whitespace_before_indicator is not _DEFAULT:
        return None
    after = node.whitespace_after_indicator
    if type(after) is not _SPACE or after.value != " ":
        return None
    value = _line(node.annotation)
    return None if value is None else ": " + value


def _ann_assign_text(node: cst.AnnAssign) -> str | None:
    target = _line(node.target)
    if target is None:
        return None
    annotation = _annotation_text(node.annotation)
    if annotation is None:
        return None
    if node.value is None:
        return target + annotation if node.equal is _DEFAULT else None
    if node.equal is not _DEFAULT and not _around(node.equal):
        return None
    value = _line(node.value)
    return None if value is None else target + annotation + " = " + value


def _assign_text(node: cst.Assign) -> str | None:
    parts = []
    for target in node.targets:
        before, after = target.whitespace_before_equal, target.whitespace_after_equal
        if type(before) is not _SPACE or before.value != " " or type(after) is not _SPACE:
            return None
        if after.value != " ":
            return None
        text = _line(target.target)
        if text is None:
            return None
        parts.append(text + " = ")
    value = _line(node.value)
    return None if value is None else "".join(parts) + value


def _return_text(node: cst.Return) -> str | None:
    if node.whitespace_after_return is not _DEFAULT:
        return None
    if node.value is None:
        return "return"
    value = _line(node.value)
    return None if value is None else "return " + value


def _param_text(node: cst.Param) -> str | None:
    """A parameter without its star and comma (the parameters write those)."""
    if node.name.lpar or not _flat(node.whitespace_after_star):
        return None
    if not _flat(node.whitespace_after_param):
        return None
    text = node.name.value
    if node.annotation is not None:
        annotation = _annotation_text(node.annotation)
        if annotation is None:
            return None
        text += annotation
    if node.default is None:
        return text if node.equal is _DEFAULT else None
    default = _line(node.default)
    if default is None:
        return None
    if node.annotation is not None:  # ``name: annotation = default``
        if node.equal is not _DEFAULT and not _around(node.equal):
            return None
        return text + " = " + default
    if node.equal is _DEFAULT or not _bare(node.equal):  # ``name=default``
        return None
    return text + "=" + default


def _expr_text(node: cst.Expr) -> str | None:
    return _line(node.value)


_TEXTS: dict[type[cst.CSTNode], Callable[[Any], str | None]] = {
    cst.AnnAssign: _ann_assign_text,
    cst.Assign: _assign_text,
    cst.Return: _return_text,
    cst.Expr: _expr_text,
    cst.Param: _param_text,
    cst.Attribute: _attribute_text,
    cst.Arg: _arg_text,
    cst.Call: _call_text,
    cst.Subscript: _subscript_text,
    cst.BinaryOperation: _operation_text,
    cst.BooleanOperation: _operation_text,
}
"""The one-line text of each kind of node the renderer can write from memory: always what
:mod:`.render` writes for the node (a statement without its ``;``), and its length what
:data:`_WIDTHS` gives; ``None`` when the node is anything but one plain line."""


def _subscript_element_width(node: cst.SubscriptElement) -> int:
    return width(node.slice.value) if isinstance(node.slice, cst.Index) else len(_code(node))


def _arg_width(node: cst.Arg) -> int:
    keyword = len(node.keyword.value) + 1 if node.keyword is not None else 0
    return width(node.value) + len(node.star) + keyword


def _sequence_width(node: cst.List | cst.Tuple) -> int:
    extra = 1 if isinstance(node, cst.Tuple) and len(node.elements) == 1 else 0
    return 2 + items_width(node.elements) + extra


def statement_width(small: cst.BaseSmallStatement) -> int:
    """The width of a simple statement on one line."""
    return width(small)


def param_width(node: cst.Param) -> int:
    """The width of a parameter on one line, with its star if it has one."""
    return (len(node.star) if isinstance(node.star, str) else 0) + width(node)


def _param_width(node: cst.Param) -> int:
    """The width of a parameter without its star (see :func:`param_width`)."""
    total = len(node.name.value)
    if node.annotation is not None:
        total += 2 + width(node.annotation.annotation)
    if node.default is not None:
        total += (3 if node.annotation is not None else 1) + width(node.default)
    return total


def _ann_assign_width(small: cst.AnnAssign) -> int:
    value = 3 + width(small.value) if small.value is not None else 0
    return width(small.target) + 2 + width(small.annotation.annotation) + value


def _import_or_code_width(small: cst.ImportFrom) -> int:
    if isinstance(small.names, Sequence):
        return _import_width(small)
    return len(_code(small))


_OPERATORS = {cst.BitOr: 3, cst.Or: 4, cst.And: 5, cst.Add: 3}

_WIDTHS: dict[type[cst.CSTNode], Callable[[Any], int]] = {
    cst.Name: lambda n: len(n.value),
    cst.SimpleString: lambda n: len(n.value),
    cst.Integer: lambda n: len(n.value),
    cst.Float: lambda n: len(n.value),
    cst.Attribute: lambda n: width(n.value) + 1 + len(n.attr.value),
    cst.Call: lambda n: width(n.func) + 2 + items_width(n.args),
    cst.Arg: _arg_width,
    cst.Subscript: lambda n: width(n.value) + 2 + items_width(n.slice),
    cst.SubscriptElement: _subscript_element_width,
    cst.BinaryOperation: lambda n: width(n.left) + _OPERATORS[type(n.operator)] + width(n.right),
    cst.BooleanOperation: lambda n: width(n.left) + _OPERATORS[type(n.operator)] + width(n.right),
    cst.UnaryOperation: lambda n: 1 + width(n.expression),
    cst.List: _sequence_width,
    cst.Tuple: _sequence_width,
    cst.Dict: lambda n: 2 + items_width(n.elements),
    cst.Element: lambda n: width(n.value),
    cst.DictElement: lambda n: width(n.key) + 2 + width(n.value),
    cst.AnnAssign: _ann_assign_width,
    cst.Assign: lambda n: sum(width(t.target) + 3 for t in n.targets) + width(n.value),
    cst.Return: lambda n: 7 + width(n.value) if n.value is not None else 6,
    cst.Expr: lambda n: width(n.value),
    cst.ImportFrom: _import_or_code_width,
    cst.Param: _param_width,
}
"""The one-line width of each kind of node, for the nodes that have no text."""


def items_width(items: Sequence[cst.CSTNode]) -> int:
    return sum(map(width, items)) + 2 * max(len(items) - 1, 0)


def _import_width(small: cst.ImportFrom) -> int:
    """``from .module import a, b as c`` on one line (as :func:`._cst.import_from` makes it)."""
    assert isinstance(small.names, Sequence)
    names = [
        width(alias.name) + (4 + len(alias.asname.name.value) if alias.asname else 0)  # type: ignore[union-attr]
        for alias in small.names
    ]
    module = width(small.module) if small.module is not None else 0
    return 5 + len(small.relative) + module + 8 + sum(names) + 2 * max(len(names) - 1, 0)

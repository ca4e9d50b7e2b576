"""The only module that calls libcst constructors: small helpers, one per construct.

The lowering builds compact nodes with these helpers and leaves line breaking to
:func:`fit`, which lays a statement out the way black would keep it: on one line when it fits,
otherwise the trailing bracket exploded one item per line with a magic trailing comma,
recursively. So generated code needs no formatter, and ``black --check`` passes on it.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import MISSING, dataclass, fields
from functools import _lru_cache_wrapper, lru_cache
from typing import Any, TypeVar

import libcst as cst

from pygen._text import escape_unprintable

from . import measure
from .guard import check_comment, check_docstring, check_name, check_string
from .measure import items_width, param_width, width
from .measure import statement_width as _statement_width

__all__ = [
    "INDENT",
    "Layout",
    "ann_assign",
    "arg",
    "assign",
    "attr",
    "binary_or",
    "blank_before",
    "blank_lines",
    "call",
    "class_def",
    "comment_lines",
    "dict_",
    "docstring",
    "expr_stmt",
    "fit",
    "function_def",
    "import_from",
    "int_",
    "list_",
    "module",
    "name",
    "param",
    "return_",
    "string",
    "subscript",
    "tuple_",
    "unevaluated",
]

INDENT = "    "
N = TypeVar("N", bound=cst.CSTNode)


@dataclass(frozen=True, slots=True)
class Layout:
    """Line length and the indentation (in columns) of the block a statement is in."""

    width: int = 88
    indent: int = 0

    def nested(self) -> Layout:
        """The layout of a block one level deeper."""
        return Layout(self.width, self.indent + len(INDENT))


def code(node: cst.CSTNode) -> str:
    """Render one node to source text (the fast renderer; libcst's for other nodes): an
    expression on one line is measured, and its text kept (:mod:`.measure`)."""
    text = measure.one_line(node)
    if text is not None:
        return text
    from .render import render_node

    return render_node(node)


def clear_width_cache() -> None:
    """Forget measured widths and texts (the lowering calls this when a build is done)."""
    measure.clear()


def clear_caches() -> None:
    """Forget measured widths and every cached node (names, attributes, strings ...): the
    caches hold tens of MB of nodes at 1,000 views. The chunked renderer calls this after each
    chunk, so its memory does not grow with the model (filling them again costs nothing
    measurable: ``benchmarks/bench_generate_memory.py``)."""
    measure.clear()
    for value in list(globals().values()):
        if isinstance(value, _lru_cache_wrapper):
            value.cache_clear()


# -- expressions --------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 14)
def name(value: str) -> cst.Name:
    """An identifier (not a keyword: see :func:`.guard.check_name`)."""
    check_name(value)
    return _new_name(value)


@lru_cache(maxsize=1 << 14)
def attribute(value: cst.BaseExpression, attr_: str) -> cst.Attribute:
    """``value.attr_`` (one shared node per value and name, like :func:`name`)."""
    return _new_attribute(value, name(attr_))


@lru_cache(maxsize=1 << 12)
def attr(dotted: str) -> cst.Name | cst.Attribute:
    """``a.b.c`` as nested attribute nodes (one shared node per text)."""
    first, *rest = dotted.split(".")
    node: cst.Name | cst.Attribute = name(first)
    for part in rest:
        node = _new_attribute(node, name(part))
    return node


@lru_cache(maxsize=1 << 14)
def string(value: str) -> cst.SimpleString:
    """A string literal whose value is exactly ``value``, quoted as black would leave it
    (double quotes unless single quotes need fewer escapes). Backslashes, the quote, and every
    unprintable character (controls, bidi overrides, lone surrogates ...) are escaped: see
    :mod:`pygen._text`."""
    quote = "'" if value.count('"') > value.count("'") else '"'
    if value.isprintable() and "\\" not in value and quote not in value:
        token = f"{quote}{value}{quote}"
    else:
        token = f"{quote}{''.join(_literal_char(char, quote) for char in value)}{quote}"
    check_string(token, value)
    return _new_string(token)


_NAMED_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _literal_char(char: str, quote: str) -> str:
    if char == quote:
        return "\\" + char
    named = _NAMED_ESCAPES.get(char)
    if named is not None:
        return named
    return char if char.isprintable() else escape_unprintable(char)


def float_(value: float) -> cst.Float | cst.Call:
    """A float literal (``repr`` keeps it exact); ``float("inf")`` and the like for the
    values that have no literal."""
    if not math.isfinite(value):
        return call("float", string(repr(value)))
    return _make(cst.Float, value=repr(value))


def either(left: cst.BaseExpression, right: cst.BaseExpression) -> cst.BooleanOperation:
    """``left or right``."""
    return _make(cst.BooleanOperation, left=left, operator=_OR, right=right)


def double_star(value: cst.BaseExpression) -> cst.Arg:
    """``**value`` in a call."""
    return cst.Arg(value=value, star="**")


def int_(value: int) -> cst.Integer | cst.UnaryOperation:
    """An integer literal."""
    if value < 0:
        return _make(cst.UnaryOperation, operator=_MINUS, expression=int_(-value))
    return _make(cst.Integer, value=str(value))


_OR = cst.Or()
_MINUS = cst.Minus()


@lru_cache(maxsize=1 << 14)
def arg(value: cst.BaseExpression, keyword: str | None = None) -> cst.Arg:
    """A call argument, positional or ``keyword=value``. Nodes are immutable and compared by
    identity, so one node serves every use of the same value (as for :func:`name`)."""
    if keyword is None:
        return _new_arg(value)
    return _new_keyword_arg(value, name(keyword), _KEYWORD_EQUAL)


_KEYWORD_EQUAL = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)


def call(
    func: str | cst.BaseExpression,
    *args: cst.BaseExpression | cst.Arg,
    **kwargs: cst.BaseExpression,
) -> cst.Call:
    """``func(args..., key=value...)`` on one line (see :func:`fit` for breaking); one shared
    node per function and arguments, as for :func:`arg`."""
    target = attr(func) if isinstance(func, str) else func
    items = [a if type(a) is cst.Arg else arg(a) for a in args]  # type() is 4x isinstance()
    if kwargs:
        items.extend([arg(value, key) for key, value in kwargs.items()])
    return _call(target, tuple(items))


@lru_cache(maxsize=1 << 14)
def _call(target: cst.BaseExpression, items: tuple[cst.Arg, ...]) -> cst.Call:
    return _new_call(target, items)


def subscript(value: str | cst.BaseExpression, *items: cst.BaseExpression) -> cst.Subscript:
    """``value[a, b]`` (one shared node per value and items)."""
    return _subscript(attr(value) if isinstance(value, str) else value, items)


@lru_cache(maxsize=1 << 14)
def _subscript(base: cst.BaseExpression, items: tuple[cst.BaseExpression, ...]) -> cst.Subscript:
    elements = tuple([_subscript_element(item) for item in items])
    return _new_subscript(base, elements)


@lru_cache(maxsize=1 << 14)
def _subscript_element(item: cst.BaseExpression) -> cst.SubscriptElement:
    return _new_subscript_element(_new_index(item))


def binary_or(items: Sequence[cst.BaseExpression]) -> cst.BaseExpression:
    """``a | b | c`` (a union type)."""
    if not items:
        raise ValueError("a union needs at least one member")
    node = items[0]
    for item in items[1:]:
        node = _or(node, item)
    return node


@lru_cache(maxsize=1 << 14)
def _or(left: cst.BaseExpression, right: cst.BaseExpression) -> cst.BinaryOperation:
    return _new_operation(left, _BIT_OR, right)


_BIT_OR = cst.BitOr()


@lru_cache(maxsize=1 << 14)
def _annotation(value: cst.BaseExpression) -> cst.Annotation:
    """The ``: value`` of a parameter or an annotated assignment."""
    return _new_annotation(value)


def tuple_(items: Sequence[cst.BaseExpression]) -> cst.Tuple:
    """``(a, b)``; a one-element tuple gets its comma."""
    elements = [_new_element(item) for item in items]
    if len(elements) == 1:
        elements = [_replace(elements[0], comma=_BARE_COMMA)]
    return _make(cst.Tuple, elements=elements)


def list_(items: Sequence[cst.BaseExpression]) -> cst.List:
    """``[a, b]``."""
    return _make(cst.List, elements=[_new_element(item) for item in items])


def dict_(items: Sequence[tuple[cst.BaseExpression, cst.BaseExpression]]) -> cst.Dict:
    """``{key: value, ...}``."""
    return _make(cst.Dict, elements=[_new_dict_element(k, v) for k, v in items])


def _replace(node: N, **changes: Any) -> N:
    """``node.with_changes(...)`` for the layout's own changes (commas, whitespace), without
    libcst's re-validation: ~3x cheaper, and these changes cannot make a node invalid."""
    cls = type(node)
    read, setters, index = _COPIERS.get(cls) or _copier(cls)
    values = list(read(node))
    for field, value in changes.items():
        values[index[field]] = value
    new = object.__new__(cls)
    for set_, value in zip(setters, values, strict=True):
        set_(new, value)
    return new


_Copier = tuple[
    Callable[[Any], tuple[Any, ...]], tuple[Callable[[Any, Any], None], ...], dict[str, int]
]

_COPIERS: dict[type, _Copier] = {}
"""Per node class, what :func:`_replace` needs: a reader of every field at once, in field
order (``operator.attrgetter``, in C), the fields' slot setters, and each field's position."""


def _copier(cls: type) -> _Copier:
    entries = _FIELDS.get(cls) or _fields(cls)
    names = [field for _, field, _ in entries]
    get = operator.attrgetter(*names)
    read = get if len(names) > 1 else lambda node: (get(node),)
    setters = tuple(set_ for set_, _, _ in entries)
    _COPIERS[cls] = found = (read, setters, {field: i for i, field in enumerate(names)})
    return found


def _make(cls: type[N], **values: Any) -> N:
    """``cls(**values)`` without libcst's validation, for the nodes these helpers build in
    bulk (calls, arguments, attributes, subscripts, annotations, simple statements). Their
    parts are checked where they are made (``name`` refuses a non-identifier), and the golden
    and renderer tests compare the result with libcst's own rendering."""
    node = object.__new__(cls)
    for set_, field, default in _FIELDS.get(cls) or _fields(cls):
        set_(node, values.get(field, default))
    return node


_Field = tuple[Callable[[Any, Any], None], str, Any]

_FIELDS: dict[type, tuple[_Field, ...]] = {}
"""Per node class, each field's slot setter (setting through the slot skips the frozen
``__setattr__``), name and default. The bound methods are looked up once: looking them up per
node was a quarter of the cost of making one (a million nodes at 1,000 views)."""


def _fields(cls: type) -> tuple[_Field, ...]:
    """The entry of ``cls`` in :data:`_FIELDS`; default factories are called once (nodes are
    immutable)."""
    out = []
    for f in fields(cls):
        if f.default is not MISSING:
            default = f.default
        elif f.default_factory is not MISSING:
            default = f.default_factory()
        else:
            default = None  # required: always given by the caller
        slot = getattr(cls, f.name)
        out.append((slot.__set__, f.name, default))
    _FIELDS[cls] = found = tuple(out)
    return found


def _maker(cls: type[N], *given: str) -> Callable[..., N]:
    """A maker of ``cls`` nodes from the values of the fields ``given``, in that order: what
    :func:`_make` does, a fifth to a quarter cheaper (no keyword dict, no lookup per field), for
    the kinds of node made most."""
    entries = _FIELDS.get(cls) or _fields(cls)
    setters = {field: set_ for set_, field, _ in entries}
    fill = tuple(setters[field] for field in given)
    defaults = tuple((set_, value) for set_, field, value in entries if field not in given)
    new = object.__new__
    # one maker per number of given fields, each field set by name: a loop over ``zip`` of
    # the setters and a ``*values`` tuple made a node ~40 % slower (600k nodes at 1,000 views)
    if len(fill) == 1:
        (set_a,) = fill

        def make_1(a: Any) -> N:
            node = new(cls)
            set_a(node, a)
            for set_, value in defaults:
                set_(node, value)
            return node

        return make_1
    if len(fill) == 2:
        set_a, set_b = fill

        def make_2(a: Any, b: Any) -> N:
            node = new(cls)
            set_a(node, a)
            set_b(node, b)
            for set_, value in defaults:
                set_(node, value)
            return node

        return make_2

    def make(*values: Any) -> N:
        node = new(cls)
        for set_, value in zip(fill, values, strict=True):
            set_(node, value)
        for set_, value in defaults:
            set_(node, value)
        return node

    return make


_new_name = _maker(cst.Name, "value")
_new_string = _maker(cst.SimpleString, "value")
_new_attribute = _maker(cst.Attribute, "value", "attr")
_new_arg = _maker(cst.Arg, "value")
_new_keyword_arg = _maker(cst.Arg, "value", "keyword", "equal")
_new_call = _maker(cst.Call, "func", "args")
_new_index = _maker(cst.Index, "value")
_new_subscript_element = _maker(cst.SubscriptElement, "slice")
_new_subscript = _maker(cst.Subscript, "value", "slice")
_new_operation = _maker(cst.BinaryOperation, "left", "operator", "right")
_new_annotation = _maker(cst.Annotation, "annotation")
_new_element = _maker(cst.Element, "value")
_new_line = _maker(cst.SimpleStatementLine, "body")
_new_expr = _maker(cst.Expr, "value")
_new_return = _maker(cst.Return, "value")
_new_ann_assign = _maker(cst.AnnAssign, "target", "annotation", "value", "equal")
_new_assign = _maker(cst.Assign, "targets", "value")
_new_assign_target = _maker(cst.AssignTarget, "target")
_new_block = _maker(cst.IndentedBlock, "body")
_new_alias = _maker(cst.ImportAlias, "name")
_new_param = _maker(cst.Param, "name", "annotation", "default", "equal")
_new_parameters = _maker(cst.Parameters, "params", "star_arg", "kwonly_params", "star_kwarg")
_new_function = _maker(cst.FunctionDef, "name", "params", "body", "returns", "decorators")
_new_dict_element = _maker(cst.DictElement, "key", "value")


_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
_BARE_COMMA = cst.Comma()
_PARAM_STAR = cst.ParamStar()
_EQUAL = cst.AssignEqual()


@lru_cache(maxsize=1 << 15)
def _with_comma(item: N, comma: Any = _COMMA) -> N:
    """``item`` followed by ``comma``, made once per (item, comma): both are shared nodes."""
    copy = _replace(item, comma=comma)
    measure.with_comma(item, copy)
    return copy


# -- statements ---------------------------------------------------------------------------------


def _line(small: cst.BaseSmallStatement) -> cst.SimpleStatementLine:
    return _new_line([small])


def ellipsis() -> cst.Ellipsis:
    """``...`` (the body of an ``@overload``)."""
    return _make(cst.Ellipsis)


def expr_stmt(value: cst.BaseExpression) -> cst.SimpleStatementLine:
    """An expression on its own line."""
    return _line(_new_expr(value))


def assign(target: str, value: cst.BaseExpression) -> cst.SimpleStatementLine:
    """``target = value``."""
    return _line(_assign(target, value))


@lru_cache(maxsize=1 << 12)
def _assign(target: str, value: cst.BaseExpression) -> cst.Assign:
    """One shared statement per target and value (measured once)."""
    return _new_assign([_assign_target(target)], value)


@lru_cache(maxsize=1 << 12)
def _assign_target(target: str) -> cst.AssignTarget:
    return _new_assign_target(attr(target))


def assign_names(targets: Sequence[str], value: cst.BaseExpression) -> cst.SimpleStatementLine:
    """``a, b = value`` (unpacking into names)."""
    target = _make(
        cst.Tuple,
        elements=[_make(cst.Element, value=name(t)) for t in targets],
        lpar=[],
        rpar=[],
    )
    return _line(_make(cst.Assign, targets=[_make(cst.AssignTarget, target=target)], value=value))


def ann_assign(
    target: str, annotation: cst.BaseExpression, value: cst.BaseExpression | None = None
) -> cst.SimpleStatementLine:
    """``target: annotation`` or ``target: annotation = value``."""
    return _line(_ann_assign(target, annotation, value))


@lru_cache(maxsize=1 << 14)
def _ann_assign(
    target: str, annotation: cst.BaseExpression, value: cst.BaseExpression | None
) -> cst.AnnAssign:
    """One shared statement per target, annotation and value (measured once: the same field
    recurs in the write and read classes of many views)."""
    equal = _EQUAL if value is not None else cst.MaybeSentinel.DEFAULT
    return _new_ann_assign(name(target), _annotation(annotation), value, equal)


def return_(value: cst.BaseExpression) -> cst.SimpleStatementLine:
    """``return value``."""
    return _line(_new_return(value))


@lru_cache(maxsize=1 << 14)
def docstring(text: str, layout: Layout) -> cst.SimpleStatementLine:
    """A docstring, laid out as black keeps it: one line when it fits, otherwise the lines
    indented to the block and the closing quotes on their own line. Lines longer than the line
    length are wrapped at spaces; an ``name: description`` item under ``Args:`` or
    ``Attributes:`` continues with a hanging indent.

    Model text enters a docstring here and only here, so this is where it is made safe:
    newlines and tabs stay; backslashes are doubled (``\\N{`` or a trailing backslash stay
    text); a quote next to another quote, or first in the docstring, is escaped, and one
    last is followed by a space as black does (so no run of three quotes can close it
    early); an unprintable character is shown as its escape (:mod:`pygen._text`): the
    docstring reads ``\\x00``, and never holds the character itself (a lone surrogate in a
    class docstring would fail the import). Text with nothing left to show gives a
    docstring of one space, as black writes an empty docstring."""
    lines = _doc_lines(text)
    if not lines:
        return expr_stmt(_new_string('""" """'))  # black's empty docstring
    pad_end = lines[-1].endswith('"')  # black pads a one-line docstring ending in a quote
    single = len(lines) == 1 and layout.indent + 6 + len(lines[0]) + pad_end <= layout.width
    if not single:
        lines = _wrap_lines(lines, layout.width - layout.indent)
    pad = " " * layout.indent
    if len(lines) == 1:
        body = f'"""{lines[0]}{" " if pad_end else ""}"""'
    else:
        rest = "".join(f"\n{pad}{line}" if line else "\n" for line in lines[1:])
        body = f'"""{lines[0]}{rest}\n{pad}"""'
    check_docstring(body)
    return expr_stmt(_new_string(body))


def _doc_lines(text: str) -> list[str]:
    """The lines of a docstring's text, escaped (see :func:`docstring`), without trailing
    spaces or leading and trailing blank lines; leading tabs expanded as black does."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\\" not in text and '""' not in text and "\t" not in text and _shown(text):
        lines = [line.rstrip() for line in text.split("\n")]  # nothing to escape or expand
    else:
        lines = [_doc_escape(line) for line in text.split("\n")]
        lines = [_expand_leading_tabs(line).rstrip() for line in lines]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    if not lines:
        return lines
    lines[0] = lines[0].lstrip()
    if lines[0].startswith('"'):
        lines[0] = "\\" + lines[0]
    return lines


def _shown(text: str) -> bool:
    """Whether every character of ``text`` but its line breaks shows itself."""
    return text.isprintable() or text.replace("\n", "").isprintable()


def _doc_escape(line: str) -> str:
    if line.isprintable() and "\\" not in line and '""' not in line:
        return line  # the common case
    out = []
    last = len(line) - 1
    for index, char in enumerate(line):
        if char == "\\":
            out.append("\\\\")
        elif char == '"' and index < last and line[index + 1] == '"':
            out.append('\\"')
        elif char == "\t" or char.isprintable():
            out.append(char)
        else:  # shown, not kept: the docstring reads ``\x00``, never holds the character
            out.append("\\" + escape_unprintable(char))
    return "".join(out)


def _expand_leading_tabs(line: str) -> str:
    if "\t" not in line:
        return line
    stripped = line.lstrip()
    if not stripped or stripped == line:
        return line
    return line[: len(line) - len(stripped)].expandtabs() + stripped


def _wrap_lines(lines: list[str], width: int) -> list[str]:
    """Wrap lines longer than ``width``. The first leaves room for the opening quotes, and
    for both quotes when it is the only line: black would join a one-line text and closing
    quotes on their own line back into one long line."""
    out: list[str] = []
    for index, line in enumerate(lines):
        room = width if index else width - (6 if len(lines) == 1 else 3)
        if len(line) <= room:
            out.append(line)
            continue
        out.extend(_wrap_line(line, room))
    return out


@lru_cache(maxsize=1 << 12)
def _wrap_line(line: str, room: int) -> tuple[str, ...]:
    """One long docstring line wrapped (many recur: the same property in many views), an
    ``name: description`` item with a hanging indent."""
    lead = len(line) - len(line.lstrip())
    hang = lead + 4 if lead and ": " in line else lead
    return tuple(wrap(line.strip(), room, " " * lead, " " * hang))


_WHITESPACE = "\t\n\x0b\x0c\r "
_CHUNKS = re.compile(f"[{_WHITESPACE}]+|[^{_WHITESPACE}]+")


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """``textwrap.wrap(text, width, ...)`` with ``break_long_words``, ``break_on_hyphens``,
    ``expand_tabs`` and ``replace_whitespace`` off, to the character (a test compares them):
    words (runs of ``textwrap``'s whitespace and of the rest) fill each line greedily, a word
    longer than a line gets one of its own, whitespace at a line's ends is dropped (but for
    the text's start). Twice as fast as ``textwrap``'s general machinery, which wrapped the
    long lines of every view's API docstrings."""
    if width <= 0:
        raise ValueError(f"invalid width {width!r} (must be > 0)")
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return _wrap_words(text.split(" "), width, initial_indent, subsequent_indent)
    chunks = _CHUNKS.findall(text)
    lines: list[str] = []
    index, count = 0, len(chunks)
    while index < count:
        indent = subsequent_indent if lines else initial_indent
        room = width - len(indent)
        if lines and not chunks[index].strip():
            index += 1
        start, length = index, 0
        while index < count and length + len(chunks[index]) <= room:
            length += len(chunks[index])
            index += 1
        if index == start and index < count and len(chunks[index]) > room:
            index += 1
        line = chunks[start:index]
        if line and not line[-1].strip():
            line.pop()
        if line:
            lines.append(indent + "".join(line))
    return lines


def _wrap_words(words: list[str], width: int, first: str, rest: str) -> list[str]:
    """:func:`wrap` of a text whose only whitespace is single spaces between words (docstring
    text nearly always): a word joins the line when it fits after a space, else starts the
    next line; a word longer than a line has one of its own."""
    lines: list[str] = []
    indent, room = first, width - len(first)
    line: list[str] = []
    length = 0
    for word in words:
        if not line:
            line, length = [word], len(word)
        elif length + 1 + len(word) <= room:
            line.append(word)
            length += 1 + len(word)
        else:
            lines.append(indent + " ".join(line))
            indent, room = rest, width - len(rest)
            line, length = [word], len(word)
    if line and line != [""]:
        lines.append(indent + " ".join(line))
    return lines


def blank_lines(count: int = 1) -> list[cst.EmptyLine]:
    """Empty lines to put before a statement (no trailing indentation)."""
    return [_BLANK] * count


_BLANK = cst.EmptyLine(indent=False)
"""One empty line: nodes are immutable, so every blank line is this one."""

S = TypeVar("S", bound=cst.BaseStatement)
B = TypeVar("B", bound=cst.CSTNode)


def blank_before(statement: S, count: int = 1) -> S:
    """``statement`` with ``count`` blank lines before it (replacing those it had)."""
    return _replace(statement, leading_lines=[_BLANK] * count)


def comment_lines(texts: Iterable[str]) -> list[cst.EmptyLine]:
    """``# text`` lines (for a module header). A line break or other unprintable character in
    the text is escaped (:mod:`pygen._text`): a comment cannot end early."""
    comments = [f"# {escape_unprintable(text)}" if text else "#" for text in texts]
    for comment in comments:
        check_comment(comment)
    return [cst.EmptyLine(comment=cst.Comment(comment)) for comment in comments]


def import_from(
    module_name: str, names: Sequence[str | tuple[str, str]], relative: int = 0
) -> cst.SimpleStatementLine:
    """``from module import a, b as c`` (names as given; sort them first)."""
    aliases = [
        _new_alias(attr(item))
        if isinstance(item, str)
        else _make(cst.ImportAlias, name=attr(item[0]), asname=_as_name(item[1]))
        for item in names
    ]
    module_node = attr(module_name) if module_name else None
    return _line(
        _make(
            cst.ImportFrom,
            module=module_node,
            names=aliases,
            relative=[_DOT] * relative,
        )
    )


_DOT = cst.Dot()


def _as_name(value: str) -> cst.AsName:
    return _make(cst.AsName, name=name(value))


@lru_cache(maxsize=1 << 14)
def param(
    name_: str,
    annotation: cst.BaseExpression | None = None,
    default: cst.BaseExpression | None = None,
) -> cst.Param:
    """A function parameter ``name: annotation = default``."""
    return _new_param(
        name(name_),
        _annotation(annotation) if annotation is not None else None,
        default,
        _EQUAL if default is not None else cst.MaybeSentinel.DEFAULT,
    )


def function_def(
    name_: str,
    params: Sequence[cst.Param],
    body: Sequence[cst.BaseStatement],
    *,
    returns: cst.BaseExpression | None = None,
    kwonly: Sequence[cst.Param] = (),
    star_kwarg: cst.Param | None = None,
    decorators: Sequence[str] = (),
    layout: Layout,
    evaluated: bool = True,
) -> cst.FunctionDef:
    """``def name(params, *, kwonly, **star_kwarg) -> returns:`` with ``body``, laid out by
    :func:`fit`. An empty ``body`` is a stub, ``...`` after the colon (an ``@overload``,
    as black lays it out).

    In a module that evaluates its annotations (``evaluated``, no ``from __future__ import
    annotations``) an annotation that subscripts a generic is written as a string
    (:func:`unevaluated`)."""
    if evaluated:
        params = [_unevaluated_param(p) for p in params]
        kwonly = [_unevaluated_param(p) for p in kwonly]
        star_kwarg = _unevaluated_param(star_kwarg) if star_kwarg is not None else None
        returns = unevaluated(returns) if returns is not None else None
    suite: cst.BaseSuite = (
        _new_block(list(body))
        if body
        else _make(cst.SimpleStatementSuite, body=[_make(cst.Expr, value=ellipsis())])
    )
    node = _new_function(
        name(name_),
        _new_parameters(
            list(params),
            _PARAM_STAR if kwonly else cst.MaybeSentinel.DEFAULT,
            list(kwonly),
            star_kwarg,
        ),
        suite,
        _annotation(returns) if returns is not None else None,
        [_make(cst.Decorator, decorator=attr(d)) for d in decorators],
    )
    return _fit_def(node, layout)


@lru_cache(maxsize=1 << 14)
def unevaluated(annotation: cst.BaseExpression) -> cst.BaseExpression:
    """A function annotation as a string when evaluating it builds a generic alias
    (``SortBy[...]``, ``Unpack[...]``, ``Iterator[...]``, a query class's parameters).

    Nothing reads these annotations at run time, but a module without ``from __future__ import
    annotations`` evaluates them when the function is defined, and typing's alias cache (a
    lookup hashing every argument, a ``Literal`` of sort fields value by value) made creating
    the API and query classes of a 1,000-view SDK cost ~0.3 s of CPU. An annotation holding
    a string (``Literal["AND", "OR"]``, a forward reference) is left as it is."""
    text = _generic_text(annotation)
    return string(text) if text is not None and "[" in text else annotation


def _generic_text(node: cst.BaseExpression) -> str | None:
    """The source text of an annotation built of names, attributes, ``|`` and subscripts only,
    as :func:`code` renders it (measured without rendering: this runs for every parameter);
    ``None`` for anything else (a string or other literal)."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _generic_text(node.value)
        return None if base is None else base + "." + node.attr.value
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        left, right = _generic_text(node.left), _generic_text(node.right)
        return None if left is None or right is None else left + " | " + right
    if isinstance(node, cst.Subscript):
        base = _generic_text(node.value)
        items = [
            _generic_text(element.slice.value) if isinstance(element.slice, cst.Index) else None
            for element in node.slice
        ]
        texts = [item for item in items if item is not None]
        if base is None or len(texts) != len(items):
            return None
        return base + "[" + ", ".join(texts) + "]"
    return None


@lru_cache(maxsize=1 << 14)
def _unevaluated_param(node: cst.Param) -> cst.Param:
    if node.annotation is None:
        return node
    value = unevaluated(node.annotation.annotation)
    if value is node.annotation.annotation:
        return node
    return _replace(node, annotation=_annotation(value))


def class_def(
    name_: str,
    bases: Sequence[cst.BaseExpression | cst.Arg],
    body: Sequence[cst.BaseStatement],
    layout: Layout | None = None,
) -> cst.ClassDef:
    """``class Name(bases):`` with ``body``; bases exploded when the line is too long. A base
    given as an ``Arg`` with a keyword is a class keyword (``total=False``)."""
    layout = layout or Layout()
    args = [base if isinstance(base, cst.Arg) else _make(cst.Arg, value=base) for base in bases]
    header_width = 9 + len(name_) + items_width(args)
    lpar = _LPAR if bases else cst.MaybeSentinel.DEFAULT
    if bases and layout.indent + header_width > layout.width:
        inner = layout.indent + len(INDENT)
        args = [
            _replace(
                a,
                value=a.value
                if inner + width(a.value) + 1 <= layout.width
                else _explode(a.value, 2, layout),
                comma=_BARE_COMMA,
            )
            for a in args
        ]
        args = _break_items(args, 1)
        lpar = _opening(cst.LeftParen, 1)
    keywords = [a for a in args if a.keyword is not None]
    return _make(
        cst.ClassDef,
        name=name(name_),
        bases=[a for a in args if a.keyword is None],
        keywords=keywords,
        body=_new_block(list(body) or [_line(_make(cst.Pass))]),
        lpar=lpar,
        rpar=_RPAR if bases else cst.MaybeSentinel.DEFAULT,
    )


_LPAR = cst.LeftParen()
_RPAR = cst.RightParen()


def if_(
    test: cst.BaseExpression,
    body: Sequence[cst.BaseStatement],
    orelse: Sequence[cst.BaseStatement] = (),
) -> cst.If:
    """``if test:`` with ``body``, and ``else:`` with ``orelse`` when given."""
    return _make(
        cst.If,
        test=test,
        body=_make(cst.IndentedBlock, body=list(body)),
        orelse=_make(cst.Else, body=_make(cst.IndentedBlock, body=list(orelse)))
        if orelse
        else None,
    )


def module(
    body: Sequence[cst.SimpleStatementLine | cst.BaseCompoundStatement],
    header: Sequence[cst.EmptyLine] = (),
) -> cst.Module:
    """A module with a header of comment lines."""
    return cst.Module(body=list(body), header=list(header))


# -- line breaking ------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _broken_comma(depth: int) -> cst.Comma:
    """A comma followed by a line break (nodes are immutable: one instance per depth)."""
    return cst.Comma(whitespace_after=_broken(depth))


@lru_cache(maxsize=64)
def _broken(depth: int) -> cst.ParenthesizedWhitespace:
    """A line break inside brackets, continuing ``depth`` levels deeper than the statement."""
    return cst.ParenthesizedWhitespace(
        first_line=cst.TrailingWhitespace(),
        indent=True,
        last_line=cst.SimpleWhitespace(INDENT * depth),
    )


@lru_cache(maxsize=64)
def _opening(kind: type[B], depth: int) -> B:
    """An opening bracket followed by a line break (one shared node per kind and depth)."""
    return kind(whitespace_after=_broken(depth))  # type: ignore[call-arg]


@lru_cache(maxsize=64)
def _closing(kind: type[B], depth: int) -> B:
    """A closing bracket after a line break (one shared node per kind and depth)."""
    return kind(whitespace_before=_broken(depth))  # type: ignore[call-arg]


def fit(statement: cst.SimpleStatementLine, layout: Layout) -> cst.SimpleStatementLine:
    """Lay out a simple statement: unchanged when it fits on one line, otherwise with the
    trailing call, subscript or literal of its value exploded (recursively, as needed)."""
    small = statement.body[0]
    if layout.indent + _statement_width(small) <= layout.width:
        return statement
    value = getattr(small, "value", None)
    if value is None:
        if isinstance(small, cst.ImportFrom):
            return _replace(statement, body=[_explode_import(small)])
        if isinstance(small, cst.AnnAssign):  # ``name: (`` the annotation ``)``, as black does
            annotation = _parenthesized(small.annotation.annotation)
            return _replace(
                statement,
                body=[
                    _replace(small, annotation=_replace(small.annotation, annotation=annotation))
                ],
            )
        return statement
    if isinstance(small, cst.AnnAssign) and small.value is not None:
        return _replace(statement, body=[_fit_ann_assign(small, layout)])
    exploded = _explode(value, 1, layout)
    return _replace(statement, body=[_replace(small, value=exploded)])


def _fit_ann_assign(small: cst.AnnAssign, layout: Layout) -> cst.AnnAssign:
    """Black's order for a long ``name: annotation = value``: split the value's brackets if
    the line up to them fits; else wrap the value in parentheses if ``name: annotation = (``
    fits; else wrap the annotation in parentheses."""
    assert small.value is not None
    value = small.value
    head = layout.indent + width(small.target) + 2 + width(small.annotation.annotation) + 3
    if isinstance(value, cst.Call) and head + width(value.func) + 1 <= layout.width:
        return _replace(small, value=_explode(value, 1, layout))
    if head + 1 <= layout.width:
        inner = value
        if layout.indent + len(INDENT) + width(value) > layout.width:
            inner = _explode(value, 2, layout)
        return _replace(small, value=_parenthesized(inner))
    annotation = _parenthesized(small.annotation.annotation)
    tail = layout.indent + 4 + width(value)
    new_value = value if tail <= layout.width else _explode(value, 1, layout)
    return _replace(
        small, annotation=_replace(small.annotation, annotation=annotation), value=new_value
    )


def _parenthesized(node: cst.BaseExpression, depth: int = 1) -> cst.BaseExpression:
    """``(`` newline, ``node`` at ``depth``, newline ``)`` one level out."""
    return _replace(
        node,
        lpar=[_opening(cst.LeftParen, depth)],
        rpar=[_closing(cst.RightParen, depth - 1)],
    )


def _explode(node: cst.BaseExpression, depth: int, layout: Layout) -> cst.BaseExpression:
    """Put each item of ``node``'s trailing bracket on its own line, one level deeper."""
    item_indent = layout.indent + len(INDENT) * depth

    def lay(value: cst.BaseExpression, extra: int) -> cst.BaseExpression:
        if item_indent + extra + width(value) + 1 <= layout.width:
            return value
        if type(value) in _BRACKETED:
            return _explode(value, depth + 1, layout)
        return value

    if isinstance(node, cst.Call):
        func = node.func
        head = layout.indent + len(INDENT) * (depth - 1) + width(func) + 1
        if (
            head > layout.width
            and isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Call)
        ):
            # black splits an earlier bracket of a chain too: a(\n    x\n).b(
            node = _replace(node, func=_replace(func, value=_hug(func.value, depth)))
        args = _break_items(node.args, depth, lambda a: lay(a.value, width(a) - width(a.value)))
        return _replace(node, whitespace_before_args=_broken(depth), args=args)
    if isinstance(node, cst.Dict):
        elements = _break_items(node.elements, depth, lambda e: lay(e.value, width(e.key) + 2))
        return _replace(node, lbrace=_opening(cst.LeftCurlyBrace, depth), elements=elements)
    if isinstance(node, cst.List):
        items = _break_items(node.elements, depth, lambda e: lay(e.value, 0))
        return _replace(node, lbracket=_opening(cst.LeftSquareBracket, depth), elements=items)
    if isinstance(node, cst.Tuple):
        items = _break_items(node.elements, depth, lambda e: lay(e.value, 0))
        return _replace(node, lpar=[_opening(cst.LeftParen, depth)], elements=items)
    if isinstance(node, cst.Subscript):
        return _replace(
            node,
            lbracket=_opening(cst.LeftSquareBracket, depth),
            slice=_break_items(node.slice, depth),
        )
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Call):
        return _replace(node, value=_explode(node.value, depth, layout))
    return node


_BRACKETED = frozenset({cst.Call, cst.Dict, cst.List, cst.Tuple, cst.Subscript})


def _hug(call: cst.Call, depth: int) -> cst.Call:
    """A call whose arguments go on one line of their own, without a trailing comma."""
    args = [_replace(a, comma=cst.MaybeSentinel.DEFAULT) for a in call.args]
    args[-1] = _replace(args[-1], whitespace_after_arg=_broken(depth - 1))
    return _replace(call, whitespace_before_args=_broken(depth), args=args)


def _break_items(
    items: Sequence[N], depth: int, value: Callable[[Any], Any] | None = None
) -> list[N]:
    """Each item on its own line with a trailing comma; the last comma closes the bracket.
    ``value`` re-lays an item's value on the way (one copy per item)."""
    inner, outer = _broken_comma(depth), _broken_comma(depth - 1)
    last = len(items) - 1
    out = []
    for index, item in enumerate(items):
        comma = outer if index == last else inner
        if value is None:
            out.append(_with_comma(item, comma))
            continue
        new_value = value(item)
        if new_value is getattr(item, "value", None):  # shared items stay shared
            out.append(_with_comma(item, comma))
        else:
            out.append(_replace(item, comma=comma, value=new_value))
    return out


def _explode_import(node: cst.ImportFrom) -> cst.ImportFrom:
    names = node.names
    assert isinstance(names, Sequence)
    return _replace(
        node,
        names=_break_items([_replace(alias, comma=_BARE_COMMA) for alias in names], 1),
        lpar=_opening(cst.LeftParen, 1),
        rpar=cst.RightParen(),
    )


def _fit_def(node: cst.FunctionDef, layout: Layout) -> cst.FunctionDef:
    if layout.indent + _def_width(node) <= layout.width:
        return node
    params = node.params
    star = params.star_arg

    def long_param(p: cst.Param) -> cst.Param:
        # black wraps an annotation that does not fit in parentheses
        if p.annotation is None or layout.indent + len(INDENT) + param_width(p) + 1 <= layout.width:
            return p
        wrapped = _parenthesized(p.annotation.annotation, 2)
        return _replace(p, annotation=_replace(p.annotation, annotation=wrapped))

    new_params = [_with_comma(long_param(p), _broken_comma(1)) for p in params.params]
    new_star = star
    if isinstance(star, cst.ParamStar):
        new_star = _with_comma(star, _broken_comma(1))
    new_kwonly = [_with_comma(long_param(p), _broken_comma(1)) for p in params.kwonly_params]
    star_kwarg = params.star_kwarg
    # the last parameter's comma closes the bracket at the statement's own indentation
    if star_kwarg is not None:
        star_kwarg = _replace(long_param(star_kwarg), comma=_broken_comma(0))
    elif new_kwonly:
        new_kwonly[-1] = _replace(new_kwonly[-1], comma=_broken_comma(0))
    elif new_params:
        new_params[-1] = _replace(new_params[-1], comma=_broken_comma(0))
    returns = node.returns
    if (
        returns is not None
        and isinstance(returns.annotation, cst.Subscript)
        and layout.indent + 5 + width(returns.annotation) + 1 > layout.width
    ):
        # black splits a return annotation that does not fit after ``) ->`` at its bracket,
        # its items on one line of their own
        subscript = returns.annotation
        returns = _replace(
            returns,
            annotation=_replace(
                subscript,
                lbracket=_opening(cst.LeftSquareBracket, 1),
                rbracket=_closing(cst.RightSquareBracket, 0),
            ),
        )
    return _replace(
        node,
        whitespace_before_params=_broken(1),
        params=_replace(
            params,
            params=new_params,
            star_arg=new_star,
            kwonly_params=new_kwonly,
            star_kwarg=star_kwarg,
        ),
        returns=returns,
    )


def _def_width(node: cst.FunctionDef) -> int:
    """``def name(params) -> returns:`` on one line."""
    params = node.params
    parts = [param_width(p) for p in params.params]
    if isinstance(params.star_arg, cst.ParamStar):
        parts.append(1)
    elif isinstance(params.star_arg, cst.Param):
        parts.append(param_width(params.star_arg))
    parts.extend(param_width(p) for p in params.kwonly_params)
    if isinstance(params.star_kwarg, cst.Param):
        parts.append(2 + param_width(params.star_kwarg))  # ``**`` comes from the position
    total = 4 + len(node.name.value) + 2 + sum(parts) + 2 * max(len(parts) - 1, 0) + 1
    if node.returns is not None:
        total += 4 + width(node.returns.annotation)
    if isinstance(node.body, cst.SimpleStatementSuite):
        total += 4  # `` ...`` of a stub
    return total

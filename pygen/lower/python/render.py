"""Rendering the libcst trees the lowering builds, about three times faster than ``.code``.

libcst's code generation wraps every node in context managers for position metadata that plain
rendering does not need; for the subset of nodes pygen emits, this module writes the same text
directly. A node outside the subset makes :func:`render_module` fall back to ``module.code``,
and tests compare both on every golden, so the output is libcst's to the byte.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import libcst as cst

from .measure import line_text

__all__ = ["render_module", "render_node"]

_DEFAULT = cst.MaybeSentinel.DEFAULT
_LEAVES = frozenset({cst.Name, cst.SimpleString, cst.Integer})


class _Unsupported(Exception):
    """A node this renderer does not know: use libcst's own code generation."""


class _Writer:
    __slots__ = ("indent", "newline", "out", "unit")

    def __init__(self, unit: str, newline: str) -> None:
        self.out: list[str] = []
        self.indent: list[str] = []
        self.unit = unit
        self.newline = newline

    def node(self, node: Any) -> None:
        kind = type(node)
        # the most common nodes, written without dispatch: whitespace (half of all nodes), and
        # names and strings without parentheses
        if kind is cst.SimpleWhitespace or (kind in _LEAVES and not node.lpar):
            self.out.append(node.value)
            return
        emit = _EMIT.get(kind)
        if emit is None:
            raise _Unsupported(kind.__name__)
        emit(self, node)

    def comma(self, comma: Any, default: bool, spaced: bool = True) -> None:
        if comma is _DEFAULT:
            if default:
                self.out.append(", " if spaced else ",")
        elif type(comma) is cst.Comma:  # no dispatch for the most common token
            _comma(self, comma)
        elif comma is not None:
            self.node(comma)


def render_module(module: cst.Module, *, strict: bool = False) -> str:
    """The source text of ``module``: ``module.code``, faster for pygen's node subset.

    A tree with other nodes (a user's transformation, say) is rendered by libcst; with
    ``strict`` that raises ``TypeError`` instead (for tests).
    """
    writer = _Writer(module.default_indent, module.default_newline)
    try:
        for line in module.header:
            writer.node(line)
        for statement in module.body:
            writer.node(statement)
        for line in module.footer:
            writer.node(line)
    except _Unsupported as exc:
        if strict:
            raise TypeError(f"render_module cannot render a {exc} node") from None
        return module.code
    if not writer.out and module.has_trailing_newline:
        return module.default_newline
    if not module.has_trailing_newline:
        return module.code
    return "".join(writer.out)


def render_node(node: cst.CSTNode) -> str:
    """The source text of one node (an annotation, say), as libcst's ``code_for_node``."""
    writer = _Writer("    ", "\n")
    try:
        if isinstance(node, cst.BaseSmallStatement):
            _small(writer, node, False)
        else:
            writer.node(node)
    except _Unsupported:
        return cst.Module(body=[]).code_for_node(node)
    return "".join(writer.out)


def _simple_whitespace(w: _Writer, node: cst.SimpleWhitespace) -> None:
    w.out.append(node.value)


def _newline(w: _Writer, node: cst.Newline) -> None:
    w.out.append(w.newline if node.value is None else node.value)


def _trailing(w: _Writer, node: cst.TrailingWhitespace) -> None:
    out = w.out
    if node.whitespace.value:
        out.append(node.whitespace.value)
    if node.comment is not None:
        out.append(node.comment.value)
    newline = node.newline.value
    out.append(w.newline if newline is None else newline)


def _empty_line(w: _Writer, node: cst.EmptyLine) -> None:
    if node.indent:
        w.out.extend(w.indent)
    w.out.append(node.whitespace.value)
    if node.comment is not None:
        w.out.append(node.comment.value)
    _newline(w, node.newline)


def _parenthesized_whitespace(w: _Writer, node: cst.ParenthesizedWhitespace) -> None:
    _trailing(w, node.first_line)
    for line in node.empty_lines:
        _empty_line(w, line)
    if node.indent:
        w.out.extend(w.indent)
    w.out.append(node.last_line.value)


def _token(token: str) -> Callable[[_Writer, Any], None]:
    def emit(w: _Writer, node: Any) -> None:
        before, after, out = node.whitespace_before, node.whitespace_after, w.out
        # plain spacing (nearly every token) written here, without a call per whitespace
        if type(before) is cst.SimpleWhitespace:
            out.append(before.value)
        else:
            w.node(before)
        out.append(token)
        if type(after) is cst.SimpleWhitespace:
            out.append(after.value)
        else:
            w.node(after)

    return emit


_comma = _token(",")

Emit = Callable[[_Writer, Any], None]


def _parenthesized(body: Emit) -> Emit:
    """The emitter of an expression: its parentheses, if any, around ``body``."""

    def emit(w: _Writer, node: Any) -> None:
        if not node.lpar and not node.rpar:
            body(w, node)
            return
        _in_parentheses(w, node, body)

    return emit


def _measured(body: Emit) -> Emit:
    """The emitter of an expression the layout measures: its text from the measurement when
    it is one plain line (:mod:`.measure`), else written as :func:`_parenthesized` does."""

    def emit(w: _Writer, node: Any) -> None:
        text = line_text(node)
        if text is not None:
            w.out.append(text)
        elif not node.lpar and not node.rpar:
            body(w, node)
        else:
            _in_parentheses(w, node, body)

    return emit


def _in_parentheses(w: _Writer, node: Any, body: Emit) -> None:
    for lpar in node.lpar:
        w.out.append("(")
        w.node(lpar.whitespace_after)
    body(w, node)
    for rpar in node.rpar:
        w.node(rpar.whitespace_before)
        w.out.append(")")


def _value(w: _Writer, node: Any) -> None:
    w.out.append(node.value)


def _ellipsis(w: _Writer, node: cst.Ellipsis) -> None:
    w.out.append("...")


def _attribute(w: _Writer, node: cst.Attribute) -> None:
    w.node(node.value)
    w.node(node.dot)
    w.node(node.attr)


def _call(w: _Writer, node: cst.Call) -> None:
    w.node(node.func)
    w.node(node.whitespace_after_func)
    w.out.append("(")
    w.node(node.whitespace_before_args)
    last = len(node.args) - 1
    for index, arg in enumerate(node.args):
        _arg(w, arg, index != last)
    w.out.append(")")


def _arg(w: _Writer, node: cst.Arg, default_comma: bool) -> None:
    text = line_text(node)  # measured: the argument without its comma (:mod:`.measure`)
    if text is not None:
        w.out.append(text)
        w.comma(node.comma, default_comma)
        return
    w.out.append(node.star)
    w.node(node.whitespace_after_star)
    if node.keyword is not None:
        w.node(node.keyword)
    if node.equal is _DEFAULT:
        if node.keyword is not None:
            w.out.append(" = ")
    else:
        w.node(node.equal)
    w.node(node.value)
    w.comma(node.comma, default_comma)
    w.node(node.whitespace_after_arg)


def _subscript(w: _Writer, node: cst.Subscript) -> None:
    w.node(node.value)
    w.node(node.whitespace_after_value)
    w.out.append("[")
    w.node(node.lbracket.whitespace_after)
    last = len(node.slice) - 1
    for index, element in enumerate(node.slice):
        if type(element.slice) is not cst.Index or element.slice.star is not None:
            raise _Unsupported("slice")
        w.node(element.slice.value)
        w.comma(element.comma, index != last)
    w.node(node.rbracket.whitespace_before)
    w.out.append("]")


def _binary(w: _Writer, node: cst.BinaryOperation | cst.BooleanOperation) -> None:
    w.node(node.left)
    w.node(node.operator)
    w.node(node.right)


def _unary(w: _Writer, node: cst.UnaryOperation) -> None:
    w.node(node.operator)
    w.node(node.expression)


def _minus(w: _Writer, node: cst.Minus) -> None:
    w.out.append("-")
    w.node(node.whitespace_after)


def _elements(w: _Writer, elements: Sequence[Any], single_tuple: bool = False) -> None:
    last = len(elements) - 1
    for index, element in enumerate(elements):
        if isinstance(element, cst.DictElement):
            w.node(element.key)
            w.node(element.whitespace_before_colon)
            w.out.append(":")
            w.node(element.whitespace_after_colon)
        elif not isinstance(element, cst.Element):
            raise _Unsupported(type(element).__name__)
        w.node(element.value)
        if single_tuple:
            w.comma(element.comma, True, spaced=False)
        else:
            w.comma(element.comma, index < last)


def _list(w: _Writer, node: cst.List) -> None:
    w.out.append("[")
    w.node(node.lbracket.whitespace_after)
    _elements(w, node.elements)
    w.node(node.rbracket.whitespace_before)
    w.out.append("]")


def _tuple(w: _Writer, node: cst.Tuple) -> None:
    _elements(w, node.elements, single_tuple=len(node.elements) == 1)


def _dict(w: _Writer, node: cst.Dict) -> None:
    w.out.append("{")
    w.node(node.lbrace.whitespace_after)
    _elements(w, node.elements)
    w.node(node.rbrace.whitespace_before)
    w.out.append("}")


def _annotation(w: _Writer, node: cst.Annotation, indicator: str) -> None:
    before = node.whitespace_before_indicator
    if before is _DEFAULT:
        if indicator == "->":
            w.out.append(" ")
    else:
        w.node(before)
    w.out.append(indicator)
    w.node(node.whitespace_after_indicator)
    w.node(node.annotation)


def _semicolon(w: _Writer, node: Any, default: bool) -> None:
    if node.semicolon is _DEFAULT:
        if default:
            w.out.append("; ")
    else:
        w.node(node.semicolon)


def _small(w: _Writer, node: Any, default_semicolon: bool) -> None:
    kind = type(node)
    text = line_text(node)
    if text is not None:  # measured by the layout: one plain line (:mod:`.measure`)
        w.out.append(text)
    elif kind is cst.Expr:
        w.node(node.value)
    elif kind is cst.Assign:
        for target in node.targets:
            w.node(target.target)
            w.node(target.whitespace_before_equal)
            w.out.append("=")
            w.node(target.whitespace_after_equal)
        w.node(node.value)
    elif kind is cst.AnnAssign:
        w.node(node.target)
        _annotation(w, node.annotation, ":")
        if node.equal is _DEFAULT:
            if node.value is not None:
                w.out.append(" = ")
        else:
            w.node(node.equal)
        if node.value is not None:
            w.node(node.value)
    elif kind is cst.Return:
        w.out.append("return")
        if node.whitespace_after_return is _DEFAULT:
            if node.value is not None:
                w.out.append(" ")
        else:
            w.node(node.whitespace_after_return)
        if node.value is not None:
            w.node(node.value)
    elif kind is cst.Pass:
        w.out.append("pass")
    elif kind is cst.ImportFrom:
        _import_from(w, node)
    else:
        raise _Unsupported(kind.__name__)
    _semicolon(w, node, default_semicolon)


def _import_from(w: _Writer, node: cst.ImportFrom) -> None:
    w.out.append("from")
    w.node(node.whitespace_after_from)
    for dot in node.relative:
        w.node(dot)
    if node.module is not None:
        w.node(node.module)
    w.node(node.whitespace_before_import)
    w.out.append("import")
    w.node(node.whitespace_after_import)
    if node.lpar is not None:
        w.out.append("(")
        w.node(node.lpar.whitespace_after)
    names = node.names
    if not isinstance(names, Sequence):
        raise _Unsupported("import *")
    last = len(names) - 1
    for index, alias in enumerate(names):
        w.node(alias.name)
        if alias.asname is not None:
            w.node(alias.asname.whitespace_before_as)
            w.out.append("as")
            w.node(alias.asname.whitespace_after_as)
            w.node(alias.asname.name)
        w.comma(alias.comma, index != last)
    if node.rpar is not None:
        w.node(node.rpar.whitespace_before)
        w.out.append(")")


def _simple_statement_line(w: _Writer, node: cst.SimpleStatementLine) -> None:
    for line in node.leading_lines:
        _empty_line(w, line)
    w.out.extend(w.indent)
    body = node.body
    if len(body) == 1 and body[0].semicolon is _DEFAULT:
        text = line_text(body[0])  # measured by the layout: one plain line
        if text is not None:
            w.out.append(text)
            _trailing(w, node.trailing_whitespace)
            return
    if body:
        last = len(node.body) - 1
        for index, small in enumerate(node.body):
            _small(w, small, index != last)
    else:
        w.out.append("pass")
    _trailing(w, node.trailing_whitespace)


def _block(w: _Writer, node: cst.BaseSuite) -> None:
    if isinstance(node, cst.SimpleStatementSuite):  # a stub's ``: ...``
        w.node(node.leading_whitespace)
        last = len(node.body) - 1
        for index, small in enumerate(node.body):
            _small(w, small, index != last)
        _trailing(w, node.trailing_whitespace)
        return
    if not isinstance(node, cst.IndentedBlock):
        raise _Unsupported(type(node).__name__)
    _trailing(w, node.header)
    w.indent.append(w.unit if node.indent is None else node.indent)
    if node.body:
        for statement in node.body:
            w.node(statement)
    else:
        w.out.extend(w.indent)
        w.out.append("pass")
        w.out.append(w.newline)
    for line in node.footer:
        _empty_line(w, line)
    w.indent.pop()


def _decorated(w: _Writer, node: cst.ClassDef | cst.FunctionDef) -> None:
    for line in node.leading_lines:
        _empty_line(w, line)
    for decorator in node.decorators:
        for line in decorator.leading_lines:
            _empty_line(w, line)
        w.out.extend(w.indent)
        w.out.append("@")
        w.node(decorator.whitespace_after_at)
        w.node(decorator.decorator)
        _trailing(w, decorator.trailing_whitespace)
    for line in node.lines_after_decorators:
        _empty_line(w, line)
    w.out.extend(w.indent)
    if node.type_parameters is not None:
        raise _Unsupported("type parameters")


def _class_def(w: _Writer, node: cst.ClassDef) -> None:
    _decorated(w, node)
    w.out.append("class")
    w.node(node.whitespace_after_class)
    w.node(node.name)
    w.node(node.whitespace_after_name)
    w.node(node.whitespace_after_type_parameters)
    has_args = bool(node.bases or node.keywords)
    if node.lpar is _DEFAULT:
        if has_args:
            w.out.append("(")
    else:
        w.out.append("(")
        w.node(node.lpar.whitespace_after)
    args = [*node.bases, *node.keywords]
    last = len(args) - 1
    for index, arg in enumerate(args):
        _arg(w, arg, index != last)
    if node.rpar is _DEFAULT:
        if has_args:
            w.out.append(")")
    else:
        w.node(node.rpar.whitespace_before)
        w.out.append(")")
    w.node(node.whitespace_before_colon)
    w.out.append(":")
    _block(w, node.body)


def _if(w: _Writer, node: cst.If) -> None:
    for line in node.leading_lines:
        _empty_line(w, line)
    w.out.extend(w.indent)
    w.out.append("if")
    w.node(node.whitespace_before_test)
    w.node(node.test)
    w.node(node.whitespace_after_test)
    w.out.append(":")
    _block(w, node.body)
    if node.orelse is None:
        return
    if not isinstance(node.orelse, cst.Else):
        raise _Unsupported("elif")
    for line in node.orelse.leading_lines:
        _empty_line(w, line)
    w.out.extend(w.indent)
    w.out.append("else")
    w.node(node.orelse.whitespace_before_colon)
    w.out.append(":")
    _block(w, node.orelse.body)


def _param(w: _Writer, node: cst.Param, default_star: str, default_comma: bool) -> None:
    w.out.append(default_star if node.star is _DEFAULT else node.star)
    text = line_text(node)  # measured: the parameter without its star and comma
    if text is not None:
        w.out.append(text)
        w.comma(node.comma, default_comma)
        return
    w.node(node.whitespace_after_star)
    w.node(node.name)
    if node.annotation is not None:
        _annotation(w, node.annotation, ":")
    if node.equal is _DEFAULT:
        if node.default is not None:
            w.out.append(" = ")
    else:
        w.node(node.equal)
    if node.default is not None:
        w.node(node.default)
    w.comma(node.comma, default_comma)
    w.node(node.whitespace_after_param)


def _parameters(w: _Writer, node: cst.Parameters) -> None:
    if node.posonly_params or node.posonly_ind is not _DEFAULT:
        raise _Unsupported("positional-only parameters")
    star = node.star_arg
    star_included = (
        len(node.kwonly_params) > 0
        if star is _DEFAULT
        else isinstance(star, cst.Param | cst.ParamStar)
    )
    more = star_included or len(node.kwonly_params) > 0 or node.star_kwarg is not None
    last = len(node.params) - 1
    for index, param in enumerate(node.params):
        _param(w, param, "", index < last or more)
    if star is _DEFAULT:
        if star_included:
            w.out.append("*, ")
    elif isinstance(star, cst.Param):
        _param(w, star, "*", len(node.kwonly_params) > 0 or node.star_kwarg is not None)
    elif isinstance(star, cst.ParamStar):
        w.out.append("*")
        w.node(star.comma)
    last = len(node.kwonly_params) - 1
    for index, param in enumerate(node.kwonly_params):
        _param(w, param, "", index < last or node.star_kwarg is not None)
    if node.star_kwarg is not None:
        _param(w, node.star_kwarg, "**", False)


def _function_def(w: _Writer, node: cst.FunctionDef) -> None:
    _decorated(w, node)
    if node.asynchronous is not None:
        raise _Unsupported("async def")
    w.out.append("def")
    w.node(node.whitespace_after_def)
    w.node(node.name)
    w.node(node.whitespace_after_name)
    w.node(node.whitespace_after_type_parameters)
    w.out.append("(")
    w.node(node.whitespace_before_params)
    _parameters(w, node.params)
    w.out.append(")")
    if node.returns is not None:
        _annotation(w, node.returns, "->")
    w.node(node.whitespace_before_colon)
    w.out.append(":")
    _block(w, node.body)


_EMIT: dict[type[Any], Emit] = {
    cst.SimpleWhitespace: _simple_whitespace,
    cst.ParenthesizedWhitespace: _parenthesized_whitespace,
    cst.TrailingWhitespace: _trailing,
    cst.EmptyLine: _empty_line,
    cst.Newline: _newline,
    cst.Comma: _comma,
    cst.AssignEqual: _token("="),
    cst.Dot: _token("."),
    cst.BitOr: _token("|"),
    cst.Or: _token("or"),
    cst.Name: _parenthesized(_value),
    cst.SimpleString: _parenthesized(_value),
    cst.Integer: _parenthesized(_value),
    cst.Float: _parenthesized(_value),
    cst.Ellipsis: _parenthesized(_ellipsis),
    cst.Attribute: _measured(_attribute),
    cst.Call: _measured(_call),
    cst.Subscript: _measured(_subscript),
    cst.BinaryOperation: _measured(_binary),
    cst.BooleanOperation: _measured(_binary),
    cst.UnaryOperation: _parenthesized(_unary),
    cst.Minus: _minus,
    cst.List: _parenthesized(_list),
    cst.Tuple: _parenthesized(_tuple),
    cst.Dict: _parenthesized(_dict),
    cst.SimpleStatementLine: _simple_statement_line,
    cst.ClassDef: _class_def,
    cst.FunctionDef: _function_def,
    cst.If: _if,
}

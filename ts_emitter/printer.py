"""Print a tree: resolve imports first, build a layout document with one dispatch, lay it
out in prettier's style (80 columns, 2 spaces, double quotes, semicolons, trailing commas).

:func:`print_file` prints a :class:`~ts_emitter.nodes.SourceFile` (imports included);
:func:`print_node` prints any fragment (types, expressions, statements, declarations), which is
handy in tests.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any, TypeAlias, get_args

from ts_emitter import nodes as n
from ts_emitter._base import NO_ARGS, Args
from ts_emitter.doc import Doc, concat
from ts_emitter.imports import ResolvedImports, resolve_imports
from ts_emitter.print_statements import StatementsMixin
from ts_emitter.writer import PRINT_WIDTH, render

__all__ = ["AnyNode", "print_file", "print_node"]

AnyNode: TypeAlias = (
    # types
    n.KeywordType | n.TypeReference | n.ParenthesizedType | n.UnionType | n.IntersectionType
    | n.ArrayType | n.TupleType | n.LiteralType | n.TypeOperator | n.IndexedAccessType
    | n.TypeQuery | n.FunctionType | n.TypeLiteral | n.QualifiedName | n.TypeParameter
    | n.Parameter | n.PropertySignature | n.MethodSignature | n.IndexSignature
    # expressions
    | n.Identifier | n.Reference | n.This | n.Super | n.StringLiteral | n.NumericLiteral
    | n.BooleanLiteral | n.NullLiteral | n.TemplateLiteral | n.Spread | n.ArrayLiteral
    | n.ObjectLiteral | n.PropertyAssignment | n.ShorthandProperty | n.SpreadAssignment
    | n.ComputedName | n.PropertyAccess | n.ElementAccess | n.Call | n.New | n.ArrowFunction
    | n.Await | n.Yield | n.Unary | n.Binary | n.Assignment | n.AsExpression
    | n.SatisfiesExpression | n.TypeAssertion | n.NonNull | n.ParenthesizedExpression
    # statements and declarations
    | n.Block | n.ExpressionStatement | n.VariableStatement | n.Return | n.Throw | n.If
    | n.ForOf | n.Try | n.Break | n.Continue | n.ImportDeclaration | n.ImportSpecifier
    | n.ExportDeclaration | n.ExportSpecifier | n.InterfaceDeclaration
    | n.TypeAliasDeclaration | n.EnumDeclaration | n.EnumMember | n.ClassDeclaration
    | n.PropertyDeclaration | n.Constructor | n.MethodDeclaration | n.GetAccessor
    | n.SetAccessor | n.FunctionDeclaration | n.JSDoc | n.JSDocTag | n.SourceFile | n.Raw
)  # fmt: skip
"""Every concrete node class; the printer table below must cover exactly these."""


class Printer(StatementsMixin):
    """Turns nodes into layout documents."""

    def __init__(self, imports: ResolvedImports | None = None) -> None:
        super().__init__(imports)
        self.file_imports: tuple[n.ImportDeclaration, ...] = ()

    def doc(self, node: n.Node, args: Args = NO_ARGS) -> Doc:
        self.stack.append(node)
        try:
            return _PRINTERS[type(node)](self, node, args)
        finally:
            self.stack.pop()


_Print: TypeAlias = Callable[[Printer, Any, Args], Doc]

_PRINTERS: dict[type[n.Node], _Print] = {
    # types
    n.KeywordType: lambda p, node, args: p.print_keyword_type(node),
    n.TypeReference: lambda p, node, args: p.print_type_reference(node),
    n.ParenthesizedType: lambda p, node, args: concat("(", p.doc(node.type), ")"),
    n.UnionType: lambda p, node, args: p.print_union(node, args),
    n.IntersectionType: lambda p, node, args: p.print_intersection(node),
    n.ArrayType: lambda p, node, args: concat(p.doc(node.element), "[]"),
    n.TupleType: lambda p, node, args: p.print_tuple(node),
    n.LiteralType: lambda p, node, args: p.print_literal_type(node),
    n.TypeOperator: lambda p, node, args: concat(node.operator, " ", p.doc(node.type)),
    n.IndexedAccessType: lambda p, node, args: concat(
        p.doc(node.object_type), "[", p.doc(node.index_type), "]"
    ),
    n.TypeQuery: lambda p, node, args: concat("typeof ", p.type_name(node.name)),
    n.FunctionType: lambda p, node, args: p.print_function_type(node),
    n.TypeLiteral: lambda p, node, args: p.print_type_literal(node),
    n.QualifiedName: lambda p, node, args: p.type_name(node),
    n.TypeParameter: lambda p, node, args: p.print_type_parameter(node),
    n.Parameter: lambda p, node, args: p.print_parameter(node),
    n.PropertySignature: lambda p, node, args: p.print_property_signature(node),
    n.MethodSignature: lambda p, node, args: p.print_method_signature(node),
    n.IndexSignature: lambda p, node, args: p.print_index_signature(node),
    # expressions
    n.Identifier: lambda p, node, args: node.name,
    n.Reference: lambda p, node, args: p.name_of(node.symbol),
    n.This: lambda p, node, args: "this",
    n.Super: lambda p, node, args: "super",
    n.StringLiteral: lambda p, node, args: p.print_string(node),
    n.NumericLiteral: lambda p, node, args: p.print_number(node),
    n.BooleanLiteral: lambda p, node, args: "true" if node.value else "false",
    n.NullLiteral: lambda p, node, args: "null",
    n.TemplateLiteral: lambda p, node, args: p.print_template(node),
    n.Spread: lambda p, node, args: concat("...", p.doc(node.expression)),
    n.SpreadAssignment: lambda p, node, args: concat("...", p.doc(node.expression)),
    n.ArrayLiteral: lambda p, node, args: p.print_array(node),
    n.ObjectLiteral: lambda p, node, args: p.print_object(node),
    n.PropertyAssignment: lambda p, node, args: p.print_property_assignment(node),
    n.ShorthandProperty: lambda p, node, args: node.name,
    n.ComputedName: lambda p, node, args: concat("[", p.doc(node.expression), "]"),
    n.PropertyAccess: lambda p, node, args: p.print_member(node),
    n.ElementAccess: lambda p, node, args: p.print_member(node),
    n.Call: lambda p, node, args: p.print_call(node),
    n.New: lambda p, node, args: p.print_call(node),
    n.ArrowFunction: lambda p, node, args: p.print_arrow(node, args),
    n.Await: lambda p, node, args: p.print_await(node),
    n.Yield: lambda p, node, args: p.print_yield(node),
    n.Unary: lambda p, node, args: p.print_unary(node),
    n.Binary: lambda p, node, args: p.print_binary(node),
    n.Assignment: lambda p, node, args: p.print_assignment_expression(node),
    n.AsExpression: lambda p, node, args: p.print_cast(node),
    n.SatisfiesExpression: lambda p, node, args: p.print_cast(node),
    n.TypeAssertion: lambda p, node, args: p.print_type_assertion(node),
    n.NonNull: lambda p, node, args: p.print_non_null(node),
    n.ParenthesizedExpression: lambda p, node, args: p.print_parenthesized(node),
    # statements
    n.Block: lambda p, node, args: p.print_block(node),
    n.ExpressionStatement: lambda p, node, args: p.print_expression_statement(node),
    n.VariableStatement: lambda p, node, args: p.print_variable(node),
    n.Return: lambda p, node, args: p.print_return(node),
    n.Throw: lambda p, node, args: p.print_return(node),
    n.If: lambda p, node, args: p.print_if(node),
    n.ForOf: lambda p, node, args: p.print_for_of(node),
    n.Try: lambda p, node, args: p.print_try(node),
    n.Break: lambda p, node, args: "break;",
    n.Continue: lambda p, node, args: "continue;",
    # declarations
    n.ImportDeclaration: lambda p, node, args: p.print_import(node),
    n.ImportSpecifier: lambda p, node, args: (
        node.name if node.alias is None else f"{node.name} as {node.alias}"
    ),
    n.ExportSpecifier: lambda p, node, args: (
        node.name if node.alias is None else f"{node.name} as {node.alias}"
    ),
    n.ExportDeclaration: lambda p, node, args: p.print_export(node),
    n.InterfaceDeclaration: lambda p, node, args: p.print_interface(node),
    n.TypeAliasDeclaration: lambda p, node, args: p.print_type_alias(node),
    n.EnumDeclaration: lambda p, node, args: p.print_enum(node),
    n.EnumMember: lambda p, node, args: p.print_enum_member(node),
    n.ClassDeclaration: lambda p, node, args: p.print_class(node),
    n.PropertyDeclaration: lambda p, node, args: p.print_property_declaration(node),
    n.Constructor: lambda p, node, args: p.print_constructor(node),
    n.MethodDeclaration: lambda p, node, args: p.print_method(node),
    n.GetAccessor: lambda p, node, args: p.print_accessor(node),
    n.SetAccessor: lambda p, node, args: p.print_accessor(node),
    n.FunctionDeclaration: lambda p, node, args: p.print_function(node),
    n.JSDoc: lambda p, node, args: p.print_jsdoc(node),
    n.JSDocTag: lambda p, node, args: p.print_jsdoc(n.JSDoc(tags=(node,))),
    n.SourceFile: lambda p, node, args: p.print_source_file(node, p.file_imports),
    n.Raw: lambda p, node, args: node.text,
}
"""How each node class prints: one dictionary look-up per node (a ``match`` over ~80 classes
costs tens of ``isinstance`` checks per node)."""

_UNHANDLED = set(get_args(AnyNode)) ^ set(_PRINTERS)
if _UNHANDLED:  # pragma: no cover - caught by every test
    raise AssertionError(f"printer table out of step with AnyNode: {_UNHANDLED}")


def print_file(file: n.SourceFile, *, width: int = PRINT_WIDTH) -> str:
    """The text of ``file``: imports collected from its symbols, LF line ends, one final
    newline.

    The cyclic garbage collector is paused meanwhile: the layout document is a large tree of
    small objects that all stay alive until the text is written, so each collection would
    only walk it again (a fifth of the time at 200 views); it holds no cycles, so nothing is
    left for the collector afterwards."""
    paused = gc.isenabled()
    gc.disable()
    try:
        resolved = resolve_imports(file)
        printer = Printer(resolved)
        printer.file_imports = resolved.declarations
        text = render(printer.doc(file), width)
    finally:
        if paused:
            gc.enable()
    return text if text.strip() else ""


def print_node(node: n.Node, *, width: int = PRINT_WIDTH) -> str:
    """The text of any node (no imports are added; symbols print as their names), ending with
    one newline."""
    if isinstance(node, n.SourceFile):
        return print_file(node, width=width)
    printer = Printer()
    return render(printer.with_doc_comment(getattr(node, "doc", None), printer.doc(node)), width)

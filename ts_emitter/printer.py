"""Print a tree: resolve imports first, build a layout document with one dispatch, lay it
out in prettier's style (80 columns, 2 spaces, double quotes, semicolons, trailing commas).

:func:`print_file` prints a :class:`~ts_emitter.nodes.SourceFile` (imports included);
:func:`print_node` prints any fragment (types, expressions, statements, declarations), which is
handy in tests.
"""

from __future__ import annotations

from typing import NoReturn, TypeAlias

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
"""Every concrete node class; the dispatch below is checked exhaustive against it."""


def assert_never(value: NoReturn) -> NoReturn:
    """Fail on a node class the dispatch does not handle (mypy checks exhaustiveness)."""
    raise AssertionError(f"unhandled node: {type(value).__name__}")


class Printer(StatementsMixin):
    """Turns nodes into layout documents."""

    def __init__(self, imports: ResolvedImports | None = None) -> None:
        super().__init__(imports)
        self.file_imports: tuple[n.ImportDeclaration, ...] = ()

    def doc(self, node: n.Node, args: Args = NO_ARGS) -> Doc:
        self.stack.append(node)
        try:
            return self._dispatch(node, args)  # type: ignore[arg-type]
        finally:
            self.stack.pop()

    def _dispatch(self, node: AnyNode, args: Args) -> Doc:
        match node:
            # types
            case n.KeywordType():
                return self.print_keyword_type(node)
            case n.TypeReference():
                return self.print_type_reference(node)
            case n.ParenthesizedType():
                return concat("(", self.doc(node.type), ")")
            case n.UnionType():
                return self.print_union(node, args)
            case n.IntersectionType():
                return self.print_intersection(node)
            case n.ArrayType():
                return concat(self.doc(node.element), "[]")
            case n.TupleType():
                return self.print_tuple(node)
            case n.LiteralType():
                return self.print_literal_type(node)
            case n.TypeOperator():
                return concat(node.operator, " ", self.doc(node.type))
            case n.IndexedAccessType():
                return concat(self.doc(node.object_type), "[", self.doc(node.index_type), "]")
            case n.TypeQuery():
                return concat("typeof ", self.type_name(node.name))
            case n.FunctionType():
                return self.print_function_type(node)
            case n.TypeLiteral():
                return self.print_type_literal(node)
            case n.QualifiedName():
                return self.type_name(node)
            case n.TypeParameter():
                return self.print_type_parameter(node)
            case n.Parameter():
                return self.print_parameter(node)
            case n.PropertySignature():
                return self.print_property_signature(node)
            case n.MethodSignature():
                return self.print_method_signature(node)
            case n.IndexSignature():
                return self.print_index_signature(node)
            # expressions
            case n.Identifier():
                return node.name
            case n.Reference():
                return self.name_of(node.symbol)
            case n.This():
                return "this"
            case n.Super():
                return "super"
            case n.StringLiteral():
                return self.print_string(node)
            case n.NumericLiteral():
                return self.print_number(node)
            case n.BooleanLiteral():
                return "true" if node.value else "false"
            case n.NullLiteral():
                return "null"
            case n.TemplateLiteral():
                return self.print_template(node)
            case n.Spread() | n.SpreadAssignment():
                return concat("...", self.doc(node.expression))
            case n.ArrayLiteral():
                return self.print_array(node)
            case n.ObjectLiteral():
                return self.print_object(node)
            case n.PropertyAssignment():
                return self.print_property_assignment(node)
            case n.ShorthandProperty():
                return node.name
            case n.ComputedName():
                return concat("[", self.doc(node.expression), "]")
            case n.PropertyAccess() | n.ElementAccess():
                return self.print_member(node)
            case n.Call() | n.New():
                return self.print_call(node)
            case n.ArrowFunction():
                return self.print_arrow(node, args)
            case n.Await():
                return self.print_await(node)
            case n.Yield():
                return self.print_yield(node)
            case n.Unary():
                return self.print_unary(node)
            case n.Binary():
                return self.print_binary(node)
            case n.Assignment():
                return self.print_assignment_expression(node)
            case n.AsExpression() | n.SatisfiesExpression():
                return self.print_cast(node)
            case n.TypeAssertion():
                return self.print_type_assertion(node)
            case n.NonNull():
                return self.print_non_null(node)
            case n.ParenthesizedExpression():
                return self.print_parenthesized(node)
            # statements
            case n.Block():
                return self.print_block(node)
            case n.ExpressionStatement():
                return self.print_expression_statement(node)
            case n.VariableStatement():
                return self.print_variable(node)
            case n.Return() | n.Throw():
                return self.print_return(node)
            case n.If():
                return self.print_if(node)
            case n.ForOf():
                return self.print_for_of(node)
            case n.Try():
                return self.print_try(node)
            case n.Break():
                return "break;"
            case n.Continue():
                return "continue;"
            # declarations
            case n.ImportDeclaration():
                return self.print_import(node)
            case n.ImportSpecifier() | n.ExportSpecifier():
                return node.name if node.alias is None else f"{node.name} as {node.alias}"
            case n.ExportDeclaration():
                return self.print_export(node)
            case n.InterfaceDeclaration():
                return self.print_interface(node)
            case n.TypeAliasDeclaration():
                return self.print_type_alias(node)
            case n.EnumDeclaration():
                return self.print_enum(node)
            case n.EnumMember():
                return self.print_enum_member(node)
            case n.ClassDeclaration():
                return self.print_class(node)
            case n.PropertyDeclaration():
                return self.print_property_declaration(node)
            case n.Constructor():
                return self.print_constructor(node)
            case n.MethodDeclaration():
                return self.print_method(node)
            case n.GetAccessor() | n.SetAccessor():
                return self.print_accessor(node)
            case n.FunctionDeclaration():
                return self.print_function(node)
            case n.JSDoc():
                return self.print_jsdoc(node)
            case n.JSDocTag():
                return self.print_jsdoc(n.JSDoc(tags=(node,)))
            case n.SourceFile():
                return self.print_source_file(node, self.file_imports)
            case n.Raw():
                return node.text
            case _:
                assert_never(node)


def print_file(file: n.SourceFile, *, width: int = PRINT_WIDTH) -> str:
    """The text of ``file``: imports collected from its symbols, LF line ends, one final
    newline."""
    resolved = resolve_imports(file)
    printer = Printer(resolved)
    printer.file_imports = resolved.declarations
    text = render(printer.doc(file), width)
    return text if text.strip() else ""


def print_node(node: n.Node, *, width: int = PRINT_WIDTH) -> str:
    """The text of any node (no imports are added; symbols print as their names), ending with
    one newline."""
    if isinstance(node, n.SourceFile):
        return print_file(node, width=width)
    printer = Printer()
    return render(printer.with_doc_comment(getattr(node, "doc", None), printer.doc(node)), width)

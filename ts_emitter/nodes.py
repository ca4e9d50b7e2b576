"""The TypeScript syntax tree: frozen, validated nodes named after the grammar productions.

Every node is a ``@dataclass(frozen=True, slots=True, kw_only=True)`` with tuples for
sequences. Four base classes keep the tree well-typed: :class:`TypeNode` (types),
:class:`Expression`, :class:`Statement` and :class:`Declaration` (a statement that can be
exported), so mypy refuses a type where an expression belongs. A node checks its invariants in
``__post_init__``: identifiers are validated where they enter, and a child that would need
parentheses must come wrapped in :class:`ParenthesizedType` / :class:`ParenthesizedExpression`
(the helpers in :mod:`ts_emitter.factory` add them); the printer prints what it gets.

Names that come from another module are :class:`Symbol` values; the printer collects them and
writes the ``import`` / ``import type`` statements itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeAlias

from ts_emitter.names import (
    RESERVED_WORDS,
    InvalidIdentifierError,
    check_identifier,
    check_type_name,
    is_identifier,
)

if TYPE_CHECKING:
    from ts_emitter.parens import ExpressionContext, TypeContext

__all__ = [
    "Accessibility",
    "ArrayLiteral",
    "ArrayType",
    "ArrowFunction",
    "AsExpression",
    "Assignment",
    "Await",
    "Binary",
    "BinaryOperator",
    "Block",
    "BooleanLiteral",
    "Break",
    "Call",
    "ClassDeclaration",
    "ClassMember",
    "ComputedName",
    "Constructor",
    "Continue",
    "Declaration",
    "ElementAccess",
    "EnumDeclaration",
    "EnumMember",
    "ExportDeclaration",
    "ExportSpecifier",
    "Expression",
    "ExpressionStatement",
    "ForOf",
    "FunctionDeclaration",
    "FunctionType",
    "GetAccessor",
    "Identifier",
    "If",
    "ImportDeclaration",
    "ImportSpecifier",
    "IndexSignature",
    "IndexedAccessType",
    "InterfaceDeclaration",
    "IntersectionType",
    "JSDoc",
    "JSDocTag",
    "KeywordType",
    "LiteralType",
    "MethodDeclaration",
    "MethodSignature",
    "New",
    "Node",
    "NonNull",
    "NullLiteral",
    "NumericLiteral",
    "ObjectLiteral",
    "ObjectMember",
    "Parameter",
    "ParenthesizedExpression",
    "ParenthesizedType",
    "PropertyAccess",
    "PropertyAssignment",
    "PropertyDeclaration",
    "PropertySignature",
    "QualifiedName",
    "Raw",
    "Reference",
    "Return",
    "SatisfiesExpression",
    "SetAccessor",
    "ShorthandProperty",
    "SourceFile",
    "Spread",
    "SpreadAssignment",
    "Statement",
    "StringLiteral",
    "Super",
    "Symbol",
    "TemplateLiteral",
    "This",
    "Throw",
    "Try",
    "TupleType",
    "TypeAliasDeclaration",
    "TypeAssertion",
    "TypeLiteral",
    "TypeMember",
    "TypeName",
    "TypeNode",
    "TypeOperator",
    "TypeParameter",
    "TypeQuery",
    "TypeReference",
    "Unary",
    "UnionType",
    "VariableStatement",
    "Yield",
]


# ---------------------------------------------------------------------------------------------
# Symbols and bases


@dataclass(frozen=True, slots=True)
class Symbol:
    """A name and the module it comes from.

    ``module=None`` is a global or a name declared in the file being printed; otherwise the
    printer imports it (``import type`` when every use is in a type position). ``kind`` says
    how the module exports it: a named export, the default export, or (``"namespace"``) the
    module object itself (``import * as name``).
    """

    name: str
    module: str | None = None
    kind: Literal["named", "default", "namespace"] = "named"

    def __post_init__(self) -> None:
        check_identifier(self.name, where=f"Symbol({self.name!r}, {self.module!r})")
        if self.module is not None and not self.module:
            raise ValueError(f"Symbol({self.name!r}): module must be a non-empty specifier")
        if self.module is None and self.kind != "named":
            raise ValueError(f"Symbol({self.name!r}): a {self.kind} symbol needs a module")


@dataclass(frozen=True, slots=True, kw_only=True)
class Node:
    """Base of every syntax node."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeNode(Node):
    """A type (``string``, ``Foo<Bar>``, ``A | B`` ...)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Expression(Node):
    """An expression."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement(Node):
    """A statement in a block or at the top level of a file."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Declaration(Statement):
    """A statement that declares a name and may be exported."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Raw(TypeNode, Expression, Declaration):
    """Verbatim source text. ESCAPE HATCH ONLY.

    Forbidden in generated SDKs and goldens (lowering must build real nodes): the printer can
    neither check, format, nor collect imports from it. ``text`` must be one line, already
    formatted the way prettier would print it.
    """

    text: str

    def __post_init__(self) -> None:
        if not self.text or "\n" in self.text or "\r" in self.text:
            raise ValueError("Raw.text must be a non-empty single line")


# ---------------------------------------------------------------------------------------------
# JSDoc


@dataclass(frozen=True, slots=True, kw_only=True)
class JSDocTag(Node):
    """A block tag: ``@param name text``, ``@returns text``, ``@deprecated``, ``@example`` ..."""

    tag: str
    name: str | None = None
    text: str = ""

    def __post_init__(self) -> None:
        if not self.tag.replace("_", "").isalnum() or not self.tag.isascii():
            raise ValueError(f"JSDocTag: invalid tag name {self.tag!r} (letters and digits)")
        if self.name is not None and (
            not self.name or any(c.isspace() for c in self.name) or "*/" in self.name
        ):
            raise ValueError(f"JSDocTag @{self.tag}: invalid name {self.name!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class JSDoc(Node):
    """A ``/** ... */`` comment: free text, then tags. Text is escaped when printed."""

    text: str = ""
    tags: tuple[JSDocTag, ...] = ()

    def __post_init__(self) -> None:
        if not self.text.strip() and not self.tags:
            raise ValueError("JSDoc: empty comment; pass doc=None instead")


# ---------------------------------------------------------------------------------------------
# Types


KeywordTypeName: TypeAlias = Literal[
    "any",
    "unknown",
    "never",
    "void",
    "undefined",
    "null",
    "string",
    "number",
    "boolean",
    "bigint",
    "symbol",
    "object",
    "this",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class KeywordType(TypeNode):
    """A predefined type: ``string``, ``number``, ``unknown``, ``void`` ..."""

    keyword: KeywordTypeName


@dataclass(frozen=True, slots=True, kw_only=True)
class QualifiedName(Node):
    """``left.right`` in a type position (``ns.Foo``)."""

    left: TypeName
    right: str

    def __post_init__(self) -> None:
        check_identifier(self.right, where="QualifiedName.right", allow_reserved=True)
        _check_type_name_value(self.left, "QualifiedName.left")


TypeName: TypeAlias = "str | Symbol | QualifiedName"


def _check_type_name_value(name: TypeName, where: str) -> None:
    if isinstance(name, str):
        check_identifier(name, where=where)


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeReference(TypeNode):
    """A named type with optional type arguments: ``Foo``, ``Promise<Foo[]>``.

    ``name`` is a plain string for type parameters, globals and names declared in the same
    file, or a :class:`Symbol` to import.
    """

    name: TypeName
    type_arguments: tuple[TypeNode, ...] = ()

    def __post_init__(self) -> None:
        _check_type_name_value(self.name, "TypeReference.name")


@dataclass(frozen=True, slots=True, kw_only=True)
class ParenthesizedType(TypeNode):
    """``(type)``; made by the factory where precedence needs it."""

    type: TypeNode


@dataclass(frozen=True, slots=True, kw_only=True)
class UnionType(TypeNode):
    """``A | B | C``. Members that bind looser (functions, intersections, unions) come
    parenthesized; :func:`ts_emitter.factory.union` does that and flattens nested unions."""

    types: tuple[TypeNode, ...]

    def __post_init__(self) -> None:
        if len(self.types) < 2:
            raise ValueError("UnionType needs at least two members; use factory.union()")
        for t in self.types:
            _type(t, "union", "UnionType member")


@dataclass(frozen=True, slots=True, kw_only=True)
class IntersectionType(TypeNode):
    """``A & B``."""

    types: tuple[TypeNode, ...]

    def __post_init__(self) -> None:
        if len(self.types) < 2:
            raise ValueError("IntersectionType needs two members; use factory.intersection()")
        for t in self.types:
            _type(t, "intersection", "IntersectionType member")


@dataclass(frozen=True, slots=True, kw_only=True)
class ArrayType(TypeNode):
    """``T[]``; :func:`ts_emitter.factory.array_of` parenthesizes unions and functions."""

    element: TypeNode

    def __post_init__(self) -> None:
        _type(self.element, "array", "ArrayType.element")


@dataclass(frozen=True, slots=True, kw_only=True)
class TupleType(TypeNode):
    """``[A, B]``."""

    elements: tuple[TypeNode, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class LiteralType(TypeNode):
    """A literal type: ``"a"``, ``42``, ``-1``, ``true``."""

    value: str | int | float | bool

    def __post_init__(self) -> None:
        _check_number(self.value)


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeOperator(TypeNode):
    """``keyof T`` / ``readonly T[]`` / ``unique symbol``."""

    operator: Literal["keyof", "readonly", "unique"]
    type: TypeNode

    def __post_init__(self) -> None:
        _type(self.type, "operator", "TypeOperator.type")


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexedAccessType(TypeNode):
    """``T["key"]``."""

    object_type: TypeNode
    index_type: TypeNode

    def __post_init__(self) -> None:
        _type(self.object_type, "indexed_object", "IndexedAccessType.object_type")


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeQuery(TypeNode):
    """``typeof name`` in a type position (a value use of ``name``)."""

    name: TypeName

    def __post_init__(self) -> None:
        _check_type_name_value(self.name, "TypeQuery.name")


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeParameter(Node):
    """``T extends Constraint = Default`` in a generic declaration."""

    name: str
    constraint: TypeNode | None = None
    default: TypeNode | None = None

    def __post_init__(self) -> None:
        check_type_name(self.name, where="TypeParameter.name")


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameter(Node):
    """A function or method parameter.

    ``accessibility`` / ``readonly`` make it a constructor parameter property.
    """

    name: str
    type: TypeNode | None = None
    optional: bool = False
    initializer: Expression | None = None
    rest: bool = False
    accessibility: Accessibility | None = None
    readonly: bool = False

    def __post_init__(self) -> None:
        check_identifier(self.name, where="Parameter.name")
        if self.optional and self.initializer is not None:
            raise ValueError(
                f"Parameter {self.name!r}: optional and initializer exclude each other"
            )
        if self.rest and (self.optional or self.initializer is not None):
            raise ValueError(f"Parameter {self.name!r}: a rest parameter has no '?' or default")
        if self.initializer is not None:
            _expr(self.initializer, "neutral", f"Parameter {self.name!r} default")


@dataclass(frozen=True, slots=True, kw_only=True)
class FunctionType(TypeNode):
    """``(a: A, b?: B) => R``."""

    parameters: tuple[Parameter, ...] = ()
    return_type: TypeNode
    type_parameters: tuple[TypeParameter, ...] = ()

    def __post_init__(self) -> None:
        _check_parameters(self.parameters, "FunctionType", allow_properties=False)


# Members of interfaces and type literals


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeMember(Node):
    """A member of an interface body or a type literal."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PropertySignature(TypeMember):
    """``readonly name?: type;``. Names that are not identifiers are printed quoted."""

    name: str
    type: TypeNode | None = None
    optional: bool = False
    readonly: bool = False
    doc: JSDoc | None = None

    def __post_init__(self) -> None:
        _check_key(self.name, "PropertySignature.name")


@dataclass(frozen=True, slots=True, kw_only=True)
class MethodSignature(TypeMember):
    """``name<T>(params): R;``."""

    name: str
    parameters: tuple[Parameter, ...] = ()
    return_type: TypeNode | None = None
    type_parameters: tuple[TypeParameter, ...] = ()
    optional: bool = False
    doc: JSDoc | None = None

    def __post_init__(self) -> None:
        _check_key(self.name, "MethodSignature.name")
        _check_parameters(self.parameters, f"MethodSignature {self.name!r}", allow_properties=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexSignature(TypeMember):
    """``[key: string]: T;``."""

    parameter_name: str = "key"
    key_type: TypeNode
    type: TypeNode
    readonly: bool = False
    doc: JSDoc | None = None

    def __post_init__(self) -> None:
        check_identifier(self.parameter_name, where="IndexSignature.parameter_name")


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeLiteral(TypeNode):
    """``{ a: string; b?: number }``; ``multiline`` keeps it expanded even when it fits."""

    members: tuple[TypeMember, ...] = ()
    multiline: bool = False


# ---------------------------------------------------------------------------------------------
# Expressions


@dataclass(frozen=True, slots=True, kw_only=True)
class Identifier(Expression):
    """A local name (a variable, parameter, or a global such as ``undefined``)."""

    name: str

    def __post_init__(self) -> None:
        check_identifier(self.name, where="Identifier")


@dataclass(frozen=True, slots=True, kw_only=True)
class Reference(Expression):
    """A value use of a :class:`Symbol`; imported (as a value) if it has a module."""

    symbol: Symbol


@dataclass(frozen=True, slots=True, kw_only=True)
class This(Expression):
    """``this``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Super(Expression):
    """``super`` (callee of ``super(...)`` or object of ``super.method``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StringLiteral(Expression):
    """A string; quoted and escaped when printed."""

    value: str


def _check_number(value: object) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(
            f"{value!r} has no literal form; use Identifier('Infinity') / Identifier('NaN')"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class NumericLiteral(Expression):
    """A non-negative number (use :class:`Unary` ``-`` for negatives)."""

    value: int | float

    def __post_init__(self) -> None:
        _check_number(self.value)
        if isinstance(self.value, bool) or self.value < 0:
            raise ValueError(f"NumericLiteral: {self.value!r} must be a non-negative number")


@dataclass(frozen=True, slots=True, kw_only=True)
class BooleanLiteral(Expression):
    """``true`` / ``false``."""

    value: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class NullLiteral(Expression):
    """``null``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateLiteral(Expression):
    """```text${expr}text```: ``quasis`` are the (unescaped) text pieces around the
    ``expressions``; backticks, ``${`` and backslashes are escaped when printed."""

    quasis: tuple[str, ...]
    expressions: tuple[Expression, ...] = ()

    def __post_init__(self) -> None:
        if len(self.quasis) != len(self.expressions) + 1:
            raise ValueError("TemplateLiteral needs exactly one more quasi than expressions")
        for e in self.expressions:
            _expr(e, "neutral", "TemplateLiteral expression")


@dataclass(frozen=True, slots=True, kw_only=True)
class Spread(Expression):
    """``...expression`` in an array literal or call arguments."""

    expression: Expression

    def __post_init__(self) -> None:
        _expr(self.expression, "spread", "Spread")


@dataclass(frozen=True, slots=True, kw_only=True)
class ArrayLiteral(Expression):
    """``[a, b, ...c]``."""

    elements: tuple[Expression, ...] = ()

    def __post_init__(self) -> None:
        for e in self.elements:
            _expr(e, "neutral", "ArrayLiteral element")


@dataclass(frozen=True, slots=True, kw_only=True)
class ComputedName(Node):
    """``[expression]`` as an object key."""

    expression: Expression

    def __post_init__(self) -> None:
        _expr(self.expression, "neutral", "ComputedName")


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectMember(Node):
    """A member of an object literal."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PropertyAssignment(ObjectMember):
    """``key: value`` (``key`` is quoted when it is not an identifier)."""

    name: str | ComputedName
    value: Expression
    doc: JSDoc | None = None

    def __post_init__(self) -> None:
        if isinstance(self.name, str):
            _check_key(self.name, "PropertyAssignment.name")
        _expr(self.value, "neutral", "PropertyAssignment.value")


@dataclass(frozen=True, slots=True, kw_only=True)
class ShorthandProperty(ObjectMember):
    """``{ name }``."""

    name: str
    doc: JSDoc | None = None

    def __post_init__(self) -> None:
        check_identifier(self.name, where="ShorthandProperty.name")


@dataclass(frozen=True, slots=True, kw_only=True)
class SpreadAssignment(ObjectMember):
    """``{ ...expression }``."""

    expression: Expression

    def __post_init__(self) -> None:
        _expr(self.expression, "spread", "SpreadAssignment")


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectLiteral(Expression):
    """``{ a: 1, b }``; ``multiline`` keeps it expanded even when it fits on one line."""

    properties: tuple[ObjectMember, ...] = ()
    multiline: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class PropertyAccess(Expression):
    """``expression.name`` / ``expression?.name``."""

    expression: Expression
    name: str
    optional: bool = False

    def __post_init__(self) -> None:
        check_identifier(self.name, where="PropertyAccess.name", allow_reserved=True)
        _expr(self.expression, "member", "PropertyAccess.expression")


@dataclass(frozen=True, slots=True, kw_only=True)
class ElementAccess(Expression):
    """``expression[index]`` / ``expression?.[index]``."""

    expression: Expression
    index: Expression
    optional: bool = False

    def __post_init__(self) -> None:
        _expr(self.expression, "member", "ElementAccess.expression")
        _expr(self.index, "neutral", "ElementAccess.index")


@dataclass(frozen=True, slots=True, kw_only=True)
class Call(Expression):
    """``callee<T>(args)`` / ``callee?.(args)``."""

    callee: Expression
    arguments: tuple[Expression, ...] = ()
    type_arguments: tuple[TypeNode, ...] = ()
    optional: bool = False

    def __post_init__(self) -> None:
        _expr(self.callee, "callee", "Call.callee")
        for a in self.arguments:
            _expr(a, "neutral", "Call argument")


@dataclass(frozen=True, slots=True, kw_only=True)
class New(Expression):
    """``new Callee<T>(args)``."""

    callee: Expression
    arguments: tuple[Expression, ...] = ()
    type_arguments: tuple[TypeNode, ...] = ()

    def __post_init__(self) -> None:
        _expr(self.callee, "new_callee", "New.callee")
        for a in self.arguments:
            _expr(a, "neutral", "New argument")


@dataclass(frozen=True, slots=True, kw_only=True)
class Block(Statement):
    """``{ statements }``."""

    statements: tuple[Statement, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ArrowFunction(Expression):
    """``async <T>(params): R => body``; an object-literal body comes parenthesized."""

    parameters: tuple[Parameter, ...] = ()
    body: Block | Expression
    return_type: TypeNode | None = None
    type_parameters: tuple[TypeParameter, ...] = ()
    is_async: bool = False

    def __post_init__(self) -> None:
        _check_parameters(self.parameters, "ArrowFunction", allow_properties=False)
        if isinstance(self.body, ArrowFunction):
            raise ValueError(
                "ArrowFunction: an arrow returning an arrow (a curried chain) is not supported; "
                "give the outer arrow a block body that returns the inner one"
            )
        if isinstance(self.body, Expression):
            _expr(self.body, "arrow_body", "ArrowFunction.body")
        if self.return_type is not None:
            _type(self.return_type, "arrow_return", "ArrowFunction.return_type")


@dataclass(frozen=True, slots=True, kw_only=True)
class Await(Expression):
    """``await expression``."""

    expression: Expression

    def __post_init__(self) -> None:
        _expr(self.expression, "await", "Await")


@dataclass(frozen=True, slots=True, kw_only=True)
class Yield(Expression):
    """``yield expression`` / ``yield* expression``."""

    expression: Expression | None = None
    delegate: bool = False

    def __post_init__(self) -> None:
        if self.delegate and self.expression is None:
            raise ValueError("yield* needs an expression")
        if self.expression is not None:
            _expr(self.expression, "yield", "Yield")


UnaryOperator: TypeAlias = Literal["!", "-", "+", "~", "typeof", "void", "delete"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Unary(Expression):
    """A prefix operator: ``!x``, ``-x``, ``typeof x``."""

    operator: UnaryOperator
    operand: Expression

    def __post_init__(self) -> None:
        _expr(self.operand, "unary", f"Unary {self.operator}", self.operator)


BinaryOperator: TypeAlias = Literal[
    "??", "||", "&&", "==", "!=", "===", "!==", "<", ">", "<=", ">=", "in", "instanceof",
    "+", "-", "*", "/", "%",
]  # fmt: skip

_BINARY_OPERATORS = frozenset(
    {"??", "||", "&&", "==", "!=", "===", "!==", "<", ">", "<=", ">=", "in", "instanceof",
     "+", "-", "*", "/", "%"}
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Binary(Expression):
    """``left operator right``; operands that need parentheses come parenthesized
    (:func:`ts_emitter.factory.binary` adds them)."""

    left: Expression
    operator: BinaryOperator
    right: Expression

    def __post_init__(self) -> None:
        if self.operator not in _BINARY_OPERATORS:
            raise ValueError(f"Binary: unsupported operator {self.operator!r}")
        _expr(self.left, "binary_left", f"Binary {self.operator} left", self.operator)
        _expr(self.right, "binary_right", f"Binary {self.operator} right", self.operator)


AssignmentOperator: TypeAlias = Literal["=", "+=", "-=", "??=", "||=", "&&="]


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignment(Expression):
    """``target = value`` (an expression; wrap it in :class:`ExpressionStatement`)."""

    target: Expression
    operator: AssignmentOperator = "="
    value: Expression

    def __post_init__(self) -> None:
        if not isinstance(self.target, Identifier | PropertyAccess | ElementAccess | Raw):
            raise ValueError("Assignment.target must be an identifier or a member access")
        target: Expression = self.target
        while isinstance(target, PropertyAccess | ElementAccess | NonNull):
            if not isinstance(target, NonNull) and target.optional:
                raise ValueError("Assignment.target must not contain optional chaining (?.)")
            target = target.expression
        _expr(self.value, "assign_value", "Assignment.value")


@dataclass(frozen=True, slots=True, kw_only=True)
class AsExpression(Expression):
    """``expression as Type``."""

    expression: Expression
    type: TypeNode

    def __post_init__(self) -> None:
        _expr(self.expression, "cast", "AsExpression")


@dataclass(frozen=True, slots=True, kw_only=True)
class SatisfiesExpression(Expression):
    """``expression satisfies Type``."""

    expression: Expression
    type: TypeNode

    def __post_init__(self) -> None:
        _expr(self.expression, "cast", "SatisfiesExpression")


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeAssertion(Expression):
    """``<Type>expression``."""

    type: TypeNode
    expression: Expression

    def __post_init__(self) -> None:
        _expr(self.expression, "assertion", "TypeAssertion")


@dataclass(frozen=True, slots=True, kw_only=True)
class NonNull(Expression):
    """``expression!``."""

    expression: Expression

    def __post_init__(self) -> None:
        _expr(self.expression, "member", "NonNull.expression")


@dataclass(frozen=True, slots=True, kw_only=True)
class ParenthesizedExpression(Expression):
    """``(expression)``; made by the factory where precedence needs it."""

    expression: Expression


def _expr(child: Expression, context: ExpressionContext, where: str, op: str | None = None) -> None:
    from ts_emitter.parens import check_expression_child

    check_expression_child(child, context, where, op)


def _type(child: TypeNode, context: TypeContext, where: str) -> None:
    from ts_emitter.parens import check_type_child

    check_type_child(child, context, where)


def _check_key(name: str, where: str) -> None:
    if not isinstance(name, str) or not name:
        raise InvalidIdentifierError(f"{where}: a key must be a non-empty string, got {name!r}")


def _check_parameters(params: tuple[Parameter, ...], where: str, *, allow_properties: bool) -> None:
    seen: set[str] = set()
    for i, p in enumerate(params):
        if p.name in seen:
            raise ValueError(f"{where}: duplicate parameter {p.name!r}")
        seen.add(p.name)
        if p.rest and i != len(params) - 1:
            raise ValueError(f"{where}: the rest parameter {p.name!r} must come last")
        if not allow_properties and (p.accessibility is not None or p.readonly):
            raise ValueError(f"{where}: parameter properties are only allowed in constructors")


# ---------------------------------------------------------------------------------------------
# Statements


@dataclass(frozen=True, slots=True, kw_only=True)
class ExpressionStatement(Statement):
    """``expression;``."""

    expression: Expression

    def __post_init__(self) -> None:
        e = self.expression
        while isinstance(e, Call | PropertyAccess | ElementAccess | NonNull | Binary):
            e = (
                e.callee
                if isinstance(e, Call)
                else e.left
                if isinstance(e, Binary)
                else e.expression
            )
        if isinstance(e, ObjectLiteral):
            raise ValueError("ExpressionStatement must not start with an object literal")
        _expr(self.expression, "statement", "ExpressionStatement")


@dataclass(frozen=True, slots=True, kw_only=True)
class VariableStatement(Declaration):
    """``export const name: Type = initializer;``."""

    kind: Literal["const", "let"] = "const"
    name: str
    type: TypeNode | None = None
    initializer: Expression | None = None
    exported: bool = False
    doc: JSDoc | None = None

    def __post_init__(self) -> None:
        check_identifier(self.name, where="VariableStatement.name")
        if self.kind == "const" and self.initializer is None:
            raise ValueError(f"const {self.name!r} needs an initializer")
        if self.initializer is not None:
            _expr(self.initializer, "neutral", "VariableStatement.initializer")


@dataclass(frozen=True, slots=True, kw_only=True)
class Return(Statement):
    """``return expression;``."""

    expression: Expression | None = None

    def __post_init__(self) -> None:
        if self.expression is not None:
            _expr(self.expression, "neutral", "Return")


@dataclass(frozen=True, slots=True, kw_only=True)
class Throw(Statement):
    """``throw expression;``."""

    expression: Expression

    def __post_init__(self) -> None:
        _expr(self.expression, "neutral", "Throw")


@dataclass(frozen=True, slots=True, kw_only=True)
class If(Statement):
    """``if (condition) { ... } else ...``."""

    condition: Expression
    then: Block
    else_: Block | If | None = None

    def __post_init__(self) -> None:
        _expr(self.condition, "neutral", "If.condition")


@dataclass(frozen=True, slots=True, kw_only=True)
class ForOf(Statement):
    """``for (const name of iterable) { ... }`` (``for await`` when ``is_await``)."""

    kind: Literal["const", "let"] = "const"
    name: str
    iterable: Expression
    body: Block
    is_await: bool = False

    def __post_init__(self) -> None:
        check_identifier(self.name, where="ForOf.name")
        _expr(self.iterable, "neutral", "ForOf.iterable")


@dataclass(frozen=True, slots=True, kw_only=True)
class Try(Statement):
    """``try { } catch (name) { } finally { }``."""

    block: Block
    catch_name: str | None = None
    catch_block: Block | None = None
    finally_block: Block | None = None

    def __post_init__(self) -> None:
        if self.catch_block is None and self.finally_block is None:
            raise ValueError("Try needs a catch block, a finally block, or both")
        if self.catch_name is not None:
            check_identifier(self.catch_name, where="Try.catch_name")
            if self.catch_block is None:
                raise ValueError("Try.catch_name without catch_block")


@dataclass(frozen=True, slots=True, kw_only=True)
class Break(Statement):
    """``break;``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Continue(Statement):
    """``continue;``."""


# ---------------------------------------------------------------------------------------------
# Declarations


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportSpecifier(Node):
    """``name`` or ``name as alias`` inside ``import { ... }``."""

    name: str
    alias: str | None = None

    def __post_init__(self) -> None:
        check_identifier(self.name, where="ImportSpecifier.name", allow_reserved=True)
        if self.alias is not None:
            check_identifier(self.alias, where="ImportSpecifier.alias")
        elif self.name in RESERVED_WORDS:
            raise InvalidIdentifierError(
                f"ImportSpecifier: importing {self.name!r} needs an alias (it is reserved)"
            )

    @property
    def local(self) -> str:
        """The name bound in the importing module."""
        return self.alias or self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportDeclaration(Declaration):
    """``import [type] default, { a, b as c } from "module";`` / ``import * as ns from``.

    Imports of :class:`Symbol` references are made by the printer; list here only what the
    tree does not reference (side-effect imports: no names at all).
    """

    module: str
    default: str | None = None
    namespace: str | None = None
    names: tuple[ImportSpecifier, ...] = ()
    type_only: bool = False

    def __post_init__(self) -> None:
        if not self.module:
            raise ValueError("ImportDeclaration.module must be non-empty")
        if self.default is not None:
            check_identifier(self.default, where="ImportDeclaration.default")
        if self.namespace is not None:
            check_identifier(self.namespace, where="ImportDeclaration.namespace")
            if self.names:
                raise ValueError("ImportDeclaration: a namespace import cannot list names")
        if self.type_only and self.default is not None and (self.names or self.namespace):
            raise ValueError("import type cannot combine a default with named bindings")
        if self.type_only and not (self.default or self.namespace or self.names):
            raise ValueError("import type needs at least one binding")


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportSpecifier(Node):
    """``name`` or ``name as alias`` inside ``export { ... }``."""

    name: str
    alias: str | None = None

    def __post_init__(self) -> None:
        check_identifier(self.name, where="ExportSpecifier.name", allow_reserved=True)
        if self.alias is not None:
            check_identifier(self.alias, where="ExportSpecifier.alias", allow_reserved=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportDeclaration(Declaration):
    """``export [type] { a, b as c } [from "module"];`` / ``export * [as ns] from "module";``.

    ``names=()`` with a ``module`` is ``export *``.
    """

    names: tuple[ExportSpecifier, ...] = ()
    module: str | None = None
    namespace: str | None = None
    type_only: bool = False

    def __post_init__(self) -> None:
        if self.module is None and (self.namespace is not None or not self.names):
            raise ValueError("ExportDeclaration: export * and empty exports need a module")
        if self.namespace is not None:
            check_identifier(self.namespace, where="ExportDeclaration.namespace")
            if self.names:
                raise ValueError("ExportDeclaration: export * as ns cannot list names")


@dataclass(frozen=True, slots=True, kw_only=True)
class InterfaceDeclaration(Declaration):
    """``export interface Name<T> extends A, B { members }``."""

    name: str
    members: tuple[TypeMember, ...] = ()
    type_parameters: tuple[TypeParameter, ...] = ()
    extends: tuple[TypeReference, ...] = ()
    exported: bool = False
    doc: JSDoc | None = None

    def __post_init__(self) -> None:
        check_type_name(self.name, where="InterfaceDeclaration.name")


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeAliasDeclaration(Declaration):
    """``export type Name<T> = type;``."""

    name: str
    type: TypeNode
    type_parameters: tuple[TypeParameter, ...] = ()
    exported: bool = False
    doc: JSDoc | None = None

    def __post_init__(self) -> None:
        check_type_name(self.name, where="TypeAliasDeclaration.name")


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumMember(Node):
    """``Name = value`` in an enum (``Name`` is quoted when it is not an identifier)."""

    name: str
    value: str | int | None = None
    doc: JSDoc | None = None

    def __post_init__(self) -> None:
        _check_key(self.name, "EnumMember.name")
        if self.name.isdigit():
            raise InvalidIdentifierError(f"EnumMember: a numeric name ({self.name!r}) is invalid")
        if isinstance(self.value, bool) or (isinstance(self.value, int) and self.value < 0):
            raise ValueError(f"EnumMember {self.name!r}: value must be a string or an int >= 0")


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumDeclaration(Declaration):
    """``export enum Name { A = "a", B = "b" }``."""

    name: str
    members: tuple[EnumMember, ...]
    const: bool = False
    exported: bool = False
    doc: JSDoc | None = None

    def __post_init__(self) -> None:
        check_type_name(self.name, where="EnumDeclaration.name")


Accessibility: TypeAlias = Literal["public", "protected", "private"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClassMember(Node):
    """A member of a class body."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PropertyDeclaration(ClassMember):
    """``private static readonly name?: Type = initializer;`` (``!`` when ``definite``)."""

    name: str
    type: TypeNode | None = None
    initializer: Expression | None = None
    optional: bool = False
    definite: bool = False
    readonly: bool = False
    static: bool = False
    accessibility: Accessibility | None = None
    doc: JSDoc | None = None

    def __post_init__(self) -> None:
        _check_key(self.name, "PropertyDeclaration.name")
        if self.optional and self.definite:
            raise ValueError(f"property {self.name!r}: '?' and '!' exclude each other")
        if self.definite and (self.initializer is not None or self.type is None):
            raise ValueError(f"property {self.name!r}: '!' needs a type and no initializer")
        if self.initializer is not None:
            _expr(self.initializer, "neutral", "PropertyDeclaration.initializer")


@dataclass(frozen=True, slots=True, kw_only=True)
class Constructor(ClassMember):
    """``constructor(params) { body }``; parameters may be parameter properties."""

    parameters: tuple[Parameter, ...] = ()
    body: Block = Block()
    accessibility: Accessibility | None = None
    doc: JSDoc | None = None

    def __post_init__(self) -> None:
        _check_parameters(self.parameters, "Constructor", allow_properties=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class MethodDeclaration(ClassMember):
    """``public static async *name<T>(params): R { body }`` (no body when ``abstract``)."""

    name: str
    parameters: tuple[Parameter, ...] = ()
    return_type: TypeNode | None = None
    body: Block | None = None
    type_parameters: tuple[TypeParameter, ...] = ()
    is_async: bool = False
    generator: bool = False
    static: bool = False
    abstract: bool = False
    accessibility: Accessibility | None = None
    doc: JSDoc | None = None

    def __post_init__(self) -> None:
        _check_key(self.name, "MethodDeclaration.name")
        _check_parameters(self.parameters, f"method {self.name!r}", allow_properties=False)
        if (self.body is None) != self.abstract:
            raise ValueError(f"method {self.name!r}: exactly abstract methods have no body")
        if self.abstract and (self.is_async or self.generator):
            raise ValueError(f"method {self.name!r}: an abstract method cannot be async or '*'")


@dataclass(frozen=True, slots=True, kw_only=True)
class GetAccessor(ClassMember):
    """``get name(): R { body }``."""

    name: str
    return_type: TypeNode | None = None
    body: Block
    static: bool = False
    accessibility: Accessibility | None = None
    doc: JSDoc | None = None

    def __post_init__(self) -> None:
        _check_key(self.name, "GetAccessor.name")


@dataclass(frozen=True, slots=True, kw_only=True)
class SetAccessor(ClassMember):
    """``set name(value: T) { body }``."""

    name: str
    parameter: Parameter
    body: Block
    static: bool = False
    accessibility: Accessibility | None = None
    doc: JSDoc | None = None

    def __post_init__(self) -> None:
        _check_key(self.name, "SetAccessor.name")


@dataclass(frozen=True, slots=True, kw_only=True)
class ClassDeclaration(Declaration):
    """``export abstract class Name<T> extends Base<A> implements I { members }``.

    ``extends`` is a value use of its name (imported as a value), ``implements`` a type use.
    """

    name: str
    members: tuple[ClassMember, ...] = ()
    type_parameters: tuple[TypeParameter, ...] = ()
    extends: TypeReference | None = None
    implements: tuple[TypeReference, ...] = ()
    abstract: bool = False
    exported: bool = False
    doc: JSDoc | None = None

    def __post_init__(self) -> None:
        check_type_name(self.name, where="ClassDeclaration.name")
        if sum(isinstance(m, Constructor) for m in self.members) > 1:
            raise ValueError(f"class {self.name!r}: more than one constructor")
        for m in self.members:
            if isinstance(m, MethodDeclaration) and m.abstract and not self.abstract:
                raise ValueError(f"class {self.name!r}: abstract method in a non-abstract class")


@dataclass(frozen=True, slots=True, kw_only=True)
class FunctionDeclaration(Declaration):
    """``export async function* name<T>(params): R { body }``."""

    name: str
    parameters: tuple[Parameter, ...] = ()
    return_type: TypeNode | None = None
    body: Block = Block()
    type_parameters: tuple[TypeParameter, ...] = ()
    is_async: bool = False
    generator: bool = False
    exported: bool = False
    doc: JSDoc | None = None

    def __post_init__(self) -> None:
        check_identifier(self.name, where="FunctionDeclaration.name")
        _check_parameters(self.parameters, f"function {self.name!r}", allow_properties=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceFile(Node):
    """A module: a header comment, explicit imports, then statements.

    Imports needed by :class:`Symbol` references are added by the printer, merged with
    ``imports``, deduplicated and sorted.
    """

    statements: tuple[Statement, ...] = ()
    imports: tuple[ImportDeclaration, ...] = ()
    header: JSDoc | None = None


def is_valid_identifier(name: str) -> bool:
    """True if ``name`` is an identifier name (re-exported for convenience)."""
    return is_identifier(name)

"""One small documented helper per construct; the helpers add the parentheses precedence
needs (and only those), so trees built here always satisfy the node invariants.

>>> from ts_emitter import factory as f
>>> f.array_of(f.union(f.string(), f.number()))  # doctest: +ELLIPSIS
ArrayType(element=ParenthesizedType(type=UnionType(...)))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from ts_emitter import nodes as n
from ts_emitter.parens import wrap_expression, wrap_type

__all__ = [
    "and_",
    "any_",
    "array",
    "array_of",
    "arrow",
    "as_",
    "assign",
    "async_iterable_iterator",
    "await_",
    "binary",
    "block",
    "boolean",
    "call",
    "class_",
    "const",
    "constructor",
    "element",
    "enum",
    "enum_member",
    "export_from",
    "export_star",
    "expr",
    "false_",
    "for_of",
    "function",
    "getter",
    "ident",
    "if_",
    "import_",
    "index_signature",
    "indexed",
    "interface",
    "intersection",
    "jsdoc",
    "keyof",
    "keyword",
    "let",
    "literal",
    "member",
    "method",
    "method_signature",
    "never",
    "new",
    "non_null",
    "not_",
    "null",
    "null_",
    "number",
    "number_",
    "obj",
    "object_type",
    "or_",
    "param",
    "promise",
    "prop",
    "property",
    "property_signature",
    "readonly_",
    "record",
    "ref",
    "reference",
    "return_",
    "satisfies",
    "shorthand",
    "source_file",
    "spread",
    "spread_props",
    "string",
    "string_",
    "string_union",
    "template",
    "this",
    "throw",
    "true_",
    "try_",
    "tuple_",
    "type_alias",
    "type_assertion",
    "type_fn",
    "type_param",
    "typeof_",
    "undefined",
    "undefined_",
    "union",
    "unknown",
    "void",
    "yield_",
]

Expr = n.Expression
Type = n.TypeNode

# -- types ------------------------------------------------------------------------------------


def keyword(name: n.KeywordTypeName) -> n.KeywordType:
    """A predefined type by name (``"string"``, ``"unknown"`` ...)."""
    return n.KeywordType(keyword=name)


def string() -> n.KeywordType:
    """``string``."""
    return keyword("string")


def number() -> n.KeywordType:
    """``number``."""
    return keyword("number")


def boolean() -> n.KeywordType:
    """``boolean``."""
    return keyword("boolean")


def unknown() -> n.KeywordType:
    """``unknown``."""
    return keyword("unknown")


def any_() -> n.KeywordType:
    """``any``."""
    return keyword("any")


def void() -> n.KeywordType:
    """``void``."""
    return keyword("void")


def never() -> n.KeywordType:
    """``never``."""
    return keyword("never")


def undefined() -> n.KeywordType:
    """``undefined`` (the type)."""
    return keyword("undefined")


def null() -> n.KeywordType:
    """``null`` (the type)."""
    return keyword("null")


def ref(name: n.TypeName, *type_arguments: Type) -> n.TypeReference:
    """A type reference: ``ref("Foo")``, ``ref(Symbol("Foo", "./foo"), string())``."""
    return n.TypeReference(name=name, type_arguments=type_arguments)


def promise(t: Type) -> n.TypeReference:
    """``Promise<t>``."""
    return ref("Promise", t)


def async_iterable_iterator(t: Type) -> n.TypeReference:
    """``AsyncIterableIterator<t>``."""
    return ref("AsyncIterableIterator", t)


def record(key: Type, value: Type) -> n.TypeReference:
    """``Record<key, value>``."""
    return ref("Record", key, value)


def union(*types: Type) -> Type:
    """``A | B``: nested unions are flattened, members parenthesized where needed; a single
    member is returned as is."""
    flat: list[Type] = []
    for t in types:
        inner = t.type if isinstance(t, n.ParenthesizedType) else t
        flat.extend(inner.types if isinstance(inner, n.UnionType) else (inner,))
    if not flat:
        raise ValueError("union() needs at least one type")
    if len(flat) == 1:
        return flat[0]
    return n.UnionType(types=tuple(wrap_type(t, "union") for t in flat))


def string_union(*values: str) -> Type:
    """A union of string literal types: ``"a" | "b"``."""
    return union(*(literal(v) for v in values))


def intersection(*types: Type) -> Type:
    """``A & B``, members parenthesized where needed."""
    if len(types) == 1:
        return types[0]
    return n.IntersectionType(types=tuple(wrap_type(t, "intersection") for t in types))


def array_of(t: Type) -> n.ArrayType:
    """``t[]``, parenthesizing unions, functions and type operators: ``(A | B)[]``."""
    return n.ArrayType(element=wrap_type(t, "array"))


def tuple_(*elements: Type) -> n.TupleType:
    """``[A, B]``."""
    return n.TupleType(elements=elements)


def literal(value: str | int | float | bool) -> n.LiteralType:
    """A literal type: ``"a"``, ``1``, ``true``."""
    return n.LiteralType(value=value)


def keyof(t: Type) -> n.TypeOperator:
    """``keyof t``."""
    return n.TypeOperator(operator="keyof", type=wrap_type(t, "operator"))


def readonly_(t: Type) -> n.TypeOperator:
    """``readonly t`` (of an array or tuple type: ``readonly string[]``)."""
    return n.TypeOperator(operator="readonly", type=wrap_type(t, "operator"))


def indexed(object_type: Type, index: Type) -> n.IndexedAccessType:
    """``object_type[index]``."""
    return n.IndexedAccessType(
        object_type=wrap_type(object_type, "indexed_object"), index_type=index
    )


def typeof_(name: n.TypeName) -> n.TypeQuery:
    """``typeof name`` in a type."""
    return n.TypeQuery(name=name)


def type_fn(
    params: Iterable[n.Parameter], returns: Type, *, type_params: Iterable[n.TypeParameter] = ()
) -> n.FunctionType:
    """A function type ``(a: A) => R``."""
    return n.FunctionType(
        parameters=tuple(params),
        return_type=returns,
        type_parameters=tuple(type_params),
    )


def object_type(*members: n.TypeMember, multiline: bool = False) -> n.TypeLiteral:
    """A type literal ``{ a: string }``."""
    return n.TypeLiteral(members=members, multiline=multiline)


def property_signature(
    name: str,
    type: Type,
    *,
    optional: bool = False,
    readonly: bool = False,
    doc: n.JSDoc | str | None = None,
) -> n.PropertySignature:
    """An interface / type-literal property ``readonly name?: type``."""
    return n.PropertySignature(
        name=name, type=type, optional=optional, readonly=readonly, doc=_doc(doc)
    )


def method_signature(
    name: str,
    params: Iterable[n.Parameter],
    returns: Type | None,
    *,
    type_params: Iterable[n.TypeParameter] = (),
    optional: bool = False,
    doc: n.JSDoc | str | None = None,
) -> n.MethodSignature:
    """An interface method ``name(params): returns``."""
    return n.MethodSignature(
        name=name,
        parameters=tuple(params),
        return_type=returns,
        type_parameters=tuple(type_params),
        optional=optional,
        doc=_doc(doc),
    )


def index_signature(key_type: Type, value: Type, *, name: str = "key") -> n.IndexSignature:
    """``[key: string]: value``."""
    return n.IndexSignature(parameter_name=name, key_type=key_type, type=value)


def type_param(
    name: str, *, extends: Type | None = None, default: Type | None = None
) -> n.TypeParameter:
    """A type parameter ``name extends C = D``."""
    return n.TypeParameter(name=name, constraint=extends, default=default)


def param(
    name: str,
    type: Type | None = None,
    *,
    optional: bool = False,
    default: Expr | None = None,
    rest: bool = False,
    accessibility: n.Accessibility | None = None,
    readonly: bool = False,
) -> n.Parameter:
    """A parameter ``name?: type = default`` (``accessibility`` / ``readonly`` for
    constructor parameter properties)."""
    return n.Parameter(
        name=name,
        type=type,
        optional=optional,
        initializer=None if default is None else wrap_expression(default, "neutral"),
        rest=rest,
        accessibility=accessibility,
        readonly=readonly,
    )


# -- JSDoc ------------------------------------------------------------------------------------


def jsdoc(
    text: str = "",
    *,
    params: Mapping[str, str] | None = None,
    returns: str | None = None,
    deprecated: str | bool = False,
    example: str | None = None,
    tags: Iterable[n.JSDocTag] = (),
) -> n.JSDoc:
    """A JSDoc comment: text, then ``@param``, ``@returns``, ``@deprecated``, ``@example``
    and any further ``tags``."""
    out: list[n.JSDocTag] = []
    for name, description in (params or {}).items():
        out.append(
            n.JSDocTag(tag="param", name=name, text=f"- {description}" if description else "")
        )
    if returns is not None:
        out.append(n.JSDocTag(tag="returns", text=returns))
    if deprecated:
        out.append(n.JSDocTag(tag="deprecated", text="" if deprecated is True else deprecated))
    if example is not None:
        out.append(n.JSDocTag(tag="example", text=example))
    out.extend(tags)
    return n.JSDoc(text=text, tags=tuple(out))


def _doc(doc: n.JSDoc | str | None) -> n.JSDoc | None:
    return jsdoc(doc) if isinstance(doc, str) else doc


# -- expressions ------------------------------------------------------------------------------


def ident(name: str) -> n.Identifier:
    """A local name."""
    return n.Identifier(name=name)


def reference(symbol: n.Symbol) -> n.Reference:
    """A value use of an imported (or global) symbol."""
    return n.Reference(symbol=symbol)


def this() -> n.This:
    """``this``."""
    return n.This()


def string_(value: str) -> n.StringLiteral:
    """A string literal."""
    return n.StringLiteral(value=value)


def number_(value: int | float) -> Expr:
    """A number literal (negative numbers become ``-x``)."""
    if value < 0:
        return n.Unary(operator="-", operand=n.NumericLiteral(value=-value))
    return n.NumericLiteral(value=value)


def true_() -> n.BooleanLiteral:
    """``true``."""
    return n.BooleanLiteral(value=True)


def false_() -> n.BooleanLiteral:
    """``false``."""
    return n.BooleanLiteral(value=False)


def null_() -> n.NullLiteral:
    """``null``."""
    return n.NullLiteral()


def undefined_() -> n.Identifier:
    """``undefined``."""
    return ident("undefined")


def template(*parts: str | Expr) -> n.TemplateLiteral:
    """A template literal from alternating text and expressions:
    ``template("/models/", ident("id"), "/items")``."""
    quasis: list[str] = [""]
    expressions: list[Expr] = []
    for part in parts:
        if isinstance(part, str):
            quasis[-1] += part
        else:
            expressions.append(wrap_expression(part, "neutral"))
            quasis.append("")
    return n.TemplateLiteral(quasis=tuple(quasis), expressions=tuple(expressions))


def array(*elements: Expr) -> n.ArrayLiteral:
    """``[a, b]``."""
    return n.ArrayLiteral(elements=tuple(wrap_expression(e, "neutral") for e in elements))


def spread(e: Expr) -> n.Spread:
    """``...e`` (in arrays and arguments)."""
    return n.Spread(expression=wrap_expression(e, "spread"))


def prop(
    name: str | n.ComputedName, value: Expr, *, doc: n.JSDoc | str | None = None
) -> n.PropertyAssignment:
    """An object property ``name: value``."""
    return n.PropertyAssignment(name=name, value=wrap_expression(value, "neutral"), doc=_doc(doc))


def shorthand(name: str) -> n.ShorthandProperty:
    """``{ name }``."""
    return n.ShorthandProperty(name=name)


def spread_props(e: Expr) -> n.SpreadAssignment:
    """``{ ...e }``."""
    return n.SpreadAssignment(expression=wrap_expression(e, "spread"))


def obj(
    *members: n.ObjectMember | tuple[str, Expr],
    multiline: bool = False,
    **properties: Expr,
) -> n.ObjectLiteral:
    """An object literal from members, ``(key, value)`` pairs and keyword properties."""
    out: list[n.ObjectMember] = []
    for m in members:
        out.append(prop(m[0], m[1]) if isinstance(m, tuple) else m)
    out.extend(prop(k, v) for k, v in properties.items())
    return n.ObjectLiteral(properties=tuple(out), multiline=multiline)


def member(e: Expr, name: str, *, optional: bool = False) -> n.PropertyAccess:
    """``e.name`` / ``e?.name``."""
    return n.PropertyAccess(expression=wrap_expression(e, "member"), name=name, optional=optional)


def element(e: Expr, index: Expr, *, optional: bool = False) -> n.ElementAccess:
    """``e[index]``."""
    return n.ElementAccess(
        expression=wrap_expression(e, "member"),
        index=wrap_expression(index, "neutral"),
        optional=optional,
    )


def call(
    callee: Expr,
    *args: Expr,
    type_args: Iterable[Type] = (),
    optional: bool = False,
) -> n.Call:
    """``callee<T>(args)``."""
    return n.Call(
        callee=wrap_expression(callee, "callee"),
        arguments=tuple(wrap_expression(a, "neutral") for a in args),
        type_arguments=tuple(type_args),
        optional=optional,
    )


def new(callee: Expr, *args: Expr, type_args: Iterable[Type] = ()) -> n.New:
    """``new Callee<T>(args)``."""
    return n.New(
        callee=wrap_expression(callee, "new_callee"),
        arguments=tuple(wrap_expression(a, "neutral") for a in args),
        type_arguments=tuple(type_args),
    )


def arrow(
    params: Iterable[n.Parameter],
    body: Expr | n.Block,
    *,
    returns: Type | None = None,
    type_params: Iterable[n.TypeParameter] = (),
    is_async: bool = False,
) -> n.ArrowFunction:
    """``async (params): R => body``; an object-literal body is parenthesized."""
    return n.ArrowFunction(
        parameters=tuple(params),
        body=body if isinstance(body, n.Block) else wrap_expression(body, "arrow_body"),
        return_type=None if returns is None else wrap_type(returns, "arrow_return"),
        type_parameters=tuple(type_params),
        is_async=is_async,
    )


def await_(e: Expr) -> n.Await:
    """``await e``."""
    return n.Await(expression=wrap_expression(e, "await"))


def yield_(e: Expr | None = None, *, delegate: bool = False) -> n.Yield:
    """``yield e`` / ``yield* e``."""
    return n.Yield(expression=None if e is None else wrap_expression(e, "yield"), delegate=delegate)


def unary(operator: n.UnaryOperator, e: Expr) -> n.Unary:
    """A prefix operator."""
    return n.Unary(operator=operator, operand=wrap_expression(e, "unary", operator))


def not_(e: Expr) -> n.Unary:
    """``!e``."""
    return unary("!", e)


def binary(left: Expr, operator: n.BinaryOperator, right: Expr) -> n.Binary:
    """``left operator right`` with the parentheses prettier prints."""
    return n.Binary(
        left=wrap_expression(left, "binary_left", operator),
        operator=operator,
        right=wrap_expression(right, "binary_right", operator),
    )


def and_(*operands: Expr) -> Expr:
    """``a && b && c``."""
    return _chain("&&", operands)


def or_(*operands: Expr) -> Expr:
    """``a || b || c``."""
    return _chain("||", operands)


def _chain(operator: n.BinaryOperator, operands: Iterable[Expr]) -> Expr:
    items = list(operands)
    result = items[0]
    for item in items[1:]:
        result = binary(result, operator, item)
    return result


def assign(target: Expr, value: Expr, operator: n.AssignmentOperator = "=") -> n.Assignment:
    """``target = value`` (wrap in :func:`expr` to make a statement)."""
    return n.Assignment(
        target=target,
        operator=operator,
        value=wrap_expression(value, "assign_value"),
    )


def as_(e: Expr, t: Type) -> n.AsExpression:
    """``e as T``."""
    return n.AsExpression(expression=wrap_expression(e, "cast"), type=t)


def satisfies(e: Expr, t: Type) -> n.SatisfiesExpression:
    """``e satisfies T``."""
    return n.SatisfiesExpression(expression=wrap_expression(e, "cast"), type=t)


def type_assertion(t: Type, e: Expr) -> n.TypeAssertion:
    """``<T>e``."""
    return n.TypeAssertion(type=t, expression=wrap_expression(e, "assertion"))


def non_null(e: Expr) -> n.NonNull:
    """``e!``."""
    return n.NonNull(expression=wrap_expression(e, "member"))


# -- statements -------------------------------------------------------------------------------


def expr(e: Expr) -> n.ExpressionStatement:
    """``e;``."""
    return n.ExpressionStatement(expression=wrap_expression(e, "statement"))


def block(*statements: n.Statement) -> n.Block:
    """``{ statements }``."""
    return n.Block(statements=statements)


def _var(
    kind: Literal["const", "let"],
    name: str,
    init: Expr | None,
    type: Type | None,
    exported: bool,
    doc: n.JSDoc | str | None,
) -> n.VariableStatement:
    return n.VariableStatement(
        kind=kind,
        name=name,
        type=type,
        initializer=None if init is None else wrap_expression(init, "neutral"),
        exported=exported,
        doc=_doc(doc),
    )


def const(
    name: str,
    init: Expr,
    *,
    type: Type | None = None,
    exported: bool = False,
    doc: n.JSDoc | str | None = None,
) -> n.VariableStatement:
    """``const name: type = init;``."""
    return _var("const", name, init, type, exported, doc)


def let(
    name: str,
    init: Expr | None = None,
    *,
    type: Type | None = None,
    exported: bool = False,
) -> n.VariableStatement:
    """``let name: type = init;``."""
    return _var("let", name, init, type, exported, None)


def return_(e: Expr | None = None) -> n.Return:
    """``return e;``."""
    return n.Return(expression=None if e is None else wrap_expression(e, "neutral"))


def throw(e: Expr) -> n.Throw:
    """``throw e;``."""
    return n.Throw(expression=wrap_expression(e, "neutral"))


def if_(condition: Expr, then: n.Block, else_: n.Block | n.If | None = None) -> n.If:
    """``if (condition) { } else { }``."""
    return n.If(condition=wrap_expression(condition, "neutral"), then=then, else_=else_)


def for_of(
    name: str,
    iterable: Expr,
    body: n.Block,
    *,
    is_await: bool = False,
    kind: Literal["const", "let"] = "const",
) -> n.ForOf:
    """``for (const name of iterable) { }`` (``for await`` when ``is_await``)."""
    return n.ForOf(
        kind=kind,
        name=name,
        iterable=wrap_expression(iterable, "neutral"),
        body=body,
        is_await=is_await,
    )


def try_(
    body: n.Block,
    *,
    catch_name: str | None = None,
    catch: n.Block | None = None,
    finally_: n.Block | None = None,
) -> n.Try:
    """``try { } catch (e) { } finally { }``."""
    return n.Try(block=body, catch_name=catch_name, catch_block=catch, finally_block=finally_)


# -- declarations -----------------------------------------------------------------------------


def interface(
    name: str,
    *members: n.TypeMember,
    extends: Iterable[n.TypeReference] = (),
    type_params: Iterable[n.TypeParameter] = (),
    exported: bool = True,
    doc: n.JSDoc | str | None = None,
) -> n.InterfaceDeclaration:
    """``export interface Name extends A { members }``."""
    return n.InterfaceDeclaration(
        name=name,
        members=members,
        extends=tuple(extends),
        type_parameters=tuple(type_params),
        exported=exported,
        doc=_doc(doc),
    )


def type_alias(
    name: str,
    t: Type,
    *,
    type_params: Iterable[n.TypeParameter] = (),
    exported: bool = True,
    doc: n.JSDoc | str | None = None,
) -> n.TypeAliasDeclaration:
    """``export type Name = t;``."""
    return n.TypeAliasDeclaration(
        name=name,
        type=t,
        type_parameters=tuple(type_params),
        exported=exported,
        doc=_doc(doc),
    )


def enum_member(
    name: str, value: str | int | None = None, *, doc: n.JSDoc | str | None = None
) -> n.EnumMember:
    """``Name = value`` in an enum."""
    return n.EnumMember(name=name, value=value, doc=_doc(doc))


def enum(
    name: str,
    *members: n.EnumMember,
    exported: bool = True,
    const: bool = False,
    doc: n.JSDoc | str | None = None,
) -> n.EnumDeclaration:
    """``export enum Name { ... }``."""
    return n.EnumDeclaration(
        name=name, members=members, exported=exported, const=const, doc=_doc(doc)
    )


def property(
    name: str,
    type: Type | None = None,
    *,
    init: Expr | None = None,
    optional: bool = False,
    definite: bool = False,
    readonly: bool = False,
    static: bool = False,
    accessibility: n.Accessibility | None = None,
    doc: n.JSDoc | str | None = None,
) -> n.PropertyDeclaration:
    """A class field."""
    return n.PropertyDeclaration(
        name=name,
        type=type,
        initializer=None if init is None else wrap_expression(init, "neutral"),
        optional=optional,
        definite=definite,
        readonly=readonly,
        static=static,
        accessibility=accessibility,
        doc=_doc(doc),
    )


def constructor(
    params: Iterable[n.Parameter], *statements: n.Statement, doc: n.JSDoc | str | None = None
) -> n.Constructor:
    """``constructor(params) { statements }``."""
    return n.Constructor(parameters=tuple(params), body=block(*statements), doc=_doc(doc))


def method(
    name: str,
    params: Iterable[n.Parameter],
    returns: Type | None,
    *statements: n.Statement,
    type_params: Iterable[n.TypeParameter] = (),
    is_async: bool = False,
    generator: bool = False,
    static: bool = False,
    abstract: bool = False,
    accessibility: n.Accessibility | None = None,
    doc: n.JSDoc | str | None = None,
) -> n.MethodDeclaration:
    """A class method (no body when ``abstract``)."""
    return n.MethodDeclaration(
        name=name,
        parameters=tuple(params),
        return_type=returns,
        body=None if abstract else block(*statements),
        type_parameters=tuple(type_params),
        is_async=is_async,
        generator=generator,
        static=static,
        abstract=abstract,
        accessibility=accessibility,
        doc=_doc(doc),
    )


def getter(
    name: str, returns: Type | None, *statements: n.Statement, doc: n.JSDoc | str | None = None
) -> n.GetAccessor:
    """``get name(): R { }``."""
    return n.GetAccessor(name=name, return_type=returns, body=block(*statements), doc=_doc(doc))


def class_(
    name: str,
    *members: n.ClassMember,
    extends: n.TypeReference | None = None,
    implements: Iterable[n.TypeReference] = (),
    type_params: Iterable[n.TypeParameter] = (),
    abstract: bool = False,
    exported: bool = True,
    doc: n.JSDoc | str | None = None,
) -> n.ClassDeclaration:
    """``export class Name<T> extends Base implements I { members }``."""
    return n.ClassDeclaration(
        name=name,
        members=members,
        extends=extends,
        implements=tuple(implements),
        type_parameters=tuple(type_params),
        abstract=abstract,
        exported=exported,
        doc=_doc(doc),
    )


def function(
    name: str,
    params: Iterable[n.Parameter],
    returns: Type | None,
    *statements: n.Statement,
    type_params: Iterable[n.TypeParameter] = (),
    is_async: bool = False,
    generator: bool = False,
    exported: bool = True,
    doc: n.JSDoc | str | None = None,
) -> n.FunctionDeclaration:
    """``export async function name(params): R { }``."""
    return n.FunctionDeclaration(
        name=name,
        parameters=tuple(params),
        return_type=returns,
        body=block(*statements),
        type_parameters=tuple(type_params),
        is_async=is_async,
        generator=generator,
        exported=exported,
        doc=_doc(doc),
    )


def import_(
    module: str, *names: str, type_only: bool = False, default: str | None = None
) -> n.ImportDeclaration:
    """An explicit import (symbols are imported automatically; use this for side effects)."""
    return n.ImportDeclaration(
        module=module,
        names=tuple(n.ImportSpecifier(name=x) for x in names),
        default=default,
        type_only=type_only,
    )


def export_from(module: str, *names: str, type_only: bool = False) -> n.ExportDeclaration:
    """``export { a, b } from "module";``."""
    return n.ExportDeclaration(
        names=tuple(n.ExportSpecifier(name=x) for x in names),
        module=module,
        type_only=type_only,
    )


def export_star(module: str, *, namespace: str | None = None) -> n.ExportDeclaration:
    """``export * from "module";`` / ``export * as ns from "module";``."""
    return n.ExportDeclaration(module=module, namespace=namespace)


def source_file(
    *statements: n.Statement,
    imports: Iterable[n.ImportDeclaration] = (),
    header: n.JSDoc | str | None = None,
) -> n.SourceFile:
    """A module."""
    return n.SourceFile(statements=statements, imports=tuple(imports), header=_doc(header))

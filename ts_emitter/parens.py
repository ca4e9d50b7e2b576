"""Where parentheses go: one rule set shared by node validation and the factory.

The rules follow prettier's ``needs-parens``: prettier removes parentheses it considers
redundant and adds the ones it wants (some only for clarity, like ``(await a) || b``), so a tree
must carry exactly those. Nodes refuse a child that needs parentheses and is not wrapped, and a
wrapped child that needs none; :mod:`ts_emitter.factory` wraps children with :func:`wrap_expression`
/ :func:`wrap_type`.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

from ts_emitter import nodes as n

__all__ = [
    "ExpressionContext",
    "TypeContext",
    "check_expression_child",
    "check_type_child",
    "expression_needs_parens",
    "type_needs_parens",
    "wrap_expression",
    "wrap_type",
]

ExpressionContext: TypeAlias = Literal[
    "neutral",  # arguments, elements, initializers, return values, conditions ...
    "assign_value",  # right side of an assignment
    "arrow_body",  # expression body of an arrow function
    "statement",  # an expression statement
    "member",  # object of a member access, operand of `!`
    "callee",  # callee of a call
    "new_callee",  # callee of `new`
    "unary",
    "await",
    "yield",
    "spread",
    "cast",  # operand of `as` / `satisfies`
    "assertion",  # operand of `<T>expr`
    "binary_left",
    "binary_right",
]

TypeContext: TypeAlias = Literal[
    "neutral", "union", "intersection", "array", "indexed_object", "operator", "arrow_return"
]

_BINARY_PRECEDENCE: dict[str, int] = {
    "??": 1, "||": 2, "&&": 3, "==": 7, "!=": 7, "===": 7, "!==": 7, "<": 8, ">": 8,
    "<=": 8, ">=": 8, "in": 8, "instanceof": 8, "+": 10, "-": 10, "*": 11, "/": 11, "%": 11,
}  # fmt: skip
_EQUALITY = frozenset({"==", "!=", "===", "!=="})
_MULTIPLICATIVE = frozenset({"*", "/", "%"})
_LOGICAL = frozenset({"??", "||", "&&"})


def binary_precedence(operator: str) -> int:
    """Precedence of a binary operator as prettier ranks them (higher binds tighter)."""
    return _BINARY_PRECEDENCE[operator]


def should_flatten(parent_op: str, child_op: str) -> bool:
    """True if ``(a child_op b) parent_op c`` prints without parentheses and in one chain."""
    if binary_precedence(parent_op) != binary_precedence(child_op):
        return False
    if parent_op in _EQUALITY and child_op in _EQUALITY:
        return False
    if (child_op == "%" and parent_op in _MULTIPLICATIVE) or (
        parent_op == "%" and child_op in _MULTIPLICATIVE
    ):
        return False
    return not (
        child_op != parent_op and child_op in _MULTIPLICATIVE and parent_op in _MULTIPLICATIVE
    )


def _binary_in_binary(parent_op: str, child_op: str, side: str) -> bool:
    if child_op in _LOGICAL and parent_op in _LOGICAL:
        return child_op != parent_op
    pp, cp = binary_precedence(parent_op), binary_precedence(child_op)
    return (
        pp > cp
        or (side == "right" and pp == cp)
        or (pp == cp and not should_flatten(parent_op, child_op))
        or (pp < cp and child_op == "%" and parent_op in ("+", "-"))
    )


def expression_needs_parens(
    child: n.Expression, context: ExpressionContext, operator: str | None = None
) -> bool:
    """Whether ``child`` is printed in parentheses in ``context`` (``operator`` is the parent's
    operator for unary and binary contexts)."""
    c = child
    cast = isinstance(c, n.AsExpression | n.SatisfiesExpression)
    loose = isinstance(c, n.Binary) or cast
    if isinstance(c, n.Assignment):
        return context not in ("assign_value", "statement")
    match context:
        case "neutral" | "assign_value" | "statement":
            return False
        case "arrow_body":
            return isinstance(c, n.ObjectLiteral)
        case "member" | "callee" | "new_callee":
            if context == "new_callee" and _contains_call(c):
                return True
            return loose or isinstance(
                c,
                n.TypeAssertion | n.Unary | n.Await | n.Yield | n.ArrowFunction | n.NumericLiteral,
            )
        case "unary":
            if isinstance(c, n.Unary):
                return c.operator == operator and c.operator in ("+", "-")
            return loose or isinstance(c, n.TypeAssertion | n.Await | n.Yield | n.ArrowFunction)
        case "await":
            return loose or isinstance(c, n.TypeAssertion | n.Yield | n.ArrowFunction)
        case "yield":
            return False
        case "spread":
            return loose or isinstance(c, n.TypeAssertion | n.Await | n.Yield)
        case "cast":
            return isinstance(c, n.Binary | n.TypeAssertion | n.Await | n.Yield | n.ArrowFunction)
        case "assertion":
            return loose or isinstance(c, n.TypeAssertion | n.Yield | n.ArrowFunction)
        case "binary_left" | "binary_right":
            assert operator is not None
            side = "left" if context == "binary_left" else "right"
            if isinstance(c, n.Binary):
                return _binary_in_binary(operator, c.operator, side)
            if isinstance(c, n.Unary):
                return side == "left" and operator in ("in", "instanceof")
            return cast or isinstance(c, n.Await | n.Yield | n.ArrowFunction)
    raise AssertionError(context)  # pragma: no cover


def _contains_call(e: n.Expression) -> bool:
    while True:
        if isinstance(e, n.Call):
            return True
        if isinstance(e, n.PropertyAccess | n.ElementAccess | n.NonNull):
            e = e.expression
        else:
            return False


def type_needs_parens(child: n.TypeNode, context: TypeContext) -> bool:
    """Whether the type ``child`` is printed in parentheses in ``context``."""
    fn = isinstance(child, n.FunctionType)
    set_op = isinstance(child, n.UnionType | n.IntersectionType)
    match context:
        case "neutral":
            return False
        case "arrow_return":
            return fn
        case "union" | "intersection":
            return fn or set_op
        case "array" | "indexed_object":
            return fn or set_op or isinstance(child, n.TypeOperator | n.TypeQuery)
        case "operator":
            return fn or set_op or isinstance(child, n.TypeOperator)
    raise AssertionError(context)  # pragma: no cover


def wrap_expression(
    child: n.Expression, context: ExpressionContext, operator: str | None = None
) -> n.Expression:
    """``child``, parenthesized if ``context`` needs it (and unwrapped if it does not)."""
    inner = child.expression if isinstance(child, n.ParenthesizedExpression) else child
    if expression_needs_parens(inner, context, operator):
        return n.ParenthesizedExpression(expression=inner)
    return inner


def wrap_type(child: n.TypeNode, context: TypeContext) -> n.TypeNode:
    """``child``, parenthesized if ``context`` needs it (and unwrapped if it does not)."""
    inner = child.type if isinstance(child, n.ParenthesizedType) else child
    if type_needs_parens(inner, context):
        return n.ParenthesizedType(type=inner)
    return inner


def check_expression_child(
    child: n.Expression, context: ExpressionContext, where: str, operator: str | None = None
) -> None:
    """Raise ``ValueError`` unless ``child`` carries exactly the parentheses it needs."""
    if isinstance(child, n.Raw):
        return
    if isinstance(child, n.ParenthesizedExpression):
        if not expression_needs_parens(child.expression, context, operator):
            raise ValueError(
                f"{where}: redundant parentheses around {type(child.expression).__name__} "
                "(prettier would remove them); use the ts_emitter.factory helpers"
            )
    elif expression_needs_parens(child, context, operator):
        raise ValueError(
            f"{where}: {type(child).__name__} must be parenthesized here; "
            "use the ts_emitter.factory helpers"
        )


def check_type_child(child: n.TypeNode, context: TypeContext, where: str) -> None:
    """Raise ``ValueError`` unless the type ``child`` carries exactly the parentheses it needs."""
    if isinstance(child, n.Raw):
        return
    if isinstance(child, n.ParenthesizedType):
        if not type_needs_parens(child.type, context):
            raise ValueError(
                f"{where}: redundant parentheses around {type(child.type).__name__} "
                "(prettier would remove them); use the ts_emitter.factory helpers"
            )
    elif type_needs_parens(child, context):
        raise ValueError(
            f"{where}: {type(child).__name__} must be parenthesized here; "
            "use ts_emitter.factory (union(), array_of() ...)"
        )

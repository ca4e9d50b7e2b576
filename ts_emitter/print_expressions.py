"""Printing of expressions: calls and member chains, arguments, arrows, objects, arrays,
operators and assignments, following prettier's layout rules."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from ts_emitter import nodes as n
from ts_emitter._base import ARGS_READERS, ArgExpansionBailout, Args, AssignmentLayout
from ts_emitter.doc import (
    BREAK_PARENT,
    HARDLINE,
    LINE,
    SOFTLINE,
    Doc,
    Fill,
    GroupId,
    IndentIfBreak,
    Label,
    can_break,
    concat,
    conditional_group,
    group,
    if_break,
    indent,
    join,
    label_of,
    remove_lines,
    will_break,
)
from ts_emitter.lists import ARGUMENTS, ARRAY, BROKEN_ARGUMENTS, OBJECT, emit_list
from ts_emitter.literals import format_number, quote_string, template_text
from ts_emitter.parens import should_flatten
from ts_emitter.print_types import TypesMixin, key_doc, should_hug_union
from ts_emitter.writer import render, string_width

_T = TypeVar("_T")
MEMBER_CHAIN = "member-chain"
_TAB_WIDTH = 2
_PRINT_WIDTH = 80


# -- classification helpers (prettier sees through parentheses) -------------------------------


def strip(e: n.Expression) -> n.Expression:
    """``e`` without the parentheses the factory put around it."""
    while isinstance(e, n.ParenthesizedExpression):
        e = e.expression
    return e


def _strip_non_null(e: n.Expression) -> n.Expression:
    e = strip(e)
    while isinstance(e, n.NonNull):
        e = strip(e.expression)
    return e


def is_member(e: object) -> bool:
    return isinstance(e, n.PropertyAccess | n.ElementAccess)


def _is_logical(e: object) -> bool:
    return isinstance(e, n.Binary) and e.operator in ("&&", "||", "??")


def estree_type(e: object) -> str:
    """The ESTree node type prettier would see, for its same-type comparisons."""
    if isinstance(e, n.ParenthesizedExpression):
        return estree_type(e.expression)
    if isinstance(e, n.Identifier | n.Reference):
        return "Identifier"
    if isinstance(e, n.StringLiteral | n.NumericLiteral | n.BooleanLiteral | n.NullLiteral):
        return "Literal"
    if is_member(e):
        return "MemberExpression"
    if isinstance(e, n.Binary):
        return "LogicalExpression" if _is_logical(e) else "BinaryExpression"
    return type(e).__name__


def _is_literal(e: n.Expression) -> bool:
    return isinstance(e, n.StringLiteral | n.NumericLiteral | n.BooleanLiteral | n.NullLiteral)


def is_simple_call_argument(e: n.Expression, depth: int = 2) -> bool:
    """prettier's ``isSimpleCallArgument``."""
    if depth <= 0:
        return False
    e = _strip_non_null(e)
    if _is_literal(e) or isinstance(e, n.Identifier | n.Reference | n.This | n.Super):
        return True
    if isinstance(e, n.TemplateLiteral):
        return all(is_simple_call_argument(x, depth - 1) for x in e.expressions)
    if isinstance(e, n.ObjectLiteral):
        return all(
            isinstance(p, n.ShorthandProperty)
            or (
                isinstance(p, n.PropertyAssignment)
                and not isinstance(p.name, n.ComputedName)
                and is_simple_call_argument(p.value, depth - 1)
            )
            for p in e.properties
        )
    if isinstance(e, n.ArrayLiteral):
        return all(is_simple_call_argument(x, depth - 1) for x in e.elements)
    if isinstance(e, n.Call | n.New):
        if is_simple_call_argument(e.callee, depth):
            return len(e.arguments) <= depth and all(
                is_simple_call_argument(a, depth - 1) for a in e.arguments
            )
        return False
    if isinstance(e, n.PropertyAccess):
        return is_simple_call_argument(e.expression, depth)
    if isinstance(e, n.ElementAccess):
        return is_simple_call_argument(e.expression, depth) and is_simple_call_argument(
            e.index, depth
        )
    if isinstance(e, n.Unary) and e.operator in ("!", "-", "+", "~"):
        return is_simple_call_argument(e.operand, depth)
    return False


def _is_signed_number(e: n.Expression) -> bool:
    return isinstance(e, n.Unary) and e.operator in "+-" and isinstance(e.operand, n.NumericLiteral)


def is_lone_short_argument(e: n.Expression) -> bool:
    """prettier's ``isLoneShortArgument`` (a quarter of the print width)."""
    threshold = _PRINT_WIDTH * 0.25
    e = strip(e)
    if isinstance(e, n.This) or _is_signed_number(e):
        return True
    if isinstance(e, n.Identifier):
        return len(e.name) <= threshold
    if isinstance(e, n.Reference):
        return len(e.symbol.name) <= threshold
    if isinstance(e, n.StringLiteral):
        return len(quote_string(e.value)) <= threshold
    if isinstance(e, n.TemplateLiteral):
        return not e.expressions and len(template_text(e.quasis[0])) <= threshold
    if isinstance(e, n.Unary):
        return is_lone_short_argument(e.operand)
    if isinstance(e, n.Call) and not e.arguments and isinstance(e.callee, n.Identifier):
        return len(e.callee.name) <= threshold - 2
    return _is_literal(e)


def could_expand_arg(e: n.Expression, arrow_chain_recursion: bool = False) -> bool:
    """prettier's ``couldExpandArg``: objects, arrays and function-like last arguments."""
    e = strip(e)
    if isinstance(e, n.ObjectLiteral) and e.properties:
        return True
    if isinstance(e, n.ArrayLiteral) and e.elements:
        return True
    if isinstance(e, n.AsExpression | n.SatisfiesExpression | n.TypeAssertion):
        return could_expand_arg(e.expression)
    if isinstance(e, n.ArrowFunction):
        body = e.body
        if isinstance(body, n.Block):
            return True
        body = strip(body)
        if isinstance(body, n.ObjectLiteral | n.ArrayLiteral):
            return True
        if isinstance(body, n.ArrowFunction) and could_expand_arg(body, True):
            return True
        if not arrow_chain_recursion and isinstance(_strip_non_null(body), n.Call):
            return True
    return False


def is_concisely_printed_array(e: n.Expression) -> bool:
    """Arrays of numbers print with ``fill``."""
    e = strip(e)
    return (
        isinstance(e, n.ArrayLiteral)
        and bool(e.elements)
        and all(isinstance(x, n.NumericLiteral) or _is_signed_number(x) for x in e.elements)
    )


def _is_hopefully_short_call_argument(e: n.Expression) -> bool:
    from ts_emitter.print_types import is_simple_type

    e = strip(e)
    if isinstance(e, n.AsExpression | n.SatisfiesExpression):
        t = e.type
        for _ in range(2):
            if isinstance(t, n.ArrayType):
                t = t.element
        if isinstance(t, n.TypeReference) and len(t.type_arguments) == 1:
            t = t.type_arguments[0]
        return is_simple_type(t) and is_simple_call_argument(e.expression, 1)
    if isinstance(e, n.Call | n.New) and len(e.arguments) > 1:
        return False
    if isinstance(e, n.Binary):
        return is_simple_call_argument(e.left, 1) and is_simple_call_argument(e.right, 1)
    return is_simple_call_argument(e)


def _is_function_composition_args(args: Sequence[n.Expression]) -> bool:
    if len(args) <= 1:
        return False
    count = 0
    for a in args:
        a = strip(a)
        if isinstance(a, n.ArrowFunction):
            count += 1
            if count > 1:
                return True
        elif isinstance(_strip_non_null(a), n.Call):
            call = _strip_non_null(a)
            assert isinstance(call, n.Call)
            if any(isinstance(strip(x), n.ArrowFunction) for x in call.arguments):
                return True
    return False


def _is_hook_callback_with_deps(args: Sequence[n.Expression], index: int) -> bool:
    fn, deps = strip(args[index]), strip(args[index + 1])
    return (
        isinstance(fn, n.ArrowFunction)
        and not fn.parameters
        and isinstance(fn.body, n.Block)
        and isinstance(deps, n.ArrayLiteral)
    )


def _is_react_hook_call_with_deps_array(args: Sequence[n.Expression]) -> bool:
    if len(args) == 2:
        return _is_hook_callback_with_deps(args, 0)
    if len(args) == 3:
        return isinstance(strip(args[0]), n.Identifier) and _is_hook_callback_with_deps(args, 1)
    return False


def _should_group_last(args: Sequence[n.Expression]) -> bool:
    last = args[-1]
    penultimate = args[-2] if len(args) > 1 else None
    return (
        could_expand_arg(last)
        and (penultimate is None or estree_type(penultimate) != estree_type(last))
        and (
            len(args) != 2
            or not isinstance(strip(args[0]), n.ArrowFunction)
            or not isinstance(strip(last), n.ArrayLiteral)
        )
        and not (len(args) > 1 and is_concisely_printed_array(last))
    )


def _should_group_first(args: Sequence[n.Expression]) -> bool:
    if len(args) != 2:
        return False
    first, second = strip(args[0]), strip(args[1])
    return (
        isinstance(first, n.ArrowFunction)
        and isinstance(first.body, n.Block)
        and not isinstance(second, n.ArrowFunction)
        and _is_hopefully_short_call_argument(second)
        and not could_expand_arg(second)
    )


def _should_inline_logical(e: n.Expression) -> bool:
    if not _is_logical(e):
        return False
    assert isinstance(e, n.Binary)
    right = strip(e.right)
    return (isinstance(right, n.ObjectLiteral) and bool(right.properties)) or (
        isinstance(right, n.ArrayLiteral) and bool(right.elements)
    )


def _should_inline_logical_chain(e: n.Binary) -> bool:
    if not _should_inline_logical(e):
        return False
    left = e.left
    if isinstance(left, n.Binary) and should_flatten(e.operator, left.operator):
        return _should_inline_logical_chain(left)
    return True


def _left_side_chain_contains(root: n.Expression, target: n.Node) -> bool:
    node: n.Expression | None = root
    while node is not None:
        if node is target:
            return True
        if isinstance(node, n.Call | n.New):
            node = node.callee
        elif isinstance(
            node,
            n.PropertyAccess | n.ElementAccess | n.NonNull | n.AsExpression | n.SatisfiesExpression,
        ):
            node = node.expression
        elif isinstance(node, n.Binary):
            node = node.left
        elif isinstance(node, n.Assignment):
            node = node.target
        elif isinstance(node, n.ParenthesizedExpression):
            node = node.expression
        else:
            node = None
    return False


_FACTORY_NAME = re.compile(r"^[A-Z]|^[$_]+$")


class ExpressionsMixin(TypesMixin):
    """Expressions and the assignment-like layouts shared with declarations."""

    def in_node(self, node: n.Node, fn: Callable[[], _T]) -> _T:
        """Run ``fn`` with ``node`` pushed on the context stack."""
        self.stack.append(node)
        try:
            return fn()
        finally:
            self.stack.pop()

    # -- leaves -------------------------------------------------------------------------------

    def print_string(self, e: n.StringLiteral) -> Doc:
        return quote_string(e.value)

    def print_number(self, e: n.NumericLiteral) -> Doc:
        return format_number(e.value)

    def print_template(self, e: n.TemplateLiteral) -> Doc:
        parts: list[str] = ["`", template_text(e.quasis[0])]
        for expr, quasi in zip(e.expressions, e.quasis[1:], strict=True):
            text = render(self.doc(expr), width=10**9).rstrip("\n")
            if "\n" in text:
                raise ValueError(
                    "TemplateLiteral: an interpolated expression must print on one line; "
                    "assign it to a variable first"
                )
            parts += ["${", text, "}", template_text(quasi)]
        parts.append("`")
        return "".join(parts)

    # -- arrays and objects -------------------------------------------------------------------

    def print_array(self, e: n.ArrayLiteral) -> Doc:
        if not e.elements:
            return "[]"
        elements = [strip(x) for x in e.elements]
        should_break = len(elements) > 1 and all(
            isinstance(x, n.ArrayLiteral | n.ObjectLiteral)
            and (i + 1 == len(elements) or type(elements[i + 1]) is type(x))
            and len(x.elements if isinstance(x, n.ArrayLiteral) else x.properties) > 1
            for i, x in enumerate(elements)
        )
        if is_concisely_printed_array(e):
            gid = GroupId("array")
            fill_parts: list[Doc] = []
            for i, x in enumerate(e.elements):
                last = i == len(e.elements) - 1
                fill_parts.append(concat(self.doc(x), if_break(",", "", gid) if last else ","))
                if not last:
                    fill_parts.append(LINE)
            return group(
                "[",
                indent(SOFTLINE, Fill(tuple(fill_parts))),
                SOFTLINE,
                "]",
                should_break=should_break,
                id=gid,
            )
        return emit_list(
            [group(self.doc(x)) for x in e.elements], ARRAY.but(should_break=should_break)
        )

    def print_object(self, e: n.ObjectLiteral) -> Doc:
        if not e.properties:
            return "{}"
        members = [
            self.with_doc_comment(getattr(p, "doc", None), self.doc(p)) for p in e.properties
        ]
        return emit_list(members, OBJECT.but(should_break=e.multiline))

    def property_key(self, name: str | n.ComputedName) -> Doc:
        if isinstance(name, n.ComputedName):
            return concat("[", self.doc(name.expression), "]")
        return key_doc(name)

    def print_property_assignment(self, p: n.PropertyAssignment) -> Doc:
        key = self.property_key(p.name)
        short_key = isinstance(key, str) and string_width(key) < _TAB_WIDTH + 3
        return self.print_assignment(key, ":", p.value, short_key=short_key)

    # -- members and calls --------------------------------------------------------------------

    def member_lookup(self, e: n.PropertyAccess | n.ElementAccess) -> Doc:
        if isinstance(e, n.PropertyAccess):
            return concat("?." if e.optional else ".", e.name)
        opt = "?." if e.optional else ""
        index = strip(e.index)
        if isinstance(index, n.NumericLiteral):
            return concat(opt, "[", self.doc(e.index), "]")
        return group(opt, "[", indent(SOFTLINE, self.doc(e.index)), SOFTLINE, "]")

    def _is_new_callee_chain(self) -> bool:
        depth = 0
        child = self.node()
        while True:
            parent = self.parent(depth + 1)
            if parent is None:
                return False
            if (is_member(parent) or isinstance(parent, n.NonNull)) and strip(
                getattr(parent, "expression")  # noqa: B009
            ) is child:
                child = parent
                depth += 1
                continue
            return isinstance(parent, n.New) and strip(parent.callee) is child

    def print_member(self, e: n.PropertyAccess | n.ElementAccess) -> Doc:
        object_doc = self.doc(e.expression)
        lookup = self.member_lookup(e)
        depth = 1
        while is_member(self.parent(depth)) or isinstance(self.parent(depth), n.NonNull):
            depth += 1
        first_non_member = self.parent(depth)
        depth = 1
        while isinstance(self.parent(depth), n.NonNull):
            depth += 1
        first_non_chain = self.parent(depth)
        obj = strip(e.expression)
        obj_call = _strip_non_null(e.expression)
        no_indent = (
            (
                isinstance(first_non_member, n.Assignment)
                and not isinstance(strip(first_non_member.target), n.Identifier)
            )
            or self._is_new_callee_chain()
            or isinstance(e, n.ElementAccess)
            or (isinstance(obj, n.Identifier | n.Reference) and not is_member(first_non_chain))
            or (
                isinstance(first_non_chain, n.Assignment | n.VariableStatement)
                and (
                    (isinstance(obj_call, n.Call) and bool(obj_call.arguments))
                    or label_of(object_doc) == MEMBER_CHAIN
                )
            )
        )
        body = concat(object_doc, lookup if no_indent else group(indent(SOFTLINE, lookup)))
        label = label_of(object_doc)
        return Label(label, body) if label else body

    def print_non_null(self, e: n.NonNull) -> Doc:
        return concat(self.doc(e.expression), "!")

    def print_call(self, e: n.Call | n.New) -> Doc:
        if isinstance(e, n.Call) and is_member(e.callee):
            return self.print_member_chain(e)
        contents = concat(
            "new " if isinstance(e, n.New) else "",
            self.doc(e.callee),
            "?." if isinstance(e, n.Call) and e.optional else "",
            self.print_type_arguments(e.type_arguments),
            self.print_call_arguments(e),
        )
        return group(contents) if isinstance(strip(e.callee), n.Call) else contents

    def _is_member_chain_head(self) -> bool:
        node, parent = self.node(), self.parent()
        return (
            self.key() == "callee"
            and isinstance(node, n.Call)
            and isinstance(parent, n.Call)
            and len(parent.arguments) > 0
            and len(node.arguments) > len(parent.arguments)
        )

    def print_call_arguments(self, call: n.Call | n.New) -> Doc:
        """prettier's ``printCallArguments``, including last/first argument hugging."""
        args = call.arguments
        if not args:
            return "()"
        if _is_react_hook_call_with_deps_array(args):
            return concat("(", join(", ", [self.doc(a) for a in args]), ")")
        items = [self.doc(a) for a in args]
        printed = [d if i == len(items) - 1 else concat(d, ",", LINE) for i, d in enumerate(items)]

        def all_broken() -> Doc:
            return emit_list(items, BROKEN_ARGUMENTS)

        if _is_function_composition_args(args):
            return all_broken()

        if _should_group_first(args):
            tail = printed[1:]
            if any(will_break(t) for t in tail):
                return all_broken()
            try:
                first = self._expanded(args[0], items[0], Args(expand_first_arg=True))
            except ArgExpansionBailout:
                return all_broken()
            if will_break(first):
                return concat(
                    BREAK_PARENT,
                    conditional_group(
                        [concat("(", group(first, should_break=True), ", ", *tail, ")"),
                         all_broken()]
                    ),
                )  # fmt: skip
            return conditional_group(
                [
                    concat("(", first, ", ", *tail, ")"),
                    concat("(", group(first, should_break=True), ", ", *tail, ")"),
                    all_broken(),
                ]
            )

        if _should_group_last(args):
            head = printed[:-1]
            if any(will_break(h) for h in head):
                return all_broken()
            try:
                last = self._expanded(args[-1], items[-1], Args(expand_last_arg=True))
            except ArgExpansionBailout:
                return all_broken()
            if will_break(last):
                return concat(
                    BREAK_PARENT,
                    conditional_group(
                        [concat("(", *head, group(last, should_break=True), ")"), all_broken()]
                    ),
                )
            return conditional_group(
                [
                    concat("(", *head, last, ")"),
                    concat("(", *head, group(last, should_break=True), ")"),
                    all_broken(),
                ]
            )

        if self._is_member_chain_head():
            return emit_list(items, ARGUMENTS.but(grouped=False))
        return emit_list(items, ARGUMENTS.but(should_break=any(will_break(d) for d in items)))

    def _expanded(self, arg: n.Expression, printed: Doc, args: Args) -> Doc:
        """``arg`` printed hugged: ``printed`` (its normal print) unless its printer reads the
        print arguments (the same node at the same place prints the same document)."""
        return self.doc(arg, args) if type(arg) in ARGS_READERS else printed

    def print_member_chain(self, call: n.Call) -> Doc:
        """prettier's ``printMemberChain``: ``a.b().c().d()`` on one line or one call per
        line."""
        parent = self.parent()
        is_expression_statement = isinstance(parent, n.ExpressionStatement)
        printed_nodes: list[tuple[n.Expression, Doc]] = []

        def call_part(c: n.Call) -> Doc:
            return concat(
                "?." if c.optional else "",
                self.print_type_arguments(c.type_arguments),
                self.print_call_arguments(c),
            )

        def rec(node: n.Expression) -> None:
            if isinstance(node, n.Call) and (
                is_member(node.callee) or isinstance(node.callee, n.Call)
            ):
                printed_nodes.insert(0, (node, self.in_node(node, lambda: call_part(node))))
                self.in_node(node, lambda: rec(node.callee))
            elif isinstance(node, n.PropertyAccess | n.ElementAccess):
                printed_nodes.insert(
                    0, (node, self.in_node(node, lambda: self.member_lookup(node)))
                )
                self.in_node(node, lambda: rec(node.expression))
            elif isinstance(node, n.NonNull):
                printed_nodes.insert(0, (node, "!"))
                self.in_node(node, lambda: rec(node.expression))
            else:
                printed_nodes.insert(0, (node, self.doc(node)))

        printed_nodes.append((call, call_part(call)))
        rec(call.callee)

        def is_call(x: object) -> bool:
            return isinstance(x, n.Call)

        def is_numeric_index(x: object) -> bool:
            return isinstance(x, n.ElementAccess) and isinstance(strip(x.index), n.NumericLiteral)

        groups: list[list[tuple[n.Expression, Doc]]] = []
        current = [printed_nodes[0]]
        i = 1
        while i < len(printed_nodes) and (
            isinstance(printed_nodes[i][0], n.NonNull)
            or is_call(printed_nodes[i][0])
            or is_numeric_index(printed_nodes[i][0])
        ):
            current.append(printed_nodes[i])
            i += 1
        if not is_call(printed_nodes[0][0]):
            while (
                i + 1 < len(printed_nodes)
                and is_member(printed_nodes[i][0])
                and is_member(printed_nodes[i + 1][0])
            ):
                current.append(printed_nodes[i])
                i += 1
        groups.append(current)
        current = []
        has_seen_call = False
        while i < len(printed_nodes):
            node = printed_nodes[i][0]
            if has_seen_call and is_member(node):
                if is_numeric_index(node):
                    current.append(printed_nodes[i])
                    i += 1
                    continue
                groups.append(current)
                current = []
                has_seen_call = False
            if is_call(node):
                has_seen_call = True
            current.append(printed_nodes[i])
            i += 1
        if current:
            groups.append(current)

        def is_factory(name: str) -> bool:
            return bool(_FACTORY_NAME.match(name))

        def is_short(name: str) -> bool:
            return len(name) <= _TAB_WIDTH

        def should_merge() -> bool:
            has_computed = isinstance(groups[1][0][0], n.ElementAccess)
            if len(groups[0]) == 1:
                first = groups[0][0][0]
                name = (
                    first.name
                    if isinstance(first, n.Identifier)
                    else self.name_of(first.symbol)
                    if isinstance(first, n.Reference)
                    else None
                )
                return isinstance(first, n.This) or (
                    name is not None
                    and (
                        is_factory(name)
                        or (is_expression_statement and is_short(name))
                        or has_computed
                    )
                )
            last = groups[0][-1][0]
            return isinstance(last, n.PropertyAccess) and (is_factory(last.name) or has_computed)

        merge = len(groups) >= 2 and should_merge()

        def print_group(g: list[tuple[n.Expression, Doc]]) -> Doc:
            return concat(*(d for _, d in g))

        printed_groups = [print_group(g) for g in groups]
        one_line = concat(*printed_groups)
        cutoff = 3 if merge else 2
        if len(groups) <= cutoff:
            return one_line if self._is_member_chain_head() else group(one_line)

        rest = groups[2 if merge else 1 :]
        expanded = concat(
            print_group(groups[0]),
            print_group(groups[1]) if merge else "",
            indent(*(concat(HARDLINE, print_group(g)) for g in rest)) if rest else "",
        )
        call_expressions = [x for x, _ in printed_nodes if isinstance(x, n.Call)]

        def last_group_will_break_and_other_calls_are_function_arguments() -> bool:
            last_node = groups[-1][-1][0]
            return (
                isinstance(last_node, n.Call)
                and will_break(printed_groups[-1])
                and any(
                    any(isinstance(strip(a), n.ArrowFunction) for a in c.arguments)
                    for c in call_expressions[:-1]
                )
            )

        if (
            (
                len(call_expressions) > 2
                and any(
                    any(not is_simple_call_argument(a) for a in c.arguments)
                    for c in call_expressions
                )
            )
            or any(will_break(g) for g in printed_groups[:-1])
            or last_group_will_break_and_other_calls_are_function_arguments()
        ):
            result: Doc = group(expanded)
        else:
            result = concat(
                BREAK_PARENT if will_break(one_line) else "",
                conditional_group([one_line, expanded]),
            )
        return Label(MEMBER_CHAIN, result)

    # -- functions ----------------------------------------------------------------------------

    def print_arrow(self, e: n.ArrowFunction, args: Args) -> Doc:
        expand = args.expand_last_arg or args.expand_first_arg
        return_doc = self.type_annotation(e.return_type)
        if expand:
            if will_break(return_doc):
                raise ArgExpansionBailout
            return_doc = group(remove_lines(return_doc))
        signature = concat(
            "async " if e.is_async else "",
            group(
                self.print_parameters(
                    e.parameters, type_parameters=e.type_parameters, expand_arg=expand
                ),
                return_doc,
            ),
        )
        body_doc = self.doc(e.body, args)
        body = e.body if isinstance(e.body, n.Block) else strip(e.body)
        same_line = isinstance(body, n.Block | n.ArrayLiteral | n.ObjectLiteral | n.ArrowFunction)
        if same_line:
            body_part = concat(" ", body_doc)
        else:
            body_part = concat(
                indent(LINE, body_doc),
                if_break(",") if args.expand_last_arg else "",
                SOFTLINE if args.expand_last_arg else "",
            )
        return group(group(signature), " =>", group(body_part))

    # -- operators ----------------------------------------------------------------------------

    def print_unary(self, e: n.Unary) -> Doc:
        op = e.operator
        return concat(op, " " if op[-1].isalpha() else "", self.doc(e.operand))

    def print_await(self, e: n.Await) -> Doc:
        parts = concat("await ", self.doc(e.expression))
        parent, key = self.parent(), self.key()
        if (isinstance(parent, n.Call) and key == "callee") or (
            is_member(parent) and key == "expression"
        ):
            wrapped = concat(indent(SOFTLINE, parts), SOFTLINE)
            depth = 1
            ancestor = self.parent(depth)
            while ancestor is not None and not isinstance(ancestor, n.Await | n.Block):
                depth += 1
                ancestor = self.parent(depth)
            if not (
                isinstance(ancestor, n.Await)
                and _left_side_chain_contains(ancestor.expression, self.node())
            ):
                return group(wrapped)
            return wrapped
        return parts

    def print_return_argument(self, e: n.Expression) -> Doc:
        """An argument of ``return`` / ``throw`` / ``yield``: binary expressions get
        parentheses when they break."""
        d = self.doc(e)
        if isinstance(strip(e), n.Binary) and not isinstance(e, n.ParenthesizedExpression):
            return group(if_break("("), indent(SOFTLINE, d), SOFTLINE, if_break(")"))
        return d

    def print_yield(self, e: n.Yield) -> Doc:
        head = "yield*" if e.delegate else "yield"
        if e.expression is None:
            return head
        return concat(head, " ", self.print_return_argument(e.expression))

    def print_cast(self, e: n.AsExpression | n.SatisfiesExpression) -> Doc:
        keyword = "as" if isinstance(e, n.AsExpression) else "satisfies"
        parts = concat(self.doc(e.expression), f" {keyword} ", self.doc(e.type))
        parent, key = self.parent(), self.key()
        if (key == "callee" and isinstance(parent, n.Call | n.New)) or (
            key == "expression" and is_member(parent)
        ):
            return group(indent(SOFTLINE, parts), SOFTLINE)
        return parts

    def print_type_assertion(self, e: n.TypeAssertion) -> Doc:
        head = group("<", indent(SOFTLINE, self.doc(e.type)), SOFTLINE, ">")
        expr = strip(e.expression)
        if isinstance(expr, n.ArrayLiteral | n.ObjectLiteral):
            return group(head, self.doc(e.expression))
        body = self.doc(e.expression)
        broken = concat(if_break("("), indent(SOFTLINE, body), SOFTLINE, if_break(")"))
        return conditional_group(
            [concat(head, body), concat(head, group(broken, should_break=True)), concat(head, body)]
        )

    def print_binary(self, e: n.Binary) -> Doc:
        parent, key = self.parent(), self.key()
        inside_parens = isinstance(parent, n.If) and key == "condition"
        parts = self._binary_parts(e, False, inside_parens)
        if inside_parens:
            return concat(*parts)
        if (
            (key == "callee" and isinstance(parent, n.Call | n.New))
            or isinstance(parent, n.Unary)
            or (isinstance(parent, n.PropertyAccess) and key == "expression")
        ):
            return group(indent(SOFTLINE, *parts), SOFTLINE)
        should_not_indent = (
            (isinstance(parent, n.Return | n.Throw) and key == "expression")
            or (isinstance(parent, n.ArrowFunction) and key == "body")
            or isinstance(parent, n.TemplateLiteral)
            or (
                key == "arguments"
                and isinstance(parent, n.Call)
                and not parent.optional
                and len(parent.arguments) == 1
                and isinstance(parent.callee, n.Identifier)
                and parent.callee.name == "Boolean"
            )
        )
        should_indent_if_inlining = isinstance(
            parent,
            n.Assignment | n.VariableStatement | n.PropertyDeclaration | n.PropertyAssignment,
        )
        if (
            should_not_indent
            or _should_inline_logical_chain(e)
            or (not _should_inline_logical(e) and should_indent_if_inlining)
        ):
            return group(*parts)
        return group(parts[0], indent(*parts[1:]))

    def _binary_parts(self, e: n.Binary, is_nested: bool, inside_parens: bool) -> list[Doc]:
        left = e.left
        if isinstance(left, n.Binary) and should_flatten(e.operator, left.operator):
            parts = self.in_node(left, lambda: self._binary_parts(left, True, inside_parens))
        else:
            parts = [group(self.doc(left))]
        right_doc = self.doc(e.right)
        if _should_inline_logical(e):
            right: Doc = concat(e.operator, " ", right_doc)
        else:
            right = concat(e.operator, LINE, right_doc)
        parent = self.parent()
        own = estree_type(e)
        should_group = (
            not (inside_parens and own == "LogicalExpression")
            and estree_type(parent) != own
            and estree_type(e.left) != own
            and estree_type(e.right) != own
        )
        parts.append(" ")
        parts.append(group(right) if should_group else right)
        return parts

    # -- assignments --------------------------------------------------------------------------

    def print_assignment(
        self,
        left: Doc,
        operator: str,
        right: n.Expression | n.TypeNode | None,
        *,
        short_key: bool = False,
        break_lhs: bool = False,
        arrow_declarator: bool = False,
    ) -> Doc:
        """prettier's ``printAssignment``: choose how ``left operator right`` breaks."""
        layout = self._assignment_layout(
            left, right, short_key=short_key, break_lhs=break_lhs, arrow_declarator=arrow_declarator
        )
        if right is None:
            return left
        right_doc = self.doc(right, Args(assignment_layout=layout))
        match layout:
            case "break-after-operator":
                return group(group(left), operator, group(indent(LINE, right_doc)))
            case "never-break-after-operator":
                return group(group(left), operator, " ", right_doc)
            case "fluid":
                gid = GroupId("assignment")
                return group(
                    group(left),
                    operator,
                    group(indent(LINE), id=gid),
                    IndentIfBreak(right_doc, gid),
                )
            case "break-lhs":
                return group(left, operator, " ", group(right_doc))
            case "only-left":
                return left

    def _assignment_layout(
        self,
        left: Doc,
        right: n.Expression | n.TypeNode | None,
        *,
        short_key: bool,
        break_lhs: bool,
        arrow_declarator: bool,
    ) -> AssignmentLayout:
        if right is None:
            return "only-left"
        if isinstance(right, n.UnionType) and not should_hug_union(right):
            return "break-after-operator"
        can_break_left = can_break(left)
        if break_lhs or (arrow_declarator and can_break_left):
            return "break-lhs"
        if isinstance(right, n.Expression) and self._should_break_after_operator(right, short_key):
            return "break-after-operator"
        if not can_break_left and (
            short_key
            or isinstance(
                strip(right) if isinstance(right, n.Expression) else right,
                n.TemplateLiteral | n.BooleanLiteral | n.NumericLiteral,
            )
        ):
            return "never-break-after-operator"
        return "fluid"

    def _should_break_after_operator(self, right: n.Expression, short_key: bool) -> bool:
        node = strip(right)
        if isinstance(node, n.Binary) and not _should_inline_logical(node):
            return True
        if short_key:
            return False
        while True:
            if isinstance(node, n.Unary | n.Await) or (
                isinstance(node, n.Yield) and node.expression is not None
            ):
                inner = node.operand if isinstance(node, n.Unary) else node.expression
                assert inner is not None
                node = strip(inner)
            elif isinstance(node, n.NonNull):
                node = strip(node.expression)
            else:
                break
        return isinstance(node, n.StringLiteral) or self._is_poorly_breakable_chain(node)

    def _is_poorly_breakable_chain(self, node: n.Expression, deep: bool = False) -> bool:
        node = strip(node)
        if isinstance(node, n.NonNull):
            return self._is_poorly_breakable_chain(node.expression, True)
        if isinstance(node, n.Call):
            if label_of(self.in_node(node, lambda: self.print_call(node))) == MEMBER_CHAIN:
                return False
            args = node.arguments
            poorly = not args or (len(args) == 1 and is_lone_short_argument(args[0]))
            if not poorly or self._has_complex_type_arguments(node):
                return False
            return self._is_poorly_breakable_chain(node.callee, True)
        if is_member(node):
            assert isinstance(node, n.PropertyAccess | n.ElementAccess)
            return self._is_poorly_breakable_chain(node.expression, True)
        return deep and isinstance(node, n.Identifier | n.Reference | n.This)

    def _has_complex_type_arguments(self, call: n.Call) -> bool:
        args = call.type_arguments
        if not args:
            return False
        if len(args) > 1:
            return True
        if isinstance(args[0], n.UnionType | n.IntersectionType | n.TypeLiteral):
            return True
        return will_break(self.in_node(call, lambda: self.print_type_arguments(args)))

    def print_assignment_expression(self, e: n.Assignment) -> Doc:
        return self.print_assignment(self.doc(e.target), " " + e.operator, e.value)

    def print_parenthesized(self, e: n.ParenthesizedExpression) -> Doc:
        return concat("(", self.doc(e.expression), ")")

"""Printing of types, type members, type parameters and parameter lists (prettier's layout)."""

from __future__ import annotations

from collections.abc import Sequence

from ts_emitter import nodes as n
from ts_emitter._base import ArgExpansionBailout, Args, PrinterBase
from ts_emitter.doc import (
    HARDLINE,
    LINE,
    SOFTLINE,
    Align,
    Doc,
    GroupId,
    IndentIfBreak,
    concat,
    group,
    if_break,
    indent,
    join,
    remove_lines,
    will_break,
)
from ts_emitter.lists import (
    ARRAY,
    BLOCK,
    PARAMETERS,
    TYPE_ARGUMENTS,
    TYPE_LITERAL,
    TYPE_PARAMETERS,
    emit_list,
)
from ts_emitter.literals import format_number, quote_string
from ts_emitter.names import is_unquoted_key


def strip_type(t: n.TypeNode) -> n.TypeNode:
    """``t`` without the parentheses the factory put around it."""
    while isinstance(t, n.ParenthesizedType):
        t = t.type
    return t


def is_simple_type(t: n.TypeNode) -> bool:
    """Keywords, literals and references without type arguments (prettier's
    ``isSimpleType``)."""
    return isinstance(t, n.KeywordType | n.LiteralType) or (
        isinstance(t, n.TypeReference) and not t.type_arguments
    )


def is_object_type(t: n.TypeNode) -> bool:
    """A type literal."""
    return isinstance(t, n.TypeLiteral)


def should_hug_union(t: n.UnionType) -> bool:
    """``{ ... } | null`` and ``Foo | null`` print on one line (prettier's
    ``shouldHugUnionType``)."""
    objects = [m for m in t.types if isinstance(m, n.TypeLiteral | n.TypeReference)]
    if not objects:
        return False
    first = objects[0]
    return all(
        m is first or (isinstance(m, n.KeywordType) and m.keyword in ("void", "null"))
        for m in t.types
    )


def should_hug_type(t: n.TypeNode) -> bool:
    """Simple types, type literals and hugging unions (prettier's ``shouldHugType``)."""
    if is_simple_type(t) or is_object_type(t):
        return True
    return isinstance(t, n.UnionType) and should_hug_union(t)


def key_doc(name: str) -> str:
    """An object / interface key: bare if it is an identifier name, else quoted."""
    return name if is_unquoted_key(name) else quote_string(name)


def should_hug_the_only_parameter(params: Sequence[n.Parameter]) -> bool:
    """A lone parameter typed with a type literal hugs the parentheses."""
    if len(params) != 1:
        return False
    p = params[0]
    return (
        p.type is not None
        and not p.rest
        and p.initializer is None
        and p.accessibility is None
        and not p.readonly
        and is_object_type(p.type)
    )


def should_group_parameters(
    params: Sequence[n.Parameter],
    type_params: Sequence[n.TypeParameter],
    return_type: n.TypeNode | None,
    return_doc: Doc,
) -> bool:
    """When parameters are grouped, the return type breaks first (prettier's
    ``shouldGroupFunctionParameters``)."""
    if return_type is None:
        return False
    if len(type_params) > 1:
        return False
    if len(type_params) == 1 and (
        type_params[0].constraint is not None or type_params[0].default is not None
    ):
        return False
    return len(params) == 1 and (is_object_type(return_type) or will_break(return_doc))


class TypesMixin(PrinterBase):
    """Types, type members, type parameters and parameters."""

    # -- types --------------------------------------------------------------------------------

    def print_keyword_type(self, t: n.KeywordType) -> Doc:
        return t.keyword

    def print_literal_type(self, t: n.LiteralType) -> Doc:
        v = t.value
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return quote_string(v)
        return ("-" if v < 0 else "") + format_number(abs(v))

    def type_name(self, name: n.TypeName) -> Doc:
        if isinstance(name, str):
            return name
        if isinstance(name, n.Symbol):
            return self.name_of(name)
        return concat(self.type_name(name.left), ".", name.right)

    def print_type_reference(self, t: n.TypeReference) -> Doc:
        return concat(self.type_name(t.name), self.print_type_arguments(t.type_arguments))

    def print_type_arguments(self, args: Sequence[n.TypeNode]) -> Doc:
        """``<A, B>`` on a reference, heritage clause or call."""
        if not args:
            return ""
        if len(args) == 1 and should_hug_type(args[0]):
            return concat("<", self.doc(args[0]), ">")
        return emit_list([self.doc(a) for a in args], TYPE_ARGUMENTS)

    def print_type_parameters(self, params: Sequence[n.TypeParameter]) -> Doc:
        """``<T extends X = Y, U>`` on a declaration."""
        if not params:
            return ""
        return emit_list([self.doc(p) for p in params], TYPE_PARAMETERS)

    def print_type_parameter(self, tp: n.TypeParameter) -> Doc:
        parts: list[Doc] = [tp.name]
        if tp.constraint is not None:
            gid = GroupId("constraint")
            parts += [
                " extends",
                group(indent(LINE), id=gid),
                IndentIfBreak(self.doc(tp.constraint), gid),
            ]
        if tp.default is not None:
            gid = GroupId("default")
            parts += [" =", group(indent(LINE), id=gid), IndentIfBreak(self.doc(tp.default), gid)]
        return group(*parts)

    def print_union(self, t: n.UnionType, args: Args) -> Doc:
        if should_hug_union(t):
            return join(" | ", [self.doc(m) for m in t.types])
        members: list[Doc] = []
        for i, m in enumerate(t.types):
            members.append(concat(if_break("| ") if i == 0 else concat(LINE, "| ")))
            members.append(Align(2, self.doc(m)))
        body = group(*members)
        parent, key = self.parent(), self.key()
        if isinstance(self.stack[-2] if len(self.stack) > 1 else None, n.ParenthesizedType):
            return group(indent(SOFTLINE, body), SOFTLINE)
        if isinstance(parent, n.TupleType) and len(parent.elements) > 1:
            return group(indent(if_break(concat("(", SOFTLINE)), body), SOFTLINE, if_break(")"))
        no_indent = (
            key == "type_arguments"
            or (isinstance(parent, n.TupleType))
            or (isinstance(parent, n.TypeAssertion) and key == "type")
        )
        if args.assignment_layout == "break-after-operator" or no_indent:
            return body
        return group(indent(SOFTLINE, body))

    def print_intersection(self, t: n.IntersectionType) -> Doc:
        parts: list[Doc] = []
        was_indented = False
        for i, m in enumerate(t.types):
            d = self.doc(m)
            if i == 0:
                parts.append(d)
                continue
            cur_obj, prev_obj = is_object_type(m), is_object_type(t.types[i - 1])
            if cur_obj and prev_obj:
                parts.append(concat(" & ", indent(d) if was_indented else d))
            elif not cur_obj and not prev_obj:
                parts.append(indent(" &", LINE, d))
            else:
                if i > 1:
                    was_indented = True
                parts.append(concat(" & ", indent(d) if i > 1 else d))
        return group(*parts)

    def print_tuple(self, t: n.TupleType) -> Doc:
        return emit_list([group(self.doc(e)) for e in t.elements], ARRAY)

    def print_function_type(self, t: n.FunctionType) -> Doc:
        params = self.print_parameters(t.parameters, type_parameters=t.type_parameters)
        returns = concat(" => ", self.doc(t.return_type))
        if should_group_parameters(t.parameters, t.type_parameters, t.return_type, returns):
            params = group(params)
        return group(params, returns)

    def print_type_literal(self, t: n.TypeLiteral, *, grouped: bool = True) -> Doc:
        if not t.members:
            return "{}"
        members = [
            self.print_member_with_separator(m, ";" if i < len(t.members) - 1 else if_break(";"))
            for i, m in enumerate(t.members)
        ]
        return emit_list(members, TYPE_LITERAL.but(grouped=grouped, should_break=t.multiline))

    def print_interface_body(self, members: Sequence[n.TypeMember]) -> Doc:
        return emit_list([self.print_member_with_separator(m, ";") for m in members], BLOCK)

    def print_member_with_separator(self, m: n.TypeMember, separator: Doc) -> Doc:
        return self.with_doc_comment(getattr(m, "doc", None), concat(self.doc(m), separator))

    def with_doc_comment(self, comment: n.JSDoc | None, d: Doc) -> Doc:
        """``d`` preceded by its JSDoc comment on its own line(s)."""
        if comment is None:
            return d
        return concat(self.doc(comment), HARDLINE, d)

    def print_property_signature(self, m: n.PropertySignature) -> Doc:
        return group(
            "readonly " if m.readonly else "",
            key_doc(m.name),
            "?" if m.optional else "",
            self.type_annotation(m.type),
        )

    def print_method_signature(self, m: n.MethodSignature) -> Doc:
        params = self.print_parameters(m.parameters, type_parameters=m.type_parameters)
        returns = self.type_annotation(m.return_type)
        if should_group_parameters(m.parameters, m.type_parameters, m.return_type, returns):
            params = group(params)
        return group(
            key_doc(m.name),
            "?" if m.optional else "",
            params,
            group(returns) if m.return_type is not None else "",
        )

    def print_index_signature(self, m: n.IndexSignature) -> Doc:
        param = concat(m.parameter_name, self.type_annotation(m.key_type))
        return group(
            "readonly " if m.readonly else "",
            "[",
            group(indent(SOFTLINE, param), SOFTLINE),
            "]",
            self.type_annotation(m.type),
        )

    def type_annotation(self, t: n.TypeNode | None) -> Doc:
        """``: Type`` (or nothing)."""
        return "" if t is None else concat(": ", self.doc(t))

    # -- parameters ---------------------------------------------------------------------------

    def print_parameter(self, p: n.Parameter) -> Doc:
        head: list[Doc] = []
        if p.accessibility is not None:
            head.append(p.accessibility + " ")
        if p.readonly:
            head.append("readonly ")
        core: list[Doc] = ["..." if p.rest else "", p.name, "?" if p.optional else ""]
        if p.type is not None:
            hug = should_hug_the_only_parameter(self._parameters_of_parent())
            type_doc = (
                self._print_ungrouped(p.type)
                if hug and isinstance(p.type, n.TypeLiteral)
                else self.doc(p.type)
            )
            core += [": ", type_doc]
        if p.initializer is not None:
            core += [" = ", self.doc(p.initializer)]
        return concat(*head, *core)

    def _print_ungrouped(self, t: n.TypeLiteral) -> Doc:
        self.stack.append(t)
        try:
            return self.print_type_literal(t, grouped=False)
        finally:
            self.stack.pop()

    def _parameters_of_parent(self) -> tuple[n.Parameter, ...]:
        parent = self.parent()
        params = getattr(parent, "parameters", ())
        return params if isinstance(params, tuple) else ()

    def print_parameters(
        self,
        params: Sequence[n.Parameter],
        *,
        type_parameters: Sequence[n.TypeParameter] = (),
        expand_arg: bool = False,
    ) -> Doc:
        """``<T>(a: A, b: B)``: prettier's ``printFunctionParameters`` (type parameters are
        included when given)."""
        tp = self.print_type_parameters(type_parameters)
        if not params:
            return concat(tp, "()")
        printed = [self.doc(p) for p in params]
        if expand_arg:
            joined = join(", ", printed)
            if will_break(tp) or will_break(joined):
                raise ArgExpansionBailout
            return group(remove_lines(tp), "(", remove_lines(joined), ")")
        if should_hug_the_only_parameter(params):
            return concat(tp, "(", *printed, ")")
        fmt = PARAMETERS.but(trailing="never") if params[-1].rest else PARAMETERS
        return concat(tp, emit_list(printed, fmt))

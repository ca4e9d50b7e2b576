"""Printing of statements and declarations: blocks, control flow, variables, functions,
classes, interfaces, enums, type aliases, imports and exports, JSDoc comments."""

from __future__ import annotations

from collections.abc import Sequence

from ts_emitter import nodes as n
from ts_emitter.doc import (
    HARDLINE,
    LINE,
    SOFTLINE,
    Doc,
    GroupId,
    concat,
    group,
    if_break,
    indent,
    join,
)
from ts_emitter.lists import BLOCK, ENUM_BODY, IMPORT_NAMES, emit_list
from ts_emitter.literals import jsdoc_lines, quote_string
from ts_emitter.print_expressions import ExpressionsMixin, strip
from ts_emitter.print_types import key_doc, should_group_parameters

_FUNCTION_LIKE = (
    n.ArrowFunction,
    n.FunctionDeclaration,
    n.MethodDeclaration,
    n.Constructor,
    n.GetAccessor,
    n.SetAccessor,
)


def _is_negated_logical(e: n.Expression) -> bool:
    e = strip(e)
    if not (isinstance(e, n.Unary) and e.operator == "!"):
        return False
    inner = strip(e.operand)
    if isinstance(inner, n.Unary) and inner.operator == "!":
        inner = strip(inner.operand)
    return isinstance(inner, n.Binary) and inner.operator in ("&&", "||", "??")


class StatementsMixin(ExpressionsMixin):
    """Statements, declarations and comments."""

    # -- comments -----------------------------------------------------------------------------

    def print_jsdoc(self, doc: n.JSDoc) -> Doc:
        return join(HARDLINE, jsdoc_lines(doc))

    # -- blocks and statements ----------------------------------------------------------------

    def print_statements(self, statements: Sequence[n.Statement]) -> Doc:
        return join(HARDLINE, [self.statement_with_doc(s) for s in statements])

    def statement_with_doc(self, s: n.Statement) -> Doc:
        return self.with_doc_comment(getattr(s, "doc", None), self.doc(s))

    def print_block(self, b: n.Block) -> Doc:
        if b.statements:
            return emit_list([self.statement_with_doc(s) for s in b.statements], BLOCK)
        parent, key = self.parent(), self.key()
        if isinstance(parent, _FUNCTION_LIKE) or (
            isinstance(parent, n.Try) and key == "catch_block" and parent.finally_block is None
        ):
            return "{}"
        return concat("{", HARDLINE, "}")

    def print_expression_statement(self, s: n.ExpressionStatement) -> Doc:
        return concat(self.doc(s.expression), ";")

    def print_return(self, s: n.Return | n.Throw) -> Doc:
        keyword = "return" if isinstance(s, n.Return) else "throw"
        if s.expression is None:
            return keyword + ";"
        return concat(keyword, " ", self.print_return_argument(s.expression), ";")

    def print_if(self, s: n.If) -> Doc:
        test_doc = self.doc(s.condition)
        if not _is_negated_logical(s.condition):
            test_doc = group(indent(SOFTLINE, test_doc), SOFTLINE)
        head = group("if (", test_doc, ")", " ", self.doc(s.then))
        if s.else_ is None:
            return head
        return concat(head, " else", group(" ", self.doc(s.else_)))

    def print_for_of(self, s: n.ForOf) -> Doc:
        return group(
            "for",
            " await" if s.is_await else "",
            " (",
            group(s.kind, " ", s.name),
            " of ",
            self.doc(s.iterable),
            ")",
            " ",
            self.doc(s.body),
        )

    def print_try(self, s: n.Try) -> Doc:
        parts: list[Doc] = ["try ", self.doc(s.block)]
        if s.catch_block is not None:
            param = f"({s.catch_name}) " if s.catch_name else ""
            parts += [" catch ", param, self.doc(s.catch_block)]
        if s.finally_block is not None:
            parts += [" finally ", self.doc(s.finally_block)]
        return concat(*parts)

    def print_variable(self, s: n.VariableStatement) -> Doc:
        left = concat(s.name, self.type_annotation(s.type))
        t = s.type
        complex_annotation = (
            isinstance(t, n.TypeReference)
            and len(t.type_arguments) > 1
            and any(isinstance(a, n.TypeReference) and a.type_arguments for a in t.type_arguments)
        )
        declarator = self.print_assignment(
            left,
            " =",
            s.initializer,
            break_lhs=complex_annotation,
            arrow_declarator=isinstance(s.initializer, n.ArrowFunction),
        )
        return concat("export " if s.exported else "", group(s.kind, " ", declarator, ";"))

    # -- functions and classes ----------------------------------------------------------------

    def _signature(
        self,
        params: Sequence[n.Parameter],
        type_params: Sequence[n.TypeParameter],
        return_type: n.TypeNode | None,
        *,
        force_break: bool = False,
    ) -> Doc:
        params_doc = self.print_parameters(params)
        returns = self.type_annotation(return_type)
        if force_break:
            params_doc = group(params_doc, should_break=True)
        elif should_group_parameters(params, type_params, return_type, returns):
            params_doc = group(params_doc)
        return concat(self.print_type_parameters(type_params), group(params_doc, returns))

    def print_function(self, f: n.FunctionDeclaration) -> Doc:
        return concat(
            "export " if f.exported else "",
            "async " if f.is_async else "",
            "function",
            "*" if f.generator else "",
            " ",
            f.name,
            self._signature(f.parameters, f.type_parameters, f.return_type),
            " ",
            self.doc(f.body),
        )

    def _modifiers(
        self, accessibility: str | None, static: bool = False, abstract: bool = False
    ) -> Doc:
        return concat(
            accessibility + " " if accessibility else "",
            "static " if static else "",
            "abstract " if abstract else "",
        )

    def print_property_declaration(self, p: n.PropertyDeclaration) -> Doc:
        left = concat(
            self._modifiers(p.accessibility, p.static),
            "readonly " if p.readonly else "",
            key_doc(p.name),
            "?" if p.optional else "",
            "!" if p.definite else "",
            self.type_annotation(p.type),
        )
        return concat(self.print_assignment(left, " =", p.initializer), ";")

    def print_constructor(self, c: n.Constructor) -> Doc:
        force = len(c.parameters) > 1 and any(
            p.accessibility is not None or p.readonly for p in c.parameters
        )
        return concat(
            self._modifiers(c.accessibility),
            "constructor",
            self._signature(c.parameters, (), None, force_break=force),
            " ",
            self.doc(c.body),
        )

    def print_method(self, m: n.MethodDeclaration) -> Doc:
        return concat(
            self._modifiers(m.accessibility, m.static, m.abstract),
            "async " if m.is_async else "",
            "*" if m.generator else "",
            key_doc(m.name),
            self._signature(m.parameters, m.type_parameters, m.return_type),
            " " if m.body is not None else ";",
            self.doc(m.body) if m.body is not None else "",
        )

    def print_accessor(self, a: n.GetAccessor | n.SetAccessor) -> Doc:
        params: tuple[n.Parameter, ...] = ()
        if isinstance(a, n.GetAccessor):
            kind, returns = "get ", a.return_type
        else:
            kind, params, returns = "set ", (a.parameter,), None
        return concat(
            self._modifiers(a.accessibility, a.static),
            kind,
            key_doc(a.name),
            self._signature(params, (), returns),
            " ",
            self.doc(a.body),
        )

    def _heritage(
        self,
        keyword: str,
        items: Sequence[n.TypeReference],
        *,
        multiple: bool,
        group_mode: bool,
    ) -> Doc:
        if not items:
            return ""
        joined = join(concat(",", LINE), [self.doc(t) for t in items])
        if not multiple:
            clause = concat(f"{keyword} ", joined)
            return concat(LINE, group(clause)) if group_mode else concat(" ", clause)
        return concat(LINE, keyword, group(indent(LINE, joined)))

    def _class_like(
        self,
        keyword: str,
        name: str,
        type_params: Sequence[n.TypeParameter],
        extends: Sequence[n.TypeReference],
        implements: Sequence[n.TypeReference],
        body: Doc,
        *,
        is_class: bool,
        has_members: bool,
    ) -> Doc:
        count = len(extends) + len(implements)
        multiple = count > 1
        first = next(iter((*extends, *implements)), None)
        group_mode = multiple or (
            first is not None
            and isinstance(first.name, n.QualifiedName)
            and not first.type_arguments
        )
        head: list[Doc] = [" ", name, self.print_type_parameters(type_params)]
        heritage: list[Doc] = []
        if is_class and extends:
            base = concat("extends ", self.doc(extends[0]))
            heritage.append(concat(LINE, group(base)) if group_mode else concat(" ", base))
        else:
            heritage.append(
                self._heritage("extends", extends, multiple=multiple, group_mode=group_mode)
            )
        heritage.append(
            self._heritage("implements", implements, multiple=multiple, group_mode=group_mode)
        )
        parts: list[Doc] = [keyword]
        gid = GroupId("heritage")
        if group_mode:
            parts.append(group(*head, indent(*heritage), id=gid))
        else:
            parts += [*head, *heritage]
        if is_class and group_mode and has_members:
            parts.append(if_break(HARDLINE, " ", gid))
        else:
            parts.append(" ")
        parts.append(body)
        return concat(*parts)

    def print_class(self, c: n.ClassDeclaration) -> Doc:
        members: list[Doc] = []
        previous: n.ClassMember | None = None
        for m in c.members:
            d = self.with_doc_comment(getattr(m, "doc", None), self.doc(m))
            blank = previous is not None and not (
                isinstance(m, n.PropertyDeclaration)
                and isinstance(previous, n.PropertyDeclaration)
                and m.doc is None
            )
            members.append(concat(HARDLINE, d) if blank else d)
            previous = m
        body = emit_list(members, BLOCK)
        return concat(
            "export " if c.exported else "",
            self._class_like(
                "abstract class" if c.abstract else "class",
                c.name,
                c.type_parameters,
                (c.extends,) if c.extends is not None else (),
                c.implements,
                body,
                is_class=True,
                has_members=bool(c.members),
            ),
        )

    def print_interface(self, i: n.InterfaceDeclaration) -> Doc:
        return concat(
            "export " if i.exported else "",
            self._class_like(
                "interface",
                i.name,
                i.type_parameters,
                i.extends,
                (),
                self.print_interface_body(i.members),
                is_class=False,
                has_members=bool(i.members),
            ),
        )

    def print_type_alias(self, t: n.TypeAliasDeclaration) -> Doc:
        complex_params = len(t.type_parameters) > 1 and any(
            p.constraint is not None or p.default is not None for p in t.type_parameters
        )
        left = concat("type ", t.name, self.print_type_parameters(t.type_parameters))
        return concat(
            "export " if t.exported else "",
            self.print_assignment(left, " =", t.type, break_lhs=complex_params),
            ";",
        )

    def print_enum(self, e: n.EnumDeclaration) -> Doc:
        members = [self.with_doc_comment(m.doc, self.doc(m)) for m in e.members]
        return concat(
            "export " if e.exported else "",
            "const " if e.const else "",
            "enum ",
            e.name,
            " ",
            emit_list(members, ENUM_BODY),
        )

    def print_enum_member(self, m: n.EnumMember) -> Doc:
        if m.value is None:
            return key_doc(m.name)
        value = quote_string(m.value) if isinstance(m.value, str) else str(m.value)
        return concat(key_doc(m.name), " = ", value)

    # -- modules ------------------------------------------------------------------------------

    def _names(self, names: Sequence[n.ImportSpecifier | n.ExportSpecifier]) -> Doc:
        printed = [
            s.name if s.alias is None or s.alias == s.name else f"{s.name} as {s.alias}"
            for s in names
        ]
        if len(printed) == 1:
            return "{ " + printed[0] + " }"
        return emit_list(printed, IMPORT_NAMES)

    def print_import(self, d: n.ImportDeclaration) -> Doc:
        bindings: list[Doc] = []
        if d.default:
            bindings.append(d.default)
        if d.namespace:
            bindings.append(f"* as {d.namespace}")
        if d.names:
            bindings.append(self._names(d.names))
        source = quote_string(d.module)
        if not bindings:
            return concat("import ", source, ";")
        return concat(
            "import",
            " type" if d.type_only else "",
            " ",
            join(", ", bindings),
            " from ",
            source,
            ";",
        )

    def print_export(self, d: n.ExportDeclaration) -> Doc:
        source = concat(" from ", quote_string(d.module)) if d.module is not None else ""
        if not d.names:
            star = f"* as {d.namespace}" if d.namespace else "*"
            return concat("export", " type" if d.type_only else "", " ", star, source, ";")
        return concat(
            "export", " type" if d.type_only else "", " ", self._names(d.names), source, ";"
        )

    def print_source_file(self, f: n.SourceFile, imports: Sequence[n.ImportDeclaration]) -> Doc:
        blocks: list[Doc] = []
        if f.header is not None:
            blocks.append(self.doc(f.header))
        if imports:
            blocks.append(join(HARDLINE, [self.doc(i) for i in imports]))
        statements: list[Doc] = []
        previous: n.Statement | None = None
        for s in f.statements:
            d = self.statement_with_doc(s)
            tight = isinstance(s, n.ExportDeclaration) and isinstance(previous, n.ExportDeclaration)
            statements.append(d if previous is None or tight else concat(HARDLINE, d))
            previous = s
        if statements:
            blocks.append(join(HARDLINE, statements))
        return join(concat(HARDLINE, HARDLINE), blocks)

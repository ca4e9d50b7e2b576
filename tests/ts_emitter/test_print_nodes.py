"""Unit tests: one node (kind) -> its exact printed text."""

from __future__ import annotations

import pytest

from ts_emitter import Symbol, print_file, print_node
from ts_emitter import factory as f
from ts_emitter import nodes as n

S = f.string()
LONG = "aVeryLongIdentifierNameThatTakesUpSpace"


def p(node: n.Node) -> str:
    return print_node(node).removesuffix("\n")


TYPES: list[tuple[n.Node, str]] = [
    (f.keyword("unknown"), "unknown"),
    (f.ref("Foo"), "Foo"),
    (f.ref(Symbol("Foo", "./foo.js")), "Foo"),
    (f.ref(n.QualifiedName(left="ns", right="Foo")), "ns.Foo"),
    (f.promise(f.array_of(f.ref("Foo"))), "Promise<Foo[]>"),
    (f.record(S, f.unknown()), "Record<string, unknown>"),
    (f.union(S, f.number(), f.null()), "string | number | null"),
    (f.union(S, f.union(f.number(), f.boolean())), "string | number | boolean"),
    (f.array_of(f.union(S, f.number())), "(string | number)[]"),
    (f.array_of(f.keyof(f.ref("T"))), "(keyof T)[]"),
    (f.array_of(f.type_fn([], f.void())), "(() => void)[]"),
    (f.union(f.type_fn([], f.void()), f.null()), "(() => void) | null"),
    (f.union(f.intersection(f.ref("A"), f.ref("B")), f.ref("C")), "(A & B) | C"),
    (f.intersection(f.ref("A"), f.object_type(f.property_signature("b", S))), "A & { b: string }"),
    (f.tuple_(S, f.number()), "[string, number]"),
    (f.tuple_(), "[]"),
    (f.literal("it's"), '"it\'s"'),
    (f.literal('say "hi"'), "'say \"hi\"'"),
    (f.literal(-1), "-1"),
    (f.literal(1.5e20), "1.5e20"),
    (f.literal(True), "true"),
    (f.keyof(f.ref("Foo")), "keyof Foo"),
    (f.indexed(f.ref("Foo"), f.literal("bar")), 'Foo["bar"]'),
    (f.indexed(f.union(f.ref("A"), f.ref("B")), f.literal("k")), '(A | B)["k"]'),
    (f.typeof_("config"), "typeof config"),
    (
        f.type_fn([f.param("a", S), f.param("b", f.number(), optional=True)], f.void()),
        "(a: string, b?: number) => void",
    ),
    (f.type_fn([f.param("xs", f.array_of(S), rest=True)], S), "(...xs: string[]) => string"),
    (f.object_type(), "{}"),
    (
        f.object_type(f.property_signature("a", S), f.property_signature("b", S, optional=True)),
        "{ a: string; b?: string }",
    ),
    (f.object_type(f.property_signature("a", S), multiline=True), "{\n  a: string;\n}"),
    (f.async_iterable_iterator(f.ref("Foo")), "AsyncIterableIterator<Foo>"),
]


@pytest.mark.parametrize(("node", "expected"), TYPES, ids=[e for _, e in TYPES])
def test_types(node: n.Node, expected: str) -> None:
    assert p(node) == expected


DECLARATIONS: list[tuple[n.Node, str]] = [
    (
        f.interface("Foo", f.property_signature("bar", S, optional=True)),
        "export interface Foo {\n  bar?: string;\n}",
    ),
    (f.interface("Empty", exported=False), "interface Empty {}"),
    (
        f.interface(
            "Foo",
            f.property_signature("id", S, readonly=True),
            f.property_signature("data-id", S),
            f.property_signature("class", S),
            f.method_signature("get", [f.param("key", S)], f.unknown(), optional=True),
            f.index_signature(S, f.unknown()),
            extends=[f.ref("Base")],
            type_params=[f.type_param("T", extends=S, default=f.literal("x"))],
        ),
        'export interface Foo<T extends string = "x"> extends Base {\n'
        "  readonly id: string;\n"
        '  "data-id": string;\n'
        "  class: string;\n"
        "  get?(key: string): unknown;\n"
        "  [key: string]: unknown;\n"
        "}",
    ),
    (f.type_alias("Id", S), "export type Id = string;"),
    (
        f.type_alias("Kind", f.string_union("a", "b")),
        'export type Kind = "a" | "b";',
    ),
    (
        f.enum("Color", f.enum_member("Red", "red"), f.enum_member("light blue", 2)),
        'export enum Color {\n  Red = "red",\n  "light blue" = 2,\n}',
    ),
    (f.enum("E", f.enum_member("A"), const=True, exported=False), "const enum E {\n  A,\n}"),
    (
        f.function(
            "add",
            [f.param("a", f.number()), f.param("b", f.number())],
            f.number(),
            f.return_(f.binary(f.ident("a"), "+", f.ident("b"))),
        ),
        "export function add(a: number, b: number): number {\n  return a + b;\n}",
    ),
    (
        f.function(
            "gen",
            [],
            f.async_iterable_iterator(S),
            f.expr(f.yield_(f.string_("x"))),
            is_async=True,
            generator=True,
            exported=False,
        ),
        'async function* gen(): AsyncIterableIterator<string> {\n  yield "x";\n}',
    ),
    (f.const("x", f.number_(1)), "const x = 1;"),
    (f.let("y", type=S, exported=True), "export let y: string;"),
    (
        f.class_(
            "Foo",
            f.property(
                "count", f.number(), init=f.number_(0), static=True, accessibility="private"
            ),
            f.property("name", S, definite=True, readonly=True),
            f.constructor(
                [f.param("client", f.ref("Client"), accessibility="private", readonly=True)]
            ),
            f.method("run", [], f.promise(f.void()), is_async=True, accessibility="public"),
            f.getter("size", f.number(), f.return_(f.number_(1))),
            extends=f.ref(Symbol("Base", "./base.js"), S),
            implements=[f.ref("I")],
            type_params=[f.type_param("T")],
        ),
        "export class Foo<T> extends Base<string> implements I {\n"
        "  private static count: number = 0;\n"
        "  readonly name!: string;\n"
        "\n"
        "  constructor(private readonly client: Client) {}\n"
        "\n"
        "  public async run(): Promise<void> {}\n"
        "\n"
        "  get size(): number {\n"
        "    return 1;\n"
        "  }\n"
        "}",
    ),
    (
        f.class_(
            "A",
            f.method("m", [], f.void(), abstract=True, accessibility="protected"),
            abstract=True,
        ),
        "export abstract class A {\n  protected abstract m(): void;\n}",
    ),
]


@pytest.mark.parametrize(("node", "expected"), DECLARATIONS)
def test_declarations(node: n.Node, expected: str) -> None:
    assert p(node) == expected


a, b, c = f.ident("a"), f.ident("b"), f.ident("c")

EXPRESSIONS: list[tuple[n.Node, str]] = [
    (f.string_("plain"), '"plain"'),
    (f.string_('with "double" quotes'), "'with \"double\" quotes'"),
    (f.string_("back\\slash\nnew\u2028line\ttab"), '"back\\\\slash\\nnew\\u2028line\\ttab"'),
    (f.number_(1.0), "1.0"),
    (f.number_(0.5), "0.5"),
    (f.number_(1e-7), "1e-7"),
    (f.number_(-3), "-3"),
    (f.template("a`b${c}\\", a, "\n"), "`a\\`b\\${c}\\\\${a}\\n`"),
    (f.array(), "[]"),
    (f.array(a, f.spread(b)), "[a, ...b]"),
    (f.obj(), "{}"),
    (
        f.obj(f.prop("x", a), f.shorthand("b"), f.spread_props(c), f.prop("data-x", a)),
        '{ x: a, b, ...c, "data-x": a }',
    ),
    (f.obj(f.prop(n.ComputedName(expression=a), b)), "{ [a]: b }"),
    (f.member(f.member(a, "b", optional=True), "c"), "a?.b.c"),
    (f.element(a, f.string_("k"), optional=True), 'a?.["k"]'),
    (f.call(a, b, type_args=[S]), "a<string>(b)"),
    (f.call(a, optional=True), "a?.()"),
    (f.new(f.reference(Symbol("Map")), type_args=[S, f.number()]), "new Map<string, number>()"),
    (f.new(f.call(a)), "new (a())()"),
    (
        f.arrow([f.param("x", f.number())], f.obj(f.prop("x", f.ident("x")))),
        "(x: number) => ({ x: x })",
    ),
    (f.arrow([], f.block(), is_async=True), "async () => {}"),
    (f.await_(f.call(f.member(a, "b"))), "await a.b()"),
    (f.member(f.await_(a), "b"), "(await a).b"),
    (f.binary(f.await_(a), "||", b), "(await a) || b"),
    (f.not_(f.binary(a, "&&", b)), "!(a && b)"),
    (f.unary("typeof", a), "typeof a"),
    (f.binary(f.binary(a, "+", b), "*", c), "(a + b) * c"),
    (f.binary(a, "-", f.binary(b, "-", c)), "a - (b - c)"),
    (f.binary(f.binary(a, "%", b), "+", c), "(a % b) + c"),
    (f.binary(f.binary(a, "&&", b), "||", c), "(a && b) || c"),
    (f.binary(f.binary(a, "??", b), "??", c), "a ?? b ?? c"),
    (f.as_(f.as_(a, f.unknown()), S), "a as unknown as string"),
    (f.as_(f.binary(a, "+", b), S), "(a + b) as string"),
    (f.satisfies(f.obj(), f.ref("T")), "{} satisfies T"),
    (f.type_assertion(S, a), "<string>a"),
    (f.non_null(f.member(a, "b")), "a.b!"),
    (f.spread(f.await_(a)), "...(await a)"),
    (f.yield_(a, delegate=True), "yield* a"),
    (f.assign(f.member(f.this(), "x"), a), "this.x = a"),
]


@pytest.mark.parametrize(("node", "expected"), EXPRESSIONS, ids=[e for _, e in EXPRESSIONS])
def test_expressions(node: n.Node, expected: str) -> None:
    assert p(node) == expected


STATEMENTS: list[tuple[n.Node, str]] = [
    (f.expr(f.call(a)), "a();"),
    (f.return_(), "return;"),
    (f.throw(f.new(f.ident("Error"), f.string_("x"))), 'throw new Error("x");'),
    (f.if_(a, f.block(f.expr(f.call(b)))), "if (a) {\n  b();\n}"),
    (f.if_(a, f.block(), f.if_(b, f.block(), f.block())), "if (a) {\n} else if (b) {\n} else {\n}"),
    (f.for_of("x", a, f.block(n.Break())), "for (const x of a) {\n  break;\n}"),
    (
        f.for_of("x", a, f.block(n.Continue()), is_await=True),
        "for await (const x of a) {\n  continue;\n}",
    ),
    (
        f.try_(f.block(f.expr(f.call(a))), catch_name="e", catch=f.block()),
        "try {\n  a();\n} catch (e) {}",
    ),
    (f.try_(f.block(), finally_=f.block(f.expr(f.call(b)))), "try {\n} finally {\n  b();\n}"),
]


@pytest.mark.parametrize(("node", "expected"), STATEMENTS, ids=[e for _, e in STATEMENTS])
def test_statements(node: n.Node, expected: str) -> None:
    assert p(node) == expected


def test_jsdoc_tags_and_escaping() -> None:
    doc = f.jsdoc(
        "Line one */ end.\n\n  indented",
        params={"limit": "Max items."},
        returns="Items.",
        deprecated="Use `other`.",
        example="const x = 1;\nconst y = 2;",
    )
    assert p(f.const("x", a, doc=doc)) == (
        "/**\n"
        " * Line one *\\/ end.\n"
        " *\n"
        " *   indented\n"
        " * @param limit - Max items.\n"
        " * @returns Items.\n"
        " * @deprecated Use `other`.\n"
        " * @example\n"
        " * const x = 1;\n"
        " * const y = 2;\n"
        " */\n"
        "const x = a;"
    )
    assert p(f.const("x", a, doc="Short.")) == "/** Short. */\nconst x = a;"


def test_source_file_imports_are_collected_sorted_and_split() -> None:
    rt = "./runtime/index.js"
    file = f.source_file(
        f.interface("Foo", f.property_signature("ref", f.ref(Symbol("NodeRef", rt)))),
        f.class_("FooAPI", extends=f.ref(Symbol("InstanceAPI", rt), f.ref("Foo"))),
        f.const("x", f.call(f.reference(Symbol("helper", "lodash")))),
        f.type_alias(
            "Ns",
            f.ref(n.QualifiedName(left=Symbol("api", "./api.js", kind="namespace"), right="T")),
        ),
        f.const("Client", f.reference(Symbol("Client", "./client.js", kind="default"))),
        imports=[f.import_("./polyfill.js")],
    )
    assert print_file(file).split("\n\n")[0] == (
        'import "./polyfill.js";\n'
        'import { helper } from "lodash";\n'
        'import type * as api from "./api.js";\n'
        'import Client2 from "./client.js";\n'
        'import { InstanceAPI } from "./runtime/index.js";\n'
        'import type { NodeRef } from "./runtime/index.js";'
    )


def test_print_file_output_format() -> None:
    text = print_file(f.source_file(f.type_alias("A", S), f.type_alias("B", S)))
    assert text == "export type A = string;\n\nexport type B = string;\n"
    assert print_file(f.source_file()) == ""


def test_long_signature_breaks_like_prettier() -> None:
    method = f.method(
        "list",
        [f.param(LONG, S), f.param("options", f.ref("Options"), optional=True)],
        f.promise(f.ref("Page", f.ref("Foo"))),
        is_async=True,
    )
    assert p(method) == (
        f"async list(\n  {LONG}: string,\n  options?: Options,\n): Promise<Page<Foo>> {{}}"
    )


def test_long_union_alias_breaks_one_member_per_line() -> None:
    alias = f.type_alias("K", f.string_union(*(f"value_number_{i}" for i in range(6))))
    assert p(alias) == "export type K =\n" + "\n".join(
        f'  | "value_number_{i}"' + (";" if i == 5 else "") for i in range(6)
    )


def test_member_chain_breaks_one_call_per_line() -> None:
    chain = f.call(
        f.member(
            f.call(f.member(f.call(f.member(a, "filter"), f.ident(LONG)), "map"), f.ident(LONG)),
            "join",
        ),
        f.string_(","),
    )
    assert p(f.const("joined", chain)) == (
        f'const joined = a\n  .filter({LONG})\n  .map({LONG})\n  .join(",");'
    )


def test_last_object_argument_hugs() -> None:
    call = f.call(
        f.member(f.this(), "post"),
        f.string_("/path"),
        f.obj(f.prop("items", f.ident(LONG)), f.prop("limit", f.number_(1000))),
    )
    assert p(f.expr(f.await_(call))) == (
        f'await this.post("/path", {{\n  items: {LONG},\n  limit: 1000,\n}});'
    )

"""Nodes refuse invalid input where it enters, with a message naming the problem and the fix."""

from __future__ import annotations

import pytest

from ts_emitter import InvalidIdentifierError, NameAllocator, Symbol, print_node
from ts_emitter import factory as f
from ts_emitter import nodes as n
from ts_emitter.literals import format_number, quote_string, template_text
from ts_emitter.names import is_identifier, is_unquoted_key

a, b = f.ident("a"), f.ident("b")


@pytest.mark.parametrize("name", ["", "1abc", "a-b", "a b", "a.b", "é\u0301x"[1:], "x\n"])
def test_invalid_identifier_is_refused_and_named(name: str) -> None:
    with pytest.raises(InvalidIdentifierError, match="not a valid TypeScript identifier") as info:
        f.ident(name)
    assert repr(name) in str(info.value)


@pytest.mark.parametrize("name", ["class", "default", "await", "yield", "let", "enum", "arguments"])
def test_reserved_binding_is_refused_with_a_fix(name: str) -> None:
    with pytest.raises(InvalidIdentifierError, match=rf"reserved word.*{name}_"):
        f.const(name, f.number_(1))
    with pytest.raises(InvalidIdentifierError, match="reserved"):
        f.param(name)


@pytest.mark.parametrize("name", ["string", "number", "any", "undefined", "never"])
def test_predefined_type_names_cannot_name_declarations(name: str) -> None:
    with pytest.raises(InvalidIdentifierError, match="predefined type name"):
        f.interface(name)
    with pytest.raises(InvalidIdentifierError, match="predefined type name"):
        f.type_alias(name, f.string())


def test_reserved_words_are_fine_as_member_names_and_keys() -> None:
    assert print_node(f.member(a, "default")) == "a.default\n"
    assert print_node(f.obj(f.prop("class", a))) == "{ class: a }\n"
    assert print_node(f.object_type(f.property_signature("delete", f.string()))) == (
        "{ delete: string }\n"
    )


def test_symbol_names_are_validated() -> None:
    with pytest.raises(InvalidIdentifierError):
        Symbol("not-valid", "./x.js")
    with pytest.raises(ValueError, match="needs a module"):
        Symbol("x", None, kind="default")


def test_unparenthesized_children_are_refused() -> None:
    union = n.UnionType(types=(f.string(), f.number()))
    with pytest.raises(ValueError, match="UnionType must be parenthesized"):
        n.ArrayType(element=union)
    with pytest.raises(ValueError, match="must be parenthesized"):
        n.Binary(left=n.Binary(left=a, operator="+", right=b), operator="*", right=a)
    with pytest.raises(ValueError, match="must be parenthesized"):
        n.PropertyAccess(expression=n.Await(expression=a), name="x")
    with pytest.raises(ValueError, match="must be parenthesized"):
        n.ArrowFunction(body=f.obj(f.prop("x", a)))


def test_redundant_parentheses_are_refused() -> None:
    with pytest.raises(ValueError, match="redundant parentheses"):
        n.ArrayType(element=n.ParenthesizedType(type=f.string()))
    with pytest.raises(ValueError, match="redundant parentheses"):
        n.Call(callee=n.ParenthesizedExpression(expression=a))


def test_structural_invariants() -> None:
    with pytest.raises(ValueError, match="optional chaining"):
        f.assign(f.member(a, "b", optional=True), b)
    with pytest.raises(ValueError, match="rest parameter"):
        f.function("g", [f.param("xs", rest=True), f.param("y")], None)
    with pytest.raises(ValueError, match="duplicate parameter"):
        f.function("g", [f.param("x"), f.param("x")], None)
    with pytest.raises(ValueError, match="needs an initializer"):
        n.VariableStatement(name="x")
    with pytest.raises(ValueError, match="abstract"):
        f.class_("C", f.method("m", [], None, abstract=True))
    with pytest.raises(ValueError, match="must be parenthesized"):
        n.Binary(left=n.Binary(left=a, operator="??", right=b), operator="||", right=a)
    assert print_node(f.binary(f.binary(a, "??", b), "||", a)) == "(a ?? b) || a\n"
    with pytest.raises(ValueError, match="one more quasi"):
        n.TemplateLiteral(quasis=("a",), expressions=(a,))
    with pytest.raises(ValueError, match="empty comment"):
        n.JSDoc(text="  ")
    with pytest.raises(ValueError, match="Infinity"):
        f.number_(float("inf"))


def test_template_expression_must_fit_on_one_line() -> None:
    arrow = f.arrow([], f.block(f.expr(f.call(a))))
    with pytest.raises(ValueError, match="one line"):
        print_node(f.template("x", arrow))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", '"plain"'),
        ('a "b" c', "'a \"b\" c'"),
        ("it's", '"it\'s"'),
        ('"\'"', "'\"\\'\"'"),
        ("back\\slash", '"back\\\\slash"'),
        ("line\r\nbreak\u2029", '"line\\r\\nbreak\\u2029"'),
        ("\x00\x1f\x7f", '"\\x00\\x1f\\x7f"'),
        ("emoji 🎉 é", '"emoji 🎉 é"'),
    ],
)
def test_string_escaping(value: str, expected: str) -> None:
    assert quote_string(value) == expected


def test_template_escaping() -> None:
    assert template_text("`${x}` $ { \\ \n") == "\\`\\${x}\\` $ { \\\\ \\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0"), (10, "10"), (1.5, "1.5"), (100.0, "100.0"), (1e21, "1e21"), (2.5e-8, "2.5e-8")],
)
def test_number_format(value: float, expected: str) -> None:
    assert format_number(value) == expected


def test_keys_are_quoted_only_when_needed() -> None:
    assert is_unquoted_key("camelCase") and is_unquoted_key("default") and is_unquoted_key("café")
    assert (
        not is_unquoted_key("kebab-case") and not is_unquoted_key("1") and not is_unquoted_key("")
    )
    assert is_identifier("$_x1") and not is_identifier("x³")


def test_name_allocator_is_deterministic_and_keyword_safe() -> None:
    alloc = NameAllocator(["Foo"])
    assert alloc.allocate("Foo", "a") == "Foo2"
    assert alloc.allocate("Foo", "b") == "Foo3"
    assert alloc.allocate("class", "c") == "class_"
    assert alloc.get("b") == "Foo3"
    with pytest.raises(ValueError, match="already allocated"):
        alloc.allocate("Bar", "a")


def test_nodes_are_frozen_and_hashable() -> None:
    node = f.ref("Foo")
    with pytest.raises(AttributeError):
        node.name = "Bar"  # type: ignore[misc]
    assert hash(node) == hash(f.ref("Foo"))


def test_raw_is_single_line() -> None:
    assert print_node(n.Raw(text="declare const x: number;")) == "declare const x: number;\n"
    with pytest.raises(ValueError, match="single line"):
        n.Raw(text="a\nb")

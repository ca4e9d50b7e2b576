"""Hypothesis strategies for random, type-correct ts_emitter trees.

The trees are built to type-check under ``tsc --strict``: types only reference declarations
made earlier in the file, member names are unique per file (so extended interfaces and derived
classes never conflict), bodies are ``throw`` statements, and random expressions only combine
values of type ``any`` where an operator needs compatible operands.
"""

from __future__ import annotations

import functools
import itertools
import string

from hypothesis import strategies as st

from ts_emitter import factory as f
from ts_emitter import nodes as n
from ts_emitter.names import CONTEXTUAL_TYPE_NAMES, RESERVED_WORDS

# Names ------------------------------------------------------------------------------------------

_AVOID = RESERVED_WORDS | CONTEXTUAL_TYPE_NAMES | {
    "Promise", "Array", "Record", "Error", "Object", "String", "Number", "Boolean", "Symbol",
    "Function", "Date", "Map", "Set", "JSON", "Math", "Partial", "Readonly", "it", "test",
    "describe", "require", "define", "constructor", "prototype", "__proto__",
}  # fmt: skip

_ALNUM = string.ascii_letters + string.digits
camel = st.builds(
    lambda a, b: a + b, st.sampled_from(string.ascii_lowercase), st.text(_ALNUM, max_size=22)
).filter(lambda s: s not in _AVOID)
pascal = st.builds(
    lambda a, b: a + b, st.sampled_from(string.ascii_uppercase), st.text(_ALNUM, max_size=22)
).filter(lambda s: s not in _AVOID)
any_key = st.one_of(
    camel,
    st.text(
        alphabet=st.characters(
            codec="utf-8", categories=["L", "N", "P", "S", "Zs"], exclude_characters="\\"
        ),
        min_size=1,
        max_size=16,
    ),
    st.sampled_from(["default", "class", "data-id", "x y", "1", "0x10", 'q"uote', "it's", "é"]),
).filter(lambda s: s.strip() == s and s and s != "__proto__" and s != "constructor")
text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cn"]), min_size=0, max_size=30
)


class Names:
    """Fresh unique names for one file."""

    def __init__(self) -> None:
        self._counter = itertools.count()

    def unique(self, base: str) -> str:
        return f"{base}{next(self._counter)}"


# Types ------------------------------------------------------------------------------------------

_KEYWORDS: list[n.KeywordTypeName] = [
    "any", "unknown", "never", "void", "undefined", "null", "string", "number", "boolean",
    "bigint", "symbol", "object",
]  # fmt: skip


@functools.cache
def literal_types() -> st.SearchStrategy[n.TypeNode]:
    return st.one_of(
        text.map(f.literal),
        st.integers(min_value=-(10**6), max_value=10**12).map(f.literal),
        st.floats(min_value=0, max_value=1e30, allow_nan=False).map(f.literal),
        st.booleans().map(f.literal),
    )


def types(declared: list[str], depth: int = 2) -> st.SearchStrategy[n.TypeNode]:
    """Random types referencing only names in ``declared``."""
    return _types(tuple(declared), depth)


@functools.cache
def _types(declared: tuple[str, ...], depth: int) -> st.SearchStrategy[n.TypeNode]:
    leaves: list[st.SearchStrategy[n.TypeNode]] = [
        st.sampled_from(_KEYWORDS).map(f.keyword),
        literal_types(),
    ]
    if declared:
        leaves.append(st.sampled_from(declared).map(f.ref))
    leaf = st.one_of(*leaves)
    if depth <= 0:
        return leaf
    sub = _types(declared, depth - 1)
    return st.one_of(
        leaf,
        st.lists(sub, min_size=2, max_size=5).map(lambda ts: f.union(*ts)),
        st.lists(sub, min_size=2, max_size=3).map(lambda ts: f.intersection(*ts)),
        sub.map(f.array_of),
        st.lists(sub, max_size=4).map(lambda ts: f.tuple_(*ts)),
        sub.map(f.promise),
        sub.map(lambda t: f.record(f.string(), t)),
        st.lists(sub, min_size=1, max_size=3).map(lambda ts: f.ref("Map", f.string(), ts[0])),
        sub.map(f.keyof),
        sub.map(lambda t: f.indexed(t, f.keyof(t))),
        st.builds(
            lambda ps, r: f.type_fn(ps, r),
            st.lists(sub, max_size=4).map(
                lambda ts: [f.param(f"p{i}", t) for i, t in enumerate(ts)]
            ),
            sub,
        ),
        st.lists(st.tuples(any_key, sub, st.booleans()), max_size=4, unique_by=lambda x: x[0]).map(
            lambda ms: f.object_type(*(f.property_signature(k, t, optional=o) for k, t, o in ms))
        ),
    )


# Declarations -----------------------------------------------------------------------------------


def docs() -> st.SearchStrategy[n.JSDoc | None]:
    return st.one_of(
        st.none(),
        st.builds(
            lambda t, params, ret, dep: f.jsdoc(
                t if t.strip() else "Doc.", params=params, returns=ret, deprecated=dep
            ),
            text,
            st.dictionaries(camel, text, max_size=2),
            st.one_of(st.none(), text),
            st.booleans(),
        ),
    )


def parameters(declared: list[str], names: Names) -> st.SearchStrategy[list[n.Parameter]]:
    def build(specs: list[tuple[n.TypeNode, int]]) -> list[n.Parameter]:
        out = []
        for i, (t, kind) in enumerate(specs):
            name = names.unique("arg")
            last = i == len(specs) - 1
            if kind == 1 and last:
                out.append(f.param(name, f.array_of(t), rest=True))
            elif kind == 2 and all(k == 2 for _, k in specs[i:]):
                out.append(f.param(name, t, optional=True))
            else:
                out.append(f.param(name, t))
        return out

    return st.lists(st.tuples(types(declared, 1), st.integers(0, 2)), max_size=4).map(build)


def throw_body() -> list[n.Statement]:
    return [f.throw(f.new(f.ident("Error"), f.string_("not implemented")))]


@st.composite
def interface_decl(
    draw: st.DrawFn, declared: list[str], interfaces: list[str], names: Names
) -> n.InterfaceDeclaration:
    name = names.unique(draw(pascal))
    members: list[n.TypeMember] = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 3))
        key = draw(any_key) + names.unique("_")
        doc = draw(docs())
        if kind == 0:
            params = draw(parameters(declared, names))
            members.append(
                f.method_signature(
                    key, params, draw(types(declared)), doc=doc, optional=draw(st.booleans())
                )
            )
        else:
            members.append(
                f.property_signature(
                    key,
                    draw(types(declared)),
                    optional=draw(st.booleans()),
                    readonly=draw(st.booleans()),
                    doc=doc,
                )
            )
    if draw(st.booleans()):
        members.append(f.index_signature(f.string(), f.unknown(), name=draw(camel)))
    extends = (
        draw(st.lists(st.sampled_from(interfaces), max_size=3, unique=True)) if interfaces else []
    )
    type_params = []
    defaults = False
    for _ in range(draw(st.integers(0, 2))):
        bound = draw(st.one_of(st.none(), types(declared, 1)))
        defaults = defaults or draw(st.booleans())
        type_params.append(
            f.type_param(
                names.unique("T"),
                extends=bound,
                default=(bound or f.unknown()) if defaults else None,
            )
        )
    return f.interface(
        name,
        *members,
        extends=[f.ref(x) for x in extends],
        type_params=type_params,
        doc=draw(docs()),
    )


@st.composite
def type_alias_decl(draw: st.DrawFn, declared: list[str], names: Names) -> n.TypeAliasDeclaration:
    return f.type_alias(names.unique(draw(pascal)), draw(types(declared, 3)), doc=draw(docs()))


@st.composite
def enum_decl(draw: st.DrawFn, names: Names) -> n.EnumDeclaration:
    keys = draw(st.lists(any_key, min_size=1, max_size=6, unique=True))
    members = [
        f.enum_member(
            k if not k.isdigit() else k + "x",
            draw(st.one_of(st.none(), text)) if i == 0 else draw(text),
        )
        for i, k in enumerate(keys)
    ]
    return f.enum(names.unique(draw(pascal)), *members, const=draw(st.booleans()))


@st.composite
def class_decl(
    draw: st.DrawFn, declared: list[str], classes: list[str], names: Names
) -> n.ClassDeclaration:
    name = names.unique(draw(pascal))
    base = draw(st.one_of(st.none(), st.sampled_from(classes))) if classes else None
    members: list[n.ClassMember] = []
    if base is None and draw(st.booleans()):
        params = [
            f.param(
                names.unique(draw(camel)),
                draw(types(declared, 1)),
                accessibility=draw(st.sampled_from(["private", "protected", "public", None])),
                readonly=draw(st.booleans()),
            )
            for _ in range(draw(st.integers(0, 3)))
        ]
        members.append(f.constructor(params, doc=draw(docs())))
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.integers(0, 3))
        key = names.unique(draw(camel))
        access = draw(st.sampled_from(["private", "protected", "public", None]))
        static = draw(st.booleans())
        if kind == 0:
            t = draw(types(declared))
            members.append(
                f.property(
                    key,
                    t,
                    optional=True,
                    readonly=draw(st.booleans()),
                    static=static,
                    accessibility=access,
                    doc=draw(docs()),
                )
            )
        elif kind == 1:
            is_async, generator = draw(st.booleans()), draw(st.booleans())
            t = draw(_ELEMENT if generator else types(declared))
            returns = (
                f.async_iterable_iterator(t) if is_async and generator
                else f.ref("IterableIterator", t) if generator
                else f.promise(t) if is_async
                else t
            )  # fmt: skip
            members.append(
                f.method(
                    key,
                    draw(parameters(declared, names)),
                    returns,
                    *throw_body(),
                    is_async=is_async,
                    generator=generator,
                    static=static,
                    accessibility=access,
                    doc=draw(docs()),
                )
            )
        elif kind == 2:
            members.append(f.getter(key, draw(types(declared)), *throw_body()))
        else:
            members.append(f.property(key, f.string(), init=f.string_(draw(text)), static=static))
    return f.class_(name, *members, extends=f.ref(base) if base else None, doc=draw(docs()))


@st.composite
def function_decl(draw: st.DrawFn, declared: list[str], names: Names) -> n.FunctionDeclaration:
    is_async, generator = draw(st.booleans()), draw(st.booleans())
    t = draw(_ELEMENT if generator else types(declared))
    returns = (
        f.async_iterable_iterator(t) if is_async and generator
        else f.ref("IterableIterator", t) if generator
        else f.promise(t) if is_async
        else t
    )  # fmt: skip
    type_params = (
        [f.type_param(names.unique("T"), extends=draw(types(declared, 1)))]
        if draw(st.booleans())
        else []
    )
    return f.function(
        names.unique(draw(camel)),
        draw(parameters(declared, names)),
        returns,
        *throw_body(),
        type_params=type_params,
        is_async=is_async,
        generator=generator,
        doc=draw(docs()),
    )


# Expressions ------------------------------------------------------------------------------------

PARAMS = ["a", "b", "c"]
_ELEMENT = st.sampled_from(["string", "number", "unknown", "boolean"]).map(f.keyword)


_MAYBE_NULLISH = (n.Identifier, n.PropertyAccess, n.ElementAccess, n.Call, n.Await)
_OUTER = (n.ParenthesizedExpression, n.AsExpression, n.SatisfiesExpression, n.NonNull)


def _binary(left: n.Expression, op: n.BinaryOperator, right: n.Expression) -> n.Expression:
    """``left op right``. tsc rejects ``x ?? y`` when it can tell ``x`` is never (TS2869) or
    always (TS2871) nullish, looking through parentheses and assertions: a literal,
    arithmetic, a comparison, ``new``, ``undefined``... Such a left operand becomes an index,
    ``a[x] ?? y``, so the tree stays random and type-checks."""
    if op == "??":
        inner = left
        while isinstance(inner, _OUTER):
            inner = inner.expression
        if not isinstance(inner, _MAYBE_NULLISH) or (
            isinstance(inner, n.Identifier) and inner.name == "undefined"
        ):
            left = f.element(f.ident(PARAMS[0]), left)
    return f.binary(left, op, right)


@functools.cache
def any_exprs(depth: int) -> st.SearchStrategy[n.Expression]:
    """Expressions of type ``any`` (built from the ``any`` parameters)."""
    leaf = st.sampled_from(PARAMS).map(f.ident)
    if depth <= 0:
        return leaf
    sub = any_exprs(depth - 1)
    values = value_exprs(depth - 1)
    return st.one_of(
        leaf,
        st.builds(
            lambda e, name, o: f.member(e, name, optional=o),
            sub,
            st.one_of(camel, st.sampled_from(["default", "new", "class"])),
            st.booleans(),
        ),
        st.builds(lambda e, i: f.element(e, i), sub, st.one_of(text.map(f.string_), sub)),
        st.builds(
            lambda c, args, o: f.call(c, *args, optional=o),
            sub,
            st.lists(st.one_of(values, sub.map(f.spread)), max_size=4),
            st.booleans(),
        ),
        st.builds(lambda c, args: f.new(c, *args), leaf, st.lists(values, max_size=3)),
        sub.map(f.await_),
        sub.map(f.non_null),
        st.builds(
            _binary,
            sub,
            st.sampled_from(["+", "||", "&&", "??"]),
            sub,
        ),
        st.builds(lambda e, t: f.as_(e, t), sub, st.just(f.any_())),
    )


@functools.cache
def value_exprs(depth: int) -> st.SearchStrategy[n.Expression]:
    """Expressions of any type (literals, objects, arrows, operators over ``any``)."""
    leaf = st.one_of(
        st.sampled_from(PARAMS).map(f.ident),
        text.map(f.string_),
        st.integers(-1000, 10**9).map(f.number_),
        st.floats(min_value=0, max_value=1e25, allow_nan=False).map(f.number_),
        st.sampled_from([f.true_(), f.false_(), f.null_(), f.undefined_(), f.this()]).filter(
            lambda e: not isinstance(e, n.This)
        ),
    )
    if depth <= 0:
        return leaf
    sub = value_exprs(depth - 1)
    anys = any_exprs(depth - 1)
    return st.one_of(
        leaf,
        anys,
        st.lists(st.one_of(sub, anys.map(f.spread)), max_size=5).map(lambda es: f.array(*es)),
        st.builds(
            lambda props, multiline: f.obj(*props, multiline=multiline),
            st.lists(
                st.one_of(
                    st.tuples(any_key, sub).map(lambda kv: f.prop(kv[0], kv[1])),
                    st.sampled_from(PARAMS).map(f.shorthand),
                    anys.map(f.spread_props),
                ),
                max_size=5,
            ).map(_dedupe_props),
            st.booleans(),
        ),
        st.builds(
            lambda ps, body, is_async: f.arrow(
                [f.param(p, f.any_()) for p in ps], body, is_async=is_async
            ),
            st.lists(st.sampled_from(["x", "y", "zz"]), unique=True, max_size=3),
            st.one_of(
                sub.filter(lambda e: not isinstance(e, n.ArrowFunction)),
                st.builds(lambda e: f.block(f.return_(e)), sub),
            ),
            st.booleans(),
        ),
        st.builds(
            lambda parts: f.template(*parts),
            st.lists(st.one_of(text, anys), max_size=4),
        ),
        st.builds(
            _binary,
            anys,
            st.sampled_from(
                [
                    "===",
                    "!==",
                    "<",
                    ">=",
                    "-",
                    "*",
                    "/",
                    "%",
                    "in",
                    "instanceof",
                    "==",
                    "+",
                    "||",
                    "&&",
                    "??",
                ]
            ),
            anys,
        ),
        st.builds(
            lambda op, e: f.unary(op, e), st.sampled_from(["!", "-", "typeof", "void"]), anys
        ),
        st.builds(
            lambda e, t: f.as_(e, t),
            anys,
            st.sampled_from(
                [f.string(), f.number(), f.array_of(f.string()), f.union(f.string(), f.null())]
            ),
        ),
        st.builds(lambda e: f.satisfies(e, f.unknown()), anys),
        st.builds(
            lambda t, e: f.type_assertion(t, e),
            st.sampled_from([f.string(), f.ref("Record", f.string(), f.number())]),
            anys,
        ),
    )


def _dedupe_props(props: list[n.ObjectMember]) -> list[n.ObjectMember]:
    seen: set[str] = set()
    out = []
    for p in props:
        key = p.name if isinstance(p, n.PropertyAssignment | n.ShorthandProperty) else None
        if isinstance(key, str):
            if key in seen:
                continue
            seen.add(key)
        out.append(p)
    return out


def statements(
    depth: int, names: Names, in_loop: bool = False
) -> st.SearchStrategy[list[n.Statement]]:
    values = value_exprs(2)
    anys = any_exprs(2)
    conditions = st.one_of(
        anys,
        st.builds(lambda op, e: f.unary(op, e), st.just("!"), anys),
        st.builds(
            _binary,
            anys,
            st.sampled_from(["===", "!==", "<", "&&", "||", "??", "in", "instanceof"]),
            anys,
        ),
    )

    def simple(draw: st.DrawFn) -> n.Statement:
        kind = draw(st.integers(0, 4))
        if kind == 0:
            return f.const(names.unique(draw(camel)), draw(values))
        if kind == 1:
            return f.let(names.unique(draw(camel)), draw(values), type=f.any_())
        if kind == 2:
            return f.expr(
                draw(
                    st.builds(lambda c, args: f.call(c, *args), anys, st.lists(values, max_size=4))
                )
            )
        if kind == 3:
            target = draw(
                st.one_of(
                    st.sampled_from(PARAMS).map(f.ident),
                    st.builds(f.member, st.sampled_from(PARAMS).map(f.ident), camel),
                    st.builds(f.element, st.sampled_from(PARAMS).map(f.ident), anys),
                )
            )
            return f.expr(f.assign(target, draw(values)))
        return f.expr(f.await_(draw(anys)))

    @st.composite
    def build(draw: st.DrawFn) -> list[n.Statement]:
        out: list[n.Statement] = []
        for _ in range(draw(st.integers(0, 4))):
            kind = draw(st.integers(0, 6)) if depth > 0 else 0

            def inner(loop: bool) -> list[n.Statement]:
                return draw(statements(depth - 1, names, loop))

            if kind <= 2:
                out.append(simple(draw))
            elif kind == 3:
                else_ = draw(st.one_of(st.none(), st.just("block"), st.just("if")))
                else_node: n.Block | n.If | None = None
                if else_ == "block":
                    else_node = f.block(*inner(in_loop))
                elif else_ == "if":
                    else_node = f.if_(draw(conditions), f.block(*inner(in_loop)))
                out.append(f.if_(draw(conditions), f.block(*inner(in_loop)), else_node))
            elif kind == 4:
                out.append(
                    f.for_of(
                        names.unique("item"),
                        draw(anys),
                        f.block(*inner(True)),
                        is_await=draw(st.booleans()),
                    )
                )
            elif kind == 5:
                catch = draw(st.booleans())
                out.append(
                    f.try_(
                        f.block(*inner(in_loop)),
                        catch_name=names.unique("err") if catch and draw(st.booleans()) else None,
                        catch=f.block(*inner(in_loop)) if catch else None,
                        finally_=None
                        if catch and draw(st.booleans())
                        else f.block(*inner(in_loop)),
                    )
                )
            else:
                out.append(
                    f.throw(f.new(f.ident("Error"), draw(st.one_of(anys, text.map(f.string_)))))
                )
        if in_loop and draw(st.booleans()):
            out.append(n.Break() if draw(st.booleans()) else n.Continue())
        elif draw(st.booleans()):
            out.append(f.return_(draw(values)))
        return out

    return build()


@st.composite
def code_function(draw: st.DrawFn, names: Names) -> n.FunctionDeclaration:
    return f.function(
        names.unique(draw(camel)),
        [f.param(p, f.any_()) for p in PARAMS],
        f.promise(f.any_()),
        *draw(statements(2, names)),
        is_async=True,
    )


# Files ------------------------------------------------------------------------------------------


@st.composite
def declaration_files(draw: st.DrawFn) -> n.SourceFile:
    """A file of random interfaces, aliases, enums, classes and functions."""
    names = Names()
    declared: list[str] = []
    interfaces: list[str] = []
    classes: list[str] = []
    out: list[n.Statement] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 4))
        if kind == 0:
            d: n.Declaration = draw(interface_decl(declared, interfaces, names))
            if not d.type_parameters:  # type: ignore[attr-defined]
                interfaces.append(d.name)  # type: ignore[attr-defined]
        elif kind == 1:
            d = draw(type_alias_decl(declared, names))
        elif kind == 2:
            d = draw(enum_decl(names))
        elif kind == 3:
            d = draw(class_decl(declared, classes, names))
            classes.append(d.name)  # type: ignore[attr-defined]
        else:
            d = draw(function_decl(declared, names))
        if not isinstance(d, n.FunctionDeclaration) and not getattr(d, "type_parameters", ()):
            declared.append(d.name)  # type: ignore[attr-defined]
        out.append(d)
    return f.source_file(*out)


@st.composite
def code_files(draw: st.DrawFn) -> n.SourceFile:
    """A file of async functions with random statements over ``any`` parameters."""
    names = Names()
    return f.source_file(*(draw(code_function(names)) for _ in range(draw(st.integers(1, 3)))))

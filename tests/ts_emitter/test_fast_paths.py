"""The printer's fast paths must not change a byte: on random trees the layout with its
flat-text shortcut, the layout without it, and the original recursive layout
(``_reference_layout``) print the same text, at the default width and at narrow ones that
force most groups to break. The string and comment escaping shortcuts agree with the
character-by-character escaping, ``concat`` keeps its invariants, and the printer table
covers every node class."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ts_emitter import nodes as n
from ts_emitter.doc import (
    HARDLINE,
    LINE,
    SOFTLINE,
    Concat,
    Doc,
    GroupId,
    concat,
    group,
    if_break,
    indent,
)
from ts_emitter.imports import resolve_imports
from ts_emitter.literals import _comment_text, _escape_char, quote_string
from ts_emitter.printer import _PRINTERS, Printer
from ts_emitter.writer import render

from ._reference_layout import reference_render
from ._ts_strategies import code_files, declaration_files

EXAMPLES = int(os.environ.get("TS_EMITTER_FUZZ_EXAMPLES", "60"))
RANDOMIZE = os.environ.get("TS_EMITTER_FUZZ_RANDOM") == "1"
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not RANDOMIZE,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _document(file: n.SourceFile) -> Doc:
    resolved = resolve_imports(file)
    printer = Printer(resolved)
    printer.file_imports = resolved.declarations
    return printer.doc(file)


def _assert_layouts_agree(doc: Doc) -> None:
    for width in (80, 40, 16):
        fast = render(doc, width)
        assert render(doc, width, flat_text=False) == fast
        assert reference_render(doc, width) == fast


@FUZZ
@given(declaration_files())
def test_layout_of_random_declarations_matches_slow_and_reference_layouts(
    file: n.SourceFile,
) -> None:
    _assert_layouts_agree(_document(file))


@FUZZ
@given(code_files())
def test_layout_of_random_code_matches_slow_and_reference_layouts(file: n.SourceFile) -> None:
    _assert_layouts_agree(_document(file))


# Random documents straight from the algebra: group ids referenced before and after their
# group, hard lines inside conditional groups' first states, fills, alignments.


def _docs() -> st.SearchStrategy[Doc]:
    ids = [GroupId(f"g{i}") for i in range(3)]
    words = st.sampled_from(["a", "bb", "ccc", "dddd eeee", "ffffffffffffffff", "", " ", "é✓"])
    leaves = st.one_of(words, st.sampled_from([LINE, SOFTLINE, HARDLINE]))

    def extend(children: st.SearchStrategy[Doc]) -> st.SearchStrategy[Doc]:
        from ts_emitter.doc import Align, ConditionalGroup, Fill, IfBreak, IndentIfBreak, Label

        parts = st.lists(children, min_size=1, max_size=5)
        gid = st.sampled_from([None, *ids])
        return st.one_of(
            parts.map(lambda p: concat(*p)),
            st.tuples(parts, st.booleans(), gid).map(
                lambda t: group(*t[0], should_break=t[1], id=t[2])
            ),
            parts.map(lambda p: indent(*p)),
            st.tuples(st.integers(1, 3), children).map(lambda t: Align(t[0], t[1])),
            st.tuples(children, children, gid).map(lambda t: IfBreak(*t)),
            st.tuples(children, st.sampled_from(ids)).map(lambda t: IndentIfBreak(*t)),
            children.map(lambda c: Label("x", c)),
            st.lists(children, min_size=1, max_size=4).map(lambda s: ConditionalGroup(tuple(s))),
            st.lists(words, min_size=1, max_size=6).map(
                lambda w: (
                    Fill(tuple(concat(*(x for word in w for x in (word, LINE))).parts[:-1]))
                    if len(w) > 1
                    else Fill((w[0],))
                )
            ),
        )

    return st.recursive(leaves, extend, max_leaves=30)


@FUZZ
@given(_docs())
def test_layout_of_random_documents_matches_slow_and_reference_layouts(doc: Doc) -> None:
    _assert_layouts_agree(doc)


# Escaping shortcuts ----------------------------------------------------------------------------


def _slow_quote(value: str) -> str:
    quote = "'" if value.count('"') > value.count("'") else '"'
    return quote + "".join("\\" + c if c == quote else _escape_char(c) for c in value) + quote


def _slow_comment(text: str) -> str:
    text = text.replace("*/", "*\\/")
    return "".join(_escape_char(c) if ord(c) < 0x20 and c != "\t" else c for c in text)


_TEXT = st.text(
    st.one_of(
        st.characters(),
        st.sampled_from(list("\"'\\\n\r\t\x00\x7f\x85\u2028\u2029\ufeff*/`$")),
    )
)


@FUZZ
@given(_TEXT)
def test_string_literal_shortcut_matches_escaping_each_character(value: str) -> None:
    assert quote_string(value) == _slow_quote(value)


@FUZZ
@given(_TEXT)
def test_comment_shortcut_matches_escaping_each_character(value: str) -> None:
    assert _comment_text(value) == _slow_comment(value)


@pytest.mark.parametrize("value", ["plain", "", "é ✓ 中", "a\\b", 'say "hi"', "it's", "\ud800"])
def test_string_literal_shortcut_examples(value: str) -> None:
    assert quote_string(value) == _slow_quote(value)


# concat and the printer table ------------------------------------------------------------------


@FUZZ
@given(st.lists(_docs(), max_size=6))
def test_concat_flattens_joins_strings_and_knows_whether_it_breaks(parts: list[Doc]) -> None:
    doc = concat(*parts)
    assert doc != "" or all(p == "" for p in parts if isinstance(p, str))
    if isinstance(doc, Concat):
        assert len(doc.parts) > 1
        for before, after in zip(doc.parts, doc.parts[1:], strict=False):
            assert not (isinstance(before, str) and isinstance(after, str))
        assert all(p != "" and not isinstance(p, Concat) for p in doc.parts)
        expected = any(not isinstance(p, str) and p.breaks for p in parts)
        assert doc.breaks == expected
    assert render(doc) == reference_render(Concat(tuple(parts)) if parts else "")


def _concrete_node_classes() -> set[type]:
    found: set[type] = set()
    todo: list[type] = [n.Node]
    while todo:
        cls = todo.pop()
        current = [c for c in cls.__subclasses__() if getattr(n, c.__name__, None) is c]
        # (slots=True dataclasses replace their class: keep the ones the module holds)
        if getattr(n, cls.__name__, None) is cls and not current:
            found.add(cls)
        todo.extend(current)
    return found


def test_printer_table_covers_every_node_class() -> None:
    assert _concrete_node_classes() == set(_PRINTERS)


def test_if_break_of_a_group_laid_out_later_prints_nothing_in_both_layouts() -> None:
    later = GroupId("later")
    doc = group(concat("a", if_break("B", "F", later), "b"), group("c", id=later))
    assert render(doc) == render(doc, flat_text=False) == reference_render(doc) == "abc\n"


def _cases_the_flat_text_must_refuse() -> list[Doc]:
    from ts_emitter.doc import ConditionalGroup, Fill, IndentIfBreak

    known, unknown = GroupId("known"), GroupId("unknown")
    first_state_breaks = ConditionalGroup((concat("b", HARDLINE, "c"), "x"))
    broken_group_in_state = ConditionalGroup((group("b", LINE, "c", should_break=True), "x"))
    return [
        group("a", first_state_breaks, "d"),
        group("a", broken_group_in_state, "d"),
        group("a", Fill(("b", LINE, "c")), "d"),
        group("a", IndentIfBreak(concat("b", LINE, "c"), unknown), "d"),
        concat(group("k", LINE, "k", id=known), group("a", if_break("B", "F", unknown), "d")),
        # `known` is laid out inside: the look-ahead reads it as unknown (flat), the layout
        # as flat; both agree only because the mode is the same
        group(group("k", id=known), if_break("B", "F", known), "d"),
    ]


@pytest.mark.parametrize("case", range(len(_cases_the_flat_text_must_refuse())))
def test_documents_the_flat_text_cannot_shortcut_print_as_before(case: int) -> None:
    doc = concat(_cases_the_flat_text_must_refuse()[case], HARDLINE, "e")
    for width in (80, 3):
        assert render(doc, width) == reference_render(doc, width)
        assert render(doc, width, flat_text=False) == reference_render(doc, width)


def test_only_the_args_readers_pass_print_arguments_on() -> None:
    """A call prints its hugged argument once unless the argument's printer reads ``Args``
    (``ARGS_READERS``): every other printer must ignore them."""
    import dis

    from ts_emitter._base import ARGS_READERS

    readers = {
        cls
        for cls, fn in _PRINTERS.items()
        if any(i.opname == "LOAD_FAST" and i.argval == "args" for i in dis.get_instructions(fn))
    }
    assert readers == set(ARGS_READERS)


@pytest.mark.parametrize("enabled", [True, False])
def test_print_file_pauses_the_cyclic_collector_and_restores_it(enabled: bool) -> None:
    import gc

    from ts_emitter import factory as f
    from ts_emitter import print_file

    file = f.source_file(
        f.interface(
            "Big",
            *(f.property_signature(f"p{i}", f.union(f.string(), f.null())) for i in range(3000)),
        )
    )
    collections: list[str] = []

    def record(phase: str, info: dict[str, int]) -> None:
        collections.append(phase)

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    gc.callbacks.append(record)
    try:
        text = print_file(file)
        assert gc.isenabled() is enabled
    finally:
        gc.callbacks.remove(record)
        (gc.enable if was else gc.disable)()
    assert text.count("\n") == 3002
    assert collections == []


def test_a_short_computed_key_is_a_short_key_as_in_prettier() -> None:
    """prettier measures a key by its cleaned document: ``[a]`` is the string ``"[a]"``, a
    short key, so a long value stays after it. Joining adjacent strings in ``concat`` made
    the printer see that too (the first printer broke after ``[a]:``, which prettier
    rejoins)."""
    from ts_emitter import factory as f
    from ts_emitter import print_file

    value = "x" * 90
    key = n.ComputedName(expression=f.ident("a"))
    obj = f.obj(n.PropertyAssignment(name=key, value=f.string_(value)))
    text = print_file(f.source_file(f.const("o", obj, exported=True)))
    assert text == f'export const o = {{\n  [a]: "{value}",\n}};\n'

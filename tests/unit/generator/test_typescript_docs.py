"""Doc comments of the TypeScript lowering: wrapping, blank text, hostile text."""

from __future__ import annotations

from pygen.ir import build_ir
from pygen.lower.typescript.context import DOC_WIDTH, Context, TypeScriptSettings, wrap
from pygen.testing.models import load, mapped, model, view
from ts_emitter import factory as f
from ts_emitter import print_node


def test_a_short_text_stays_on_one_line() -> None:
    text = ("word " * 40)[: DOC_WIDTH - 7].strip()
    assert len(text) == DOC_WIDTH - 7  # `/** text */` fills the width exactly
    assert wrap(text, 0) == text
    assert "\n" in wrap(text, 2)  # two columns deeper it no longer fits


def test_long_text_is_wrapped_to_the_width_and_keeps_paragraphs() -> None:
    words = " ".join(["word"] * 60)
    text = wrap(f"{words}\n\n- `a`: {words}", 4)
    lines = text.split("\n")
    assert all(4 + 7 + len(line) <= DOC_WIDTH for line in lines)
    assert "" in lines and any(line.startswith("- `a`: ") for line in lines)


def test_unprintable_characters_are_shown_as_escapes() -> None:
    assert wrap("a\x1b[31mred\u202e", 0) == "a\\x1b[31mred\\u202e"


def test_blank_and_hostile_descriptions() -> None:
    ir, _ = build_ir(load(model(view("Pump", {"x": mapped()}))))
    ctx = Context(ir, TypeScriptSettings())
    assert ctx.doc("   \n ") is None
    assert (
        TypeScriptSettings(docs=False)
        and Context(ir, TypeScriptSettings(docs=False)).doc("x") is None
    )
    doc = ctx.doc("ends */ with ${x} and `cmd`")
    assert doc is not None
    printed = print_node(f.const("x", f.number_(1), doc=doc))
    assert printed.startswith("/** ends *\\/ with ${x} and `cmd` */\n")

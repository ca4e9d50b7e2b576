"""Docstrings are laid out within the line length, in the form black leaves unchanged."""

from __future__ import annotations

import black

from pygen.lower.python import _cst


def _text(doc: str, indent: int = 4, width: int = 88) -> str:
    statement = _cst.docstring(doc, _cst.Layout(width, indent))
    return " " * indent + _cst.code(statement).strip() + "\n"


def _black_keeps(text: str) -> bool:
    source = "class A:\n" + text
    return black.format_str(source, mode=black.Mode(line_length=88)) == source


def test_a_short_text_stays_on_one_line() -> None:
    assert _text("Short.") == '    """Short."""\n'


def test_a_long_single_line_becomes_two_lines_black_keeps() -> None:
    doc = "word " * 17 + "end."  # 89 characters: fits neither with nor without the quotes
    text = _text(doc)
    lines = text.splitlines()
    assert len(lines) >= 3 and lines[-1] == '    """'
    assert all(len(line) <= 88 for line in lines)
    assert _black_keeps(text)


def test_items_under_args_wrap_with_a_hanging_indent() -> None:
    doc = "Summary.\n\nArgs:\n    name: " + "a long description " * 8
    lines = _text(doc).splitlines()
    item = lines.index("    Args:") + 1
    assert lines[item].startswith("        name: a long")
    assert lines[item + 1].startswith("            ") and lines[item + 1][12] != " "
    assert all(len(line) <= 88 for line in lines)
    assert _black_keeps(_text(doc))


def test_words_longer_than_the_line_are_not_broken() -> None:
    url = "https://example.com/" + "x" * 90
    lines = _text(f"See {url} for more.").splitlines()
    assert any(url in line for line in lines)

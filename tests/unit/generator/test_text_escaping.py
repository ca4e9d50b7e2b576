"""Model text enters generated code through ``_cst.string``, ``_cst.docstring`` and
``_cst.comment_lines`` only; whatever the text, the code compiles and keeps the text."""

from __future__ import annotations

import ast
import random

import black
import pytest

from pygen._text import escape_unprintable
from pygen.lower.python import _cst

HOSTILE = [
    'ends with """',
    'ends with \\"""',
    'ends with ""',
    '"starts with a quote',
    '""""""',
    'line one\nends with a quote"',
    'line one\n\nends with quotes ""\n',
    "ends with a backslash \\",
    "two backslashes \\\\",
    "\\N{ and \\x and \\u12",
    "NUL \x00 here",
    "C0 \x01\x07\x08\x0b\x0c\x1b[31m red \x1f",
    "DEL \x7f and C1 \x80\x85\x9b",
    "bidi \u202eevil\u202c \u2066x\u2069 \u200f",
    "lone surrogates \ud800 \udfff",
    "separators \u2028 and \u2029",
    "tag chars \U000e0041\U000e007f",
    "zero width \u200b\u200d\ufeff",
    "${x} `backticks` */ /* <!-- -->",
    "quote ' and \" mixed '\"'\"",
    "emoji 🚀 and 中文 and é",
    "tabs\tin\tthe middle\t",
    "\tleading tab",
    "crlf\r\nand cr\rlines",
    "   ",
    "",
    "\n\n",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_string_literal_keeps_the_value_exactly(text: str) -> None:
    literal = _cst.string(text).value
    assert ast.literal_eval(literal) == text
    assert literal.isprintable()  # nothing raw: no control, bidi or surrogate in the source
    # black leaves it as it is (quotes chosen as black would)
    assert black.format_str(f"x = {literal}\n", mode=black.Mode()) == f"x = {literal}\n"


def _docstring_source(text: str, indent: int = 0) -> str:
    layout = _cst.Layout(88, indent)
    return _cst.code(_cst.docstring(text, layout))


@pytest.mark.parametrize("text", HOSTILE)
def test_a_docstring_compiles_keeps_the_text_and_is_black_stable(text: str) -> None:
    source = _docstring_source(text)
    module = ast.parse(source)
    value = ast.get_docstring(module, clean=False)
    assert value is not None
    assert all(line.isprintable() or "\t" in line for line in source.splitlines())
    # the words survive: every printable, non-space run of the text is in the docstring
    for word in text.replace("\r", "\n").split():
        if word.isprintable():
            assert word in value, (word, value)
    assert black.format_str(source, mode=black.Mode()) == source


def test_a_long_hostile_docstring_wraps_and_still_compiles() -> None:
    text = ("word \x00 \u202e" * 60) + ' """'
    source = f"class A:\n    {_docstring_source(text, 4)}"
    assert ast.get_docstring(ast.parse(source).body[0]) is not None  # type: ignore[arg-type]
    assert black.format_str(source, mode=black.Mode()) == source


def test_random_text_always_gives_code_that_compiles() -> None:
    alphabet = "\"\\'\n\r\t\x00\x1b\x7f\x85\u202e\ud800\u2028 aN{}$`*/#"
    rng = random.Random(7)
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert ast.literal_eval(_cst.string(text).value) == text
        compile(_docstring_source(text), "<doc>", "exec")
        comment = _cst.code(_cst.module([], header=_cst.comment_lines([text])))
        assert ast.parse(comment).body == []  # a comment only: the text cannot end it


def test_a_comment_escapes_line_breaks() -> None:
    source = _cst.code(_cst.module([], header=_cst.comment_lines(["model a\nimport os"])))
    assert source == "# model a\\nimport os\n"


def test_floats_without_a_literal_are_spelled_as_calls() -> None:
    assert _cst.code(_cst.float_(float("inf"))) == 'float("inf")'
    assert _cst.code(_cst.float_(float("-inf"))) == 'float("-inf")'
    assert _cst.code(_cst.float_(float("nan"))) == 'float("nan")'
    assert _cst.code(_cst.float_(1.5)) == "1.5"


def test_escape_unprintable_keeps_what_it_is_told() -> None:
    assert escape_unprintable("a\nb\x00\u202e\ud800") == "a\\nb\\x00\\u202e\\ud800"
    assert escape_unprintable("a\nb\tc\x1b", keep="\n\t") == "a\nb\tc\\x1b"
    assert escape_unprintable("plain text é 🚀") == "plain text é 🚀"

"""The docstring wrapper (``_cst.wrap``) wraps exactly as ``textwrap.wrap`` with the options
the docstrings use (it replaced it for speed)."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pygen.lower.python._cst import wrap

WORDS = st.text(alphabet=st.sampled_from("ab-.:`\"'\u00a0\u2003 \t\x0b\x0c\r\n"), max_size=60)


def _textwrap(text: str, width: int, lead: str, hang: str) -> list[str]:
    return textwrap.wrap(
        text,
        width,
        initial_indent=lead,
        subsequent_indent=hang,
        break_long_words=False,
        break_on_hyphens=False,
        expand_tabs=False,
        replace_whitespace=False,
    )


@settings(max_examples=400, deadline=None)
@given(
    text=WORDS,
    width=st.integers(1, 30),
    lead=st.sampled_from(["", " ", "    "]),
    hang=st.sampled_from(["", "  ", "        "]),
)
def test_wrap_is_textwrap(text: str, width: int, lead: str, hang: str) -> None:
    assert wrap(text, width, lead, hang) == _textwrap(text, width, lead, hang)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.text(alphabet="ab-.:`", min_size=1, max_size=12), max_size=12),
    width=st.integers(1, 30),
    lead=st.sampled_from(["", " ", "    "]),
    hang=st.sampled_from(["", "  ", "        "]),
)
def test_wrap_of_single_spaced_words_is_textwrap(
    words: list[str], width: int, lead: str, hang: str
) -> None:
    text = " ".join(words)  # the common case, which wrap handles without its regex
    assert wrap(text, width, lead, hang) == _textwrap(text, width, lead, hang)


def test_wrap_examples() -> None:
    line = 'sort: Field names to sort by (:data:`PumpSortField`); ``"-name"`` sorts descending.'
    for width in (10, 30, 79):
        assert wrap(line, width, "    ", "        ") == _textwrap(line, width, "    ", "        ")
    assert wrap("averyveryverylongword and more", 5) == ["averyveryverylongword", "and", "more"]
    with pytest.raises(ValueError, match="invalid width"):
        wrap("text", 0)

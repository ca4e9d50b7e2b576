"""What the command line prints: model text made safe for a terminal.

Model text can hold ANSI escape sequences, other control characters, bidi overrides and lone
surrogates (which cannot even be encoded). Everything printed for people goes through these
functions, which escape such characters (:mod:`pygen._text`); JSON output is exact instead.
"""

from __future__ import annotations

import re

from pygen._text import escape_unprintable

__all__ = ["error_text", "json_text", "line", "lines"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def line(text: str) -> str:
    """One line: every unprintable character escaped, line breaks included."""
    return escape_unprintable(text)


def lines(text: str) -> str:
    """Several lines: unprintable characters escaped, line breaks kept."""
    return escape_unprintable(text, keep="\n")


def error_text(message: str) -> str:
    """``error: message``; further lines of the message are indented, so whatever the model
    text in it, exactly one printed line starts with ``error:``."""
    first, *rest = lines(message).split("\n")
    indented = [f"  {text}" if text and not text.startswith(" ") else text for text in rest]
    return "\n".join([f"error: {first}", *indented])


def json_text(text: str) -> str:
    """JSON text made printable on any terminal without changing what it decodes to: a lone
    surrogate (UTF-8 has no encoding for it) is written as its ``\\u`` escape."""
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)

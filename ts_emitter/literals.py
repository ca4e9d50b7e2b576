"""Literal text: quoted strings, template pieces, numbers and JSDoc comment lines.

Strings use double quotes unless the value holds more double than single quotes (prettier's
rule); only the chosen quote, backslashes, line terminators and control characters are escaped,
so prettier leaves the text as it is.
"""

from __future__ import annotations

import re

from ts_emitter.nodes import JSDoc

__all__ = ["format_number", "jsdoc_lines", "quote_string", "template_text"]

_NAMED_ESCAPES = {
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def _escape_char(ch: str) -> str:
    if ch in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[ch]
    code = ord(ch)
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if 0xD800 <= code <= 0xDFFF or code in (0xFEFF, 0x85):
        return f"\\u{code:04x}"
    return ch


_PLAIN = re.compile("[^\\\\\"'\x00-\x1f\x7f\x85\u2028\u2029\ud800-\udfff\ufeff]*")
"""Text no string literal needs to escape (either quote, backslash, control and line
separator characters, lone surrogates, BOM)."""


def quote_string(value: str) -> str:
    """``value`` as a string literal, quoted and escaped as prettier would print it."""
    if _PLAIN.fullmatch(value):
        return '"' + value + '"'
    quote = "'" if value.count('"') > value.count("'") else '"'
    body = "".join("\\" + ch if ch == quote else _escape_char(ch) for ch in value)
    return quote + body + quote


def template_text(value: str) -> str:
    """A template-literal text piece: escapes backslashes, backticks, ``${`` and line
    terminators (so the literal stays on one line)."""
    out: list[str] = []
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "`":
            out.append("\\`")
        elif ch == "$" and value.startswith("${", i):
            out.append("\\$")
        else:
            out.append(_escape_char(ch))
        i += 1
    return "".join(out)


def format_number(value: int | float) -> str:
    """The literal text of a finite number in the form prettier normalizes to
    (lower-case exponent without ``+`` or leading zeros, no trailing zeros)."""
    if isinstance(value, bool):
        raise TypeError("booleans are not numbers here")
    if isinstance(value, int):
        return str(value)
    text = repr(value).lower()
    mantissa, _, exponent = text.partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0")
        if mantissa.endswith("."):
            mantissa = mantissa[:-1] if exponent else mantissa + "0"
    if not exponent:
        return mantissa
    sign = "-" if exponent.startswith("-") else ""
    digits = exponent.lstrip("+-").lstrip("0") or "0"
    return f"{mantissa}e{sign}{digits}"


_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85")


_COMMENT_CONTROL = re.compile("[\x00-\x08\x0a-\x1f]")


def _comment_text(text: str) -> str:
    text = text.replace("*/", "*\\/")
    if not _COMMENT_CONTROL.search(text):
        return text
    return "".join(_escape_char(ch) if ord(ch) < 0x20 and ch != "\t" else ch for ch in text)


def _split(text: str) -> list[str]:
    lines = [_comment_text(line).rstrip() for line in _LINE_BREAKS.split(text)]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def jsdoc_lines(doc: JSDoc) -> list[str]:
    """The lines of a ``/** ... */`` comment (without indentation).

    A comment with a single short line of text and no tags prints as ``/** text */``.
    ``*/`` in the text is escaped as ``*\\/``; tag text after the first line continues on
    the following lines (``@example`` text always starts on a new line).
    """
    body = _split(doc.text)
    for tag in doc.tags:
        head = "@" + tag.tag + (f" {tag.name}" if tag.name else "")
        text = _split(tag.text)
        if tag.tag == "example" or not text:
            body.append(head)
            body.extend(text)
        else:
            body.append(f"{head} {text[0].lstrip()}")
            body.extend(text[1:])
    if not body:
        return ["/** */"]
    if len(body) == 1 and not doc.tags and not body[0].startswith(" "):
        return [f"/** {body[0]} */"]
    return ["/**", *(f" * {line}" if line else " *" for line in body), " */"]

"""Making text from a model safe to show: unprintable characters become escape sequences.

Model text (names, descriptions, ids) can hold anything JSON or YAML can: NUL and other C0
controls, DEL, C1 controls, bidi overrides (U+202E), zero-width and other format characters,
line and paragraph separators, lone surrogates. Written raw, they break generated source
(a NUL does not compile, a surrogate cannot be encoded), hide what code does (Trojan Source)
or drive a terminal (ANSI escape sequences). One rule covers every place such text is shown:
a character :meth:`str.isprintable` rejects is written as its Python escape (``\\n``, ``\\x00``,
``\\u202e``, ``\\ud800``, ``\\U000e0041``), except the ones a caller keeps (newlines and tabs
in a docstring). The plain space is printable; other spaces (U+00A0 ...) are escaped too.
"""

from __future__ import annotations

__all__ = ["escape_unprintable", "is_printable"]


def is_printable(text: str) -> bool:
    """True when ``text`` has no character :func:`escape_unprintable` would escape."""
    return text.isprintable()


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape_unprintable(text: str, keep: str = "") -> str:
    """``text`` with every unprintable character (see the module docstring) escaped, except
    the characters in ``keep`` (e.g. ``"\\n\\t"``). Backslashes already in ``text`` are left
    as they are: this makes text safe to *show*; a caller writing a string literal doubles
    backslashes first."""
    if text.isprintable():  # the common case, at C speed
        return text
    return "".join(char if char.isprintable() or char in keep else _escape(char) for char in text)

"""The last guard: no token made from model text can break a generated file.

Generated code is laid out by the lowering (fixed structure, checked against the goldens);
what varies with the model is the text in string literals, docstrings and comments, and the
names. Each of these is checked once, when :mod:`._cst` makes it, by Python's own parser:

* a string literal compiles alone to exactly the value it was made from;
* a docstring compiles alone to a string that shows its text (no unprintable character);
* a comment is one line;
* a name is an identifier and not a keyword (other than the constants);
* and none holds a raw unprintable character (newlines and tabs inside a docstring aside).

Tokens are cached by value, so the parser runs once per distinct text, and not at all for
the plainest (quotes around text holding no quote and no backslash, which spells itself): a
fraction of a percent of generation time, where compiling every file would cost a third. A token that fails raises
:class:`~pygen_runtime.errors.EmitError` before any file is written; :func:`in_file` adds the file's
name. Compiling whole files (tests do, on every golden and on the hostile-input corpus) checks
the structure the lowering lays out.
"""

from __future__ import annotations

import ast
import keyword
from collections.abc import Iterator
from contextlib import contextmanager

from pygen._text import escape_unprintable
from pygen_runtime.errors import EmitError

__all__ = ["check_comment", "check_docstring", "check_name", "check_string", "in_file"]

_BUG = "nothing was written; this is a bug in pygen, please report it with the model file"


def _fail(what: str, text: str, why: str) -> EmitError:
    shown = escape_unprintable(text if len(text) <= 60 else text[:50] + "...")
    return EmitError(f"generated code would not compile: {what} {shown!r} {why}; {_BUG}")


def _parse(token: str, what: str) -> object:
    try:
        tree = ast.parse(token, "<model text>", mode="eval")
    except (SyntaxError, ValueError) as exc:  # ValueError: NUL, on Python < 3.12
        raise _fail(what, token, f"does not parse ({exc})") from None
    if not isinstance(tree.body, ast.Constant):
        raise _fail(what, token, "is not a literal")
    return tree.body.value


def check_string(token: str, value: str) -> None:
    """A string literal ``token`` must spell exactly ``value``, with nothing raw in it."""
    if not token.isprintable():
        raise _fail("the string literal", token, "holds an unprintable character")
    if _plain(token, 1) and token[1:-1] == value:
        return  # quotes around text with no quote or backslash: a literal of itself
    if _parse(token, "the string literal") != value:
        raise _fail("the string literal", token, f"does not spell {value!r}")


def check_docstring(token: str) -> None:
    """A docstring ``token`` must be one string literal; only newlines and tabs may be raw,
    in the token and in the text it spells."""
    if not _printable_lines(token):
        raise _fail("the docstring", token, "holds an unprintable character")
    if token.startswith('"""') and _plain(token, 3):
        return  # as for a string literal: the text between the quotes is the value
    value = _parse(token, "the docstring")
    if not isinstance(value, str):
        raise _fail("the docstring", token, "is not a string")
    if not _printable_lines(value):
        raise _fail("the docstring", token, "spells an unprintable character")


def _plain(token: str, quotes: int) -> bool:
    """Whether ``token`` is ``quotes`` quote characters, text holding no backslash, and the
    same quotes, where the text cannot close the literal early: for one quote, it holds no
    quote character; for three, no two quotes in a row and none first or last. Such a token
    spells its text exactly, so the parser is not needed (most tokens are; parsing each cost
    ~3 % of a large model's generation)."""
    quote = token[:1]
    if quote not in ('"', "'") or len(token) < 2 * quotes:
        return False
    inner = token[quotes:-quotes]
    if token[:quotes] != quote * quotes or token[-quotes:] != quote * quotes or "\\" in inner:
        return False
    if quotes == 1:
        return quote not in inner
    return quote * 2 not in inner and not inner.startswith(quote) and not inner.endswith(quote)


def _printable_lines(text: str) -> bool:
    return text.replace("\n", "").replace("\t", "").isprintable()


def check_comment(token: str) -> None:
    """A comment ``token`` must be one line starting with ``#``, with nothing raw in it."""
    if not token.startswith("#") or not token.isprintable():
        raise _fail("the comment", token, "is not one printable line")


_CONSTANTS = frozenset({"None", "True", "False"})


def check_name(value: str) -> None:
    """A name must be an identifier and not a keyword (soft keywords are names; ``None``,
    ``True`` and ``False`` are the constants the lowering spells as names)."""
    if not value.isidentifier() or (keyword.iskeyword(value) and value not in _CONSTANTS):
        raise _fail("the name", value, "is not a Python identifier")


@contextmanager
def in_file(path: object) -> Iterator[None]:
    """Name the file in an :class:`EmitError` raised while building or rendering it."""
    try:
        yield
    except EmitError as exc:
        raise EmitError(f"{path}: {exc}") from None

"""Identifier rules for TypeScript: validation, reserved words, property keys, name allocation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable

__all__ = [
    "CONTEXTUAL_TYPE_NAMES",
    "RESERVED_WORDS",
    "InvalidIdentifierError",
    "NameAllocator",
    "check_identifier",
    "check_type_name",
    "is_identifier",
    "is_unquoted_key",
]

RESERVED_WORDS: frozenset[str] = frozenset(
    {
        # ECMAScript reserved words
        "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete",
        "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if",
        "import", "in", "instanceof", "new", "null", "return", "super", "switch", "this",
        "throw", "true", "try", "typeof", "var", "void", "while", "with",
        # strict mode (modules are strict)
        "implements", "interface", "let", "package", "private", "protected", "public",
        "static", "yield", "await",
        # not reserved, but never valid as a binding in a module
        "arguments", "eval",
    }
)  # fmt: skip
"""Words that cannot name a variable, function, class, parameter or import binding."""

CONTEXTUAL_TYPE_NAMES: frozenset[str] = frozenset(
    {
        "any", "bigint", "boolean", "never", "number", "object", "string", "symbol",
        "undefined", "unknown", "void", "null", "this", "true", "false",
    }
)  # fmt: skip
"""Names a class, interface, type alias or enum cannot take (``Type alias name cannot be ...``)."""

_ASCII_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")
_ID_START_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nl"})
_ID_PART_CATEGORIES = _ID_START_CATEGORIES | {"Mn", "Mc", "Nd", "Pc"}


class InvalidIdentifierError(ValueError):
    """A name that cannot be printed as a TypeScript identifier where it was used."""


def _is_id_start(ch: str) -> bool:
    return ch in "$_" or unicodedata.category(ch) in _ID_START_CATEGORIES


def _is_id_part(ch: str) -> bool:
    return ch in "$_\u200c\u200d" or unicodedata.category(ch) in _ID_PART_CATEGORIES


def is_identifier(name: str) -> bool:
    """True if ``name`` is lexically an IdentifierName (reserved words included)."""
    if _ASCII_IDENTIFIER.match(name):
        return True
    if not name or not _is_id_start(name[0]):
        return False
    return all(_is_id_part(ch) for ch in name[1:])


def is_unquoted_key(name: str) -> bool:
    """True if an object or interface key ``name`` is printed without quotes.

    Follows prettier's ``quoteProps: "as-needed"``: identifier names (reserved words included)
    are unquoted, everything else (numbers included, for TypeScript) keeps its quotes.
    """
    return is_identifier(name)


def check_identifier(name: str, *, where: str, allow_reserved: bool = False) -> None:
    """Raise :class:`InvalidIdentifierError` unless ``name`` is a valid identifier.

    ``where`` names the place in the tree, for the message; ``allow_reserved`` admits reserved
    words (member names after a dot, for instance).
    """
    if not isinstance(name, str):
        raise InvalidIdentifierError(f"{where}: expected a str identifier, got {name!r}")
    if not is_identifier(name):
        raise InvalidIdentifierError(
            f"{where}: {name!r} is not a valid TypeScript identifier; use letters, digits, "
            "'_' or '$' and do not start with a digit (for an object key, a quoted key is "
            "printed automatically)"
        )
    if not allow_reserved and name in RESERVED_WORDS:
        raise InvalidIdentifierError(
            f"{where}: {name!r} is a reserved word in TypeScript modules; "
            f"rename it (for example {name + '_'!r})"
        )


def check_type_name(name: str, *, where: str) -> None:
    """Like :func:`check_identifier`, and also refuse the predefined type names."""
    check_identifier(name, where=where)
    if name in CONTEXTUAL_TYPE_NAMES:
        raise InvalidIdentifierError(
            f"{where}: {name!r} is a predefined type name and cannot name a declaration; "
            f"rename it (for example {name + '_'!r})"
        )


class NameAllocator:
    """Hands out deterministic, collision-free, keyword-safe names, looked up by a key.

    ``allocate(suggestion, key)`` returns ``suggestion`` if it is free, else the suggestion
    with the smallest numeric suffix (``Foo2``, ``Foo3`` ...) that is; reserved words get a
    trailing ``_`` first. ``get(key)`` returns the name allocated for ``key``.
    """

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken: set[str] = set(taken)
        self._by_key: dict[Hashable, str] = {}

    def allocate(self, suggestion: str, key: Hashable) -> str:
        """Allocate a name for ``key``, starting from ``suggestion``."""
        if key in self._by_key:
            raise ValueError(f"a name was already allocated for {key!r}")
        base = suggestion if suggestion not in RESERVED_WORDS else suggestion + "_"
        check_identifier(base, where="NameAllocator.allocate")
        name = base
        suffix = 2
        while name in self._taken:
            name = f"{base}{suffix}"
            suffix += 1
        self._taken.add(name)
        self._by_key[key] = name
        return name

    def get(self, key: Hashable) -> str:
        """The name allocated for ``key``."""
        return self._by_key[key]

    def __contains__(self, name: object) -> bool:
        return name in self._taken

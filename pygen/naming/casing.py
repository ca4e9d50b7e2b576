"""Splitting CDF names into words and joining them in a target casing.

CDF identifiers come in every style (``myProp``, ``my_prop``, ``max-temp``, ``Cognite3DModel``,
``2ndValue``, ``température``). :func:`split_words` turns any of them into ASCII words; the
``to_*`` functions join the words again. A name already in the target casing comes back
unchanged (``Cognite3DModel`` stays ``Cognite3DModel`` as a class, ``model3D`` stays ``model3D``
in camelCase), so generated names look like the model's own.

Word rules, applied to each run of ASCII letters and digits (anything else separates words):

- ``myProp`` -> ``my`` ``Prop``; ``HTTPServer`` -> ``HTTP`` ``Server``; ``xMax`` -> ``x`` ``Max``;
- digits start a word: ``images360`` -> ``images`` ``360``; ``float32`` -> ``float`` ``32``;
- digits keep a directly following acronym or lower-case run: ``Cognite3DModel`` -> ``Cognite``
  ``3D`` ``Model``; ``2ndValue`` -> ``2nd`` ``Value``.

Non-ASCII letters are transliterated where Unicode decomposes them (``é`` -> ``e``); other
non-ASCII characters separate words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

__all__ = [
    "Case",
    "is_plain_identifier",
    "split_words",
    "to_camel",
    "to_case",
    "to_pascal",
    "to_snake",
]

Case = Literal["pascal", "camel", "snake"]
"""The casings a naming convention can ask for."""

_TOKEN = re.compile(
    r"[A-Z]+(?=[A-Z][a-z])"  # an acronym before a capitalised word: HTTP in HTTPServer
    r"|[A-Z]?[a-z]+"  # a word: Server, server
    r"|[A-Z]+"  # an acronym at the end or before digits: ID, CAD
    r"|[0-9]+(?:[A-Z]+(?![a-z])|[a-z]+)?"  # digits with a trailing acronym or suffix: 3D, 2nd
)
_SEGMENT = re.compile(r"[A-Za-z0-9]+")
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _ascii(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(
        char if char.isascii() else " " for char in decomposed if not unicodedata.combining(char)
    )


def split_words(text: str) -> list[str]:
    """Split a name into ASCII words (see the module docstring for the rules)."""
    return list(_words(text))


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    # remembered: naming converts the same names many times (each class and member name in
    # every role's pattern, for each language), a third of planning a large model's names
    words: list[str] = []
    for segment in _SEGMENT.findall(_ascii(text)):
        words.extend(_TOKEN.findall(segment))
    return tuple(words)


def is_plain_identifier(text: str) -> bool:
    """True for names that need no more than a change of casing to become an identifier.

    Plain names start with an ASCII letter and hold only ASCII letters, digits and underscores.
    Anything else (``2ndValue``, ``max-temp``, ``_hidden``, ``température``) is renamed.
    """
    return _PLAIN.fullmatch(text) is not None


def _capitalize(word: str) -> str:
    return word[:1].upper() + word[1:]


def _lower_first(word: str) -> str:
    if word.isupper():  # an acronym (or acronym with digits) at the start: CDF -> cdf
        return word.lower()
    return word[:1].lower() + word[1:]


def to_pascal(text: str) -> str:
    """``my_view`` / ``myView`` / ``MyView`` -> ``MyView``; acronyms are kept (``CogniteCADNode``)."""
    return "".join(_capitalize(word) for word in _words(text))


def to_camel(text: str) -> str:
    """``my_prop`` / ``MyProp`` / ``myProp`` -> ``myProp``; a leading acronym is lowered."""
    words = _words(text)
    if not words:
        return ""
    return _lower_first(words[0]) + "".join(_capitalize(word) for word in words[1:])


def to_snake(text: str) -> str:
    """``myProp`` / ``MyProp`` / ``my-prop`` -> ``my_prop``; ``Cognite3DModel`` -> ``cognite_3d_model``."""
    return "_".join(word.lower() for word in _words(text))


def to_case(text: str, case: Case) -> str:
    """Convert ``text`` to ``case`` (``pascal``, ``camel`` or ``snake``)."""
    if case == "pascal":
        return to_pascal(text)
    if case == "camel":
        return to_camel(text)
    return to_snake(text)

"""The DMS identifier rules (docs/dms-api.md §5): patterns and lengths, and how to show ids.

Identifiers end up in generated code (view constants, aliases, edge types, enum literals)
and in file names; an id CDF itself would refuse is reported here, with its location, before
anything is generated. Property identifiers follow the looser pattern of the container
documentation, which the emulator accepts too.
"""

from __future__ import annotations

import re

from pygen._text import escape_unprintable

__all__ = [
    "DMS_EXTERNAL_ID",
    "ENUM_VALUE",
    "PROPERTY_ID",
    "SPACE",
    "VERSION",
    "IdentifierRule",
    "node_external_id_problem",
    "shown",
]


_VALID_LIMIT = 1 << 16


class IdentifierRule:
    """One kind of identifier: what it is called, its pattern and its length limit."""

    __slots__ = ("_valid", "label", "max_length", "pattern", "regex")

    def __init__(self, label: str, pattern: str, max_length: int) -> None:
        self.label = label
        self.pattern = pattern
        self.max_length = max_length
        self.regex = re.compile(pattern)
        self._valid: set[str] = set()
        """Values found valid (a model's spaces and container ids repeat); emptied when it
        grows past :data:`_VALID_LIMIT`."""

    def problem(self, value: object) -> str | None:
        """Why ``value`` is not a valid identifier of this kind, or ``None`` when it is."""
        if type(value) is str and value in self._valid:
            return None
        found = self._problem(value)
        if found is None and type(value) is str:
            if len(self._valid) >= _VALID_LIMIT:
                self._valid.clear()
            self._valid.add(value)
        return found

    def _problem(self, value: object) -> str | None:
        if not isinstance(value, str):
            return f"the {self.label} must be text, got {type(value).__name__}"
        if not value:
            return f"the {self.label} is empty"
        if len(value) > self.max_length:
            return (
                f"the {self.label} {shown(value)} has {len(value):,} characters; "
                f"at most {self.max_length} are allowed"
            )
        if self.regex.fullmatch(value) is None:
            return f"the {self.label} {shown(value)} does not match {self.pattern}"
        return None


SPACE = IdentifierRule("space", r"^[a-zA-Z][a-zA-Z0-9_-]{0,41}[a-zA-Z0-9]?$", 43)
DMS_EXTERNAL_ID = IdentifierRule("externalId", r"^[a-zA-Z]([a-zA-Z0-9_]{0,253}[a-zA-Z0-9])?$", 255)
VERSION = IdentifierRule("version", r"^[a-zA-Z0-9]([.a-zA-Z0-9_-]{0,41}[a-zA-Z0-9])?$", 43)
PROPERTY_ID = IdentifierRule(
    "property identifier", r"^[a-zA-Z0-9][a-zA-Z0-9_-]{0,253}[a-zA-Z0-9]?$", 255
)
ENUM_VALUE = IdentifierRule("enum value", r"^[_A-Za-z][_0-9A-Za-z]{0,126}$", 127)


def node_external_id_problem(value: object, label: str = "node externalId") -> str | None:
    """Why ``value`` is not a node/edge externalId (1-256 characters, no NUL), or ``None``."""
    if not isinstance(value, str):
        return f"the {label} must be text, got {type(value).__name__}"
    if not 1 <= len(value) <= 256:
        return f"the {label} has {len(value):,} characters; 1 to 256 are allowed"
    if "\x00" in value:
        return f"the {label} {shown(value)} contains NUL"
    return None


def shown(value: str, limit: int = 60) -> str:
    """``value`` quoted for a message: unprintable characters escaped, long values cut."""
    text = value if len(value) <= limit else value[: limit - 10]
    quoted = f"'{escape_unprintable(text)}'"
    return quoted if text is value else f"{quoted}... ({len(value):,} characters)"

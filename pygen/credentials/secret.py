"""``Secret``: a credential value that never shows itself."""

from __future__ import annotations

from typing import Any, NoReturn

__all__ = ["MASK", "Secret"]

MASK = "***"
"""What a secret looks like in reprs, strings, f-strings, logs and error messages."""


class Secret:
    """A credential value (a token, a client secret). ``repr``, ``str`` and ``format`` give
    ``***``; only :meth:`reveal` returns the value, for the one place that sends it.

    Secrets compare by value (so tests can check them) but cannot be pickled (a pickle is a
    way out of the process that no redaction sees).
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"a Secret holds text, not {type(value).__name__}")
        self._value = value

    def reveal(self) -> str:
        """The value itself. Send it; never print or log it."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret({MASK!r})"

    def __str__(self) -> str:
        return MASK

    def __format__(self, spec: str) -> str:
        return MASK

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash((Secret, self._value))

    def __bool__(self) -> bool:
        return bool(self._value)

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled")

    def __getstate__(self) -> Any:
        raise TypeError("a Secret cannot be pickled")

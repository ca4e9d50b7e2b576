"""A fixed token, or a callable that returns the current token."""

from __future__ import annotations

import threading
from collections.abc import Callable

from pygen_runtime.errors import AuthenticationError

from .base import Credentials

__all__ = ["TokenAuth"]

_BEARER = "bearer "


def _strip_scheme(token: str) -> str:
    token = token.strip()
    return token[len(_BEARER) :].strip() if token.lower().startswith(_BEARER) else token


class TokenAuth(Credentials):
    """Bearer-token credentials.

    Args:
        token: The access token (with or without a ``Bearer`` prefix), or a function returning
            it. A function is called before every request attempt, so it can renew the token;
            it should cache the token itself when obtaining one is expensive.
    """

    def __init__(self, token: str | Callable[[], str]) -> None:
        if isinstance(token, str):
            if not token.strip():
                raise AuthenticationError("TokenAuth: the token is empty")
            self._token: str | None = _strip_scheme(token)
            self._provider: Callable[[], str] | None = None
        elif callable(token):
            self._token = None
            self._provider = token
        else:
            raise AuthenticationError(
                f"TokenAuth: token must be a string or a callable, got {type(token).__name__}"
            )
        self._last: str | None = None
        self._lock = threading.Lock()

    def authorization_header(self) -> str:
        """Return ``Bearer <token>``, calling the token function when one was given."""
        if self._provider is None:
            assert self._token is not None
            return f"Bearer {self._token}"
        try:
            value = self._provider()
        except AuthenticationError:
            raise
        except Exception as exc:  # the user's function: report its failure without its text
            raise AuthenticationError(
                f"TokenAuth: the token function raised {type(exc).__name__}"
            ) from exc
        if not isinstance(value, str) or not value.strip():
            raise AuthenticationError("TokenAuth: the token function returned no token")
        token = _strip_scheme(value)
        with self._lock:
            self._last = token
        return f"Bearer {token}"

    @property
    def refreshable(self) -> bool:
        """True when the token comes from a function (which may return a new one)."""
        return self._provider is not None

    def secret_values(self) -> tuple[str, ...]:
        """The fixed token, or the last token the function returned."""
        with self._lock:
            return tuple(t for t in (self._token, self._last) if t)

    def __repr__(self) -> str:
        source = "callable" if self._provider is not None else "***"
        return f"TokenAuth(token={source})"

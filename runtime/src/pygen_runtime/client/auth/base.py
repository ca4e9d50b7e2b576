"""The interface every credential provider implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType

__all__ = ["Credentials"]


class Credentials(ABC):
    """Supplies the ``Authorization`` header of each request.

    The HTTP client calls :meth:`authorization_header` before *every* attempt (so a token that
    expired during a retry loop is renewed) and :meth:`invalidate` after a 401, retrying once when
    :attr:`refreshable` is true. ``repr()`` of a credential never shows a secret.
    """

    @abstractmethod
    def authorization_header(self) -> str:
        """Return the value of the ``Authorization`` header, e.g. ``"Bearer eyJ..."``.

        Raises:
            pygen_runtime.errors.AuthenticationError: a token could not be obtained.
        """

    def invalidate(self) -> None:  # noqa: B027 - optional hook with a no-op default
        """Forget any cached token, so the next :meth:`authorization_header` obtains a new one."""

    @property
    def refreshable(self) -> bool:
        """True when :meth:`invalidate` can lead to a different token (worth one retry on 401)."""
        return False

    def secret_values(self) -> tuple[str, ...]:
        """The secrets this credential holds (tokens, client secret), for log/error redaction."""
        return ()

    def close(self) -> None:  # noqa: B027 - optional hook with a no-op default
        """Release resources (e.g. the HTTP client of a token endpoint)."""

    def __enter__(self) -> Credentials:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

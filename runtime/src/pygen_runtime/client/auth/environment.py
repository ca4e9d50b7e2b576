"""Credentials read from environment variables."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping

import httpx

from pygen_runtime.errors import ConfigError

from .base import Credentials
from .client_credentials import ClientCredentials, split_scopes
from .token import TokenAuth

__all__ = [
    "CLIENT_CREDENTIAL_VARIABLES",
    "EnvironmentAuth",
    "missing_credential_variables",
]

TOKEN_VARIABLE = "CDF_TOKEN"
CLIENT_CREDENTIAL_VARIABLES = ("CDF_CLIENT_ID", "CDF_CLIENT_SECRET", "CDF_TOKEN_URL", "CDF_SCOPES")
AUDIENCE_VARIABLE = "CDF_AUDIENCE"


def _value(environ: Mapping[str, str], name: str) -> str:
    return environ.get(name, "").strip()


def missing_credential_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """The variables that must still be set for :class:`EnvironmentAuth` to work.

    Empty when ``CDF_TOKEN`` is set or all client-credential variables are. When none of them is
    set, all four client-credential variables are listed (``CDF_TOKEN`` is the alternative).
    """
    env = os.environ if environ is None else environ
    if _value(env, TOKEN_VARIABLE):
        return []
    return [name for name in CLIENT_CREDENTIAL_VARIABLES if not _value(env, name)]


class EnvironmentAuth(Credentials):
    """Credentials from the environment: ``CDF_TOKEN``, or the client-credentials variables.

    ``CDF_TOKEN`` wins when set. Otherwise ``CDF_CLIENT_ID``, ``CDF_CLIENT_SECRET``,
    ``CDF_TOKEN_URL`` and ``CDF_SCOPES`` (space or comma separated) must all be set;
    ``CDF_AUDIENCE`` is optional. The variables are read once, here.

    Args:
        environ: The variables to read (default ``os.environ``).
        transport: httpx transport for the token endpoint (tests).
        clock: Monotonic clock for token expiry (tests).
        sleep: Sleep between token-request retries (tests).

    Raises:
        pygen_runtime.errors.ConfigError: naming exactly the variables that are missing.
    """

    def __init__(
        self,
        environ: Mapping[str, str] | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        env = os.environ if environ is None else environ
        token = _value(env, TOKEN_VARIABLE)
        self._inner: Credentials
        if token:
            self.kind = "token"
            self._inner = TokenAuth(token)
            return
        missing = missing_credential_variables(env)
        if len(missing) == len(CLIENT_CREDENTIAL_VARIABLES):
            raise ConfigError(
                f"no CDF credentials in the environment: set {TOKEN_VARIABLE}, or all of "
                f"{', '.join(CLIENT_CREDENTIAL_VARIABLES)}"
            )
        if missing:
            raise ConfigError(
                f"incomplete CDF client credentials in the environment: missing "
                f"{', '.join(missing)} (client credentials need all of "
                f"{', '.join(CLIENT_CREDENTIAL_VARIABLES)}; or set {TOKEN_VARIABLE})"
            )
        scopes = split_scopes(_value(env, "CDF_SCOPES"))
        if not scopes:
            raise ConfigError(
                "CDF_SCOPES holds no scope "
                "(expected e.g. https://<cluster>.cognitedata.com/.default)"
            )
        self.kind = "client_credentials"
        self._inner = ClientCredentials(
            client_id=_value(env, "CDF_CLIENT_ID"),
            client_secret=_value(env, "CDF_CLIENT_SECRET"),
            token_url=_value(env, "CDF_TOKEN_URL"),
            scopes=scopes,
            audience=_value(env, AUDIENCE_VARIABLE) or None,
            transport=transport,
            clock=clock,
            sleep=sleep,
        )

    @property
    def credentials(self) -> Credentials:
        """The credential built from the environment (a TokenAuth or ClientCredentials)."""
        return self._inner

    def authorization_header(self) -> str:
        """Return the ``Authorization`` header of the underlying credential."""
        return self._inner.authorization_header()

    def invalidate(self) -> None:
        """Drop the underlying credential's cached token."""
        self._inner.invalidate()

    @property
    def refreshable(self) -> bool:
        """Whether the underlying credential can produce a new token."""
        return self._inner.refreshable

    def secret_values(self) -> tuple[str, ...]:
        """The underlying credential's secrets."""
        return self._inner.secret_values()

    def close(self) -> None:
        """Close the underlying credential."""
        self._inner.close()

    def __repr__(self) -> str:
        return f"EnvironmentAuth({self._inner!r})"

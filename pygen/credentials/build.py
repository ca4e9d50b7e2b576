"""Client credentials from the references in the config's ``client.credentials``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from pygen_runtime.errors import ConfigError

from .references import KINDS, SecretSources, resolve

if TYPE_CHECKING:
    from pygen_runtime.client.auth import Credentials

__all__ = ["CREDENTIAL_FIELDS", "SECRET_FIELDS", "credentials_from_references"]

SECRET_FIELDS = ("token", "client_secret")
"""Fields that must be references: their values are secrets."""

CREDENTIAL_FIELDS = ("token", "client_id", "client_secret", "token_url", "scopes", "audience")
"""Every field ``client.credentials`` may have; the others may also be plain text."""

_CLIENT_CREDENTIALS = ("client_id", "client_secret", "token_url", "scopes")


def _is_reference(value: str) -> bool:
    kind, colon, _ = value.partition(":")
    return bool(colon) and kind in KINDS


def credentials_from_references(
    references: str | Mapping[str, str],
    sources: SecretSources | None = None,
    *,
    where: str = "client.credentials",
) -> Credentials:
    """A ``TokenAuth`` (``token``) or ``ClientCredentials`` (``client_id``, ``client_secret``,
    ``token_url``, ``scopes``, optional ``audience``) with every reference resolved.

    ``references`` is a mapping of those fields, or one reference (a token). ``token`` and
    ``client_secret`` must be references; the other fields may be plain text.

    Raises:
        ConfigError: an unknown or missing field, a secret given as a value, or a reference
            that cannot be resolved (see :func:`pygen.credentials.resolve`).
        AuthenticationError: a secret manager refused.
    """
    from pygen_runtime.client.auth import ClientCredentials, TokenAuth

    fields = {"token": references} if isinstance(references, str) else dict(references)
    unknown = sorted(set(fields) - set(CREDENTIAL_FIELDS))
    if unknown:
        raise ConfigError(
            f"{where}: unknown field(s) {', '.join(unknown)} (known: {', '.join(CREDENTIAL_FIELDS)})"
        )
    values: dict[str, str] = {}
    for name, value in fields.items():
        place = f"{where}.{name}"
        if not isinstance(value, str):
            raise ConfigError(f"{place}: expected a reference such as env:VAR")
        if name in SECRET_FIELDS or _is_reference(value):
            values[name] = resolve(value, sources, place).reveal()
        else:
            values[name] = value
    if "token" in values:
        return TokenAuth(values["token"])
    missing = [name for name in _CLIENT_CREDENTIALS if name not in values]
    if missing:
        raise ConfigError(
            f"{where}: give token, or all of {', '.join(_CLIENT_CREDENTIALS)} "
            f"(missing: {', '.join(missing)})"
        )
    return ClientCredentials(
        client_id=values["client_id"],
        client_secret=values["client_secret"],
        token_url=values["token_url"],
        scopes=values["scopes"],
        audience=values.get("audience"),
    )

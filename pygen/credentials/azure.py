"""``azure:VAULT/NAME``: Azure Key Vault, through azure-keyvault-secrets and azure-identity
(optional dependencies)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pygen_runtime.errors import AuthenticationError, ConfigError

if TYPE_CHECKING:
    from .references import SecretSources

__all__ = ["INSTALL", "read_azure_secret", "vault_url"]

INSTALL = (
    "pip install azure-keyvault-secrets azure-identity (or, in a pygen checkout, "
    "pip install -e '.[azure]')"
)


def vault_url(vault: str) -> str:
    """``https://VAULT.vault.azure.net``, or ``https://VAULT`` when VAULT is a host name."""
    return f"https://{vault}" if "." in vault else f"https://{vault}.vault.azure.net"


def _secret_client() -> Any:
    try:
        from azure.keyvault.secrets import SecretClient
    except ImportError:
        raise ConfigError(
            f"azure: references need azure-keyvault-secrets, which is not installed: {INSTALL}"
        ) from None
    return SecretClient


def _default_credential() -> Any:
    try:
        from azure.identity import DefaultAzureCredential
    except ImportError:
        raise ConfigError(
            f"azure: references need azure-identity, which is not installed: {INSTALL}"
        ) from None
    return DefaultAzureCredential()


def read_azure_secret(vault: str, name: str, sources: SecretSources, where: str) -> str:
    """The current value of the secret ``name`` in the key vault ``vault``.

    Raises:
        ConfigError: an SDK is missing.
        AuthenticationError: Key Vault refused, or has no such secret (the message names the
            vault, the secret and the error's type).
    """
    secret_client = _secret_client()
    from azure.core.exceptions import AzureError, ResourceNotFoundError

    credential = sources.azure_credential or _default_credential()
    options = {"transport": sources.azure_transport} if sources.azure_transport else {}
    try:
        client = secret_client(vault_url(vault), credential, **options)
        value = client.get_secret(name).value
    except ResourceNotFoundError:
        raise AuthenticationError(
            f"{where}: Azure Key Vault {vault} has no secret {name!r}"
        ) from None
    except AzureError as exc:
        raise AuthenticationError(
            f"{where}: Azure Key Vault {vault} could not give {name!r} ({type(exc).__name__})"
        ) from None
    if not isinstance(value, str):
        raise ConfigError(f"{where}: azure:{vault}/{name} has no value")
    return value

"""Credential references (``env:VAR``, ``file:PATH``, ``aws:NAME``, ``azure:VAULT/NAME``) and
their resolution to :class:`Secret` values.

Config files hold references, never secrets. ``file:`` and ``aws:`` references may end in
``#key`` to take one key of a JSON (or, for files, YAML) object: ``aws:cdf/prod#client_secret``.
Each kind is one row of :data:`RESOLVERS`; the secret-manager SDKs are imported only when a
reference needs them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pygen_runtime.errors import ConfigError

from .secret import Secret

__all__ = ["RESOLVERS", "Reference", "SecretSources", "parse_reference", "resolve"]

logger = logging.getLogger("pygen.credentials")

KINDS = ("env", "file", "aws", "azure")
SYNTAX = "env:VAR, file:PATH, aws:NAME or azure:VAULT/NAME"


@dataclass(frozen=True, slots=True, kw_only=True)
class Reference:
    """A parsed reference: where a secret is, never the secret.

    Attributes:
        kind: ``env``, ``file``, ``aws`` or ``azure``.
        target: The variable, path, secret name, or ``VAULT/NAME``.
        key: The key to take from a JSON/YAML object (``#key``), if any.
    """

    kind: str
    target: str
    key: str | None = None

    def __str__(self) -> str:
        return f"{self.kind}:{self.target}" + (f"#{self.key}" if self.key else "")


@dataclass(frozen=True, slots=True, kw_only=True)
class SecretSources:
    """Where references are resolved.

    Attributes:
        environ: The variables ``env:`` reads (default ``os.environ``).
        base_dir: The folder relative ``file:`` paths start from (the config file's folder;
            default: the working folder).
        aws_endpoint_url: Secrets Manager endpoint (default: boto3's, or
            ``AWS_ENDPOINT_URL_SECRETS_MANAGER``).
        aws_region: The AWS region (default: boto3's configuration).
        azure_credential: An azure-identity credential (default ``DefaultAzureCredential()``).
        azure_transport: An azure-core ``HttpTransport`` (tests).
    """

    environ: Mapping[str, str] | None = None
    base_dir: Path | None = None
    aws_endpoint_url: str | None = None
    aws_region: str | None = None
    azure_credential: Any = None
    azure_transport: Any = None


def parse_reference(text: str, where: str = "credential") -> Reference:
    """Parse ``text`` as a reference.

    Raises:
        ConfigError: not a reference (the message names ``where`` and the accepted forms, never
            the text itself, which may be a pasted secret).
    """
    kind, colon, rest = text.partition(":")
    if not colon or kind not in KINDS or not rest.strip():
        raise ConfigError(
            f"{where}: expected a reference ({SYNTAX}), not a value; put the secret in the "
            "environment, a credentials file (chmod 600) or a secret manager"
        )
    target, _, key = rest.partition("#") if kind in ("file", "aws") else (rest, "", "")
    if kind == "azure" and (target.count("/") != 1 or not all(target.split("/"))):
        raise ConfigError(f"{where}: an Azure Key Vault reference is azure:VAULT/NAME")
    return Reference(kind=kind, target=target, key=key or None)


def _from_env(ref: Reference, sources: SecretSources, where: str) -> str:
    environ = os.environ if sources.environ is None else sources.environ
    value = environ.get(ref.target, "")
    if not value.strip():
        raise ConfigError(f"{where}: the environment variable {ref.target} is not set")
    return value


def _from_file(ref: Reference, sources: SecretSources, where: str) -> str:
    from .files import read_secret_file

    path = Path(ref.target).expanduser()
    if not path.is_absolute():
        path = (sources.base_dir or Path.cwd()) / path
    return read_secret_file(path, where)


def _from_aws(ref: Reference, sources: SecretSources, where: str) -> str:
    from .aws import read_aws_secret

    return read_aws_secret(ref.target, sources, where)


def _from_azure(ref: Reference, sources: SecretSources, where: str) -> str:
    from .azure import read_azure_secret

    vault, name = ref.target.split("/")
    return read_azure_secret(vault, name, sources, where)


RESOLVERS: dict[str, Callable[[Reference, SecretSources, str], str]] = {
    "env": _from_env,
    "file": _from_file,
    "aws": _from_aws,
    "azure": _from_azure,
}
"""How each kind of reference is read (to its raw text, before ``#key``)."""


def resolve(
    reference: str | Reference, sources: SecretSources | None = None, where: str = "credential"
) -> Secret:
    """The secret ``reference`` points to.

    Raises:
        ConfigError: a malformed reference, a missing variable or file, a credentials file
            readable by others, a missing optional dependency, a missing ``#key``.
        AuthenticationError: the secret manager refused or does not have the secret.
    """
    ref = parse_reference(reference, where) if isinstance(reference, str) else reference
    raw = RESOLVERS[ref.kind](ref, sources or SecretSources(), where)
    value = _pick(raw, ref, where) if ref.key else raw.strip()
    if not value:
        raise ConfigError(f"{where}: {ref} is empty")
    logger.debug("resolved %s from %s", where, ref)
    return Secret(value)


def _pick(raw: str, ref: Reference, where: str) -> str:
    """One key of a JSON (or YAML) object."""
    import yaml

    try:
        data = yaml.safe_load(raw)  # JSON is YAML
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: {ref.kind}:{ref.target} is not a JSON or YAML object")
    value = data.get(ref.key)
    if not isinstance(value, str):
        keys = ", ".join(sorted(str(k) for k in data))
        raise ConfigError(f"{where}: {ref} has no text key {ref.key!r} (keys: {keys})")
    return value.strip()

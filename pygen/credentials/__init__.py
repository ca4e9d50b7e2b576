"""Credentials from references: the environment, credentials files, AWS Secrets Manager and
Azure Key Vault (specification section 13).

Config files hold references (``env:VAR``, ``file:PATH``, ``aws:NAME``, ``azure:VAULT/NAME``),
never secrets; values are :class:`Secret` objects that print as ``***``. The AWS and Azure SDKs
are optional extras, imported only when a reference needs them. See
``docs/selection-and-credentials.md``.
"""

from .build import CREDENTIAL_FIELDS, SECRET_FIELDS, credentials_from_references
from .references import RESOLVERS, Reference, SecretSources, parse_reference, resolve
from .secret import MASK, Secret

__all__ = [
    "CREDENTIAL_FIELDS",
    "MASK",
    "RESOLVERS",
    "SECRET_FIELDS",
    "Reference",
    "Secret",
    "SecretSources",
    "credentials_from_references",
    "parse_reference",
    "resolve",
]

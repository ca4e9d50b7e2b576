"""Credentials for the CDF client: a token, OAuth 2.0 client credentials, or the environment."""

from .base import Credentials
from .client_credentials import ClientCredentials
from .environment import EnvironmentAuth, missing_credential_variables
from .token import TokenAuth

__all__ = [
    "ClientCredentials",
    "Credentials",
    "EnvironmentAuth",
    "TokenAuth",
    "missing_credential_variables",
]

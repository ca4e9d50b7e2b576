"""``aws:NAME``: AWS Secrets Manager, through boto3 (an optional dependency)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from pygen_runtime.errors import AuthenticationError, ConfigError

if TYPE_CHECKING:
    from .references import SecretSources

__all__ = ["INSTALL", "read_aws_secret"]

INSTALL = "pip install boto3 (or, in a pygen checkout, pip install -e '.[aws]')"


class _NoResponseBodies(logging.Filter):
    """Drops botocore's DEBUG record of each response body: it holds the secret value."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Response body")


_FILTER = _NoResponseBodies()


def _boto3() -> Any:
    try:
        import boto3
    except ImportError:
        raise ConfigError(f"aws: references need boto3, which is not installed: {INSTALL}") from None
    return boto3


def read_aws_secret(name: str, sources: SecretSources, where: str) -> str:
    """The ``SecretString`` of the secret ``name``.

    Raises:
        ConfigError: boto3 is missing, or no region is configured.
        AuthenticationError: Secrets Manager refused, or has no such secret (the message names
            the secret and AWS's error code).
    """
    boto3 = _boto3()
    from botocore.exceptions import BotoCoreError, ClientError, NoRegionError

    parsers = logging.getLogger("botocore.parsers")
    if _FILTER not in parsers.filters:
        parsers.addFilter(_FILTER)

    options = {"endpoint_url": sources.aws_endpoint_url, "region_name": sources.aws_region}
    try:
        client = boto3.client(
            "secretsmanager", **{k: v for k, v in options.items() if v is not None}
        )
        answer = client.get_secret_value(SecretId=name)
    except NoRegionError:
        raise ConfigError(
            f"{where}: aws:{name} needs an AWS region: set AWS_REGION (or AWS_DEFAULT_REGION)"
        ) from None
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "error")
        raise AuthenticationError(
            f"{where}: AWS Secrets Manager could not give aws:{name} ({code})"
        ) from None
    except BotoCoreError as exc:
        raise AuthenticationError(
            f"{where}: AWS Secrets Manager could not give aws:{name} ({type(exc).__name__})"
        ) from None
    value = answer.get("SecretString")
    if not isinstance(value, str):
        raise ConfigError(f"{where}: aws:{name} holds binary data, not text")
    return value

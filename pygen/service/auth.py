"""Bearer tokens: read from an environment variable or a file (never the command line),
compared in constant time. A caller is known by a digest of its token, which is what the job
store keeps (so the cache and job lookups are per token, and no token is ever stored)."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from pathlib import Path

from pygen_runtime.errors import ConfigError

__all__ = ["TOKENS_VARIABLE", "caller_of", "load_tokens", "match_token"]

TOKENS_VARIABLE = "PYGEN_SERVICE_TOKENS"
"""Environment variable with the service's tokens (comma-separated)."""


def load_tokens(
    token_file: Path | None, environ: Mapping[str, str] | None = None
) -> tuple[str, ...]:
    """The tokens of ``$PYGEN_SERVICE_TOKENS`` and of ``token_file`` (one a line; ``#``
    comments).

    Raises:
        ConfigError: neither gives a token, the file cannot be read, or a token is shorter
            than 16 characters.
    """
    env = os.environ if environ is None else environ
    tokens = [part.strip() for part in env.get(TOKENS_VARIABLE, "").split(",") if part.strip()]
    if token_file is not None:
        try:
            text = token_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(
                f"--token-file {token_file}: cannot read it ({exc.strerror or exc})"
            ) from None
        tokens += [
            line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
        ]
    if not tokens:
        raise ConfigError(
            f"the service needs at least one bearer token: set {TOKENS_VARIABLE} "
            "(comma-separated) or give --token-file"
        )
    if any(len(token) < 16 for token in tokens):
        raise ConfigError(
            "a service token is shorter than 16 characters; use long random tokens, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
    return tuple(tokens)


def match_token(header: str | None, tokens: tuple[str, ...]) -> str | None:
    """The token an ``Authorization: Bearer ...`` header carries, if it is one of ``tokens``.
    Every token is compared (in constant time), whether or not an earlier one matched."""
    if not header:
        return None
    scheme, _, sent = header.partition(" ")
    if scheme.lower() != "bearer" or not sent.strip():
        return None
    candidate = sent.strip().encode("utf-8")
    found = None
    for token in tokens:
        if hmac.compare_digest(candidate, token.encode("utf-8")):
            found = token
    return found


def caller_of(token: str) -> str:
    """The caller's id: a digest of its token (the token itself is never stored)."""
    return hashlib.sha256(b"pygen-service-caller:" + token.encode("utf-8")).hexdigest()[:32]

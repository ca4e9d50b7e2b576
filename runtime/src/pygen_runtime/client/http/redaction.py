"""Redaction of credentials in text and decoded JSON before they reach a log or an error.

Two mechanisms work together:

* **patterns** catch secrets by shape: ``Bearer <token>``, ``Authorization: ...``, JSON keys and
  form fields named like secrets (``access_token``, ``client_secret`` ...) and JSON Web Tokens;
* **known values** (the token or client secret a credential holds) are replaced wherever they
  occur, whatever the surrounding text looks like.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "REDACTED",
    "SECRET_KEYS",
    "is_secret_key",
    "redact_data",
    "redact_headers",
    "redact_text",
    "redact_url",
    "request_id",
]

REDACTED = "***"

SECRET_KEYS = frozenset(
    {
        "access_token",
        "api_key",
        "apikey",
        "authorization",
        "client_secret",
        "cookie",
        "id_token",
        "password",
        "proxy-authorization",
        "refresh_token",
        "secret",
        "set-cookie",
        "token",
        "x-api-key",
    }
)
"""Keys (JSON keys, form fields, header names; case-insensitive) whose value is always redacted."""

# Known secrets shorter than this are not replaced by value: "a" would wreck every message.
_MIN_SECRET_LENGTH = 4

_KEY_ALTERNATION = "|".join(re.escape(key) for key in sorted(SECRET_KEYS, key=len, reverse=True))
_JSON_STRING_VALUE = re.compile(
    rf'(?i)("(?:{_KEY_ALTERNATION})"\s*:\s*)"(?:[^"\\]|\\.)*"',
)
_JSON_OTHER_VALUE = re.compile(rf'(?i)("(?:{_KEY_ALTERNATION})"\s*:\s*)(?!"|\s)[^,}}\]\s]+')
_FORM_VALUE = re.compile(rf"(?i)(?<![\w-])((?:{_KEY_ALTERNATION})=)[^&\s\"',;]+")
_HEADER_LINE = re.compile(r"(?im)^(\s*(?:proxy-)?authorization\s*:\s*).+$")
_SCHEME_TOKEN = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9\-._~+/]+=*")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")


def is_secret_key(key: str) -> bool:
    """True when a JSON key, form field or header name always holds a secret."""
    return key.lower() in SECRET_KEYS


def redact_text(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Return ``text`` with credentials replaced by ``***``.

    Args:
        text: Any text: a log line, an error message, a response body.
        secrets: Values known to be secret (a token, a client secret); every occurrence is
            replaced. ``None`` and values shorter than four characters are ignored.
    """
    for secret in sorted(
        {s for s in secrets if s and len(s) >= _MIN_SECRET_LENGTH}, key=len, reverse=True
    ):
        text = text.replace(secret, REDACTED)
    text = _HEADER_LINE.sub(rf"\g<1>{REDACTED}", text)
    text = _SCHEME_TOKEN.sub(rf"\g<1> {REDACTED}", text)
    text = _JSON_STRING_VALUE.sub(rf'\g<1>"{REDACTED}"', text)
    text = _JSON_OTHER_VALUE.sub(rf'\g<1>"{REDACTED}"', text)
    text = _FORM_VALUE.sub(rf"\g<1>{REDACTED}", text)
    return _JWT.sub(REDACTED, text)


def redact_data(value: Any, secrets: Iterable[str | None] = ()) -> Any:
    """Return a copy of decoded JSON with secret keys and known secret values redacted.

    Values under a key listed in :data:`SECRET_KEYS` become ``***``; strings elsewhere go through
    :func:`redact_text`. Other values are returned unchanged.
    """
    known = tuple(secrets)
    if isinstance(value, Mapping):
        return {
            key: REDACTED
            if isinstance(key, str) and is_secret_key(key)
            else redact_data(item, known)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact_data(item, known) for item in value]
    if isinstance(value, str):
        return redact_text(value, known)
    return value


def redact_headers(
    headers: Mapping[str, str], secrets: Iterable[str | None] = ()
) -> dict[str, str]:
    """Return the headers with secrets redacted, request or response headers alike.

    The value of a secret header (``Authorization``, ``Cookie`` ...) becomes ``***``; any other
    value goes through :func:`redact_text`, so a token echoed back in, say, ``x-request-id`` is
    replaced while the rest of the value (the request id itself) stays readable.
    """
    known = tuple(secrets)
    return {
        key: REDACTED if is_secret_key(key) else redact_text(value, known)
        for key, value in headers.items()
    }


def request_id(headers: Mapping[str, str], secrets: Iterable[str | None] = ()) -> str | None:
    """The ``x-request-id`` header with any secret in it redacted; ``None`` when absent."""
    value = headers.get("x-request-id")
    return None if value is None else redact_text(value, secrets)


def redact_url(url: str, secrets: Iterable[str | None] = ()) -> str:
    """Return ``url`` fit for a message: no ``user:password@``, secret query values redacted.

    Query parameters named like secrets (``token=``, ``api_key=`` ...) and known secret values
    are replaced with ``***``; the rest of the URL is kept, so the message still names it.
    """
    scheme, separator, rest = url.partition("://")
    if separator:
        authority, slash, tail = rest.partition("/")
        if "@" in authority:
            authority = f"{REDACTED}@{authority.rpartition('@')[2]}"
        url = f"{scheme}{separator}{authority}{slash}{tail}"
    return redact_text(url, secrets)

"""The redaction helper: secrets by shape and by known value."""

from __future__ import annotations

import pytest

from pygen_runtime.client.http import (
    REDACTED,
    redact_data,
    redact_headers,
    redact_text,
    redact_url,
    request_id,
)

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmMifQ.c2lnbmF0dXJlLXZhbHVl"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Authorization: Bearer abc.def-123", "abc.def-123"),
        ("authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"),
        ('{"access_token": "opaque-value-1", "expires_in": 3600}', "opaque-value-1"),
        ('{"client_secret":"s3cr3t-value"}', "s3cr3t-value"),
        ('{"refresh_token": 12345678}', "12345678"),
        ("grant_type=client_credentials&client_secret=s3cr3t-value&scope=x", "s3cr3t-value"),
        ("https://idp/callback?access_token=opaque-value-2&state=1", "opaque-value-2"),
        (f"token was {JWT} in the text", JWT),
    ],
)
def test_secrets_by_shape(text: str, secret: str) -> None:
    redacted = redact_text(text)
    assert secret not in redacted
    assert REDACTED in redacted


def test_known_values_are_replaced_anywhere() -> None:
    text = "failed: the server said zz-SECRET-value-zz was wrong"
    assert (
        redact_text(text, ["zz-SECRET-value-zz", None]) == "failed: the server said *** was wrong"
    )


def test_short_known_values_are_ignored() -> None:
    assert redact_text("a cat sat", ["a"]) == "a cat sat"


def test_ordinary_text_is_untouched() -> None:
    text = 'POST /models/instances -> 400 {"error": {"message": "tokenizer failed", "code": 400}}'
    assert redact_text(text) == text


def test_redact_data_by_key_and_value() -> None:
    data = {
        "access_token": "abc-opaque",
        "nested": [{"Client_Secret": "xyz"}, "has known-secret-1 inside"],
        "count": 3,
    }
    assert redact_data(data, ["known-secret-1"]) == {
        "access_token": REDACTED,
        "nested": [{"Client_Secret": REDACTED}, "has *** inside"],
        "count": 3,
    }


def test_redact_headers() -> None:
    headers = {"Authorization": "Bearer x", "cdf-version": "20230101"}
    assert redact_headers(headers) == {"Authorization": REDACTED, "cdf-version": "20230101"}


def test_redact_headers_replaces_echoed_secrets_in_any_header() -> None:
    secret = "tok-known-secret-123"
    headers = {
        "Authorization": f"Bearer {secret}",
        "x-request-id": f"req-9 {secret}",
        "x-other": f"prefix{secret}suffix",
        "cdf-version": "20230101",
    }
    assert redact_headers(headers, [secret]) == {
        "Authorization": REDACTED,
        "x-request-id": f"req-9 {REDACTED}",
        "x-other": f"prefix{REDACTED}suffix",
        "cdf-version": "20230101",
    }


def test_request_id_stays_visible_unless_it_holds_a_secret() -> None:
    assert request_id({"x-request-id": "5e1c-a9"}, ["tok-known-secret-123"]) == "5e1c-a9"
    assert request_id({"x-request-id": "5e1c tok-known-secret-123"}, ["tok-known-secret-123"]) == (
        f"5e1c {REDACTED}"
    )
    assert request_id({"x-request-id": f"5e1c {JWT}"}) == f"5e1c {REDACTED}"
    assert request_id({}) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://api.example.com/a/b?limit=5", "https://api.example.com/a/b?limit=5"),
        ("https://user:pw@api.example.com/a", f"https://{REDACTED}@api.example.com/a"),
        (
            "https://api.example.com/a?token=abc123&x=1",
            f"https://api.example.com/a?token={REDACTED}&x=1",
        ),
        ("http://h:8080/p?cursor=known-secret-value", f"http://h:8080/p?cursor={REDACTED}"),
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url, ["known-secret-value"]) == expected

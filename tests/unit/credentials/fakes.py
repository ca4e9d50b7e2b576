"""A fake Azure Key Vault: an azure-core ``HttpTransport`` that answers in-process."""

from __future__ import annotations

import json
import time
from typing import Any

from azure.core.credentials import AccessToken
from azure.core.pipeline.transport import HttpRequest, HttpResponse, HttpTransport


class _Response(HttpResponse):
    def __init__(self, request: HttpRequest, status: int, body: dict[str, Any], **headers: str):
        super().__init__(request, None)
        self.status_code = status
        self.reason = "OK" if status == 200 else "Error"
        self.headers = {"content-type": "application/json", **headers}
        self.content_type = "application/json"
        self._body = json.dumps(body).encode()

    def body(self) -> bytes:
        return self._body

    # the azure.core.rest response surface the generated Key Vault client reads
    def read(self) -> bytes:
        return self._body

    @property
    def content(self) -> bytes:
        return self._body

    def json(self) -> Any:
        return json.loads(self._body)


class FakeKeyVault(HttpTransport):
    """Secrets by name; a request without a token gets Key Vault's 401 challenge."""

    def __init__(self, secrets: dict[str, str], token: str = "fake-token") -> None:
        self.secrets = secrets
        self.token = token
        self.requests: list[str] = []

    def send(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.requests.append(f"{request.method} {request.url}")
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            challenge = (
                'Bearer authorization="https://login.microsoftonline.com/tenant", '
                'resource="https://vault.azure.net"'
            )
            return _Response(request, 401, {"error": {"code": "Unauthorized"}},
                             **{"WWW-Authenticate": challenge})  # fmt: skip
        name = request.url.split("/secrets/")[1].split("/")[0].split("?")[0]
        if name not in self.secrets:
            error = {"code": "SecretNotFound", "message": f"A secret with (name/id) {name} was not found"}
            return _Response(request, 404, {"error": error})
        host = request.url.split("/secrets/")[0]
        return _Response(
            request,
            200,
            {"value": self.secrets[name], "id": f"{host}/secrets/{name}/0123456789abcdef",
             "attributes": {"enabled": True}},
        )  # fmt: skip

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> FakeKeyVault:
        return self

    def __exit__(self, *args: object) -> None:
        pass


class FakeCredential:
    """An azure-identity stand-in: always the same token."""

    def __init__(self, token: str = "fake-token") -> None:
        self.token = token
        self.scopes: list[str] = []

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.scopes.extend(scopes)
        return AccessToken(self.token, int(time.time()) + 3600)

"""Cross-origin requests (CORS), opt-in: so a browser app on another origin can use the emulator.

Off unless origins are given (``pygen emulator --cors-origin http://localhost:5173``,
``LocalCDF(cors_origins=[...])``). For an allowed origin, a preflight (``OPTIONS`` with
``Access-Control-Request-Method``) is answered 204 with the methods and request headers the
SDKs send, before authentication (browsers send no credentials on a preflight); every other
response gets ``Access-Control-Allow-Origin`` and exposes ``x-request-id`` (and the retry
headers). A request from an origin that is not allowed gets no CORS header at all, so the
browser refuses it; without an ``Origin`` header nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pygen_runtime.errors import PygenError

__all__ = [
    "ALLOWED_HEADERS",
    "ALLOWED_METHODS",
    "ANY_ORIGIN",
    "EXPOSED_HEADERS",
    "CorsError",
    "CorsMiddleware",
    "CorsPolicy",
]

ANY_ORIGIN = "*"
"""The origin value that allows every origin (the response names the request's origin)."""

ALLOWED_METHODS = ("GET", "POST", "OPTIONS")
"""Methods a preflight allows: all the data-modeling API uses."""

ALLOWED_HEADERS = (
    "accept",
    "authorization",
    "cdf-version",
    "content-encoding",
    "content-type",
    "x-cdp-app",
    "x-cdp-sdk",
    "x-request-id",
)
"""Request headers a preflight allows: what the Python and TypeScript clients send."""

EXPOSED_HEADERS = ("x-request-id", "retry-after", "cdf-is-auto-retryable")
"""Response headers a browser script may read."""

MAX_AGE_SECONDS = 600
"""How long a browser may cache a preflight answer."""


class CorsError(PygenError):
    """A CORS origin that is not ``scheme://host[:port]`` (the message names it and the fix)."""


def _origin(value: str) -> str:
    """``value`` as a browser sends it in ``Origin`` (lower-case scheme and host, no slash)."""
    text = value.strip()
    if text == ANY_ORIGIN:
        return text
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username is not None
        or port == -1
    ):
        raise CorsError(
            f"--cors-origin {value!r} is not an origin; give scheme://host[:port] as the browser "
            "shows it, e.g. http://localhost:5173 (or * for any origin)"
        )
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    return f"{parts.scheme}://{host}" + (f":{port}" if port is not None else "")


@dataclass(frozen=True)
class CorsPolicy:
    """The origins allowed to call the emulator from a browser."""

    origins: frozenset[str]

    @classmethod
    def of(cls, origins: Iterable[str]) -> CorsPolicy:
        """The policy for ``origins``. Raises :class:`CorsError` for one that is not an origin."""
        return cls(frozenset(_origin(origin) for origin in origins))

    def allows(self, origin: str) -> bool:
        """True when a request with this ``Origin`` header may be answered with CORS headers."""
        return ANY_ORIGIN in self.origins or origin.lower() in self.origins


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            text: str = value.decode("latin-1")
            return text
    return None


class CorsMiddleware:
    """ASGI middleware applying a :class:`CorsPolicy` in front of the emulator's routes."""

    def __init__(self, app: ASGIApp, policy: CorsPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        origin = _header(scope, b"origin") if scope["type"] == "http" else None
        if origin is None or not self.policy.allows(origin):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" and _header(scope, b"access-control-request-method"):
            await self._preflight(origin, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"access-control-allow-origin", origin.encode("latin-1")),
                    (b"access-control-expose-headers", ", ".join(EXPOSED_HEADERS).encode()),
                    (b"vary", b"Origin"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cors)

    @staticmethod
    async def _preflight(origin: str, send: Send) -> None:
        headers = [
            (b"access-control-allow-origin", origin.encode("latin-1")),
            (b"access-control-allow-methods", ", ".join(ALLOWED_METHODS).encode()),
            (b"access-control-allow-headers", ", ".join(ALLOWED_HEADERS).encode()),
            (b"access-control-max-age", str(MAX_AGE_SECONDS).encode()),
            (b"vary", b"Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
            (b"content-length", b"0"),
        ]
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

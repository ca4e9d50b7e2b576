"""FetchTransport: the client's HTTP seam for runtimes where httpx cannot open sockets.

:class:`~pygen_runtime.client.http.HTTPClient` sends every request through an
``httpx.BaseTransport``. Where httpx has no network (Pyodide and JupyterLite run in the browser,
whose only way out is ``fetch`` / ``XMLHttpRequest``), pass a :class:`FetchTransport` built on a
plain function: it gets one :class:`FetchRequest` (method, URL, headers, body bytes) and returns
one :class:`FetchResponse` (status, headers, the *decoded* body). Everything above the transport
(retries, budgets, size bounds, error mapping, redaction) works unchanged. See docs/client.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx

__all__ = ["Fetch", "FetchRequest", "FetchResponse", "FetchTransport"]

# A fetch function returns the body decoded (browsers undo the content coding themselves), so
# the headers that describe the encoded body must not reach httpx, which would decode again.
_ENCODED_BODY_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


@dataclass(frozen=True, slots=True)
class FetchRequest:
    """One HTTP request, as plain values.

    Attributes:
        method: ``GET``, ``POST`` ...
        url: The absolute URL, query included.
        headers: Header names (lower case) to values; ``authorization`` included.
        body: The request body (possibly gzip-compressed, as ``content-encoding`` says).
    """

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class FetchResponse:
    """One HTTP response, as plain values.

    Attributes:
        status: The status code.
        headers: Response headers (any case).
        body: The body, already decoded (no content coding left on it).
    """

    status: int
    headers: Mapping[str, str]
    body: bytes


Fetch = Callable[[FetchRequest], FetchResponse]
"""Sends one request and returns its response; raises ``OSError`` when nothing was answered."""


class FetchTransport(httpx.BaseTransport):
    """An httpx transport that sends each request through a ``fetch`` function.

    Args:
        fetch: Sends a :class:`FetchRequest`, returns a :class:`FetchResponse`. An ``OSError``
            it raises (no connection, DNS, CORS refusal ...) becomes ``httpx.ConnectError``, so
            the client retries it within its connect budget like any refused connection.
    """

    def __init__(self, fetch: Fetch) -> None:
        self._fetch = fetch

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        sent = FetchRequest(
            method=request.method,
            url=str(request.url),
            headers=dict(request.headers),
            body=request.read(),
        )
        try:
            answer = self._fetch(sent)
        except OSError as exc:
            raise httpx.ConnectError(f"fetch failed: {exc}", request=request) from exc
        headers = [
            (name, value)
            for name, value in answer.headers.items()
            if name.lower() not in _ENCODED_BODY_HEADERS
        ]
        return httpx.Response(answer.status, headers=headers, content=answer.body, request=request)

    def __repr__(self) -> str:
        return f"FetchTransport({getattr(self._fetch, '__qualname__', type(self._fetch).__name__)})"

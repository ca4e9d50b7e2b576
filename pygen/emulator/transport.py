"""A synchronous httpx transport that calls the emulator's ASGI app in-process (no sockets).

``httpx.ASGITransport`` only works with ``httpx.AsyncClient``; this wraps it for ``httpx.Client``
and for :class:`pygen_runtime.client.PygenClient` (its ``transport`` argument)::

    app = create_app(Store(), "playground", token=None)
    client = PygenClient("http://emulator", "playground", TokenAuth("any"),
                         transport=InProcessTransport(app))
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx

__all__ = ["InProcessTransport"]


class InProcessTransport(httpx.BaseTransport):
    """Run each request through an ASGI app on a private event loop (one request at a time)."""

    def __init__(self, app: Any) -> None:
        self._asgi = httpx.ASGITransport(app=app)
        self._loop = asyncio.new_event_loop()
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` to the app and return its complete response."""
        body = request.read()

        async def call() -> httpx.Response:
            forwarded = httpx.Request(
                request.method, request.url, headers=request.headers, content=body
            )
            response = await self._asgi.handle_async_request(forwarded)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        with self._lock:
            return self._loop.run_until_complete(call())

    def close(self) -> None:
        """Close the private event loop."""
        with self._lock:
            if not self._loop.is_closed():
                self._loop.run_until_complete(self._loop.shutdown_asyncgens())
                self._loop.close()

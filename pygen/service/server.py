"""Running the service: the queue its settings name, the app, and uvicorn on a socket."""

from __future__ import annotations

import socket

from .app import Queue, create_app
from .settings import ServiceSettings

__all__ = ["make_queue", "serve_service"]


def make_queue(settings: ServiceSettings) -> Queue:
    """The embedded worker pool, or the Celery client (celery imported only then)."""
    if settings.queue == "celery":
        from .celery_queue import CeleryQueue

        return CeleryQueue(settings)
    from .embedded import EmbeddedQueue

    return EmbeddedQueue(settings)


def serve_service(settings: ServiceSettings, sock: socket.socket) -> None:
    """Serve until interrupted (Ctrl+C, SIGTERM): the queue starts and stops with the app."""
    import contextlib

    import uvicorn

    app = create_app(settings, make_queue(settings))
    config = uvicorn.Config(app, log_level="info", lifespan="on", access_log=True)
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run(sockets=[sock])

"""The generation service (``pygen serve``): an HTTP API that validates data models and
generates SDKs as jobs, run by worker processes of the server (embedded) or by Celery workers
(``pygen worker``). See ``docs/service.md``."""

from .app import create_app
from .server import make_queue, serve_service
from .settings import ServiceSettings

__all__ = ["ServiceSettings", "create_app", "make_queue", "serve_service"]

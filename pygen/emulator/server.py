"""``LocalCDF``: the emulator on a free port in a background thread, for tests and notebooks."""

from __future__ import annotations

import contextlib
import errno
import secrets
import socket
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from pygen_runtime.errors import PygenError

from .app import create_app
from .cors import CorsPolicy
from .loader import load_model_file
from .seed import load_instances
from .store import Store

if TYPE_CHECKING:
    from pygen_runtime.client import PygenClient

__all__ = ["LocalCDF", "ServeError", "listen_socket", "serve"]


class ServeError(PygenError):
    """The emulator cannot listen on the address it was given (the message says why)."""


def listen_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` and listening (port 0 picks a free port).

    Binding comes first, before anything is printed or served, so a port in use is an error
    at once. Raises :class:`ServeError` naming the address and the fix.
    """
    if not 0 <= port <= 65535:
        raise ServeError(f"cannot listen on {host}:{port}: a port is 0-65535; fix --port")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(
                f"port {port} on {host} is already in use; stop the program using it or "
                "choose another port with --port (0 picks a free one)"
            ) from None
        raise ServeError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; check --host and --port"
        ) from None
    return sock


def serve(app: Any, sock: socket.socket, *, log_level: str = "info") -> None:
    """Serve ``app`` with uvicorn on the listening ``sock`` until interrupted (Ctrl+C, SIGTERM)."""
    import uvicorn

    config = uvicorn.Config(app, log_level=log_level, lifespan="off")
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises the Ctrl+C it handled
        uvicorn.Server(config).run(sockets=[sock])


class LocalCDF:
    """A running emulator: ``with LocalCDF() as cdf: client = cdf.client()``.

    Args:
        db: a SQLite file (data survives a restart) or ``":memory:"``.
        load: model files to deploy before serving (see :func:`pygen.emulator.load_model_file`).
        project: the project name served.
        token: the bearer token clients must send; a random one when None (see ``token``).
        host: the interface to listen on.
        port: the port; 0 picks a free one.
        instances: instance files (``{"items": [...]}``) to write after the models.
        cors_origins: origins a browser app may call the emulator from (``*`` for any); none
            by default (see :mod:`pygen.emulator.cors`).
        sync_cursor_lifetime_ms: how long ``/instances/sync`` cursors stay valid (3 days by
            default, as in CDF); a short one lets tests see a cursor expire.
    """

    def __init__(
        self,
        db: str | Path = ":memory:",
        load: list[str | Path] | tuple[str | Path, ...] = (),
        project: str = "playground",
        token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        instances: list[str | Path] | tuple[str | Path, ...] = (),
        cors_origins: list[str] | tuple[str, ...] = (),
        sync_cursor_lifetime_ms: int | None = None,
    ) -> None:
        self.db = str(db)
        self.load = [Path(path) for path in load]
        self.instances = [Path(path) for path in instances]
        self.project = project
        self.token = token or secrets.token_urlsafe(24)
        self.host = host
        self.port = port
        self.cors_origins = tuple(cors_origins)
        self.sync_cursor_lifetime_ms = sync_cursor_lifetime_ms
        self.store: Store | None = None
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http://host:port`` (the API lives under ``/api/v1/projects/{project}``)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self, timeout: float = 10.0) -> LocalCDF:
        """Bind the port, open the store, deploy the model files, and serve until :meth:`stop`.

        Raises:
            ServeError: the port is in use (or the address is not valid here).
            CorsError: an entry of ``cors_origins`` is not an origin.
            StoreError: ``db`` is not an emulator database (or a newer one).
        """
        import uvicorn

        CorsPolicy.of(self.cors_origins)  # a bad origin fails before anything is bound
        sock = listen_socket(self.host, self.port)
        try:
            store = Store(self.db)
        except BaseException:
            sock.close()
            raise
        if self.sync_cursor_lifetime_ms is not None:
            store.sync_cursor_lifetime_ms = self.sync_cursor_lifetime_ms
        try:
            for path in self.load:
                load_model_file(store, path)
            for path in self.instances:
                load_instances(store, self.project, path)
        except BaseException:
            store.close()
            sock.close()
            raise
        self.store = store
        app = create_app(store, self.project, self.token, cors_origins=self.cors_origins)
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True, name="pygen-emulator"
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise ServeError(f"the emulator did not start on {self.base_url}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop serving and close the store (safe to call twice)."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = self._thread = None
        if self.store is not None:
            self.store.close()
            self.store = None

    def client(self, **options: Any) -> PygenClient:
        """A :class:`pygen_runtime.client.PygenClient` pointed at this emulator with its token."""
        from pygen_runtime.client import PygenClient, TokenAuth

        return PygenClient(
            base_url=self.base_url,
            project=self.project,
            credentials=TokenAuth(self.token),
            **options,
        )

    def __enter__(self) -> LocalCDF:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

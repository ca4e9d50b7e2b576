"""Fixtures of the service tests: the example model, an emulator to read models from by
reference, and ``pygen serve`` as a real process."""

from __future__ import annotations

import io
import json
import shutil
import signal
import socket
import subprocess
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from pygen.emulator import LocalCDF
from pygen.testing.service import ServiceProcess, pygen_command

EXAMPLE = Path(__file__).parents[2] / "pygen" / "examples" / "example_model.yaml"
CDF_TOKEN = "cdf-secret-token-that-must-never-leak-0123456789"
SERVICE_TOKEN = "first-service-token-0123456789"
OTHER_TOKEN = "second-service-token-0123456789"


@pytest.fixture(scope="session")
def example_model() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())
    return document


@pytest.fixture(scope="module")
def local_cdf() -> Iterator[LocalCDF]:
    with LocalCDF(load=[EXAMPLE], token=CDF_TOKEN) as cdf:
        yield cdf


@pytest.fixture(scope="module")
def service(
    tmp_path_factory: pytest.TempPathFactory, local_cdf: LocalCDF
) -> Iterator[ServiceProcess]:
    folder = tmp_path_factory.mktemp("service")
    args = ("--workers", "2", "--max-body-mb", "1", "--max-views", "100")
    tokens = {"PYGEN_SERVICE_TOKENS": f"{SERVICE_TOKEN},{OTHER_TOKEN}"}
    running = ServiceProcess(
        folder / "data",
        *args,
        "--allow-cdf-url",
        local_cdf.base_url,
        token=SERVICE_TOKEN,
        env=tokens,
    )
    with running:
        yield running


@pytest.fixture
def client(service: ServiceProcess) -> Iterator[httpx.Client]:
    with service.client() as http:
        yield http


def unzip(data: bytes) -> dict[str, str]:
    """The text of every entry of a zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def all_bytes(folder: Path) -> bytes:
    """Every file below ``folder``, concatenated (to grep for secrets)."""
    return b"".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class RedisServer:
    """A redis-server on a free port in ``folder``, without persistence; ``stop()`` and
    ``start()`` again (same port) to show what a broker outage does."""

    def __init__(self, folder: Path) -> None:
        server = shutil.which("redis-server")
        if server is None:
            pytest.fail(
                "redis-server is not installed: apt-get install -y redis-server "
                "(scripts/test.sh does)"
            )
        self.command = [server, "--port", str(free_port()), "--bind", "127.0.0.1"]
        self.command += ["--dir", str(folder), "--save", "", "--appendonly", "no"]
        self.log = folder / "redis.log"
        self.url = f"redis://127.0.0.1:{self.command[2]}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> RedisServer:
        import redis

        self.process = subprocess.Popen(
            self.command, stdout=self.log.open("ab"), stderr=subprocess.STDOUT
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                assert time.monotonic() < deadline, self.log.read_text()
                time.sleep(0.05)
        client.close()
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def redis_url(redis_server: RedisServer) -> str:
    return redis_server.url


def meta(redis_url: str, job_id: str) -> dict[str, Any]:
    """The Celery result backend's record of ``job_id``."""
    import redis

    raw = redis.Redis.from_url(redis_url).get(f"celery-task-meta-{job_id}")
    return json.loads(raw) if raw else {}


def start_worker(broker: str, data_dir: Path, log: Path, *args: str) -> subprocess.Popen[bytes]:
    """``pygen worker`` (one pool process) in a process group of its own, so a test can kill
    the whole worker (main process and pool) as a machine dying would."""
    command = [*pygen_command(), "worker", "--broker", broker, "--data-dir", str(data_dir)]
    command += ["--concurrency", "1", "--loglevel", "INFO", *args]
    with log.open("ab") as out:
        return subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop_worker(process: subprocess.Popen[bytes]) -> None:
    """Stop a worker the normal way (SIGTERM: warm shutdown), or kill it after 20 s."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)

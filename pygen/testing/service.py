"""Running ``pygen serve`` and ``pygen worker`` as real processes, for the service's tests and
benchmarks (a test that kills the server needs a process of its own)."""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

__all__ = ["ServiceProcess", "pygen_command", "wait_for_job"]

_LISTENING = re.compile(r"pygen service on (http://\S+) ")


def pygen_command() -> list[str]:
    """The ``pygen`` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("pygen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pygen.cli"]


class ServiceProcess:
    """``pygen serve`` on a free port with a random token: ``with ServiceProcess(dir) as s``.

    Its output goes to ``data_dir/../serve-N.log`` (``log_path``), so tests can check what it
    logged. ``kill()`` sends SIGKILL; ``start()`` again restarts it on the same data folder.
    """

    def __init__(
        self,
        data_dir: Path,
        *args: str,
        token: str | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.args = args
        self.token = token or secrets.token_urlsafe(24)
        self.extra_env = env or {}
        self.process: subprocess.Popen[bytes] | None = None
        self.base_url = ""
        self.starts = 0
        self.log_path = data_dir.parent / "serve-0.log"

    def start(self, timeout: float = 30.0) -> ServiceProcess:
        """Start the server and wait until it answers ``/health``."""
        self.starts += 1
        self.log_path = self.data_dir.parent / f"serve-{self.starts}.log"
        env = {**os.environ, "PYGEN_SERVICE_TOKENS": self.token, **self.extra_env}
        command = [*pygen_command(), "serve", "--port", "0", "--data-dir", str(self.data_dir)]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [*command, *self.args], stdout=log, stderr=subprocess.STDOUT, env=env
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = _LISTENING.search(self.log_path.read_text(errors="replace"))
            if match and self._healthy(match.group(1)):
                self.base_url = match.group(1)
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"pygen serve did not start:\n{self.log_path.read_text()}")

    @staticmethod
    def _healthy(url: str) -> bool:
        try:
            return httpx.get(f"{url}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def client(self, token: str | None = None, **options: Any) -> httpx.Client:
        """An HTTP client for the service with the token (or ``token``)."""
        headers = {"Authorization": f"Bearer {token or self.token}"}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=60, **options)

    def kill(self) -> None:
        """SIGKILL the server (its worker processes notice and exit by themselves)."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
            self.process = None

    def stop(self) -> None:
        """Stop the server the normal way (SIGTERM), or kill it after 15 s."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        self.process = None

    def log(self) -> str:
        """Everything every start of the server printed."""
        return "".join(
            (self.data_dir.parent / f"serve-{n}.log").read_text(errors="replace")
            for n in range(1, self.starts + 1)
        )

    def __enter__(self) -> ServiceProcess:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def wait_for_job(
    client: httpx.Client, job_id: str, *, timeout: float = 120.0, until: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Poll ``GET /generate/{job_id}`` until the job is completed or failed (or has a status
    of ``until``); its last answer."""
    deadline = time.monotonic() + timeout
    wanted = until or ("completed", "failed")
    while True:
        answer = client.get(f"/generate/{job_id}")
        answer.raise_for_status()
        job: dict[str, Any] = answer.json()
        if job["status"] in wanted:
            return job
        if time.monotonic() > deadline:
            raise TimeoutError(f"job {job_id} is still {job['status']} after {timeout} s")
        time.sleep(0.05)

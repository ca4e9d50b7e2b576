"""Jobs: limits (429), the time limit, expiry, and what survives a killed server or worker."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pygen.testing import synthesize_document
from pygen.testing.service import ServiceProcess, wait_for_job

from .conftest import unzip

# A job that runs for several seconds in both languages (~5 s on a quiet 2-core machine), so a
# test can act while it runs and a 2 s time limit stops it; generation keeps getting faster:
# 150 views used to be enough, and finished inside 2 s once the per-view layout was tuned
SLOW = synthesize_document(400, base_views=10)


def slow_job(name: str) -> dict[str, Any]:
    return {"model": SLOW, "language": ["python", "typescript"], "options": {"package_name": name}}


def small_job(model: dict[str, Any], name: str, **extra: Any) -> dict[str, Any]:
    return {"model": model, "options": {"package_name": name}, **extra}


def queued(client: httpx.Client, body: dict[str, Any]) -> str:
    answer = client.post("/generate", json=body)
    assert answer.status_code == 202, answer.text
    job_id: str = answer.json()["job_id"]
    return job_id


def worker_of(data_dir: Path, job_id: str) -> int:
    """The pid of the embedded worker holding ``job_id`` (from the job store)."""
    with sqlite3.connect(data_dir / "jobs.sqlite") as db:
        (worker,) = db.execute("SELECT worker FROM jobs WHERE id = ?", (job_id,)).fetchone()
    return int(worker.removeprefix("embedded:"))


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except (FileNotFoundError, IndexError):
        return True
    return state in "ZX"


def children_of(pid: int) -> list[int]:
    """The child processes of ``pid`` (started by any of its threads)."""
    return [
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]


@pytest.fixture
def tokens() -> dict[str, str]:
    return {name: f"{name}-token-0123456789abcdef" for name in ("a", "b", "c")}


@pytest.fixture
def limited(tmp_path: Path, tokens: dict[str, str]) -> Iterator[ServiceProcess]:
    env = {"PYGEN_SERVICE_TOKENS": ",".join(tokens.values())}
    args = ("--workers", "1", "--max-jobs-per-token", "2", "--max-queue", "3", "--time-limit", "2")
    with ServiceProcess(tmp_path / "data", *args, token=tokens["a"], env=env) as running:
        yield running


def test_limits_answer_429_and_the_time_limit_stops_a_job(
    limited: ServiceProcess, tokens: dict[str, str]
) -> None:
    with limited.client() as a, limited.client(tokens["b"]) as b, limited.client(tokens["c"]) as c:
        first = queued(a, slow_job("one"))
        wait_for_job(a, first, until=("processing",))
        queued(a, slow_job("two"))
        refused = a.post("/generate", json=slow_job("three"))
        assert refused.status_code == 429 and "this token has 2 jobs" in refused.json()["error"]
        assert refused.headers["Retry-After"] == "5"
        queued(b, slow_job("four"))
        queued(b, slow_job("five"))
        full = c.post("/generate", json=slow_job("six"))
        assert full.status_code == 429 and "queue is full" in full.json()["error"]
        done = wait_for_job(a, first, timeout=60)
        assert done["status"] == "failed"
        assert done["reason"] == "the job ran past the time limit of 2 s and was stopped"
        assert limited.client().get("/health").json()["status"] == "ok"  # a new worker runs


def test_jobs_expire_but_a_download_in_progress_is_not_cut_off(
    tmp_path: Path, example_model: dict[str, Any]
) -> None:
    with ServiceProcess(tmp_path / "data", "--job-ttl", "2") as service, service.client() as client:
        done = wait_for_job(client, queued(client, small_job(example_model, "ttl")))
        artifacts = list((tmp_path / "data" / "artifacts").iterdir())
        assert [path.name for path in artifacts] == [f"{done['job_id']}-1.zip"]
        with client.stream("GET", done["download_url"]) as download:
            artifacts[0].unlink()  # what expiry does, while the answer streams
            data = download.read()
        assert "ttl/__init__.py" in unzip(data)
        deadline = time.monotonic() + 10
        while client.get(f"/generate/{done['job_id']}").status_code != 404:
            assert time.monotonic() < deadline, "the job did not expire"
            time.sleep(0.1)


def test_killed_worker_and_killed_server_lose_no_job(
    tmp_path: Path, example_model: dict[str, Any]
) -> None:
    data = tmp_path / "data"
    service = ServiceProcess(data, "--workers", "1").start()
    try:
        with service.client() as client:
            # a worker process killed mid-job: its job runs again and completes
            retried = queued(client, slow_job("retried"))
            wait_for_job(client, retried, until=("processing",))
            os.kill(worker_of(data, retried), signal.SIGKILL)
            done = wait_for_job(client, retried, timeout=90)
            assert done["status"] == "completed" and done["attempts"] == 2, done

            # kill -9 the server while one job runs and others wait
            doomed = queued(client, slow_job("doomed"))
            waiting = [queued(client, small_job(example_model, f"w{n}")) for n in range(2)]
            wait_for_job(client, doomed, until=("processing",))
            orphan = worker_of(data, doomed)
        for round_ in (1, 2):
            assert service.process is not None
            children = children_of(service.process.pid)  # workers, validation processes
            assert orphan in children and len(children) >= 3, children
            service.kill()
            deadline = time.monotonic() + 5
            while not all(gone(pid) for pid in children):  # they notice and exit by themselves
                assert time.monotonic() < deadline, "a process outlived its killed server"
                time.sleep(0.1)
            service.start()
            with service.client() as client:
                job = wait_for_job(client, doomed, until=("processing", "failed"), timeout=60)
                if round_ == 1:  # retried once ...
                    assert job["status"] == "processing" and job["attempts"] == 2
                    orphan = worker_of(data, doomed)
        with service.client() as client:  # ... then failed with the reason
            job = wait_for_job(client, doomed)
            assert job["status"] == "failed"
            assert "the service stopped while the job ran" in job["reason"]
            assert "2 attempts" in job["reason"]
            for job_id in waiting:
                assert wait_for_job(client, job_id)["status"] == "completed"
        with sqlite3.connect(data / "jobs.sqlite") as db:
            statuses = {row[0] for row in db.execute("SELECT status FROM jobs")}
        assert statuses <= {"completed", "failed"}
    finally:
        service.stop()

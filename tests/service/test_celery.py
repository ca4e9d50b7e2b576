"""``pygen serve --queue celery`` with two ``pygen worker`` processes on a real redis-server
(started on a free port by the ``redis_url`` fixture; scripts/test.sh installs it from the
Debian package)."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from pygen.emulator import LocalCDF
from pygen.testing.service import ServiceProcess, wait_for_job

from .conftest import CDF_TOKEN, all_bytes, meta, start_worker, stop_worker
from .test_jobs import queued, slow_job, small_job


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shared") / "data"


@pytest.fixture(scope="module")
def workers(redis_url: str, shared: Path) -> Iterator[list[tuple[subprocess.Popen[bytes], Path]]]:
    started = [
        (start_worker(redis_url, shared, log), log)
        for log in (shared.parent / f"worker-{number}.log" for number in (1, 2))
    ]
    yield started
    for process, _ in started:
        stop_worker(process)


@pytest.fixture(scope="module")
def celery_service(
    redis_url: str, shared: Path, workers: list[Any], local_cdf: LocalCDF
) -> Iterator[ServiceProcess]:
    args = ("--queue", "celery", "--broker", redis_url, "--allow-cdf-url", local_cdf.base_url)
    with ServiceProcess(shared, *args) as service:
        yield service


def redis_bytes(redis_url: str) -> bytes:
    """Every key and value in Redis (to grep for secrets)."""
    client = redis.Redis.from_url(redis_url)
    out = []
    for key in client.scan_iter():
        kind = client.type(key)
        out.append(key)
        if kind == b"string":
            out.append(client.get(key) or b"")
        elif kind == b"list":
            out.extend(client.lrange(key, 0, -1))
        elif kind == b"hash":
            out.extend(b"".join(pair) for pair in client.hgetall(key).items())
        elif kind == b"set":
            out.extend(client.smembers(key))
        elif kind == b"zset":
            out.extend(client.zrange(key, 0, -1))
    return b"\n".join(out)


def test_two_workers_share_the_jobs(
    celery_service: ServiceProcess, workers: list[Any], example_model: dict[str, Any]
) -> None:
    with celery_service.client() as client:
        assert client.get("/version").json()["queue"] == "celery"
        jobs = [queued(client, small_job(example_model, f"c{n}")) for n in range(4)]
        results = [wait_for_job(client, job_id, timeout=90) for job_id in jobs]
        assert [job["status"] for job in results] == ["completed"] * 4, results
        archive = client.get(results[0]["download_url"])
        assert archive.status_code == 200 and archive.content.startswith(b"PK")
        health = client.get("/health").json()
        assert health["status"] == "ok" and "2 worker(s)" in health["queue"], health
    ran = [log.read_text().count("succeeded in") for _, log in workers]
    assert all(count >= 1 for count in ran), ran


def test_a_killed_pool_process_has_its_job_redelivered(
    celery_service: ServiceProcess, redis_url: str
) -> None:
    with celery_service.client() as client:
        job_id = queued(client, slow_job("redelivered"))
        wait_for_job(client, job_id, until=("processing",), timeout=60)
        pid = meta(redis_url, job_id)["result"]["pid"]
        os.kill(pid, signal.SIGKILL)
        done = wait_for_job(client, job_id, timeout=120)
        assert done["status"] == "completed", done
        assert done["attempts"] == 2
        assert meta(redis_url, job_id)["status"] == "SUCCESS"


def test_credentials_reach_no_broker_message_result_log_or_file(
    celery_service: ServiceProcess,
    redis_url: str,
    shared: Path,
    workers: list[Any],
    local_cdf: LocalCDF,
) -> None:
    reference = {
        "space": "pygen_example",
        "external_id": "ExampleModel",
        "cdf_url": local_cdf.base_url,
        "project": local_cdf.project,
        "cdf_credentials": {"token": CDF_TOKEN},
    }
    with celery_service.client() as client:
        job_id = queued(client, reference)
        assert wait_for_job(client, job_id, timeout=90)["status"] == "completed"
    secret = CDF_TOKEN.encode()
    assert secret not in redis_bytes(redis_url)
    assert secret not in all_bytes(shared.parent)  # job store, artifacts, every log

"""The Celery queue when things break, on a real redis-server: a whole worker machine dies
mid-job, a job runs past the soft time limit in a real pool, the server restarts with jobs it
stored but never sent, and the broker or the job store goes away (``/health`` 503)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pygen.service.auth import caller_of
from pygen.service.store import JobStore
from pygen.testing import synthesize_document
from pygen.testing.service import ServiceProcess, wait_for_job

from .conftest import RedisServer, meta, start_worker, stop_worker
from .test_jobs import gone, queued, slow_job, small_job

VISIBILITY = 6  # seconds: the broker gives a vanished worker's job to another after this
MEDIUM = synthesize_document(60, base_views=10)  # ~1.5 s in both languages


def medium_job(name: str) -> dict[str, Any]:
    return {
        "model": MEDIUM,
        "language": ["python", "typescript"],
        "options": {"package_name": name},
    }


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("celery-faults")


@pytest.fixture(scope="module")
def service(redis_url: str, folder: Path) -> Iterator[ServiceProcess]:
    args = ("--queue", "celery", "--broker", redis_url, "--visibility-timeout", str(VISIBILITY))
    with ServiceProcess(folder / "data", *args) as running:
        yield running


@pytest.fixture(scope="module")
def workers(folder: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    """The workers a test started (stopped at the end of the module)."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        stop_worker(process)


def test_a_whole_worker_machine_dying_mid_job_has_its_job_redelivered(
    service: ServiceProcess, redis_url: str, folder: Path, workers: list[Any]
) -> None:
    option = ("--visibility-timeout", str(VISIBILITY))
    first = start_worker(redis_url, folder / "data", folder / "worker-a.log", *option)
    workers.append(first)
    with service.client() as client:
        job_id = queued(client, medium_job("machine"))
        wait_for_job(client, job_id, until=("processing",), timeout=60)
        pool = meta(redis_url, job_id)["result"]["pid"]
        os.killpg(first.pid, signal.SIGKILL)  # the machine is gone: main process and pool
        first.wait(10)
        deadline = time.monotonic() + 5
        while not gone(pool):
            assert time.monotonic() < deadline, "the pool process outlived its worker"
            time.sleep(0.05)
        killed_at = time.monotonic()
        log = folder / "worker-b.log"
        workers.append(start_worker(redis_url, folder / "data", log, *option))
        done = wait_for_job(client, job_id, timeout=90)
        assert done["status"] == "completed" and done["attempts"] == 2, done
        assert time.monotonic() - killed_at >= VISIBILITY - 1  # not before the timeout
        assert meta(redis_url, job_id)["status"] == "SUCCESS"
        assert "succeeded in" in log.read_text()


def test_a_server_restart_sends_the_jobs_it_stored_but_never_sent(
    service: ServiceProcess, redis_url: str, folder: Path, example_model: dict[str, Any]
) -> None:
    service.kill()  # a server killed between storing a job and sending it leaves this:
    store = JobStore(folder / "data" / "jobs.sqlite")
    job_id = uuid.uuid4().hex
    payload = {**small_job(example_model, "unsent"), "language": ["python"]}
    payload["output_format"] = "zip"
    store.add(
        job_id,
        caller=caller_of(service.token),
        cache_key="unsent",
        payload=payload,
        output_format="zip",
        language=["python"],
    )
    assert [sent for sent, _ in store.unsent()] == [job_id]
    assert meta(redis_url, job_id) == {}
    service.start()
    with service.client() as client:
        done = wait_for_job(client, job_id, timeout=60)
        assert done["status"] == "completed", done
        assert client.get(done["download_url"]).content.startswith(b"PK")
    assert store.unsent() == []  # sent once: its payload is with the broker, not here
    store.close()


def test_health_is_503_while_the_broker_or_the_job_store_is_away(
    service: ServiceProcess, redis_server: RedisServer, folder: Path
) -> None:
    with service.client() as client:
        assert client.get("/health").status_code == 200
        redis_server.stop()
        try:
            answer = client.get("/health")
            assert answer.status_code == 503, answer.text
            assert answer.json()["queue"] == "unavailable (ConnectionError)"
            assert answer.json()["job_store"] == "ok"
            refused = client.post("/generate", json=slow_job("broker_down"))
            assert refused.status_code == 503 and "not reachable" in refused.json()["error"]
        finally:
            redis_server.start()
        store = folder / "data" / "jobs.sqlite"
        store.rename(folder / "moved.sqlite")
        try:
            answer = client.get("/health")
            assert answer.status_code == 503, answer.text
            assert answer.json()["job_store"].startswith("unavailable (OperationalError)")
        finally:
            (folder / "moved.sqlite").rename(store)
        assert client.get("/health").status_code == 200


def test_the_soft_time_limit_fails_a_job_in_a_real_pool(
    redis_server: RedisServer, folder: Path, workers: list[Any]
) -> None:
    broker = redis_server.url.removesuffix("/0") + "/1"  # a queue of its own
    data = folder / "limited"
    log = folder / "worker-limited.log"
    workers.append(start_worker(broker, data, log, "--time-limit", "1"))
    args = ("--queue", "celery", "--broker", broker)
    with ServiceProcess(data, *args) as service, service.client() as client:
        job_id = queued(client, slow_job("past_the_limit"))
        done = wait_for_job(client, job_id, timeout=90)
    assert done["status"] == "failed", done
    assert done["reason"] == "the job ran past the time limit of 1 s and was stopped"
    assert done["attempts"] == 1
    # the soft limit interrupted generation in the pool process, and the task returned the
    # failure (a hard limit would have killed the process: no result, a redelivery)
    assert meta(broker, job_id)["status"] == "SUCCESS"
    assert "ran past the time limit" in log.read_text()


def test_following_jobs_takes_one_mget_per_tick(redis_url: str) -> None:
    import redis

    from pygen.service.celery_queue import celery_app, read_states

    backend = celery_app(redis_url).backend
    ids = [uuid.uuid4().hex for _ in range(100)]
    for job_id in ids[:40]:
        backend.store_result(job_id, {"status": "completed"}, "SUCCESS")
    client = redis.Redis.from_url(redis_url)
    before = client.info("commandstats")
    states = read_states(backend, ids)
    after = client.info("commandstats")
    calls = {
        name: after[name]["calls"] - before.get(name, {}).get("calls", 0)
        for name in ("cmdstat_mget", "cmdstat_get")
        if name in after
    }
    assert calls.get("cmdstat_mget") == 1 and calls.get("cmdstat_get", 0) == 0, calls
    assert sorted(states) == sorted(ids[:40])
    assert states[ids[0]]["status"] == "SUCCESS"
    assert states[ids[0]]["result"] == {"status": "completed"}
    assert read_states(backend, []) == {}
    client.close()

"""The web process stays light and honest (embedded queue): validation runs in processes of
its own under a bound, ``/health`` answers 503 when the job store cannot be read, and a
worker process is replaced by a fresh one after ``--worker-max-jobs`` jobs."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import httpx

from pygen.testing import synthesize_document
from pygen.testing.service import ServiceProcess, wait_for_job

from .test_jobs import queued, small_job, worker_of

LARGE = synthesize_document(1500, base_views=10)  # ~6 MB of JSON, ~2 s to validate


def peak_mb(pid: int) -> float:
    """The peak memory (VmHWM) of ``pid`` in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def validate_in_background(client: httpx.Client, answers: list[httpx.Response]) -> threading.Thread:
    """POST the large model to /validate until it is taken (not 429), in a thread."""

    def run() -> None:
        while True:
            answers.append(client.post("/validate", json={"model": LARGE, "language": "all"}))
            if answers[-1].status_code != 429:
                return

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_health_stays_responsive_while_a_large_model_validates(
    tmp_path: Path, example_model: dict[str, Any]
) -> None:
    args = ("--workers", "1", "--max-views", "2000", "--max-validations", "1")
    with ServiceProcess(tmp_path / "data", *args) as service, service.client() as client:
        assert service.process is not None
        before = peak_mb(service.process.pid)
        answers: list[httpx.Response] = []
        large: list[httpx.Response] = []
        validation = validate_in_background(service.client(), large)
        slowest, polls = 0.0, 0
        while validation.is_alive():
            start = time.perf_counter()
            assert client.get("/health").status_code == 200
            slowest = max(slowest, time.perf_counter() - start)
            polls += 1
            # a second validation while one runs is beyond --max-validations 1
            answers.append(client.post("/validate", json={"model": example_model}))
            time.sleep(0.05)
        validation.join()
        assert large[-1].status_code == 200 and large[-1].json()["valid"] is True
        refused = [answer for answer in answers + large if answer.status_code == 429]
        assert refused and "1 validations are running" in refused[0].json()["error"]
        assert refused[0].headers["Retry-After"] == "5"
        assert polls >= 10, "the validation ended too soon to show anything"
        assert slowest < 1.0, f"/health took {slowest:.2f} s while validating"
        # validated in a thread of the web process, its peak grows by ~130 MB (here ~60: the body)
        grown = peak_mb(service.process.pid) - before
        assert grown < 100, f"the web process grew by {grown:.0f} MB while validating"
        after = client.post("/validate", json={"model": example_model})
        assert after.status_code == 200 and after.json()["valid"] is True


def test_a_worker_is_replaced_after_worker_max_jobs_and_health_needs_the_store(
    tmp_path: Path, example_model: dict[str, Any]
) -> None:
    data = tmp_path / "data"
    args = ("--workers", "1", "--worker-max-jobs", "2")
    with ServiceProcess(data, *args) as service, service.client() as client:
        pids = []
        for number in range(3):
            job = wait_for_job(client, queued(client, small_job(example_model, f"r{number}")))
            assert job["status"] == "completed" and job["attempts"] == 1, job
            pids.append(worker_of(data, job["job_id"]))
        assert pids[0] == pids[1] != pids[2], pids
        assert client.get("/health").json()["queue"] == "ok (1 of 1 workers running)"

        (data / "jobs.sqlite").rename(tmp_path / "moved.sqlite")  # the volume went away
        answer = client.get("/health")
        assert answer.status_code == 503, answer.text
        health = answer.json()
        assert health["status"] == "unavailable"
        assert health["job_store"].startswith("unavailable (OperationalError)")
        assert health["queue"].startswith("ok")
        (tmp_path / "moved.sqlite").rename(data / "jobs.sqlite")
        assert client.get("/health").status_code == 200

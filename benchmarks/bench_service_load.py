"""The generation service under load, and end to end.

Load: ``pygen serve`` (embedded queue, ``--workers`` processes) gets ``--jobs`` jobs of a
synthetic 50-view model submitted at once from 20 threads (each job a different package name,
so none is answered from the cache), round after round. Reported per round: jobs completed
(none may be lost), jobs per minute (first submit to last finish), p50 / p95 seconds from
submit to done (the server's own timestamps), the median time a job ran in its worker
(``run s``: generation and archive, without the wait), and the web process's memory (VmRSS after the
round, VmHWM the peak so far): it must stay flat as jobs accumulate, since generation runs in
the worker processes; and the worker processes' memory (``worker RSS MB``: the largest live
embedded worker), which ``--worker-max-jobs`` keeps from growing by replacing a worker after
that many jobs (``--compare-recycle`` runs the rounds with it off (0) and at the default).

Celery sync (``--celery-sync``, needs ``redis-server``): what one tick of the web process's
Celery state sync costs with 100 jobs in flight, read job by job (one GET each, the first
version) and with one ``MGET`` (now), measured in the same run.

End to end (``--e2e``): the example model and a 50-view model in both languages through the
service (submit, poll, download the zip, unpack), then ``mypy --strict`` on the Python SDK and
``tsc --noEmit`` on the TypeScript SDK; and a model with errors, which must end ``failed``
with its issues.

    .venv/bin/python benchmarks/bench_service_load.py [--jobs 100] [--rounds 2] [--workers 2]
        [--worker-max-jobs 20] [--compare-recycle] [--celery-sync] [--e2e]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import yaml

from pygen.testing import synthesize_document
from pygen.testing.service import ServiceProcess, wait_for_job

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "pygen" / "examples" / "example_model.yaml"


def memory_mb(pid: int) -> tuple[float, float]:
    """VmRSS and VmHWM (peak) of ``pid`` in MB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def workers_mb(data_dir: Path, ids: list[str]) -> float:
    """The largest VmRSS of the embedded workers that ran ``ids`` and still live."""
    with sqlite3.connect(data_dir / "jobs.sqlite") as db:
        names = {
            row[0]
            for row in db.execute(
                f"SELECT worker FROM jobs WHERE id IN ({','.join('?' * len(ids))})", ids
            )
        }
    sizes = [0.0]
    for name in names:
        pid = int(str(name).removeprefix("embedded:"))
        with contextlib.suppress(FileNotFoundError, KeyError):
            sizes.append(memory_mb(pid)[0])
    return max(sizes)


def load_round(
    service: ServiceProcess, model: dict[str, Any], jobs: int, tag: str
) -> dict[str, Any]:
    bodies = [{"model": model, "options": {"package_name": f"sdk_{tag}_{n}"}} for n in range(jobs)]
    with service.client() as client, ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda body: client.post("/generate", json=body), bodies))
        assert all(answer.status_code == 202 for answer in answers), [a.text for a in answers[:3]]
        ids = [answer.json()["job_id"] for answer in answers]
        done = [wait_for_job(client, job_id, timeout=1800) for job_id in ids]
    completed = [job for job in done if job["status"] == "completed"]
    latencies = sorted(job["finished_at"] - job["created_at"] for job in completed)
    span = max(job["finished_at"] for job in done) - min(job["created_at"] for job in done)
    assert service.process is not None
    rss, peak = memory_mb(service.process.pid)
    return {
        "completed": len(completed),
        "jobs_per_min": len(completed) / span * 60,
        "p50": statistics.median(latencies),
        "p95": latencies[max(0, round(len(latencies) * 0.95) - 1)],
        "run": statistics.median(job["timings"]["total"] for job in completed),
        "rss": rss,
        "peak": peak,
        "workers": workers_mb(service.data_dir, ids),
        "load": os.getloadavg()[0],
    }


def load(args: argparse.Namespace, worker_max_jobs: int) -> None:
    model = synthesize_document(50, base_views=10)
    with tempfile.TemporaryDirectory() as folder:
        limits = ("--max-jobs-per-token", "1000", "--max-queue", "1000")
        recycle = ("--worker-max-jobs", str(worker_max_jobs))
        with ServiceProcess(
            Path(folder) / "data", "--workers", str(args.workers), *limits, *recycle
        ) as service:
            assert service.process is not None
            rss, _ = memory_mb(service.process.pid)
            print(
                f"web process after start: {rss:.1f} MB; {args.jobs} jobs of a 50-view model "
                f"(Python SDK) per round, {args.workers} worker processes, "
                f"--worker-max-jobs {worker_max_jobs}"
            )
            print(
                f"{'round':>5} {'done':>5} {'jobs/min':>9} {'p50 s':>7} {'p95 s':>7} {'run s':>6} "
                f"{'web RSS MB':>11} {'web peak MB':>12} {'worker RSS MB':>14} {'host load':>10}"
            )
            for number in range(1, args.rounds + 1):
                row = load_round(service, model, args.jobs, str(number))
                print(
                    f"{number:>5} {row['completed']:>5} {row['jobs_per_min']:>9.1f} "
                    f"{row['p50']:>7.2f} {row['p95']:>7.2f} {row['run']:>6.2f} "
                    f"{row['rss']:>11.1f} {row['peak']:>12.1f} {row['workers']:>14.1f} "
                    f"{row['load']:>10.1f}"
                )


def celery_sync(ticks: int = 50, jobs: int = 100) -> None:
    """One sync tick with ``jobs`` in flight: job by job (a GET each) against one MGET."""
    from celery.result import AsyncResult

    from pygen.service.celery_queue import celery_app, read_states

    server = shutil.which("redis-server")
    if server is None:
        print("celery sync: skipped (no redis-server; apt-get install redis-server)")
        return
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory() as folder:
        redis_server = subprocess.Popen(
            [server, "--port", str(port), "--dir", folder, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        try:
            app = celery_app(f"redis://127.0.0.1:{port}/0")
            ids = [uuid.uuid4().hex for _ in range(jobs)]
            deadline = time.monotonic() + 10
            while True:
                try:
                    app.backend.client.ping()
                    break
                except Exception:
                    assert time.monotonic() < deadline, "redis-server did not start"
                    time.sleep(0.05)
            for job_id in ids[: jobs // 4]:  # a quarter running, the rest queued
                app.backend.store_result(job_id, {"hostname": "w", "pid": 1}, "STARTED")

            def one_by_one() -> None:
                for job_id in ids:
                    _ = AsyncResult(job_id, app=app).state

            def batched() -> None:
                read_states(app.backend, ids)

            print(f"Celery state sync, one tick with {jobs} jobs in flight (median of {ticks}):")
            print(f"{'read':>12} {'round trips':>12} {'ms per tick':>12} {'ratio':>6}")
            times = {}
            for name, tick in (("job by job", one_by_one), ("one MGET", batched)):
                samples = []
                for _ in range(ticks):
                    start = time.perf_counter()
                    tick()
                    samples.append(time.perf_counter() - start)
                times[name] = statistics.median(samples) * 1000
            base = times["job by job"]
            for name, trips in (("job by job", jobs), ("one MGET", 1)):
                print(f"{name:>12} {trips:>12} {times[name]:>12.2f} {base / times[name]:>6.1f}")
        finally:
            redis_server.terminate()
            redis_server.wait(10)


def check(command: list[str], cwd: Path) -> tuple[bool, float, str]:
    start = time.perf_counter()
    env = {**os.environ, "MYPYPATH": str(REPO)}  # pygen's runtime, as the goldens are checked
    run = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    return run.returncode == 0, time.perf_counter() - start, (run.stdout + run.stderr)[-400:]


def e2e(args: argparse.Namespace) -> None:
    models = {
        "example": yaml.safe_load(EXAMPLE.read_text()),
        "50 views": synthesize_document(50, base_views=10),
    }
    mypy = [sys.executable, "-m", "mypy", "--config-file", str(REPO / "golden" / "mypy.ini")]
    tsc = [str(REPO / "node_modules" / ".bin" / "tsc"), "--noEmit", "-p"]
    with tempfile.TemporaryDirectory() as folder, ServiceProcess(Path(folder) / "data") as service:
        client = service.client()
        print(f"{'model':>9} {'job s':>6} {'files':>6} {'mypy --strict':>14} {'tsc --noEmit':>13}")
        for name, model in models.items():
            start = time.perf_counter()
            answer = client.post(
                "/generate", json={"model": model, "language": ["python", "typescript"]}
            )
            job = wait_for_job(client, answer.json()["job_id"], timeout=600)
            assert job["status"] == "completed", job
            seconds = time.perf_counter() - start
            out = Path(folder) / name.replace(" ", "_")
            with zipfile.ZipFile(io.BytesIO(client.get(job["download_url"]).content)) as archive:
                archive.extractall(out)
                files = len(archive.namelist())
            package = next((out / "python").glob("*/__init__.py")).parent.name
            python_ok, python_s, python_log = check([*mypy, package], out / "python")
            project = next((out / "typescript").glob("*/tsconfig.json")).parent
            ts_ok, ts_s, ts_log = check([*tsc, str(project)], out)
            print(
                f"{name:>9} {seconds:>6.2f} {files:>6} "
                f"{'ok' if python_ok else 'FAILED':>6} {python_s:>5.1f} s "
                f"{'ok' if ts_ok else 'FAILED':>6} {ts_s:>4.1f} s"
            )
            for ok, log in ((python_ok, python_log), (ts_ok, ts_log)):
                if not ok:
                    print(log)
        broken = json.loads(json.dumps(models["example"]))
        first = next(iter(broken["views"][0]["properties"]))
        broken["views"][0]["properties"][first]["container"] = {"type": "container", "space": "x"}
        job = wait_for_job(
            client, client.post("/generate", json={"model": broken}).json()["job_id"]
        )
        codes = sorted({issue["code"] for issue in job["errors"]})
        print(f"a model with errors: {job['status']} ({job['reason']}; issues {', '.join(codes)})")
        client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-max-jobs", type=int, default=20)
    parser.add_argument(
        "--compare-recycle", action="store_true", help="the rounds with --worker-max-jobs 0, too"
    )
    parser.add_argument("--celery-sync", action="store_true", help="only the Celery sync tick")
    parser.add_argument("--e2e", action="store_true", help="also the end-to-end checks")
    args = parser.parse_args()
    if args.celery_sync:
        celery_sync()
        return
    if args.compare_recycle:
        load(args, 0)
    load(args, args.worker_max_jobs)
    if args.e2e:
        e2e(args)


if __name__ == "__main__":
    main()

"""The generation service under load, and end to end.

Load: ``pygen serve`` (embedded queue, ``--workers`` processes) gets ``--jobs`` jobs of a
synthetic 50-view model submitted at once from 20 threads (each job a different package name,
so none is answered from the cache), round after round. Reported per round: jobs completed
(none may be lost), jobs per minute (first submit to last finish), p50 / p95 seconds from
submit to done (the server's own timestamps), the median time a job ran in its worker
(``run s``: generation and archive, without the wait), and the web process's memory (VmRSS after the
round, VmHWM the peak so far): it must stay flat as jobs accumulate, since generation runs in
the worker processes.

End to end (``--e2e``): the example model and a 50-view model in both languages through the
service (submit, poll, download the zip, unpack), then ``mypy --strict`` on the Python SDK and
``tsc --noEmit`` on the TypeScript SDK; and a model with errors, which must end ``failed``
with its issues.

    .venv/bin/python benchmarks/bench_service_load.py [--jobs 100] [--rounds 2] [--workers 2] [--e2e]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
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
        "load": os.getloadavg()[0],
    }


def load(args: argparse.Namespace) -> None:
    model = synthesize_document(50, base_views=10)
    with tempfile.TemporaryDirectory() as folder:
        limits = ("--max-jobs-per-token", "1000", "--max-queue", "1000")
        with ServiceProcess(
            Path(folder) / "data", "--workers", str(args.workers), *limits
        ) as service:
            assert service.process is not None
            rss, _ = memory_mb(service.process.pid)
            print(
                f"web process after start: {rss:.1f} MB; {args.jobs} jobs of a 50-view model "
                f"(Python SDK) per round, {args.workers} worker processes"
            )
            print(
                f"{'round':>5} {'done':>5} {'jobs/min':>9} {'p50 s':>7} {'p95 s':>7} {'run s':>6} "
                f"{'web RSS MB':>11} {'web peak MB':>12} {'host load':>10}"
            )
            for number in range(1, args.rounds + 1):
                row = load_round(service, model, args.jobs, str(number))
                print(
                    f"{number:>5} {row['completed']:>5} {row['jobs_per_min']:>9.1f} "
                    f"{row['p50']:>7.2f} {row['p95']:>7.2f} {row['run']:>6.2f} {row['rss']:>11.1f} {row['peak']:>12.1f} "
                    f"{row['load']:>10.1f}"
                )


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
    parser.add_argument("--e2e", action="store_true", help="also the end-to-end checks")
    args = parser.parse_args()
    load(args)
    if args.e2e:
        e2e(args)


if __name__ == "__main__":
    main()

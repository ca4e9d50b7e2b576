"""The service's endpoints against a real ``pygen serve`` (embedded workers)."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import httpx

from pygen.emulator import LocalCDF
from pygen.testing.service import ServiceProcess, pygen_command, wait_for_job

from .conftest import CDF_TOKEN, EXAMPLE, OTHER_TOKEN, all_bytes, unzip


def submit(client: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    answer = client.post("/generate", json=body)
    assert answer.status_code == 202, answer.text
    job: dict[str, Any] = answer.json()
    assert job["status"] == "queued"
    return job


def test_example_in_both_languages_completes_and_the_zip_imports(
    client: httpx.Client, example_model: dict[str, Any], tmp_path: Path
) -> None:
    job = submit(client, {"model": example_model, "language": ["python", "typescript"]})
    done = wait_for_job(client, job["job_id"])
    assert done["status"] == "completed", done
    assert done["download_url"].endswith(f"/generate/{job['job_id']}/download")
    assert {issue["code"] for issue in done["warnings"]} == {"PYG013"}
    assert done["timings"]["total"] > 0
    download = client.get(done["download_url"])
    assert download.headers["content-type"] == "application/zip"
    files = unzip(download.content)
    assert "python/example_model/__init__.py" in files
    assert any(name.startswith("typescript/") and name.endswith(".ts") for name in files)
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    run = subprocess.run(
        [sys.executable, "-c", "import example_model.client"],
        cwd=tmp_path / "python",
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr


def test_tarball_and_code_hold_the_same_files(
    client: httpx.Client, example_model: dict[str, Any]
) -> None:
    bodies = {
        fmt: {"model": example_model, "output_format": fmt, "options": {"package_name": "fmt_test"}}
        for fmt in ("zip", "tarball", "code")
    }
    results = {}
    for fmt, body in bodies.items():
        done = wait_for_job(client, submit(client, body)["job_id"])
        results[fmt] = client.get(done["download_url"]).content
    zipped = unzip(results["zip"])
    with tarfile.open(fileobj=io.BytesIO(results["tarball"]), mode="r:gz") as archive:
        members = archive.getmembers()
        assert all(member.isreg() and not member.name.startswith(("/", "..")) for member in members)
        tarred = {m.name: archive.extractfile(m).read().decode() for m in members}  # type: ignore[union-attr]
    assert tarred == zipped
    assert json.loads(results["code"])["files"] == zipped
    assert "fmt_test/__init__.py" in zipped


def test_a_repeat_answers_the_finished_job_for_the_same_token_only(
    service: ServiceProcess, client: httpx.Client, example_model: dict[str, Any]
) -> None:
    body = {"model": example_model, "options": {"client_name": "RepeatClient"}}
    first = wait_for_job(client, submit(client, body)["job_id"])
    again = client.post("/generate", json=body)
    assert again.status_code == 200
    assert again.json()["job_id"] == first["job_id"] and again.json()["cached"] is True
    # another token never gets this job (the cache is per caller), nor sees it
    with service.client(OTHER_TOKEN) as stranger:
        assert stranger.get(f"/generate/{first['job_id']}").status_code == 404
        assert stranger.get(f"/generate/{first['job_id']}/download").status_code == 404
        theirs = stranger.post("/generate", json=body)
        assert theirs.status_code == 202 and theirs.json()["job_id"] != first["job_id"]
        assert wait_for_job(stranger, theirs.json()["job_id"])["status"] == "completed"
    assert client.get(f"/generate/{'0' * 32}").status_code == 404


def test_a_model_with_errors_fails_with_its_issues(
    client: httpx.Client, example_model: dict[str, Any]
) -> None:
    broken = json.loads(json.dumps(example_model))
    view = broken["views"][0]
    first = next(iter(view["properties"]))
    view["properties"][first]["container"] = {"type": "container", "space": "nowhere"}
    done = wait_for_job(client, submit(client, {"model": broken})["job_id"])
    assert done["status"] == "failed"
    assert done["reason"] == "the model has errors; nothing was generated"
    assert done["errors"] and all(issue["severity"] == "error" for issue in done["errors"])
    assert all({"code", "location", "message"} <= set(issue) for issue in done["errors"])
    assert client.get(f"/generate/{done['job_id']}/download").status_code == 409


def test_validate_answers_what_pygen_validate_prints(
    client: httpx.Client, example_model: dict[str, Any]
) -> None:
    answer = client.post("/validate", json={"model": example_model, "language": "all"})
    assert answer.status_code == 200
    cli = subprocess.run(
        [*pygen_command(), "validate", "-f", str(EXAMPLE), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert answer.json() == json.loads(cli.stdout)


def test_by_reference_reads_the_model_at_submit_and_never_stores_the_credentials(
    service: ServiceProcess, client: httpx.Client, local_cdf: LocalCDF
) -> None:
    reference = {
        "space": "pygen_example",
        "external_id": "ExampleModel",
        "version": "1",
        "cdf_url": local_cdf.base_url,
        "project": local_cdf.project,
        "cdf_credentials": {"token": CDF_TOKEN},
        "output_format": "code",
    }
    done = wait_for_job(client, submit(client, reference)["job_id"])
    assert done["status"] == "completed", done
    by_reference = {key: value for key, value in reference.items() if key != "output_format"}
    checked = client.post("/validate", json=by_reference)
    assert checked.status_code == 200 and checked.json()["valid"] is True
    wrong = client.post("/generate", json={**reference, "cdf_credentials": {"token": "x" * 20}})
    assert wrong.status_code == 400 and "cdf_credentials" in wrong.json()["error"]
    for url in ("http://169.254.169.254", "http://127.0.0.1:1", "file:///etc/passwd"):
        refused = client.post("/generate", json={**reference, "cdf_url": url})
        assert refused.status_code in (403, 422) and "cdf_url" in refused.json()["error"]
    secret = CDF_TOKEN.encode()
    assert secret not in all_bytes(service.data_dir)  # job store (and its WAL) and artifacts
    assert secret not in service.log().encode()
    assert "x" * 20 not in wrong.text


def test_every_endpoint_but_health_wants_a_token(service: ServiceProcess) -> None:
    anonymous = httpx.Client(base_url=service.base_url)
    for method, url in (
        ("POST", "/generate"),
        ("POST", "/validate"),
        ("GET", f"/generate/{'a' * 32}"),
        ("GET", "/version"),
        ("GET", "/openapi.json"),
        ("GET", f"/generate/{'a' * 32}/download"),
    ):
        for headers in (
            {},
            {"Authorization": "Bearer wrong-token-wrong-token"},
            {"Authorization": f"Basic {service.token}"},
        ):
            answer = anonymous.request(method, url, headers=headers)
            assert answer.status_code == 401, (method, url, headers)
            assert "bearer token" in answer.json()["error"]
    assert anonymous.get("/health").json()["status"] == "ok"


def test_malformed_requests_get_a_4xx_naming_the_field(
    client: httpx.Client, example_model: dict[str, Any]
) -> None:
    cases = [
        (b"{not json", {}, 400, "Invalid JSON"),
        (b"[1, 2]", {}, 400, "JSON object"),
        (
            json.dumps({"model": example_model, "output_format": "rar"}).encode(),
            {},
            422,
            "output_format",
        ),
        (json.dumps({"model": example_model, "space": "s"}).encode(), {}, 422, "not both"),
        (json.dumps({"space": "s", "external_id": "m"}).encode(), {}, 422, "cdf_url"),
        (
            json.dumps({"model": example_model, "options": {"colour": 1}}).encode(),
            {},
            422,
            "options.colour",
        ),
        (json.dumps({"model": example_model, "language": "cobol"}).encode(), {}, 422, "language"),
        (
            json.dumps({"model": example_model, "options": {"package_name": "my-sdk"}}).encode(),
            {},
            422,
            "options.package_name",
        ),
        (json.dumps({"model": "text"}).encode(), {}, 422, "model"),
        (b"{}", {"Content-Type": "text/plain"}, 415, "JSON"),
        (b"\x1f\x8b broken", {"Content-Encoding": "gzip"}, 400, "gzip"),
    ]
    for (body, headers, status, words), path in itertools.product(
        cases, ("/generate", "/validate")
    ):
        if b'"output_format"' in body and path == "/validate":
            continue  # /validate has no output format
        answer = client.post(
            path, content=body, headers={"Content-Type": "application/json", **headers}
        )
        assert answer.status_code == status, (path, body[:40], answer.text)
        assert words in answer.json()["error"], answer.text
        assert "Traceback" not in answer.text
    assert client.get("/nowhere").status_code == 404
    assert client.delete("/generate").status_code == 405


def test_limits_on_body_size_gzip_and_views(
    client: httpx.Client, example_model: dict[str, Any]
) -> None:
    big = {
        "model": example_model,
        "options": {"package_name": "x" * 10},
        "padding": "y" * 2_000_000,
    }
    answer = client.post("/generate", content=json.dumps(big))
    assert answer.status_code == 413
    bomb = gzip.compress(b'{"model": {"views": [' + b" " * 50_000_000 + b"]}}")
    assert len(bomb) < 100_000
    answer = client.post(
        "/generate",
        content=bomb,
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert answer.status_code == 413 and "after gunzip" in answer.json()["error"]
    many = {
        **example_model,
        "views": [dict(example_model["views"][0], externalId=f"V{i}") for i in range(101)],
    }
    answer = client.post("/generate", json={"model": many})
    assert answer.status_code == 413 and "model.views" in answer.json()["error"]


def test_openapi_is_built_from_the_request_and_response_models(client: httpx.Client) -> None:
    from pygen.service.schemas import GenerateRequest, JobResponse

    document = client.get("/openapi.json").json()
    assert set(document["paths"]) == {
        "/generate",
        "/generate/{job_id}",
        "/generate/{job_id}/download",
        "/validate",
        "/health",
        "/version",
        "/openapi.json",
    }
    schemas = document["components"]["schemas"]
    assert set(schemas["GenerateRequest"]["properties"]) == set(GenerateRequest.model_fields)
    assert set(schemas["JobResponse"]["properties"]) == set(JobResponse.model_fields)
    post = document["paths"]["/generate"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/GenerateRequest"
    }
    assert document["paths"]["/health"]["get"]["security"] == []
    version = client.get("/version").json()
    assert version["supported_languages"] == ["python", "typescript"]

"""LocalCDF over real HTTP: start/stop, tokens, model files, persistence, concurrent writers, CLI."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer
from typer.testing import CliRunner

from pygen.cli.commands.emulator import emulator as emulator_command
from pygen.emulator import (
    InProcessTransport,
    LoadError,
    LocalCDF,
    ServeError,
    Store,
    load_model_file,
)
from pygen_runtime.client.models import InstanceSource, NodeApply, ViewReference
from pygen_runtime.errors import APIError, ParseError

from .conftest import MODELS, PROJECT

PUMP = ViewReference(
    space="IntegrationTestsImmutable", external_id="Pump", version="ed1171a2f52bc5"
)


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def pump(external_id: str, name: str, version: int | None = None) -> NodeApply:
    return NodeApply(
        space="IntegrationTestsImmutable",
        external_id=external_id,
        existing_version=version,
        sources=[InstanceSource(source=PUMP, properties={"name": name})],
    )


def test_local_cdf_serves_over_http_with_a_generated_token() -> None:
    with LocalCDF(load=[MODELS / "Pumps.yaml"], project=PROJECT) as cdf:
        assert cdf.base_url.startswith("http://127.0.0.1:") and cdf.port > 0
        assert cdf.project == PROJECT and len(cdf.token) >= 20
        url = f"{cdf.base_url}/api/v1/projects/{PROJECT}/models/views"
        assert httpx.get(url).status_code == 401
        assert httpx.get(url, headers={"Authorization": "Bearer nope"}).status_code == 401
        views = httpx.get(url, headers={"Authorization": f"Bearer {cdf.token}"}).json()["items"]
        assert sorted(view["externalId"] for view in views) == ["Pump", "Pumps"]
        with cdf.client() as client:
            assert [model.external_id for model in client.data_models.list()] == ["Pumps"]
    assert cdf.store is None
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=1)


def test_model_file_problems_are_reported(tmp_path: Path) -> None:
    with pytest.raises(ParseError):
        LocalCDF(load=[tmp_path / "missing.yaml"]).start()
    broken = tmp_path / "broken.yaml"
    text = (
        (MODELS / "Pumps.yaml")
        .read_text()
        .replace("externalId: Pumps.contains", "externalId: Pumps.contains", 1)
    )
    broken.write_text(text.replace("space: IntegrationTestsImmutable", "space: system", 1))
    with pytest.raises(LoadError, match="reserved space"):
        LocalCDF(load=[broken]).start()


def test_data_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "emulator.sqlite"
    with LocalCDF(db=db, load=[MODELS / "Pumps.yaml"]) as cdf, cdf.client() as client:
        first = client.instances.apply([pump("p1", "one"), pump("p2", "two")])
        client.instances.apply([pump("p1", "one, renamed")])
    with LocalCDF(db=db, load=[MODELS / "Pumps.yaml"]) as cdf, cdf.client() as client:
        nodes = {n.external_id: n for n in client.instances.list(sources=[PUMP])}
        assert set(nodes) == {"p1", "p2"}
        assert (
            nodes["p1"].version == 2
            and nodes["p1"].properties["IntegrationTestsImmutable"]["Pump/ed1171a2f52bc5"]["name"]
            == "one, renamed"
        )
        assert nodes["p2"].created_time == first[1].created_time
        (again,) = client.instances.apply([pump("p2", "two, later")])
        assert again.last_updated_time > first[1].last_updated_time  # the write clock continues
        assert len(list(client.views.list())) == 2  # loading the model again changed nothing


def test_concurrent_writers_lose_no_writes() -> None:
    threads, per_thread = 4, 10
    errors: list[BaseException] = []
    with LocalCDF(load=[MODELS / "Pumps.yaml"]) as cdf:
        with cdf.client() as client:
            client.instances.apply([pump("counter", "0")])

        def work(number: int) -> None:
            try:
                with cdf.client(max_retries=0) as client:
                    client.instances.apply(
                        [pump(f"t{number}-{i}", str(i)) for i in range(per_thread)]
                    )
                    for _ in range(per_thread):
                        while True:  # read-modify-write with optimistic concurrency
                            current = client.instances.retrieve(
                                ("IntegrationTestsImmutable", "counter"), sources=[PUMP]
                            )
                            value = int(
                                current.properties["IntegrationTestsImmutable"][
                                    "Pump/ed1171a2f52bc5"
                                ]["name"]
                            )
                            try:
                                client.instances.apply(
                                    [pump("counter", str(value + 1), version=current.version)]
                                )
                                break
                            except APIError as exc:
                                assert exc.status_code == 409 and exc.duplicated
            except BaseException as exc:
                errors.append(exc)

        workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert errors == []
        with cdf.client() as client:
            counter = client.instances.retrieve(
                ("IntegrationTestsImmutable", "counter"), sources=[PUMP]
            )
            assert counter.properties["IntegrationTestsImmutable"]["Pump/ed1171a2f52bc5"][
                "name"
            ] == str(threads * per_thread)
            assert counter.version == 1 + threads * per_thread
            assert len(list(client.instances.list(sources=[PUMP]))) == 1 + threads * per_thread


def test_cli_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pygen.emulator import server

    served: dict[str, Any] = {}

    def fake_serve(app: Any, sock: socket.socket, **options: Any) -> None:
        served["address"] = sock.getsockname()  # serve one request in-process, then "exit"
        with httpx.Client(transport=InProcessTransport(app), base_url="http://x") as http:
            served["views"] = http.get(
                "/api/v1/projects/demo/models/views", headers={"Authorization": "Bearer secret"}
            )

    monkeypatch.setattr(server, "serve", fake_serve)
    port = free_port()
    app = typer.Typer()
    app.command("emulator")(emulator_command)
    app.command("other")(lambda: None)
    db = tmp_path / "cli.sqlite"
    result = CliRunner().invoke(
        app,
        [
            "emulator",
            "--port",
            str(port),
            "--db",
            str(db),
            "--project",
            "demo",
            "--token",
            "secret",
            "--load",
            str(MODELS / "Pumps.yaml"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        f"http://127.0.0.1:{port}/api/v1/projects/demo" in result.output
        and str(db) in result.output
    )
    assert served["address"] == ("127.0.0.1", port)
    assert served["views"].status_code == 200 and len(served["views"].json()["items"]) == 2
    failed = CliRunner().invoke(
        app, ["emulator", "--db", str(db), "--load", str(tmp_path / "nope.yaml")]
    )
    assert failed.exit_code == 2 and "no such file" in failed.output


def test_a_model_file_that_fails_to_deploy_leaves_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    missing = "implements: [{space: IntegrationTestsImmutable, externalId: Missing, version: '1', type: view}]"
    broken.write_text((MODELS / "Pumps.yaml").read_text().replace("implements: []", missing, 1))
    store = Store(tmp_path / "db.sqlite")
    with pytest.raises(LoadError, match="view IntegrationTestsImmutable:Missing"):
        load_model_file(store, broken)
    with store.read() as conn:
        counts = [
            conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("spaces", "containers", "views")
        ]
    assert counts == [0, 0, 0]
    load_model_file(store, MODELS / "Pumps.yaml")
    store.close()


def test_a_port_in_use_is_exit_2_before_any_serving_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        pygen = Path(sys.executable).with_name("pygen")
        done = subprocess.run(
            [str(pygen), "emulator", "--port", str(port), "--db", str(tmp_path / "db.sqlite"),
             "--load", str(MODELS / "Pumps.yaml")],
            capture_output=True, text=True, timeout=60, env={**os.environ, "NO_COLOR": "1"},
        )  # fmt: skip
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr.strip().splitlines() == [
        f"error: port {port} on 127.0.0.1 is already in use; stop the program using it or "
        "choose another port with --port (0 picks a free one)"
    ]
    assert done.stdout == ""  # no "serving" line, and no model was loaded first


def test_local_cdf_on_a_port_in_use_raises_at_once() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        cdf = LocalCDF(port=port)
        with pytest.raises(ServeError, match=f"port {port} on 127.0.0.1 is already in use"):
            cdf.start()
        assert time.monotonic() - started < 5 and cdf.store is None
    with pytest.raises(ServeError, match=r"cannot listen on 127\.0\.0\.1:70000: a port is 0-65535"):
        LocalCDF(port=70_000).start()


def fake_serve(served: dict[str, Any]) -> Any:
    """A stand-in for ``server.serve`` that sends two requests in-process, then returns."""

    def serve(app: Any, sock: socket.socket, **options: Any) -> None:
        with httpx.Client(transport=InProcessTransport(app), base_url="http://x") as http:
            url = "/api/v1/projects/playground/models/spaces"
            for token in ("from-env", "other"):
                served[token] = http.get(url, headers={"Authorization": f"Bearer {token}"})

    return serve


def test_the_token_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pygen.emulator import server

    served: dict[str, Any] = {}
    monkeypatch.setattr(server, "serve", fake_serve(served))
    app = typer.Typer()
    app.command("emulator")(emulator_command)
    app.command("other")(lambda: None)
    runner = CliRunner()
    options = ["emulator", "--port", "0", "--db", ":memory:"]
    result = runner.invoke(app, options, env={"PYGEN_EMULATOR_TOKEN": "from-env"})
    assert result.exit_code == 0, result.output
    assert served["from-env"].status_code == 200 and served["other"].status_code == 401
    assert "token required" in result.output and "warning" not in result.output
    assert "from-env" not in result.output  # the token itself is never printed
    served.clear()
    result = runner.invoke(app, [*options, "--token", "from-env"], env={"PYGEN_EMULATOR_TOKEN": ""})
    assert result.exit_code == 0, result.output
    assert served["from-env"].status_code == 200 and served["other"].status_code == 401
    assert "warning: a token given with --token is visible to other users" in result.output
    assert "PYGEN_EMULATOR_TOKEN" in result.output
    served.clear()
    result = runner.invoke(app, options, env={"PYGEN_EMULATOR_TOKEN": ""})
    assert "any bearer token accepted" in result.output
    assert served["other"].status_code == 200  # no token configured: any bearer token


def test_the_cli_serves_until_ctrl_c(tmp_path: Path) -> None:
    pygen = Path(sys.executable).with_name("pygen")
    env = {**os.environ, "NO_COLOR": "1", "PYGEN_EMULATOR_TOKEN": "env-secret"}
    command = [str(pygen), "emulator", "--port", "0", "--db", str(tmp_path / "db.sqlite")]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("pygen emulator serving http://127.0.0.1:"), line
        base = line.split()[3]
        assert httpx.get(f"{base}/models/spaces", headers={"Authorization": "Bearer env-secret"}).status_code == 200  # fmt: skip
        assert httpx.get(f"{base}/models/spaces", headers={"Authorization": "Bearer x"}).status_code == 401  # fmt: skip
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0 and "Traceback" not in errors and "env-secret" not in errors

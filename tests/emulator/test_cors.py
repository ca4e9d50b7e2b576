"""CORS over real HTTP: off by default; preflight and responses for allowed origins only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer
from typer.testing import CliRunner

from pygen.cli.commands.emulator import emulator as emulator_command
from pygen.emulator import CorsError, InProcessTransport, LocalCDF
from pygen.emulator.cors import CorsPolicy

from .conftest import MODELS, PROJECT

APP = "http://localhost:5173"
OTHER = "https://evil.example"


def preflight(cdf: LocalCDF, origin: str) -> httpx.Response:
    """What a browser sends before a cross-origin POST with the SDK's headers."""
    return httpx.options(
        f"{cdf.base_url}/api/v1/projects/{PROJECT}/models/views/byids",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,cdf-version,content-type",
        },
    )


def cors_headers(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k.startswith("access-control-")}


@pytest.fixture(scope="module")
def cdf() -> Iterator[LocalCDF]:
    with LocalCDF(
        load=[MODELS / "Pumps.yaml"], project=PROJECT, cors_origins=[APP, "http://127.0.0.1:8080"]
    ) as server:
        yield server


def test_a_preflight_from_an_allowed_origin_is_answered_without_a_token(cdf: LocalCDF) -> None:
    response = preflight(cdf, APP)
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == APP
    methods = response.headers["access-control-allow-methods"].split(", ")
    assert {"GET", "POST", "OPTIONS"} <= set(methods)
    allowed = response.headers["access-control-allow-headers"].split(", ")
    assert {"authorization", "content-type", "cdf-version", "x-cdp-sdk"} <= set(allowed)
    assert int(response.headers["access-control-max-age"]) > 0
    assert "Origin" in response.headers["vary"]


def test_responses_to_an_allowed_origin_expose_the_request_id(cdf: LocalCDF) -> None:
    url = f"{cdf.base_url}/api/v1/projects/{PROJECT}/models/views"
    ok = httpx.get(url, headers={"Origin": APP, "Authorization": f"Bearer {cdf.token}"})
    assert ok.status_code == 200 and len(ok.json()["items"]) == 2
    assert ok.headers["access-control-allow-origin"] == APP
    exposed = ok.headers["access-control-expose-headers"].split(", ")
    assert "x-request-id" in exposed and ok.headers["x-request-id"]
    # an error answer is readable by the browser app too
    refused = httpx.get(url, headers={"Origin": APP, "Authorization": "Bearer wrong"})
    assert refused.status_code == 401
    assert refused.headers["access-control-allow-origin"] == APP


def test_an_origin_not_allowed_gets_no_cors_headers(cdf: LocalCDF) -> None:
    assert cors_headers(preflight(cdf, OTHER)) == {}
    assert cors_headers(preflight(cdf, "http://localhost:5174")) == {}  # another port
    url = f"{cdf.base_url}/api/v1/projects/{PROJECT}/models/views"
    response = httpx.get(url, headers={"Origin": OTHER, "Authorization": f"Bearer {cdf.token}"})
    assert response.status_code == 200 and cors_headers(response) == {}
    # without an Origin (not a browser) nothing changes
    plain = httpx.get(url, headers={"Authorization": f"Bearer {cdf.token}"})
    assert plain.status_code == 200 and cors_headers(plain) == {}


def test_cors_is_off_by_default() -> None:
    with LocalCDF(load=[MODELS / "Pumps.yaml"], project=PROJECT) as plain:
        answer = preflight(plain, APP)
        assert answer.status_code == 405 and cors_headers(answer) == {}


def test_any_origin_with_a_star() -> None:
    with LocalCDF(project=PROJECT, cors_origins=["*"]) as anything:
        answer = preflight(anything, OTHER)
        assert answer.status_code == 204
        assert answer.headers["access-control-allow-origin"] == OTHER


@pytest.mark.parametrize(
    ("given", "origin"),
    [
        ("http://localhost:5173", "http://localhost:5173"),
        ("HTTP://LocalHost:5173/", "http://localhost:5173"),
        ("https://app.example.com", "https://app.example.com"),
        ("http://[::1]:3000", "http://[::1]:3000"),
        ("*", "*"),
    ],
)
def test_origins_are_read_as_browsers_send_them(given: str, origin: str) -> None:
    assert CorsPolicy.of([given]).origins == {origin}


@pytest.mark.parametrize(
    "bad", ["localhost:5173", "http://localhost:5173/app", "ftp://x", "http://", "http://h:99999"]
)
def test_a_value_that_is_not_an_origin_is_a_clear_error(bad: str) -> None:
    with pytest.raises(CorsError, match=r"is not an origin; give scheme://host\[:port\]"):
        CorsPolicy.of([bad])
    with pytest.raises(CorsError):
        LocalCDF(cors_origins=[bad]).start()


def test_the_cli_option(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pygen.emulator import server

    served: dict[str, Any] = {}

    def fake_serve(app: Any, sock: Any, **options: Any) -> None:
        with httpx.Client(transport=InProcessTransport(app), base_url="http://x") as http:
            served["preflight"] = http.options(
                "/api/v1/projects/playground/models/views",
                headers={"Origin": APP, "Access-Control-Request-Method": "GET"},
            )

    monkeypatch.setattr(server, "serve", fake_serve)
    app = typer.Typer()
    app.command("emulator")(emulator_command)
    app.command("other")(lambda: None)
    db = str(tmp_path / "cors.sqlite")
    args = ["emulator", "--port", "0", "--db", db, "--cors-origin", APP, "--cors-origin", OTHER]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"CORS for {APP}, {OTHER}" in result.output
    assert served["preflight"].status_code == 204
    assert served["preflight"].headers["access-control-allow-origin"] == APP

    failed = CliRunner().invoke(app, ["emulator", "--db", db, "--cors-origin", "localhost:5173"])
    assert failed.exit_code == 2
    assert "error: --cors-origin 'localhost:5173' is not an origin" in failed.output
    assert "Traceback" not in failed.output

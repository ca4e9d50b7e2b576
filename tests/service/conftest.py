"""Fixtures of the service tests: the example model, an emulator to read models from by
reference, and ``pygen serve`` as a real process."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from pygen.emulator import LocalCDF
from pygen.testing.service import ServiceProcess

EXAMPLE = Path(__file__).parents[2] / "pygen" / "examples" / "example_model.yaml"
CDF_TOKEN = "cdf-secret-token-that-must-never-leak-0123456789"
SERVICE_TOKEN = "first-service-token-0123456789"
OTHER_TOKEN = "second-service-token-0123456789"


@pytest.fixture(scope="session")
def example_model() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())
    return document


@pytest.fixture(scope="module")
def local_cdf() -> Iterator[LocalCDF]:
    with LocalCDF(load=[EXAMPLE], token=CDF_TOKEN) as cdf:
        yield cdf


@pytest.fixture(scope="module")
def service(
    tmp_path_factory: pytest.TempPathFactory, local_cdf: LocalCDF
) -> Iterator[ServiceProcess]:
    folder = tmp_path_factory.mktemp("service")
    args = ("--workers", "2", "--max-body-mb", "1", "--max-views", "100")
    tokens = {"PYGEN_SERVICE_TOKENS": f"{SERVICE_TOKEN},{OTHER_TOKEN}"}
    running = ServiceProcess(
        folder / "data",
        *args,
        "--allow-cdf-url",
        local_cdf.base_url,
        token=SERVICE_TOKEN,
        env=tokens,
    )
    with running:
        yield running


@pytest.fixture
def client(service: ServiceProcess) -> Iterator[httpx.Client]:
    with service.client() as http:
        yield http


def unzip(data: bytes) -> dict[str, str]:
    """The text of every entry of a zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def all_bytes(folder: Path) -> bytes:
    """Every file below ``folder``, concatenated (to grep for secrets)."""
    return b"".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())

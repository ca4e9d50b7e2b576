"""A canary token, read through a credentials-file reference, used against the emulator: it
never appears in logs, errors, reprs or generated files."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pygen.api import generate
from pygen.config import GeneratorConfig
from pygen.credentials import credentials_from_references
from pygen.emulator import LocalCDF
from pygen.model_sources import retrieve_model
from pygen_runtime.client import PygenClient
from pygen_runtime.errors import PygenError

CANARY = "canary-token-7fQ2-never-print-me"
EXAMPLE = Path(__file__).parents[3] / "pygen" / "examples" / "example_model.yaml"


def test_a_canary_token_shows_nowhere(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    token_file = tmp_path / "cdf-token"
    token_file.write_text(CANARY)
    token_file.chmod(0o600)
    shown: list[str] = []
    with caplog.at_level(logging.DEBUG), LocalCDF(load=[EXAMPLE], token=CANARY) as cdf:
        auth = credentials_from_references({"token": f"file:{token_file}"})
        with PygenClient(base_url=cdf.base_url, project=cdf.project, credentials=auth) as client:
            shown += [repr(auth), repr(client), str(auth)]
            data_model = retrieve_model(client, "pygen_example", "ExampleModel")
            result = generate(data_model, tmp_path / "sdk", GeneratorConfig())
        wrong = PygenClient(base_url=cdf.base_url, project="other", credentials=auth)
        with wrong, pytest.raises(PygenError) as caught:
            retrieve_model(wrong, "pygen_example", "ExampleModel")
        shown.append(str(caught.value))

    assert result.files
    generated = [path.read_text() for path in (tmp_path / "sdk").rglob("*") if path.is_file()]
    for text in [*shown, *generated, caplog.text]:
        assert CANARY not in text


def test_the_cli_reads_from_cdf_with_config_credential_references(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pygen.cli.options import retrieve_from_cdf
    from pygen.config import ClientSettings
    from pygen_runtime.errors import ConfigError

    for name in ("CDF_TOKEN", "CDF_BASE_URL", "CDF_CLUSTER", "CDF_PROJECT"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "token").write_text(CANARY)
    (tmp_path / "token").chmod(0o600)
    with LocalCDF(load=[EXAMPLE], token=CANARY) as cdf:
        from_file = retrieve_from_cdf(
            "pygen_example", "ExampleModel", None,
            ClientSettings(base_url=cdf.base_url, project=cdf.project,
                           credentials={"token": "file:token"}),
            config_dir=tmp_path,
        )  # fmt: skip
        monkeypatch.setenv("MY_TOKEN", CANARY)
        from_env = retrieve_from_cdf(
            "pygen_example", "ExampleModel", "1",
            ClientSettings(base_url=cdf.base_url, project=cdf.project,
                           credentials={"token": "env:MY_TOKEN"}),
        )  # fmt: skip
    with pytest.raises(ConfigError, match="needs base_url and project"):
        retrieve_from_cdf(
            "pygen_example", "ExampleModel", None,
            ClientSettings(credentials={"token": "env:MY_TOKEN"}),
        )  # fmt: skip

    assert from_file.as_id() == from_env.as_id()

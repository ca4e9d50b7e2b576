"""Credential references: env, credentials files, AWS Secrets Manager (moto's server), Azure
Key Vault (a fake transport); values never show."""

from __future__ import annotations

import contextlib
import json
import logging
import pickle
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pygen.credentials import (
    Secret,
    SecretSources,
    credentials_from_references,
    parse_reference,
    resolve,
)
from pygen_runtime.client.auth import ClientCredentials, TokenAuth
from pygen_runtime.errors import AuthenticationError, ConfigError
from tests.unit.credentials.fakes import FakeCredential, FakeKeyVault

CANARY = "canary-Zq8v1X-do-not-leak"


def _secret_file(tmp_path: Path, text: str, mode: int = 0o600, name: str = "token") -> Path:
    path = tmp_path / name
    path.write_text(text)
    path.chmod(mode)
    return path


# -- Secret --------------------------------------------------------------------------------


def test_a_secret_shows_only_stars() -> None:
    secret = Secret(CANARY)

    shown = [repr(secret), str(secret), f"{secret}", f"{secret!r}", format(secret, ">5"), repr([secret])]

    assert all(CANARY not in text for text in shown)
    assert str(secret) == "***" and repr(secret) == "Secret('***')"
    assert secret.reveal() == CANARY
    assert secret == Secret(CANARY) and secret != Secret("other")
    with pytest.raises(TypeError):
        pickle.dumps(secret)


# -- parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "target", "key"),
    [
        ("env:CDF_TOKEN", "env", "CDF_TOKEN", None),
        ("file:~/.cdf/token", "file", "~/.cdf/token", None),
        ("file:creds.json#client_secret", "file", "creds.json", "client_secret"),
        ("aws:cdf/prod", "aws", "cdf/prod", None),
        ("aws:cdf/prod#secret", "aws", "cdf/prod", "secret"),
        ("azure:my-vault/cdf-secret", "azure", "my-vault/cdf-secret", None),
    ],
)
def test_references_parse(text: str, kind: str, target: str, key: str | None) -> None:
    ref = parse_reference(text)

    assert (ref.kind, ref.target, ref.key) == (kind, target, key)
    assert str(ref) == text


@pytest.mark.parametrize("text", [CANARY, f"vault:{CANARY}", "env:", "azure:vault", "azure:/x"])
def test_a_value_where_a_reference_belongs_is_refused_without_echoing_it(text: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_reference(text, "client.credentials.token")

    message = str(caught.value)
    assert message.startswith("client.credentials.token: ")
    assert CANARY not in message


# -- env and files -------------------------------------------------------------------------


def test_env_references_read_the_environment() -> None:
    sources = SecretSources(environ={"MY_TOKEN": f"  {CANARY}\n"})

    assert resolve("env:MY_TOKEN", sources).reveal() == CANARY
    with pytest.raises(ConfigError, match="environment variable OTHER is not set"):
        resolve("env:OTHER", sources)


def test_a_private_credentials_file_is_read(tmp_path: Path) -> None:
    _secret_file(tmp_path, CANARY + "\n")
    _secret_file(tmp_path, json.dumps({"client_secret": CANARY}), name="creds.json")
    sources = SecretSources(base_dir=tmp_path)

    assert resolve("file:token", sources).reveal() == CANARY
    assert resolve(f"file:{tmp_path / 'token'}").reveal() == CANARY
    assert resolve("file:creds.json#client_secret", sources).reveal() == CANARY
    with pytest.raises(ConfigError, match=r"has no text key 'nope' \(keys: client_secret\)"):
        resolve("file:creds.json#nope", sources)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620])
def test_a_credentials_file_others_can_read_is_refused_with_the_fix(
    tmp_path: Path, mode: int
) -> None:
    path = _secret_file(tmp_path, CANARY, mode)

    with pytest.raises(ConfigError) as caught:
        resolve(f"file:{path}", where="client.credentials.token")

    message = str(caught.value)
    assert f"chmod 600 {path}" in message and f"mode {mode:04o}" in message
    assert CANARY not in message


def test_a_missing_credentials_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read credentials file"):
        resolve(f"file:{tmp_path / 'nope'}")


# -- AWS Secrets Manager (moto's server mode) ----------------------------------------------


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def aws(moto_url: str, monkeypatch: pytest.MonkeyPatch) -> SecretSources:
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client("secretsmanager", endpoint_url=moto_url, region_name="eu-west-1")
    for name, value in {"cdf/token": CANARY, "cdf/app": json.dumps({"secret": CANARY})}.items():
        with contextlib.suppress(client.exceptions.ResourceExistsException):
            client.create_secret(Name=name, SecretString=value)
    return SecretSources(aws_endpoint_url=moto_url, aws_region="eu-west-1")


def test_aws_secrets_are_read_through_boto3(aws: SecretSources) -> None:
    assert resolve("aws:cdf/token", aws).reveal() == CANARY
    assert resolve("aws:cdf/app#secret", aws).reveal() == CANARY


def test_a_missing_aws_secret_names_it_and_the_error_code(aws: SecretSources) -> None:
    with pytest.raises(AuthenticationError) as caught:
        resolve("aws:cdf/nope", aws, "client.credentials.client_secret")

    assert str(caught.value) == (
        "client.credentials.client_secret: AWS Secrets Manager could not give aws:cdf/nope "
        "(ResourceNotFoundException)"
    )


def test_aws_without_a_region_says_which_variable(
    moto_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")

    with pytest.raises(ConfigError, match="set AWS_REGION"):
        resolve("aws:cdf/token", SecretSources(aws_endpoint_url=moto_url))


# -- Azure Key Vault (a fake transport) ----------------------------------------------------


def test_azure_secrets_are_read_through_the_key_vault_client() -> None:
    vault = FakeKeyVault({"cdf-secret": CANARY})
    credential = FakeCredential()
    sources = SecretSources(azure_credential=credential, azure_transport=vault)

    secret = resolve("azure:my-vault/cdf-secret", sources)

    assert secret.reveal() == CANARY
    assert vault.requests[-1].startswith("GET https://my-vault.vault.azure.net/secrets/cdf-secret")
    assert credential.scopes == ["https://vault.azure.net/.default"]


def test_a_missing_azure_secret_names_vault_and_secret() -> None:
    sources = SecretSources(azure_credential=FakeCredential(), azure_transport=FakeKeyVault({}))

    with pytest.raises(AuthenticationError, match="Azure Key Vault my-vault has no secret 'x'"):
        resolve("azure:my-vault/x", sources)


def test_a_refused_azure_token_is_an_authentication_error() -> None:
    sources = SecretSources(
        azure_credential=FakeCredential("wrong"), azure_transport=FakeKeyVault({"x": CANARY})
    )

    with pytest.raises(AuthenticationError, match="could not give 'x'"):
        resolve("azure:my-vault/x", sources)


# -- missing extras ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "module", "command"),
    [
        ("aws:x", "boto3", "pip install boto3"),
        ("azure:v/x", "azure.keyvault.secrets", "pip install azure-keyvault-secrets azure-identity"),
        ("azure:v/x", "azure.identity", "pip install azure-keyvault-secrets azure-identity"),
    ],
)
def test_a_missing_extra_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch, reference: str, module: str, command: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed

    with pytest.raises(ConfigError) as caught:
        resolve(reference, SecretSources(azure_transport=FakeKeyVault({})))

    message = str(caught.value)
    assert command in message and "\n" not in message
    assert "cognite-pygen" not in message


# -- credentials from the config's references ----------------------------------------------


def test_a_token_reference_gives_token_auth(tmp_path: Path) -> None:
    path = _secret_file(tmp_path, CANARY)

    auth = credentials_from_references({"token": f"file:{path}"})
    single = credentials_from_references(f"file:{path}")

    assert isinstance(auth, TokenAuth) and isinstance(single, TokenAuth)
    assert auth.authorization_header() == f"Bearer {CANARY}"
    assert CANARY not in repr(auth)


def test_client_credentials_mix_plain_ids_and_secret_references(aws: SecretSources) -> None:
    auth = credentials_from_references(
        {
            "client_id": "my-app",
            "client_secret": "aws:cdf/token",
            "token_url": "https://login.example.com/token",
            "scopes": "https://api.example.com/.default",
        },
        aws,
    )

    assert isinstance(auth, ClientCredentials)
    assert CANARY in auth.secret_values()
    assert CANARY not in repr(auth)


@pytest.mark.parametrize(
    ("references", "message"),
    [
        ({"token": CANARY}, "client.credentials.token: expected a reference"),
        ({"client_secret": CANARY}, "client.credentials.client_secret: expected a reference"),
        ({"password": "env:X"}, "unknown field(s) password"),
        ({"client_id": "app"}, "missing: client_secret, token_url, scopes"),
    ],
)
def test_bad_credential_settings_are_clear_and_never_echo_a_secret(
    references: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        credentials_from_references(references)

    assert message in str(caught.value)
    assert CANARY not in str(caught.value)


def test_resolution_logs_names_never_values(
    tmp_path: Path, aws: SecretSources, caplog: pytest.LogCaptureFixture
) -> None:
    path = _secret_file(tmp_path, CANARY)
    with caplog.at_level(logging.DEBUG):
        resolve(f"file:{path}")
        resolve("aws:cdf/token", aws)
        resolve("env:T", SecretSources(environ={"T": CANARY}))

    assert "resolved credential from aws:cdf/token" in caplog.text
    assert CANARY not in caplog.text

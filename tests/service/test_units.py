"""The service's pieces on their own: tokens, the allow-list, archive entries, the store's
guards, and the commands' errors."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from typer.testing import CliRunner

from pygen.cli.app import app
from pygen.service.artifacts import archive_bytes, checked_entry
from pygen.service.auth import caller_of, load_tokens, match_token
from pygen.service.errors import ServiceError
from pygen.service.sources import check_cdf_url, origin_of
from pygen.service.store import JobStore
from pygen_runtime.errors import ConfigError, EmitError

TOKEN = "a-long-enough-token-0123"


def test_tokens_come_from_the_environment_or_a_file(tmp_path: Path) -> None:
    file = tmp_path / "tokens"
    file.write_text("# service tokens\nfrom-the-file-0123456789\n\n")
    env = {"PYGEN_SERVICE_TOKENS": f"{TOKEN}, second-token-0123456789"}
    assert load_tokens(file, env) == (TOKEN, "second-token-0123456789", "from-the-file-0123456789")
    with pytest.raises(ConfigError, match="PYGEN_SERVICE_TOKENS"):
        load_tokens(None, {})
    with pytest.raises(ConfigError, match="shorter than 16"):
        load_tokens(None, {"PYGEN_SERVICE_TOKENS": "short"})
    with pytest.raises(ConfigError, match="--token-file"):
        load_tokens(tmp_path / "missing", env)


def test_a_token_matches_only_as_a_bearer_token() -> None:
    tokens = (TOKEN, "other-token-0123456789")
    assert match_token(f"Bearer {TOKEN}", tokens) == TOKEN
    assert match_token(f"bearer  {TOKEN} ", tokens) == TOKEN
    for header in (
        None,
        "",
        TOKEN,
        f"Basic {TOKEN}",
        f"Bearer {TOKEN}x",
        "Bearer ",
        f"Bearer {TOKEN[:-1]}",
    ):
        assert match_token(header, tokens) is None, header
    assert caller_of(TOKEN) != caller_of(tokens[1]) and TOKEN not in caller_of(TOKEN)


def test_cdf_urls_must_be_on_the_allow_list() -> None:
    allowed = ("https://westeurope-1.cognitedata.com", "http://127.0.0.1:8765/")
    assert check_cdf_url("https://WestEurope-1.cognitedata.com:443/", allowed) == (
        "https://WestEurope-1.cognitedata.com:443"
    )
    assert check_cdf_url("http://127.0.0.1:8765", allowed) == "http://127.0.0.1:8765"
    for url, status in (
        ("https://westeurope-1.cognitedata.com.evil.com", 403),
        ("http://westeurope-1.cognitedata.com", 403),  # another scheme, another port
        ("http://127.0.0.1:8766", 403),
        ("http://169.254.169.254", 403),
        ("https://user:pw@westeurope-1.cognitedata.com", 422),
        ("https://westeurope-1.cognitedata.com/api?x=1", 422),
        ("file:///etc/passwd", 422),
        ("http://[::1", 422),
    ):
        with pytest.raises(ServiceError) as caught:
            check_cdf_url(url, allowed)
        assert caught.value.status == status and "cdf_url" in caught.value.message, url
    assert origin_of("https://a.b") == "https://a.b:443"


@pytest.mark.parametrize(
    "path", ["../x.py", "/etc/passwd", "a/../../b", "a\\..\\b", "", "a//b", "./a", "a/\x00"]
)
def test_archive_entries_that_could_escape_are_refused(path: str) -> None:
    with pytest.raises(EmitError, match="refusing archive entry"):
        checked_entry(path)


def test_archives_hold_regular_files_with_fixed_metadata() -> None:
    files = {PurePosixPath("pkg/b.py"): "b = 1\n", PurePosixPath("pkg/a.py"): "a = 'ü'\n"}
    zipped = archive_bytes(files, "zip")
    assert zipped == archive_bytes(dict(reversed(files.items())), "zip")  # deterministic
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        assert archive.namelist() == ["pkg/a.py", "pkg/b.py"]
        assert all(info.external_attr >> 16 == 0o100644 for info in archive.infolist())
    with tarfile.open(fileobj=io.BytesIO(archive_bytes(files, "tarball")), mode="r:gz") as tar:
        assert [(m.name, m.isreg(), m.mtime, m.mode) for m in tar.getmembers()] == [
            ("pkg/a.py", True, 0, 0o644),
            ("pkg/b.py", True, 0, 0o644),
        ]
    with pytest.raises(EmitError):
        archive_bytes({PurePosixPath("../evil.py"): ""}, "zip")


def test_a_worker_records_only_a_job_it_still_holds(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs.sqlite")
    add = dict(
        caller="c", cache_key="k", payload={"model": {}}, output_format="zip", language=["python"]
    )
    store.add("a" * 32, **add)  # type: ignore[arg-type]
    claim = store.claim("embedded:1")
    assert claim is not None and claim.attempt == 1
    assert store.interrupted(claim.id, 1, "its worker died", 60) == "queued"
    again = store.claim("embedded:2")
    assert again is not None and again.attempt == 2
    assert not store.finish(claim.id, 1, {"status": "completed"}, 60)  # the old attempt
    assert store.interrupted(claim.id, 2, "its worker died", 60) == "failed"
    job = store.get(claim.id)
    assert job is not None and job.status == "failed"
    assert job.reason == "its worker died, on each of 2 attempts; not retried again"
    assert store.get(claim.id, caller="someone else") is None


def test_a_normal_stop_gives_the_job_back_without_using_an_attempt(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs.sqlite")
    store.add(
        "b" * 32, caller="c", cache_key="k", payload={}, output_format="zip", language=["python"]
    )
    claim = store.claim("embedded:1")
    assert claim is not None and store.release(claim.id, claim.attempt)
    job = store.get(claim.id)
    assert job is not None and (job.status, job.attempts) == ("queued", 0)


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["serve"], {}, "PYGEN_SERVICE_TOKENS"),
        (["serve", "--queue", "celery"], {"PYGEN_SERVICE_TOKENS": TOKEN}, "--broker"),
        (
            ["serve", "--allow-cdf-url", "ftp://x"],
            {"PYGEN_SERVICE_TOKENS": TOKEN},
            "--allow-cdf-url",
        ),
        (["worker"], {}, "--broker"),
    ],
)
def test_the_commands_refuse_bad_settings_in_one_line(
    args: list[str], env: dict[str, str | None], message: str, tmp_path: Path
) -> None:
    unset: dict[str, str | None] = {"PYGEN_SERVICE_TOKENS": None, "PYGEN_BROKER_URL": None}
    result = CliRunner().invoke(
        app, [*args, "--data-dir", str(tmp_path / "data")], env={**unset, **env}
    )
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "data").exists()  # nothing is created before the settings are good


def test_there_is_no_token_option() -> None:
    result = CliRunner().invoke(app, ["serve", "--token", TOKEN])
    assert result.exit_code == 2 and "No such option" in result.stderr


def test_the_celery_app_has_the_limits_and_the_visibility_timeout(tmp_path: Path) -> None:
    from pygen.service.celery_queue import celery_app

    app = celery_app("memory://", data_dir=tmp_path, time_limit=7, visibility_timeout=40)
    assert app.conf.task_soft_time_limit == 7 and app.conf.task_time_limit == 37
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.broker_transport_options == {
        "visibility_timeout": 40,
        "unacked_restore_interval": 10,  # messages past the timeout are looked for often
        "unacked_restore_throttle": 1,
    }
    default = celery_app("memory://").conf.broker_transport_options
    assert default["visibility_timeout"] == 3600 and default["unacked_restore_interval"] == 60


def test_each_celery_app_runs_its_own_task(tmp_path: Path) -> None:
    """Built twice in one process (the test suite does, a service may): no duplicate-task
    warning (the test run fails on one, see pyproject.toml), and each app's task is its own
    (the second would otherwise run the first one's, with the first one's data folder)."""
    from pygen.service.celery_queue import TASK_NAME, celery_app

    with_folder = celery_app("memory://", data_dir=tmp_path)
    without = celery_app("memory://")

    assert without.tasks[TASK_NAME] is not with_folder.tasks[TASK_NAME]
    with pytest.raises(RuntimeError, match="no data folder"):
        without.tasks[TASK_NAME].run("a" * 32, {})


def test_jobs_never_sent_to_the_broker_are_found_again(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs.sqlite")
    for name in ("d", "e"):
        store.add(name * 32, caller="c", cache_key=name, payload={"n": name},
                  output_format="zip", language=["python"])  # fmt: skip
    store.sent("d" * 32)  # the server stopped before it sent "e"
    assert store.unsent() == [("e" * 32, {"n": "e"})]

"""``pygen generate`` keeps user files, refuses with one ``error:`` line, ``--force``, removals."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from pygen.cli.app import app
from pygen.emit import lock
from pygen.emit.lock import output_lock

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "pygen" / "examples" / "example_model.yaml"
runner = CliRunner()


def _generate(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["generate", "-f", str(EXAMPLE), *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_user_file_in_the_package_folder_survives_regeneration(tmp_path: Path) -> None:
    code, _, _ = _generate("-o", str(tmp_path))
    assert code == 0
    helpers = tmp_path / "example_model" / "my_helpers.py"
    helpers.write_text("def helper() -> int:\n    return 1\n")
    (tmp_path / "example_model" / "notes").mkdir()
    (tmp_path / "example_model" / "notes" / "README.md").write_text("notes\n")
    code, out, err = _generate("-o", str(tmp_path))
    assert code == 0, err
    assert "removed" not in out
    assert helpers.read_text() == "def helper() -> int:\n    return 1\n"
    assert (tmp_path / "example_model" / "notes" / "README.md").read_text() == "notes\n"
    code, out, _ = _generate("-o", str(tmp_path), "--check")
    assert code == 0 and "up to date" in out


def test_a_folder_of_user_files_is_refused_with_one_error_line(tmp_path: Path) -> None:
    mine = tmp_path / "example_model"
    mine.mkdir()
    (mine / "data.json").write_text("{}\n")
    code, out, err = _generate("-o", str(tmp_path))
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "example_model/data.json" in lines[0] and "--force" in lines[0]
    assert "Traceback" not in out + err
    assert sorted(p.name for p in mine.iterdir()) == ["data.json"]
    code, _, err = _generate("-o", str(tmp_path), "--force")
    assert code == 0, err
    assert (mine / "client.py").is_file() and (mine / "data.json").read_text() == "{}\n"


def test_pygen_yaml_output_pointing_at_a_user_folder_wipes_nothing(tmp_path: Path) -> None:
    """``output`` in pygen.yaml pointing at a folder of the user's: nothing is deleted."""
    project = tmp_path / "project"
    (project / "example_model").mkdir(parents=True)
    (project / "example_model" / "keep.txt").write_text("mine\n")
    (project / "src.py").write_text("mine\n")
    config = tmp_path / "pygen.yaml"
    config.write_text(yaml.safe_dump({"generation": {"output_dir": str(project)}}))
    code, _, err = _generate("--config", str(config))
    assert code == 2 and "keep.txt" in err
    assert (project / "example_model" / "keep.txt").read_text() == "mine\n"
    assert (project / "src.py").read_text() == "mine\n"


def test_removed_files_are_printed(tmp_path: Path) -> None:
    assert _generate("-o", str(tmp_path))[0] == 0
    code, out, _ = _generate("-o", str(tmp_path), "--single-file")
    assert code == 0
    assert "removed example_model/views/equipment.py" in out
    assert (tmp_path / "example_model.py").is_file()
    assert not (tmp_path / "example_model").exists()


def test_check_lists_the_plan_and_force_shows_what_force_would_do(tmp_path: Path) -> None:
    assert _generate("-o", str(tmp_path))[0] == 0
    api = tmp_path / "example_model" / "views" / "site.py"
    api.write_text(api.read_text() + "# mine\n")
    code, out, err = _generate("-o", str(tmp_path), "--check")
    assert code == 2
    assert "refuse  example_model/views/site.py  (edited)" in out
    assert err.startswith("error: ") and "--force" in err
    code, out, _ = _generate("-o", str(tmp_path), "--check", "--force")
    assert code == 1 and "update  example_model/views/site.py" in out
    assert "# mine" in api.read_text()


def test_a_second_run_waits_for_the_first_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    holding, waiting = threading.Event(), threading.Event()
    real_wait = lock._wait

    def observed_wait(try_once: Callable[[], bool], *args: Any) -> bool:
        def attempt() -> bool:
            taken = try_once()
            if not taken:
                waiting.set()  # the second run found the lock held: let the first finish
            return taken

        return real_wait(attempt, *args)

    monkeypatch.setattr(lock, "_wait", observed_wait)

    def first() -> None:
        with output_lock(tmp_path):
            holding.set()
            waiting.wait(30)

    thread = threading.Thread(target=first)
    thread.start()
    holding.wait(10)
    code, _, err = _generate("-o", str(tmp_path))
    thread.join()
    assert waiting.is_set()
    assert code == 0, err
    assert f"waiting for another pygen run to finish writing to {tmp_path}" in err
    assert (tmp_path / "example_model" / "client.py").is_file()


def test_generating_into_a_project_keeps_its_pyproject_and_says_so(tmp_path: Path) -> None:
    mine = '[project]\nname = "my-app"\n'
    (tmp_path / "pyproject.toml").write_text(mine)
    code, out, err = _generate("-o", str(tmp_path), "--force")
    assert code == 0 and out.startswith("generated")
    assert f"note: kept {tmp_path / 'pyproject.toml'}: it is not pygen's" in err
    assert (tmp_path / "pyproject.toml").read_text() == mine
    assert (tmp_path / "example_model" / "client.py").is_file()
    code, out, _ = _generate("-o", str(tmp_path), "--check")
    assert code == 0 and "up to date" in out  # a kept file is not a change

"""``pygen generate --check -l typescript``: on the golden SDKs (copied with their manifest) it
reports "up to date" and exits 0; a hand edit of a generated ``.ts`` file is refused (exit 2,
naming the file), a missing one would be created (exit 1), and ``--check`` writes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pygen.cli.app import app
from tests.golden.fixtures import FIXTURES, Fixture

runner = CliRunner()
CHECKED = [fixture for fixture in FIXTURES if fixture.name in ("example", "Pumps", "CogniteCore")]


def _check(fixture: Fixture, output: Path) -> tuple[int, str, str]:
    arguments = ["generate", "-f", str(fixture.model_file), "-o", str(output)]
    result = runner.invoke(app, [*arguments, "-l", "typescript", "--check"])
    return result.exit_code, result.stdout, result.stderr


def _golden_copy(fixture: Fixture, output: Path) -> Path:
    """The golden SDK where ``pygen generate -o output -l typescript`` writes it."""
    package = output / json.loads((fixture.typescript_dir / "package.json").read_text())["name"]
    shutil.copytree(fixture.typescript_dir, package)
    return package


@pytest.mark.parametrize("fixture", CHECKED, ids=lambda f: f.name)
def test_check_passes_on_the_golden_and_refuses_a_hand_edit(
    fixture: Fixture, tmp_path: Path
) -> None:
    package = _golden_copy(fixture, tmp_path)
    code, out, err = _check(fixture, tmp_path)
    assert code == 0, out + err
    assert out.startswith("up to date: ") and "error" not in err  # warnings may come

    api = package / "src" / "api.ts"
    edited = api.read_text() + "// my change\n"
    api.write_text(edited)
    code, out, err = _check(fixture, tmp_path)
    assert code == 2, out + err
    assert f"refuse  {package.name}/src/api.ts  (edited)" in out
    lines = [line for line in err.splitlines() if not line.startswith("warning ")]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert f"{package.name}/src/api.ts" in lines[0] and "--force" in lines[0]
    assert "Traceback" not in out + err
    assert api.read_text() == edited  # --check writes nothing


def test_check_names_a_missing_file_and_exits_1(tmp_path: Path) -> None:
    fixture = CHECKED[0]
    package = _golden_copy(fixture, tmp_path)
    (package / "src" / "client.ts").unlink()
    code, out, err = _check(fixture, tmp_path)
    assert code == 1, out + err
    assert f"{package.name}/src/client.ts" in out
    assert not (package / "src" / "client.ts").exists()

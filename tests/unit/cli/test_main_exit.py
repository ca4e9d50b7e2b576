"""The ``pygen`` script ends with ``os._exit``: exit codes and output must survive that."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PYGEN = Path(sys.executable).parent / "pygen"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PYGEN), *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )


def test_success_flushes_the_summary_and_exits_0(tmp_path: Path) -> None:
    model = Path(__file__).resolve().parents[3] / "pygen" / "examples" / "example_model.yaml"
    result = _run("generate", "--model-file", str(model), "--output", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "generated 11 files" in result.stdout
    assert (tmp_path / "out" / "example_model" / "client.py").is_file()


def test_errors_keep_their_exit_code_and_message(tmp_path: Path) -> None:
    result = _run("validate", "--model-file", "missing.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "missing.yaml: no such file" in result.stderr
    bad_flag = _run("generate", "--no-such-flag", cwd=tmp_path)
    assert bad_flag.returncode == 2
    assert "No such option" in bad_flag.stderr

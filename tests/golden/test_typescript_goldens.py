"""The generated TypeScript SDK of the example model and of every fixture matches
golden/<fixture>/typescript byte for byte (the hand-written example SDK was the spec; the
generator now keeps it). The fixtures are the Python goldens' (``FIXTURES``), and
``--update-golden`` rewrites both languages.

On a difference the test prints a unified diff and the command that rewrites the golden;
review the diff, then run it.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from pygen import load_data_model
from pygen.config import GeneratorConfig
from pygen.ir import build_ir
from pygen.targets.typescript import TARGET

from .fixtures import FIXTURES, UPDATE_COMMAND, Fixture


def _files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "node_modules" not in p.parts and "dist" not in p.parts
    }


def generate_typescript(model_file: Path, output: Path) -> Path:
    """Generate the TypeScript SDK of ``model_file`` into ``output``; its package folder."""
    ir, result = build_ir(load_data_model(model_file))
    assert result.is_valid
    files = TARGET.generate_files(ir, GeneratorConfig(), {})
    files.write(output)
    return output / TARGET.folder(ir)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_generated_typescript_matches_golden(
    fixture: Fixture, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    package = generate_typescript(fixture.model_file, tmp_path)
    golden = fixture.typescript_dir
    if request.config.getoption("--update-golden"):
        shutil.rmtree(golden, ignore_errors=True)
        shutil.copytree(package, golden)
    expected, actual = _files(golden), _files(package)
    assert expected, f"no golden for {fixture.name}; create it with: {UPDATE_COMMAND}"
    problems = []
    for path in sorted(set(expected) | set(actual)):
        if path not in actual:
            problems.append(f"{path}: in the golden, no longer generated")
        elif path not in expected:
            problems.append(f"{path}: generated, not in the golden")
        elif expected[path] != actual[path]:
            diff = difflib.unified_diff(
                expected[path].splitlines(keepends=True),
                actual[path].splitlines(keepends=True),
                f"golden/{fixture.name}/typescript/{path}",
                "generated",
            )
            problems.append("".join(list(diff)[:80]))
    assert not problems, "\n".join(problems) + f"\n\nIf the change is intended: {UPDATE_COMMAND}"

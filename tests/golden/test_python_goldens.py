"""Generated Python SDKs match golden/<fixture>/python byte for byte, and pass black and mypy.

On a difference the test prints a unified diff and the command that rewrites the goldens;
review the diff, then run it.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pygen.api import generate

from .fixtures import FIXTURES, GOLDEN, ROOT, UPDATE_COMMAND, Fixture


def _files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".mypy_cache" not in p.parts
    }


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_generated_sdk_matches_golden(
    fixture: Fixture, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    generate(fixture.model_file, tmp_path, fixture.config)
    if request.config.getoption("--update-golden"):
        shutil.rmtree(fixture.python_dir, ignore_errors=True)
        shutil.copytree(tmp_path, fixture.python_dir)
    expected, actual = _files(fixture.python_dir), _files(tmp_path)
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
                f"golden/{fixture.name}/python/{path}",
                "generated",
            )
            problems.append("".join(list(diff)[:80]))
    assert not problems, "\n".join(problems) + f"\n\nIf the change is intended: {UPDATE_COMMAND}"


def _golden_python_dirs() -> list[Path]:
    return [f.python_dir for f in FIXTURES if f.python_dir.is_dir()]


def test_goldens_are_black_formatted() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--quiet", *map(str, _golden_python_dirs())],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_goldens_pass_mypy_strict() -> None:
    dirs = _golden_python_dirs()
    packages = [p.name for d in dirs for p in d.iterdir() if (p / "__init__.py").is_file()]
    env = {**os.environ, "MYPYPATH": os.pathsep.join([str(ROOT), *map(str, dirs)])}
    command = [sys.executable, "-m", "mypy", "--config-file", str(GOLDEN / "mypy.ini")]
    command += [arg for package in packages for arg in ("-p", package)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


# Imports every view module of a golden package, then creates every API of its client and
# validates each read class's schema: annotations naming other views' classes are strings
# bound on first use, so a name that is neither defined above nor linked fails only here.
_LOAD_EVERYTHING = """
import importlib, pkgutil, sys
from pygen_runtime.client import PygenClient, TokenAuth
package = importlib.import_module(sys.argv[1])
views = importlib.import_module(package.__name__ + ".views")
for info in pkgutil.iter_modules(views.__path__):
    importlib.import_module(views.__name__ + "." + info.name)
names = [n for n in package.__all__ if n.endswith("Client")]
cdf = PygenClient("http://127.0.0.1:9", "p", TokenAuth("t"))
client = getattr(package, names[0])(cdf)
for attribute in type(client)._apis:
    getattr(client, attribute)
for name in package.__all__:
    value = getattr(package, name)
    if hasattr(value, "model_rebuild"):
        value.model_rebuild()
print(len(type(client)._apis))
"""


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_every_view_module_and_api_loads(fixture: Fixture) -> None:
    package = next(p for p in fixture.python_dir.iterdir() if (p / "__init__.py").is_file())
    env = {**os.environ, "PYTHONPATH": str(fixture.python_dir)}
    result = subprocess.run(
        [sys.executable, "-c", _LOAD_EVERYTHING, package.name],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert int(result.stdout) > 0

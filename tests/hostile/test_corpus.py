"""Every hostile input (tests/hostile/cases.py) through the real ``pygen`` script.

``pygen generate`` either exits 0 with files that compile (a sample also passes black and
``mypy --strict`` in one batch, and keeps the hostile text in its docstrings), or exits 1 or 2
with exactly one ``error:`` line, never a traceback. ``pygen validate`` and ``pygen inspect``
never print a traceback or a raw control character. The cases run as subprocesses, four at a
time.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

import pytest
from packaging.version import Version

from pygen._text import escape_unprintable

from .cases import CASES, Case

ROOT = Path(__file__).resolve().parents[2]
PYGEN = Path(sys.executable).parent / "pygen"
# control characters a terminal acts on, and the bidi/format characters that hide text
RAW = [chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]]
RAW += ["\u202e", "\u2066", "\u200f", "\u2028", "\u2029"]


@dataclass(frozen=True)
class Run:
    """One ``pygen`` invocation."""

    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class Outcome:
    """What the commands did with one case."""

    case: Case
    folder: Path
    generate: Run
    validate: Run
    inspect: Run

    @property
    def out(self) -> Path:
        return self.folder / "out"


def _pygen(*args: str, cwd: Path) -> Run:
    result = subprocess.run(
        [str(PYGEN), *args],
        capture_output=True,
        cwd=cwd,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    # decode leniently: the assertions below look for what must not be there
    return Run(
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


def _run_case(case: Case, base: Path) -> Outcome:
    folder = base / case.name
    folder.mkdir()
    model = folder / case.file
    model.write_bytes(case.content)
    return Outcome(
        case,
        folder,
        _pygen("generate", "-f", str(model), "-o", "out", "-q", cwd=folder),
        _pygen("validate", "-f", str(model), cwd=folder),
        _pygen("inspect", "-f", str(model), cwd=folder),
    )


@cache
def _outcomes(base: Path) -> dict[str, Outcome]:
    with ThreadPoolExecutor(4) as pool:
        done = pool.map(lambda case: _run_case(case, base), CASES)
        return {outcome.case.name: outcome for outcome in done}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    return _outcomes(tmp_path_factory.mktemp("hostile"))


def test_case_names_are_unique() -> None:
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_generate_succeeds_with_code_that_compiles_or_fails_with_one_error_line(
    case: Case, outcomes: dict[str, Outcome]
) -> None:
    run = outcomes[case.name].generate
    printed = run.stdout + run.stderr
    assert "Traceback" not in printed, printed[-3000:]
    if case.error is None:
        assert run.returncode == 0, printed[-3000:]
        files = sorted(outcomes[case.name].out.rglob("*.py"))
        fixed = {"__init__.py", "client.py", "views/__init__.py"}
        names = {f.relative_to(f.parents[1] if f.parent.name == "views" else f.parent).as_posix()
                 for f in files}  # fmt: skip
        assert fixed <= names and len(files) > len(fixed)  # and one module per view
        for file in files:
            compile(file.read_bytes(), str(file), "exec", dont_inherit=True)
            text = file.read_text(encoding="utf-8")
            assert not [c for c in RAW if c in text], f"raw control character in {file}"
        project = (outcomes[case.name].out / "pyproject.toml").read_text(encoding="utf-8")
        version = tomllib.loads(project)["project"]["version"]  # valid TOML, a PEP 440 version
        assert str(Version(version)) == version
        return
    assert run.returncode in (1, 2), printed[-3000:]
    errors = [line for line in printed.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, printed[-3000:]
    assert case.error in printed, printed[-3000:]
    assert not outcomes[case.name].out.exists()  # nothing half-written


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_validate_and_inspect_print_no_traceback_and_no_raw_control_characters(
    case: Case, outcomes: dict[str, Outcome]
) -> None:
    for run in (outcomes[case.name].validate, outcomes[case.name].inspect):
        printed = run.stdout + run.stderr
        assert "Traceback" not in printed, printed[-3000:]
        assert run.returncode in (0, 1, 2), printed[-3000:]
        assert not [c for c in RAW if c in printed], printed[-3000:]


def test_every_generated_sdk_imports_and_keeps_the_free_text(
    outcomes: dict[str, Outcome],
) -> None:
    """Each SDK imports; a view's class docstring shows its description, hostile characters
    and all."""
    generated = [o for o in outcomes.values() if o.case.error is None]
    probe = (
        "import importlib, json, sys\n"
        "for folder, package in zip(sys.argv[1::2], sys.argv[2::2]):\n"
        "    sys.path.insert(0, folder)\n"
        "    module = importlib.import_module(package)\n"
        "    print(json.dumps(getattr(getattr(module, 'Pump', None), '__doc__', None)))\n"
    )
    args = []
    for outcome in generated:
        (package,) = [p.name for p in outcome.out.iterdir() if p.is_dir()]
        args += [str(outcome.out), package]
    result = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    for outcome, doc in zip(generated, docs, strict=True):
        text = outcome.case.kept
        if text is None:
            continue
        assert doc is not None, outcome.case.name
        # the docstring shows each line of the text, stripped, unprintable characters as
        # their escapes (line breaks normalised)
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            shown = escape_unprintable(line, keep="\t").strip()
            assert shown in doc, (outcome.case.name, shown, doc)


SAMPLE = [
    "triple_quote",
    "nul",
    "bidi_override",
    "lone_surrogate",
    "line_separators",
    "whitespace_only",
    "enum_value_text",
    "edge_type_text",
    "text_default",
    "reserved_names",
]


def test_a_sample_passes_black_and_mypy_strict(
    outcomes: dict[str, Outcome], tmp_path: Path
) -> None:
    for name in SAMPLE:
        for package in outcomes[name].out.iterdir():
            if package.is_dir():  # not pyproject.toml and its manifest
                shutil.copytree(package, tmp_path / package.name)
    packages = sorted(p.name for p in tmp_path.iterdir())
    assert len(packages) == len(SAMPLE)
    black = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--quiet", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert black.returncode == 0, black.stderr[-3000:]
    env = {**os.environ, "MYPYPATH": os.pathsep.join([str(ROOT), str(tmp_path)])}
    command = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "golden" / "mypy.ini")]
    command += ["--cache-dir", str(tmp_path.parent / "mypy_cache")]
    command += [arg for package in packages for arg in ("-p", package)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


def test_the_generated_code_parses_to_the_same_classes_for_every_text_case(
    outcomes: dict[str, Outcome],
) -> None:
    """Hostile text changes docstrings only: the described cases define the same names."""
    shapes = set()
    for outcome in outcomes.values():
        if outcome.case.kept is None:
            continue
        (package,) = [p for p in outcome.out.iterdir() if p.is_dir()]
        views = sorted((package / "views").glob("*.py"))
        tree = ast.parse("".join(p.read_text(encoding="utf-8") for p in views))
        shapes.add(tuple(type(node).__name__ for node in tree.body))
    assert len(shapes) == 1

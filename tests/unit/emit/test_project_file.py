"""``pyproject.toml`` beside the package: pygen's own is kept up to date; a user's is never
replaced (the step is ``skip``, even with ``--force``); ``--single-file`` removes pygen's."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from pygen.emit import FileSet

from ._files import HEADER, package, single, tree

PROJECT = PurePosixPath("pyproject.toml")


def with_project(files: FileSet, version: str = "1") -> FileSet:
    texts = dict(files.files)
    texts[PROJECT] = HEADER + f'[project]\nname = "pkg"\nversion = "{version}"\n'
    return FileSet.of(texts)


def test_pygens_project_file_is_written_and_updated(tmp_path: Path) -> None:
    with_project(package(api="A = 1")).write(tmp_path)
    assert (tmp_path / ".pyproject.pygen-manifest.json").is_file()
    plan = with_project(package(api="A = 1"), version="2").write(tmp_path)
    assert plan.paths("update") == [PROJECT]
    assert 'version = "2"' in (tmp_path / "pyproject.toml").read_text()


def test_a_users_project_file_is_kept_even_with_force(tmp_path: Path) -> None:
    mine = '[project]\nname = "mine"\n'
    (tmp_path / "pyproject.toml").write_text(mine)
    for force in (False, True):
        plan = with_project(package(api="A = 1")).write(tmp_path, force=force)
        assert [(s.action, s.reason) for s in plan.steps if s.path == PROJECT] == [
            ("skip", "yours")
        ]
        assert plan.error() is None and plan.skipped
    assert (tmp_path / "pyproject.toml").read_text() == mine
    assert (tmp_path / "pkg" / "api.py").is_file()  # the rest is written
    assert not (tmp_path / ".pyproject.pygen-manifest.json").exists()


def test_single_file_removes_pygens_project_file(tmp_path: Path) -> None:
    with_project(package(api="A = 1")).write(tmp_path)
    plan = single().write(tmp_path)
    assert PROJECT in plan.paths("remove")
    assert set(tree(tmp_path)) == {".pkg.pygen-manifest.json", "pkg.py"}


def test_single_file_leaves_a_users_project_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    single().write(tmp_path)
    assert (tmp_path / "pyproject.toml").read_text() == "[project]\n"

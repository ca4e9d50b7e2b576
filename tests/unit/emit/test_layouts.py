"""Switching ``--single-file`` <-> package removes the other layout's files (per its manifest)."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest

from pygen_runtime.errors import EmitError

from ._files import package, single, tree


def test_package_to_single_file_removes_the_package(tmp_path: Path) -> None:
    package(api="A = 1", client="C = 1").write(tmp_path)
    pycache = tmp_path / "pkg" / "__pycache__"
    pycache.mkdir()
    (pycache / "api.cpython-311.pyc").write_bytes(b"\0")
    plan = single(body="S = 1").write(tmp_path)
    assert sorted(str(p) for p in plan.paths("remove")) == [
        "pkg/__init__.py",
        "pkg/api.py",
        "pkg/client.py",
        "pkg/py.typed",
    ]
    assert not (tmp_path / "pkg").exists()  # emptied, so removed with its bytecode folder
    assert set(tree(tmp_path)) == {".pkg.pygen-manifest.json", "pkg.py"}
    document = json.loads((tmp_path / ".pkg.pygen-manifest.json").read_text())
    assert list(document["files"]) == ["pkg.py"]


def test_single_file_to_package_removes_the_module(tmp_path: Path) -> None:
    single(body="S = 1").write(tmp_path)
    (tmp_path / "other.py").write_text("mine\n")
    plan = package(api="A = 1").write(tmp_path)
    assert plan.paths("remove") == [PurePosixPath("pkg.py")]
    assert not (tmp_path / "pkg.py").exists()
    assert not (tmp_path / ".pkg.pygen-manifest.json").exists()
    assert (tmp_path / "other.py").read_text() == "mine\n"


def test_the_package_folder_stays_when_it_holds_user_files(tmp_path: Path) -> None:
    package(api="A = 1").write(tmp_path)
    (tmp_path / "pkg" / "notes.md").write_text("mine\n")
    single().write(tmp_path)
    assert set(tree(tmp_path / "pkg")) == {"notes.md"}


def test_an_edited_file_of_the_other_layout_is_refused(tmp_path: Path) -> None:
    package(api="A = 1").write(tmp_path)
    api = tmp_path / "pkg" / "api.py"
    api.write_text(api.read_text() + "# mine\n")
    with pytest.raises(EmitError, match=r"pkg/api\.py"):
        single().write(tmp_path)
    assert not (tmp_path / "pkg.py").exists()
    single().write(tmp_path, force=True)
    assert "# mine" in api.read_text()  # --force writes, but deletes nothing edited
    assert not (tmp_path / "pkg" / ".pygen-manifest.json").exists()


def test_a_module_of_the_same_name_pygen_did_not_write_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "pkg.py").write_text("mine\n")
    with pytest.raises(EmitError, match=r"did not write are where it writes: pkg\.py"):
        single().write(tmp_path)
    assert (tmp_path / "pkg.py").read_text() == "mine\n"

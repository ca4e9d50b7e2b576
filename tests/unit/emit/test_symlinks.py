"""pygen never writes or deletes through a symlink below the output folder."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest

from pygen.emit import FileSet
from pygen.emit.manifest import digest
from pygen_runtime.errors import EmitError

from ._files import module, package, tree


def test_a_symlinked_subfolder_pointing_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.py").write_text("precious\n")
    root = tmp_path / "out"
    package(api="A = 1").write(root)
    (root / "pkg" / "sub").symlink_to(outside, target_is_directory=True)
    files = FileSet.of(
        {**package(api="A = 1").files, PurePosixPath("pkg/sub/x.py"): module("X = 1")}
    )
    for force in (False, True):  # not even with --force
        with pytest.raises(EmitError, match=r"symlink: pkg/sub/x\.py"):
            files.write(root, force=force)
    assert tree(outside) == {"x.py": "precious\n"}


def test_a_manifest_entry_behind_a_symlink_is_not_removed(tmp_path: Path) -> None:
    """pkg/sub was pygen's folder; now it is a symlink to a folder holding a file of the same
    name and content: that file is not pygen's and stays."""
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "out"
    files = FileSet.of(
        {**package(api="A = 1").files, PurePosixPath("pkg/sub/x.py"): module("X = 1")}
    )
    files.write(root)
    (outside / "x.py").write_text((root / "pkg" / "sub" / "x.py").read_text())
    (root / "pkg" / "sub" / "x.py").unlink()
    (root / "pkg" / "sub").rmdir()
    (root / "pkg" / "sub").symlink_to(outside, target_is_directory=True)
    plan = package(api="A = 1").write(root)
    assert plan.paths("remove") == []
    assert (outside / "x.py").is_file()


def test_a_symlinked_file_is_never_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("precious\n")
    root = tmp_path / "out"
    package(api="A = 1").write(root)
    api = root / "pkg" / "api.py"
    api.unlink()
    api.symlink_to(outside)
    for force in (False, True):
        with pytest.raises(EmitError, match=r"symlink: pkg/api\.py"):
            package(api="A = 2").write(root, force=force)
    assert outside.read_text() == "precious\n"
    assert api.is_symlink()


def test_a_symlinked_file_pygen_no_longer_generates_is_left_alone(tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    root = tmp_path / "out"
    package(api="A = 1", old="O = 1").write(root)
    old = root / "pkg" / "old.py"
    outside.write_text(old.read_text())
    old.unlink()
    old.symlink_to(outside)
    plan = package(api="A = 1").write(root)
    assert plan.paths("remove") == []
    assert old.is_symlink() and outside.is_file()


def test_a_symlinked_package_folder_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = tmp_path / "out"
    root.mkdir()
    (root / "pkg").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(EmitError, match="symlink"):
        package(api="A = 1").write(root)
    assert list(elsewhere.iterdir()) == []


def test_an_output_root_that_is_a_symlink_is_fine(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    package(api="A = 1").write(link)
    package(api="A = 2").write(link)
    assert (real / "pkg" / "api.py").read_text() == module("A = 2")


def test_a_manifest_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    decoy = tmp_path / "decoy.json"
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n")
    decoy.write_text(json.dumps({"files": {"api.py": digest(b"x")}}))
    root = tmp_path / "out"
    package(api="A = 1").write(root)
    location = root / "pkg" / ".pygen-manifest.json"
    location.unlink()
    location.symlink_to(decoy)
    with pytest.raises(EmitError, match="symlink"):
        package(api="A = 2").write(root)
    assert outside.read_text() == "precious\n"

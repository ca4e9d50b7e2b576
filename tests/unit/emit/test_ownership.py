"""Only files pygen wrote are replaced or removed: the manifest, adoption by header, refusals."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest

from pygen.emit import FileSet
from pygen.emit.manifest import digest
from pygen_runtime.errors import EmitError

from ._files import HEADER, manifest, module, package, single, tree


def test_first_write_records_every_file_with_its_hash(tmp_path: Path) -> None:
    files = package(api="A = 1", client="C = 1")
    plan = files.write(tmp_path)
    assert {step.action for step in plan.steps} == {"create"}
    entries = manifest(tmp_path / "pkg")
    assert sorted(entries) == ["__init__.py", "api.py", "client.py", "py.typed"]
    assert entries["api.py"] == digest((tmp_path / "pkg" / "api.py").read_bytes())
    again = files.write(tmp_path)
    assert {step.action for step in again.steps} == {"keep"}


def test_user_files_in_the_package_folder_survive_regeneration(tmp_path: Path) -> None:
    package(api="A = 1", old="O = 1").write(tmp_path)
    pkg = tmp_path / "pkg"
    user = {
        "my_helpers.py": "def helper() -> None: ...\n",
        "notes/README.md": "# notes\n",
        "data/config.json": "{}\n",
        ".git/HEAD": "ref: refs/heads/main\n",
    }
    for name, text in user.items():
        (pkg / name).parent.mkdir(parents=True, exist_ok=True)
        (pkg / name).write_text(text)
    plan = package(api="A = 2").write(tmp_path)
    assert plan.paths("remove") == [PurePosixPath("pkg/old.py")]
    assert plan.paths("update") == [PurePosixPath("pkg/api.py")]
    assert not (pkg / "old.py").exists()
    for name, text in user.items():
        assert (pkg / name).read_text() == text
    assert sorted(manifest(pkg)) == ["__init__.py", "api.py", "py.typed"]


def test_other_folders_in_the_output_root_are_left_alone(tmp_path: Path) -> None:
    """``-o .`` or ``-o src``: the output root holds the user's other folders and files."""
    (tmp_path / "other_pkg").mkdir()
    (tmp_path / "other_pkg" / "__init__.py").write_text("X = 1\n")
    (tmp_path / "README.md").write_text("mine\n")
    (tmp_path / "pkg.txt").write_text("not the module\n")
    package(api="A = 1").write(tmp_path)
    single(body="S = 1").write(tmp_path / "flat")
    assert (tmp_path / "other_pkg" / "__init__.py").read_text() == "X = 1\n"
    assert (tmp_path / "README.md").read_text() == "mine\n"
    assert (tmp_path / "pkg.txt").read_text() == "not the module\n"


def test_a_folder_pygen_did_not_write_is_refused_unless_forced(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "data").mkdir(parents=True)
    (pkg / "my_helpers.py").write_text("mine\n")
    (pkg / "data" / "config.json").write_text("{}\n")
    (pkg / "api.py").write_text("my own api\n")
    before = tree(tmp_path)
    with pytest.raises(EmitError) as refused:
        package(api="A = 1").write(tmp_path)
    message = str(refused.value)
    assert str(pkg) in message and "--force" in message
    assert "pkg/my_helpers.py" in message and "pkg/data/config.json" in message
    assert "pkg/api.py" in message  # in the way of a generated file
    assert tree(tmp_path) == before  # nothing written

    forced = package(api="A = 1").write(tmp_path, force=True)
    assert forced.paths("remove") == []
    assert (pkg / "api.py").read_text() == module("A = 1")  # the generated path is written
    assert (pkg / "my_helpers.py").read_text() == "mine\n"  # nothing else is touched
    assert (pkg / "data" / "config.json").read_text() == "{}\n"
    assert "my_helpers.py" not in manifest(pkg)
    package(api="A = 2").write(tmp_path)  # from now on the manifest says what is pygen's
    assert (pkg / "my_helpers.py").read_text() == "mine\n"


def test_files_with_pygens_header_are_adopted_without_a_manifest(tmp_path: Path) -> None:
    """Output of a pygen from before the manifest: files carrying the provenance header (and
    files that already hold the generated text, like an empty ``py.typed``) are pygen's."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(module('"""old init."""'))
    (pkg / "stale.py").write_text(module("S = 1"))
    (pkg / "py.typed").write_text("")
    (pkg / "__pycache__").mkdir()
    (pkg / "__pycache__" / "stale.cpython-311.pyc").write_bytes(b"\0")
    plan = package(api="A = 1").write(tmp_path)
    assert plan.refusals == []
    assert plan.paths("remove") == [PurePosixPath("pkg/stale.py")]
    assert plan.paths("update") == [PurePosixPath("pkg/__init__.py")]
    assert not (pkg / "stale.py").exists()
    assert not (pkg / "__pycache__").exists()  # the removed module's bytecode went with it
    assert sorted(manifest(pkg)) == ["__init__.py", "api.py", "py.typed"]


def test_an_edited_generated_file_is_refused_unless_forced(tmp_path: Path) -> None:
    package(api="A = 1", old="O = 1").write(tmp_path)
    api, old = tmp_path / "pkg" / "api.py", tmp_path / "pkg" / "old.py"
    api.write_text(api.read_text() + "# my change\n")
    old.write_text(old.read_text() + "# my change too\n")
    with pytest.raises(EmitError) as refused:
        package(api="A = 2").write(tmp_path)
    assert "pkg/api.py" in str(refused.value) and "pkg/old.py" in str(refused.value)
    assert "changed since pygen wrote them" in str(refused.value)
    assert "my change" in api.read_text()

    plan = package(api="A = 2").write(tmp_path, force=True)
    assert api.read_text() == module("A = 2")
    assert "my change too" in old.read_text()  # --force deletes nothing edited
    assert plan.paths("remove") == []
    assert "old.py" not in manifest(tmp_path / "pkg")


def test_an_edit_that_matches_the_new_output_is_no_conflict(tmp_path: Path) -> None:
    package(api="A = 1").write(tmp_path)
    (tmp_path / "pkg" / "api.py").write_text(module("A = 2"))
    plan = package(api="A = 2").write(tmp_path)
    assert PurePosixPath("pkg/api.py") in plan.paths("keep")


def test_line_ending_differences_are_not_edits(tmp_path: Path) -> None:
    """A checkout with CRLF line endings (git autocrlf) is still what pygen wrote."""
    package(api="A = 1\nB = 2", client="C = 1").write(tmp_path)
    for name in ("api.py", "client.py"):
        path = tmp_path / "pkg" / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    plan = package(api="A = 1\nB = 2", client="C = 2").write(tmp_path)
    assert PurePosixPath("pkg/api.py") in plan.paths("keep")  # same text: left as it is
    assert plan.paths("update") == [PurePosixPath("pkg/client.py")]
    assert (tmp_path / "pkg" / "client.py").read_bytes() == module("C = 2").encode()


def test_a_file_pygen_did_not_write_in_the_way_is_refused(tmp_path: Path) -> None:
    package(api="A = 1").write(tmp_path)
    helpers = tmp_path / "pkg" / "helpers.py"
    helpers.write_text("mine\n")
    with pytest.raises(EmitError, match=r"did not write are where it writes: pkg/helpers\.py"):
        package(api="A = 1", helpers="H = 1").write(tmp_path)
    assert helpers.read_text() == "mine\n"


@pytest.mark.parametrize(
    "entry", ["../outside.txt", "/etc/hostname", "a/../../outside.txt", "..", "a\\..\\b", ""]
)
def test_a_tampered_manifest_cannot_reach_outside_its_folder(tmp_path: Path, entry: str) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n")
    root = tmp_path / "out"
    package(api="A = 1").write(root)
    location = root / "pkg" / ".pygen-manifest.json"
    document = json.loads(location.read_text())
    document["files"][entry] = digest(outside.read_bytes())
    location.write_text(json.dumps(document))
    with pytest.raises(EmitError) as refused:
        package(api="A = 2").write(root)
    assert str(location) in str(refused.value) and "delete it" in str(refused.value)
    assert outside.read_text() == "precious\n"


def test_a_malformed_manifest_is_a_clear_error(tmp_path: Path) -> None:
    package(api="A = 1").write(tmp_path)
    location = tmp_path / "pkg" / ".pygen-manifest.json"
    location.write_text("{not json")
    with pytest.raises(EmitError, match="cannot read the manifest"):
        package(api="A = 2").write(tmp_path)
    location.unlink()  # the documented fix: pygen adopts its files by their header
    package(api="A = 2").write(tmp_path)
    assert "api.py" in manifest(tmp_path / "pkg")


def test_check_reports_the_plan_the_write_carries_out(tmp_path: Path) -> None:
    package(api="A = 1", old="O = 1").write(tmp_path)
    (tmp_path / "pkg" / "mine.py").write_text("mine\n")
    files = package(api="A = 2", new="N = 1")
    before = tree(tmp_path)
    planned = files.plan(tmp_path)
    assert tree(tmp_path) == before  # planning writes nothing
    assert [(s.action, str(s.path)) for s in planned.changes] == [
        ("update", "pkg/api.py"),
        ("create", "pkg/new.py"),
        ("remove", "pkg/old.py"),
    ]
    assert files.differences(tmp_path) == [s.path for s in planned.changes]
    done = files.write(tmp_path)
    assert done.steps == planned.steps


def test_the_header_pattern_matches_what_the_generator_writes() -> None:
    """Adoption recognises the header of pygen.lower.python.context (kept in step here)."""
    from pygen.api import generate
    from pygen.emit.disk import HEADER as _HEADER

    root = Path(__file__).resolve().parents[3]
    result = generate(root / "pygen" / "examples" / "example_model.yaml")
    texts = [text for text in result.file_set.files.values() if text.strip()]
    assert texts and all(_HEADER.match(text.encode()) for text in texts)
    assert _HEADER.match(HEADER.encode())
    assert not _HEADER.match(b"# Generated by hand\n")


@pytest.mark.parametrize(
    "name", ["pkg/.pygen-manifest.json", ".pkg.pygen-manifest.json", "pkg/.a.py.pygen-tmp"]
)
def test_a_file_set_cannot_write_pygens_own_file_names(tmp_path: Path, name: str) -> None:
    files = FileSet.of({PurePosixPath("pkg/api.py"): module("A = 1"), PurePosixPath(name): "{}"})
    with pytest.raises(EmitError, match="reserved"):
        files.write(tmp_path)


def test_an_output_path_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("a file\n")
    with pytest.raises(EmitError, match="is a file; choose a folder"):
        package().plan(tmp_path / "out")
    with pytest.raises(EmitError, match="cannot create the output folder"):
        package().write(tmp_path / "out")


def test_an_unreadable_generated_file_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package(api="A = 1").write(tmp_path)

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(
        EmitError, match=r"cannot read .*pkg/__init__\.py: Permission denied; check its permissions"
    ):
        package(api="A = 2").write(tmp_path)


def test_a_subfolder_no_longer_generated_is_removed_when_empty(tmp_path: Path) -> None:
    nested = {
        PurePosixPath("pkg/sub/x.py"): module("X = 1"),
        PurePosixPath("pkg/gone/y.py"): module("Y = 1"),
    }
    FileSet.of({**package(api="A = 1").files, **nested}).write(tmp_path)
    (tmp_path / "pkg" / "sub" / "mine.txt").write_text("mine\n")
    plan = package(api="A = 1").write(tmp_path)
    assert sorted(str(p) for p in plan.paths("remove")) == ["pkg/gone/y.py", "pkg/sub/x.py"]
    assert not (tmp_path / "pkg" / "gone").exists()
    assert set(tree(tmp_path / "pkg" / "sub")) == {"mine.txt"}

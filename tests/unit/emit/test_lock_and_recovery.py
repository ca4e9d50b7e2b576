"""Two runs cannot interleave; writes are atomic; a run stopped half way is recovered from."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pygen.emit import apply as apply_module
from pygen.emit.lock import LOCK_FILE, output_lock
from pygen_runtime.errors import EmitError

from ._files import manifest, module, package, tree


@pytest.mark.parametrize("use_flock", [True, False], ids=["flock", "lock-file"])
def test_a_second_writer_is_refused_after_waiting(tmp_path: Path, use_flock: bool) -> None:
    messages: list[str] = []
    with output_lock(tmp_path, use_flock=use_flock):
        started = time.monotonic()
        with (
            pytest.raises(EmitError, match="another pygen run is writing to") as busy,
            output_lock(tmp_path, timeout=0.3, notify=messages.append, use_flock=use_flock),
        ):
            pass
        assert time.monotonic() - started >= 0.3
    assert str(tmp_path) in str(busy.value)
    assert messages == [f"waiting for another pygen run to finish writing to {tmp_path} ..."]
    assert not (tmp_path / LOCK_FILE).exists()  # released, nothing left behind
    with output_lock(tmp_path, timeout=0, use_flock=use_flock):
        pass


def test_a_waiting_writer_goes_on_when_the_first_finishes(tmp_path: Path) -> None:
    holding = threading.Event()
    release = threading.Event()

    def first() -> None:
        with output_lock(tmp_path):
            holding.set()
            release.wait(5)

    thread = threading.Thread(target=first)
    thread.start()
    holding.wait(5)
    messages: list[str] = []
    threading.Timer(0.3, release.set).start()
    package(api="A = 1").write(tmp_path, wait=5, notify=messages.append)
    thread.join()
    assert messages and "waiting for another pygen run" in messages[0]
    assert (tmp_path / "pkg" / "api.py").read_text() == module("A = 1")


def test_the_lock_is_held_while_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = apply_module.write_atomically

    def checking(target: Path, text: str) -> None:
        try:
            with output_lock(tmp_path, timeout=0):
                seen.append(False)
        except EmitError:
            seen.append(True)
        real(target, text)

    monkeypatch.setattr(apply_module, "write_atomically", checking)
    package(api="A = 1").write(tmp_path)
    assert seen and all(seen)


def test_writes_leave_no_temporary_files_and_keep_permissions(tmp_path: Path) -> None:
    package(api="A = 1").write(tmp_path)
    api = tmp_path / "pkg" / "api.py"
    api.chmod(0o640)
    package(api="A = 2").write(tmp_path)
    assert api.stat().st_mode & 0o777 == 0o640
    assert not [p for p in (tmp_path / "pkg").iterdir() if p.name.endswith(".pygen-tmp")]


def test_a_failed_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package(api="A = 1").write(tmp_path)

    def failing_replace(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(apply_module.os, "replace", failing_replace)
    with pytest.raises(EmitError, match=r"cannot write .*No space left on device"):
        package(api="A = 2").write(tmp_path)
    monkeypatch.undo()
    assert (tmp_path / "pkg" / "api.py").read_text() == module("A = 1")
    assert not [p for p in (tmp_path / "pkg").iterdir() if p.name.endswith(".pygen-tmp")]


def test_a_run_stopped_half_way_is_recovered_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run dies after writing some files, before its final manifest: the next run (of the
    new or the old model) sees no edits, refuses nothing and deletes no user file."""
    package(api="A = 1", client="C = 1", old="O = 1").write(tmp_path)
    (tmp_path / "pkg" / "mine.py").write_text("mine\n")
    real = apply_module.write_atomically
    calls = 0

    def dying(target: Path, text: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:  # pending manifest, api.py, then the process "dies"
            raise KeyboardInterrupt
        real(target, text)

    monkeypatch.setattr(apply_module, "write_atomically", dying)
    with pytest.raises(KeyboardInterrupt):
        package(api="A = 2", client="C = 2", new="N = 1").write(tmp_path)
    monkeypatch.undo()
    assert (tmp_path / "pkg" / "api.py").read_text() == module("A = 2")  # half done
    assert (tmp_path / "pkg" / "client.py").read_text() == module("C = 1")

    back = package(api="A = 1", client="C = 1", old="O = 1").write(tmp_path)  # the old model
    assert back.refusals == []
    plan = package(api="A = 2", client="C = 2", new="N = 1").write(tmp_path)
    assert plan.refusals == []
    assert [str(p) for p in plan.paths("remove")] == ["pkg/old.py"]
    assert (tmp_path / "pkg" / "mine.py").read_text() == "mine\n"
    assert sorted(manifest(tmp_path / "pkg")) == [
        "__init__.py",
        "api.py",
        "client.py",
        "new.py",
        "py.typed",
    ]
    assert "pending" not in (tmp_path / "pkg" / ".pygen-manifest.json").read_text()


def test_a_first_run_stopped_half_way_is_recovered_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = apply_module.write_atomically
    calls = 0

    def dying(target: Path, text: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt
        real(target, text)

    monkeypatch.setattr(apply_module, "write_atomically", dying)
    with pytest.raises(KeyboardInterrupt):
        package(api="A = 1", client="C = 1").write(tmp_path)
    monkeypatch.undo()
    leftover = tmp_path / "pkg" / ".client.py.pygen-tmp"
    leftover.write_text("half")  # as if the process died inside the write
    plan = package(api="A = 1", client="C = 1").write(tmp_path)
    assert plan.refusals == []
    assert set(tree(tmp_path / "pkg")) == {
        ".pygen-manifest.json",
        "__init__.py",
        "api.py",
        "client.py",
        "py.typed",
    }


def test_two_processes_do_not_interleave(tmp_path: Path) -> None:
    """A second process finds the folder locked while the first writes."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from pygen.emit.lock import output_lock\n"
            "with output_lock(Path(sys.argv[1])):\n"
            "    print('locked', flush=True); sys.stdin.readline()",
            str(tmp_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with pytest.raises(EmitError, match="another pygen run"):
            package(api="A = 1").write(tmp_path, wait=0.2)
        assert not (tmp_path / "pkg").exists()
    finally:
        holder.communicate("\n", timeout=10)
    package(api="A = 1").write(tmp_path, wait=0)
    assert (tmp_path / "pkg" / "api.py").is_file()


def test_temporary_files_left_before_the_first_manifest_are_removed(tmp_path: Path) -> None:
    """A run killed while writing its very first manifest leaves only a temporary file: the
    next run neither refuses (it is pygen's) nor keeps it."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / ".pygen-manifest.json.pygen-tmp").write_text('{"files": {')
    (pkg / ".api.py.pygen-tmp").write_text("half")
    plan = package(api="A = 1").write(tmp_path)
    assert plan.refusals == []
    assert set(tree(pkg)) == {".pygen-manifest.json", "__init__.py", "api.py", "py.typed"}

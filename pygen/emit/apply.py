"""Carrying out a :class:`~pygen.emit.plan.WritePlan`.

Order, so that a run stopped at any point leaves a state the next run recovers from: first each
manifest is rewritten with the hashes about to be written (``pending``), then the files are
written (each to a temporary file renamed into place) and removed, then the final manifests are
written (again atomically) and the other layout's manifest is deleted.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path, PurePosixPath

from pygen_runtime.errors import EmitError

from .disk import TEMP_SUFFIX
from .manifest import dump_manifest
from .plan import WritePlan

__all__ = ["apply_plan", "write_atomically"]


def apply_plan(plan: WritePlan) -> None:
    """Write, update and remove what the plan says. The plan must have no refusals.

    Raises:
        EmitError: a file cannot be written or removed (the message names it).
    """
    assert not plan.refusals, "apply_plan() needs a plan without refusals"
    root = plan.root
    if plan.changes:
        for change in plan.manifests:
            if change.pending:
                write_atomically(
                    root / change.unit.manifest, dump_manifest(change.current, change.pending)
                )
    emptied: set[PurePosixPath] = set()
    written = [step.path for step in plan.steps if step.action in ("create", "update")]
    _write_all([(root / path, plan.texts[path]) for path in written])
    for step in plan.steps:
        if step.action == "remove":
            _remove(root / step.path)
            emptied.add(step.path.parent)
    for change in plan.manifests:
        location = root / change.unit.manifest
        if change.final is None:
            _remove(location)
            emptied.add(change.unit.manifest.parent)
        elif change.rewrite or change.pending:
            write_atomically(location, dump_manifest(change.final))
    _prune(root, emptied)


_WRITERS = 8
"""Files written at once: each write waits for its ``fsync``, which runs without the GIL, so
a package of many modules (one per view) is written in about the time of a few."""


def _write_all(files: list[tuple[Path, str]]) -> None:
    """:func:`write_atomically` each file, several at a time when there are many (the first
    error is raised); a run stopped half way is recovered from either way (module docstring)."""
    if len(files) <= _WRITERS * 2:
        for target, text in files:
            write_atomically(target, text)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(min(_WRITERS, len(files))) as pool:
        for _ in pool.map(lambda item: write_atomically(*item), files):
            pass


def write_atomically(target: Path, text: str) -> None:
    """Write ``text`` (LF newlines) to a temporary file beside ``target``, then rename it over
    ``target``: readers see the old file or the new one, never half of one. An existing file's
    permissions are kept.

    Plain ``os`` calls on strings: a package of 1,000 view modules is 1,000 calls of this, and
    ``pathlib``'s objects cost as much as the writes.

    Raises:
        EmitError: the file cannot be written (the message names it).
    """
    path = os.fspath(target)
    folder, name = os.path.split(path)
    temp = os.path.join(folder, f".{name}{TEMP_SUFFIX}")
    data = text.encode("utf-8")
    try:
        os.makedirs(folder or ".", exist_ok=True)
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # a leftover of a run that was stopped
            os.unlink(temp)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temp, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise EmitError(f"cannot write {target}: {exc.strerror or exc}") from None


def _remove(target: Path) -> None:
    """Remove a file and the bytecode Python compiled from it."""
    try:
        target.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise EmitError(f"cannot remove {target}: {exc.strerror or exc}") from None
    if target.suffix == ".py":
        cache = target.parent / "__pycache__"
        for compiled in cache.glob(f"{target.stem}.*.pyc") if cache.is_dir() else []:
            with contextlib.suppress(OSError):
                compiled.unlink()


def _prune(root: Path, folders: set[PurePosixPath]) -> None:
    """Remove folders (below ``root``) that removing files left empty, deepest first."""
    todo = set()
    for folder in folders:
        while folder.parts:
            todo.add(folder)
            folder = folder.parent
    for folder in sorted(todo, key=lambda f: len(f.parts), reverse=True):
        path = root / folder
        if path.is_symlink() or not path.is_dir():
            continue
        with contextlib.suppress(OSError):
            (path / "__pycache__").rmdir()
        with contextlib.suppress(OSError):
            path.rmdir()  # only succeeds when empty

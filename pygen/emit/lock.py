"""One writer per output folder at a time.

On Linux and macOS the lock is ``flock`` on the output folder itself: nothing is created, and the
lock goes away with the process, even one that is killed. Where ``flock`` is unavailable (Windows,
some network file systems) it is a file ``.pygen.lock`` in the output folder, created with
``O_EXCL`` and removed afterwards; one left by a killed run must be removed by hand (the message
says so).
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from pygen_runtime.errors import EmitError

__all__ = ["LOCK_FILE", "output_lock"]

LOCK_FILE = ".pygen.lock"
_POLL = 0.1


@contextlib.contextmanager
def output_lock(
    folder: Path,
    *,
    timeout: float = 30.0,
    notify: Callable[[str], None] | None = None,
    use_flock: bool = True,
) -> Iterator[None]:
    """Hold the write lock of ``folder`` (an existing folder) for the ``with`` block.

    Waits up to ``timeout`` seconds for another run to finish, telling ``notify`` once that it
    waits. ``use_flock=False`` takes the lock-file fallback (what platforms without ``flock``
    get).

    Raises:
        EmitError: the lock is still held after ``timeout`` seconds.
    """
    fd = _flock(folder, timeout, notify) if use_flock else None
    if fd is not None:
        try:
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock
        return
    lock_file = _lock_file(folder, timeout, notify)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            lock_file.unlink()


def _busy(folder: Path, timeout: float, hint: str = "") -> EmitError:
    return EmitError(
        f"another pygen run is writing to {folder} (waited {timeout:g} s); "
        f"run again when it has finished{hint}"
    )


def _wait(
    try_once: Callable[[], bool],
    folder: Path,
    timeout: float,
    notify: Callable[[str], None] | None,
) -> bool:
    """Call ``try_once`` until it succeeds or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    told = False
    while not try_once():
        if time.monotonic() >= deadline:
            return False
        if not told and notify is not None:
            notify(f"waiting for another pygen run to finish writing to {folder} ...")
            told = True
        time.sleep(_POLL)
    return True


def _flock(folder: Path, timeout: float, notify: Callable[[str], None] | None) -> int | None:
    """A descriptor of ``folder`` holding an exclusive ``flock``; None where flock cannot be
    used (then the caller falls back to a lock file)."""
    try:
        import fcntl
    except ImportError:  # Windows
        return None
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return None

    def try_once() -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    try:
        acquired = _wait(try_once, folder, timeout, notify)
    except OSError:  # the file system does not support flock
        os.close(fd)
        return None
    if not acquired:
        os.close(fd)
        raise _busy(folder, timeout)
    return fd


def _lock_file(folder: Path, timeout: float, notify: Callable[[str], None] | None) -> Path:
    lock_file = folder / LOCK_FILE

    def try_once() -> bool:
        try:
            fd = os.open(lock_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        except FileExistsError:
            return False
        except OSError as exc:
            raise EmitError(f"cannot create the lock file {lock_file}: {exc.strerror}") from None
        with os.fdopen(fd, "w") as handle:
            handle.write(f"{os.getpid()}\n")
        return True

    if not _wait(try_once, folder, timeout, notify):
        raise _busy(folder, timeout, f" (or, if none is, delete {lock_file})")
    return lock_file

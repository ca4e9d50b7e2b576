"""The generation cache: rendered text by key, on disk, so a run after a small change renders
only what changed.

Where: ``$PYGEN_CACHE`` when set to a folder, else ``$XDG_CACHE_HOME/pygen`` (by default
``~/.cache/pygen``); ``PYGEN_CACHE=off`` disables it. The folder holds pygen's files only
(one per entry, named by its key); deleting it is always safe (the next run renders
everything again). Each entry starts with the SHA-256 of its text: an entry that does not
match (a torn write, a disk error, an edit) is ignored and replaced, never used. Keys are
SHA-256 digests of everything the text is made from (see
:mod:`pygen.lower.python.cache_keys`), so an entry is never stale, only unused.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["CACHE_VARIABLE", "TextCache", "cache_folder", "text_cache"]

CACHE_VARIABLE = "PYGEN_CACHE"
_OFF = frozenset({"off", "0", "no", "false", "none"})


def cache_folder(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The cache folder, or ``None`` when the cache is off."""
    value = environ.get(CACHE_VARIABLE, "").strip()
    if value.lower() in _OFF:
        return None
    if value:
        return Path(value).expanduser()
    base = environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "pygen"


def text_cache(kind: str, environ: Mapping[str, str] = os.environ) -> TextCache | None:
    """The cache's entries of ``kind``, or ``None`` when the cache is off."""
    folder = cache_folder(environ)
    return None if folder is None else TextCache(folder, kind)


class TextCache:
    """Text (or bytes) entries of one kind (``python-views`` ...) below ``folder``.

    Every failure to read or write is a miss: the cache can only save time, never change
    what is generated. Plain ``os`` calls on strings: a run of a 1,000-view model reads or
    writes 1,000 entries, and ``pathlib``'s objects cost as much as the reads."""

    def __init__(self, folder: Path, kind: str) -> None:
        self.folder = folder / kind
        self._root = os.fspath(self.folder)
        self._made: set[str] = set()  # the subfolders this object created or found

    def _path(self, key: str) -> tuple[str, str]:
        folder = f"{self._root}{os.sep}{key[:2]}"
        return folder, f"{folder}{os.sep}{key}"

    def get(self, key: str) -> str | None:
        """The text stored under ``key``, or ``None`` (missing, or failing its check)."""
        checked = self.get_checked(key)
        return None if checked is None else checked[0]

    def get_checked(self, key: str) -> tuple[str, str] | None:
        """The text stored under ``key`` and the SHA-256 (hex) it was checked by, or ``None``
        (missing, or failing its check)."""
        found = self._read(key)
        if found is not None:
            with contextlib.suppress(UnicodeDecodeError):
                return found[0].decode("utf-8"), found[1].decode("ascii")
        return None

    def put(self, key: str, text: str) -> None:
        """Store ``text`` under ``key`` (written to a temporary file, then renamed)."""
        self.put_bytes(key, text.encode("utf-8"))

    def get_bytes(self, key: str) -> bytes | None:
        """The bytes stored under ``key``, or ``None`` (missing, or failing its check; a
        broken entry is removed)."""
        found = self._read(key)
        return None if found is None else found[0]

    def _read(self, key: str) -> tuple[bytes, bytes] | None:
        """The body stored under ``key`` and its SHA-256 (hex), checked."""
        _, path = self._path(key)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        digest, newline, body = data.partition(b"\n")
        if newline and hashlib.sha256(body).hexdigest().encode() == digest:
            return body, digest
        with contextlib.suppress(OSError):
            os.unlink(path)  # broken: never trusted, replaced by the next put
        return None

    def put_bytes(self, key: str, body: bytes) -> None:
        """Store ``body`` under ``key`` (written to a temporary file, then renamed)."""
        folder, path = self._path(key)
        temp = f"{folder}{os.sep}.{key}.{os.getpid()}.tmp"
        try:
            if folder not in self._made:
                os.makedirs(folder, exist_ok=True)
                self._made.add(folder)
            with open(temp, "wb") as handle:
                handle.write(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
            os.replace(temp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)

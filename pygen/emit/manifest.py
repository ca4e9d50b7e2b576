"""The manifest: which files pygen wrote into a folder, with a hash of each.

A file set is written as one or more *units*: a package folder ``<package>/`` (its manifest is
``<package>/.pygen-manifest.json``) or a top-level module ``<package>.py`` (its manifest sits next
to it as ``.<package>.pygen-manifest.json``). Paths in a manifest are relative POSIX paths from
the unit's folder; an entry that is absolute or climbs out with ``..`` is refused, so an edited
manifest cannot make pygen touch anything outside that folder.

While a run writes, the manifest also lists the hashes it is about to write (``pending``): a run
that stops half way leaves files the next run still recognises as pygen's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from pygen_runtime.errors import EmitError

__all__ = [
    "DIGEST_PREFIX",
    "MANIFEST_NAME",
    "Manifest",
    "Unit",
    "digest",
    "dump_manifest",
    "load_manifest",
    "units_of",
]

MANIFEST_NAME = ".pygen-manifest.json"
FORMAT = 1


@dataclass(frozen=True)
class Unit:
    """One generated package folder or top-level module, and where its manifest lives.

    Attributes:
        name: The package name (``example_model`` for ``example_model/`` and ``example_model.py``).
        package: True for a package folder, False for a top-level module.
    """

    name: str
    package: bool

    @cached_property
    def folder(self) -> PurePosixPath:
        """The folder (relative to the output root) the manifest's paths start from."""
        return PurePosixPath(self.name) if self.package else PurePosixPath()

    @property
    def manifest(self) -> PurePosixPath:
        """The manifest's path relative to the output root."""
        if self.package:
            return PurePosixPath(self.name, MANIFEST_NAME)
        return PurePosixPath(f".{self.name}{MANIFEST_NAME}")

    @property
    def other_layout(self) -> Unit:
        """The same package in the other layout (package folder <-> single module)."""
        return Unit(self.name, not self.package)

    def relative(self, path: PurePosixPath) -> PurePosixPath:
        """``path`` (relative to the output root) relative to this unit's folder."""
        return path.relative_to(self.folder) if self.package else path

    def absolute(self, path: PurePosixPath) -> PurePosixPath:
        """``path`` (relative to this unit's folder) relative to the output root."""
        return self.folder / path


def units_of(paths: list[PurePosixPath]) -> dict[Unit, list[PurePosixPath]]:
    """The units of a file set: paths grouped by their package folder or module name."""
    units: dict[Unit, list[PurePosixPath]] = {}
    for path in paths:
        if len(path.parts) > 1:
            unit = Unit(path.parts[0], package=True)
        else:
            unit = Unit(path.name.split(".", 1)[0], package=False)
        units.setdefault(unit, []).append(path)
    return units


DIGEST_PREFIX = "sha256:"
"""What a manifest hash starts with; the SHA-256 in hex follows."""


def digest(data: bytes) -> str:
    """The hash of a file's bytes, ignoring CRLF/LF differences."""
    if b"\r" in data:  # a fast scan; the copy only for files that have CRs
        data = data.replace(b"\r\n", b"\n")
    return DIGEST_PREFIX + hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Manifest:
    """What pygen wrote into one unit.

    Attributes:
        files: Path (relative to the unit's folder) -> hash of what pygen wrote.
        pending: Hashes of an unfinished run (its files may hold either version).
    """

    files: Mapping[PurePosixPath, str] = field(default_factory=dict)
    pending: Mapping[PurePosixPath, str] = field(default_factory=dict)

    def paths(self) -> set[PurePosixPath]:
        """Every path pygen may have written."""
        return set(self.files) | set(self.pending)

    def accepted(self, path: PurePosixPath) -> set[str]:
        """The hashes ``path`` may have and still be exactly what pygen wrote."""
        return {h for h in (self.files.get(path), self.pending.get(path)) if h is not None}


def load_manifest(root: Path, unit: Unit) -> Manifest | None:
    """The unit's manifest, or None when there is none.

    Raises:
        EmitError: the manifest is unreadable, malformed, or names a path outside its folder.
    """
    location = root / unit.manifest
    if location.is_symlink():
        raise EmitError(
            f"{location} is a symlink; pygen does not follow it. Remove it and run again"
        )
    if not location.is_file():
        return None
    fix = (
        "it was edited by hand: delete it and run again "
        "(pygen then adopts the files that carry its header)"
    )
    try:
        document = json.loads(location.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EmitError(f"cannot read the manifest {location}: {exc}; {fix}") from None
    if not isinstance(document, dict):
        raise EmitError(f"the manifest {location} is not a JSON object; {fix}")
    return Manifest(
        files=_entries(document.get("files", {}), location, fix),
        pending=_entries(document.get("pending", {}), location, fix),
    )


def _entries(raw: Any, location: Path, fix: str) -> dict[PurePosixPath, str]:
    if not isinstance(raw, dict):
        raise EmitError(f"the manifest {location} has no 'files' object; {fix}")
    entries = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise EmitError(f"the manifest {location} has a malformed entry {key!r}; {fix}")
        entries[_safe_path(key, location, fix)] = value
    return entries


def _safe_path(text: str, location: Path, fix: str) -> PurePosixPath:
    """A manifest entry as a relative path that stays inside the manifest's folder."""
    path = PurePosixPath(text)
    if (
        not text
        or "\\" in text
        or path.is_absolute()
        or PureWindowsPath(text).drive
        or any(part in ("..", ".") for part in text.split("/"))
        or path.name in ("", MANIFEST_NAME)
    ):
        raise EmitError(
            f"the manifest {location} lists {text!r}, which is not a relative path inside its "
            f"folder; {fix}"
        )
    return path


def dump_manifest(
    files: Mapping[PurePosixPath, str], pending: Mapping[PurePosixPath, str] | None = None
) -> str:
    """The manifest's text: stable (sorted keys), so unchanged output gives unchanged bytes."""
    from pygen import __version__

    document: dict[str, Any] = {
        "format": FORMAT,
        "generator": f"pygen {__version__}",
        "files": {path.as_posix(): files[path] for path in sorted(files)},
    }
    if pending:
        document["pending"] = {path.as_posix(): pending[path] for path in sorted(pending)}
    return json.dumps(document, indent=2) + "\n"

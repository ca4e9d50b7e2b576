"""Artifacts: the generated files as a zip, a gzipped tarball or JSON (path -> text).

Names of artifact files come from the job id and attempt (both pygen's, never the caller's).
Archive entries are the generated paths, each checked: relative, no ``..`` or empty part, no
backslash; every entry is a regular file (no links, no devices). The bytes are deterministic:
fixed timestamps and modes, entries sorted. An artifact is written to a temporary name and
renamed, so a reader never sees half of one.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tarfile
import zipfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from pygen_runtime.errors import EmitError

__all__ = ["EXTENSIONS", "MEDIA_TYPES", "archive_bytes", "checked_entry", "write_artifact"]

EXTENSIONS = {"zip": "zip", "tarball": "tar.gz", "code": "json"}
MEDIA_TYPES = {"zip": "application/zip", "tarball": "application/gzip", "code": "application/json"}
_EPOCH_1980 = (1980, 1, 1, 0, 0, 0)


def checked_entry(path: PurePosixPath | str) -> str:
    """``path`` as an archive entry name, or an :class:`EmitError` when it could escape the
    folder it is unpacked into (or is not a plain relative path: empty, ``.`` or ``//``)."""
    text = str(path)
    parts = text.split("/")
    if not text or "\\" in text or "\x00" in text or any(part in ("..", ".", "") for part in parts):
        raise EmitError(f"refusing archive entry {text!r}: entries are relative paths without ..")
    return text


def archive_bytes(files: Mapping[PurePosixPath, str], output_format: str) -> bytes:
    """The files in ``output_format`` (``zip``, ``tarball`` or ``code``)."""
    entries = sorted((checked_entry(path), text.encode("utf-8")) for path, text in files.items())
    if output_format == "code":
        body = {name: data.decode("utf-8") for name, data in entries}
        return json.dumps({"files": body}, ensure_ascii=False, indent=1).encode("utf-8")
    buffer = io.BytesIO()
    if output_format == "zip":
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=_EPOCH_1980)
                info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
        return buffer.getvalue()
    if output_format == "tarball":
        with (
            gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as compressed,
            tarfile.open(fileobj=compressed, mode="w", format=tarfile.PAX_FORMAT) as archive,
        ):
            for name, data in entries:
                member = tarfile.TarInfo(name)
                member.size = len(data)
                member.mode = 0o644
                member.type = tarfile.REGTYPE
                archive.addfile(member, io.BytesIO(data))
        return buffer.getvalue()
    raise EmitError(f"unknown output format {output_format!r} (zip, tarball or code)")


def write_artifact(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/name`` atomically (a temporary file, then a rename)."""
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / name
    partial = folder / f".{name}.{os.getpid()}.partial"
    with partial.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(final)
    return final

"""Credentials files: read only when no one but the owner can read them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pygen_runtime.errors import ConfigError

__all__ = ["read_secret_file"]


def read_secret_file(path: Path, where: str) -> str:
    """The text of the credentials file ``path``.

    Raises:
        ConfigError: the file is missing, unreadable, or readable or writable by group or
            others (the message gives the ``chmod 600`` fix).
    """
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read credentials file {path} ({exc.strerror})") from None
    if not stat.S_ISREG(mode):
        raise ConfigError(f"{where}: credentials file {path} is not a regular file")
    if os.name != "nt" and mode & 0o077:
        raise ConfigError(
            f"{where}: credentials file {path} is open to group or others "
            f"(mode {stat.S_IMODE(mode):04o}); restrict it to its owner: chmod 600 {path}"
        )
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise ConfigError(f"{where}: cannot read credentials file {path} ({reason})") from None

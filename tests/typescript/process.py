"""Running the TypeScript toolchain (tsc, prettier, node) from the tests."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path


def run(
    command: Sequence[str | Path],
    cwd: Path,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 180,
) -> subprocess.CompletedProcess[str]:
    """``command`` run in ``cwd``, its output captured as text; never raises on its status."""
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )

"""Running ``pygen generate`` of some pygen source tree as a process, and what it cost: shared
by the benchmarks that compare trees (``bench_cold``, ``bench_lazy``, ``bench_regen``)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

__all__ = ["generate_cpu", "tree_path"]


def tree_path(source: Path | None) -> list[Path]:
    """The import path of a pygen source tree: the tree, and its runtime's sources when the
    runtime is a distribution of its own (``runtime/src``), so the tree's SDKs import its own
    runtime rather than the one installed with this tree (none for this tree itself)."""
    if source is None:
        return []
    return [source, *[p for p in [source / "runtime" / "src"] if p.is_dir()]]


def generate_cpu(
    model: Path,
    out: Path,
    source: Path | None,
    cache: str,
    workers: int | None = None,
    language: str | None = None,
) -> float:
    """CPU seconds (user + system, with its worker processes) of one ``pygen generate -q -f
    model -o out`` (``-l language`` when given) by the tree ``source`` (``None``: this one)
    with ``PYGEN_CACHE=cache``: wall time on a shared machine measures the neighbours."""
    env = dict(os.environ, PYGEN_CACHE=cache)
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join(map(str, tree_path(source)))
    command = [
        sys.executable, "-c", "import sys; from pygen.cli import main; sys.exit(main())",
        "generate", "-q", "-f", str(model), "-o", str(out),
        *(["--workers", str(workers)] if workers else []),
        *(["-l", language] if language else []),
    ]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=model.parent, env=env, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)

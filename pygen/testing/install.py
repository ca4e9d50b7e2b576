"""Installing a generated SDK the way a user does: a fresh virtual environment, the runtime's
wheel, and ``pip install <the SDK folder>`` — no generator. Used by the standalone-install test
and ``benchmarks/bench_install_footprint.py``.

Wheels are resolved from local folders only (``--no-index``): the runtime's wheel built from
``runtime/``, and the wheels of its dependencies that :func:`download_dependencies` fetched once
through pip (its cache makes later runs fast). So no other ``cdf-pygen-runtime`` can be picked up
from an index.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

__all__ = [
    "RUNTIME_DEPENDENCIES",
    "build_wheel",
    "download_dependencies",
    "fresh_venv",
    "installed_distributions",
    "pip",
    "site_packages_bytes",
]

RUNTIME_DEPENDENCIES = ("httpx>=0.27", "pydantic>=2.6", "typing_extensions>=4.7")
"""What ``cdf-pygen-runtime`` needs (runtime/pyproject.toml), plus nothing else."""

_BUILD_TOOLS = ("setuptools>=77", "wheel")


def pip(python: Path, *args: str | Path, quiet: bool = True) -> str:
    """Run ``python -m pip`` (quietly); its output, or a ``RuntimeError`` with it."""
    flags = ["--disable-pip-version-check", *(["--quiet"] if quiet else [])]
    command = [str(python), "-m", "pip", *flags, *map(str, args)]
    env = {**os.environ, "PIP_NO_INPUT": "1"}
    env.pop("PYTHONPATH", None)
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def fresh_venv(folder: Path) -> Path:
    """A new virtual environment (with pip, nothing else installed); its python."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, capture_output=True)
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    return python


def build_wheel(project: Path, dest: Path) -> Path:
    """Build ``project``'s wheel into ``dest`` with this interpreter's pip; the wheel's path."""
    before = set(dest.glob("*.whl")) if dest.is_dir() else set()
    pip(Path(sys.executable), "wheel", "--no-deps", "--wheel-dir", dest, project)
    built = sorted(set(dest.glob("*.whl")) - before) or sorted(dest.glob("*.whl"))
    return built[-1]


def download_dependencies(dest: Path, *requirements: str) -> Path:
    """Download the wheels of ``requirements`` (default: the runtime's dependencies and the
    build tools a generated SDK's ``pyproject.toml`` needs) into ``dest``."""
    wanted = requirements or (*RUNTIME_DEPENDENCIES, *_BUILD_TOOLS)
    pip(Path(sys.executable), "download", "--only-binary", ":all:", "--dest", dest, *wanted)
    return dest


def installed_distributions(python: Path) -> dict[str, str]:
    """Distribution name -> version of everything installed in ``python``'s environment
    (pip itself and setuptools left out)."""
    listed = json.loads(pip(python, "list", "--format", "json", quiet=False))
    skip = {"pip", "setuptools", "wheel"}
    return {item["name"]: item["version"] for item in listed if item["name"].lower() not in skip}


def site_packages_bytes(python: Path, exclude: tuple[str, ...] = ("pip", "setuptools")) -> int:
    """Bytes on disk of the environment's site-packages, without ``exclude`` (and their
    ``.dist-info``)."""
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(
        subprocess.run(
            [str(python), "-c", code], check=True, capture_output=True, text=True
        ).stdout.strip()
    )
    total = 0
    for entry in site.iterdir():
        if entry.name.split("-")[0].lower() in exclude or entry.name.startswith("_distutils"):
            continue
        files = [entry] if entry.is_file() else [p for p in entry.rglob("*") if p.is_file()]
        total += sum(p.stat().st_size for p in files)
    return total

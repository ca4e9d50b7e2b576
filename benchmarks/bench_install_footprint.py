"""Install footprint of a generated SDK with its runtime, next to full pygen, in fresh venvs.

    .venv/bin/python benchmarks/bench_install_footprint.py

Builds the wheels of ``runtime/`` (cdf-pygen-runtime) and of the repository (cdf-pygen), then
installs into two fresh virtual environments from local wheel folders only:

- the example model's generated SDK (``pip install <the SDK folder>``: its ``pyproject.toml``
  pulls in cdf-pygen-runtime, httpx, pydantic, typing_extensions);
- cdf-pygen (the generator, with the runtime it pins).

Prints the number of distributions installed (pip, setuptools and wheel left out) and the MB of
site-packages (the same left out), with the ratio, measured in the same run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from pygen.api import generate
from pygen.config import GeneratorConfig
from pygen.testing.install import (
    build_wheel,
    download_dependencies,
    fresh_venv,
    installed_distributions,
    pip,
    site_packages_bytes,
)

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "pygen" / "examples" / "example_model.yaml"


def footprint(python: Path) -> tuple[int, float]:
    """(distributions, MB of site-packages) of an environment."""
    return len(installed_distributions(python)), site_packages_bytes(python) / 1e6


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        wheels = work / "wheels"
        print("building wheels and downloading dependencies ...", file=sys.stderr)
        build_wheel(ROOT / "runtime", wheels)
        build_wheel(ROOT, wheels)
        # every dependency of cdf-pygen (the SDK's are a subset)
        pip(Path(sys.executable), "download", "--dest", wheels, "--find-links", wheels, ROOT)
        download_dependencies(wheels)

        sdk = work / "sdk"
        generate(EXAMPLE, sdk, GeneratorConfig())
        sdk_python = fresh_venv(work / "venv-sdk")
        pip(sdk_python, "install", "--no-index", "--find-links", wheels, sdk)
        full_python = fresh_venv(work / "venv-pygen")
        pip(full_python, "install", "--no-index", "--find-links", wheels, "cdf-pygen")

        rows = [("generated SDK + cdf-pygen-runtime", *footprint(sdk_python))]
        rows.append(("cdf-pygen (generator + runtime)", *footprint(full_python)))
        (_, sdk_count, sdk_mb), (_, full_count, full_mb) = rows
        print(f"{'environment':<36} {'packages':>8} {'MB':>8}")
        for name, count, mb in rows:
            print(f"{name:<36} {count:>8} {mb:>8.1f}")
        print(f"{'SDK / full pygen':<36} {sdk_count / full_count:>8.2f} {sdk_mb / full_mb:>8.2f}")


if __name__ == "__main__":
    main()

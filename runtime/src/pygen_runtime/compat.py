"""The check a generated SDK makes when it is imported: is this runtime one it was made for?

Every generated SDK records the range of ``cdf-pygen-runtime`` versions it was generated for
(``__runtime_versions__ = ("0.1.0", "0.2")``: at least the first, below the second; the same range
its ``pyproject.toml`` requires) and calls :func:`require_runtime` with it before it imports
anything else from the runtime. Outside the range the import fails with one message saying what
to install.
"""

from __future__ import annotations

import re

from pygen_runtime.errors import RuntimeVersionError

__all__ = ["DISTRIBUTION", "release", "require_runtime"]

DISTRIBUTION = "cdf-pygen-runtime"
"""The runtime's distribution name (what ``pip install`` takes)."""

_RELEASE = re.compile(r"\d+(?:\.\d+)*")


def release(version: str) -> tuple[int, ...]:
    """The release numbers of a version (``"0.1.0.dev2"`` -> ``(0, 1, 0)``), without trailing zeros.

    Raises:
        ValueError: ``version`` does not start with a release number.
    """
    match = _RELEASE.match(version)
    if match is None:
        raise ValueError(f"not a release version: {version!r}")
    numbers = [int(part) for part in match.group(0).split(".")]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def require_runtime(versions: tuple[str, str], sdk: str, installed: str | None = None) -> None:
    """Raise unless the installed runtime is at least ``versions[0]`` and below ``versions[1]``.

    Args:
        versions: The SDK's ``__runtime_versions__``.
        sdk: The SDK's package name, for the message.
        installed: The runtime version to check (default: this runtime's ``__version__``).

    Raises:
        RuntimeVersionError: the runtime is older or newer than the SDK's range.
    """
    from pygen_runtime import __version__

    current = installed if installed is not None else __version__
    lowest, below = versions
    wanted = f"{DISTRIBUTION}>={lowest},<{below}"
    if release(current) < release(lowest):
        raise RuntimeVersionError(
            f"{sdk} was generated for {wanted}, but {DISTRIBUTION} {current} is installed: "
            f"upgrade the runtime (pip install '{wanted}')"
        )
    if release(current) >= release(below):
        raise RuntimeVersionError(
            f"{sdk} was generated for {wanted}, but {DISTRIBUTION} {current} is installed: "
            f"regenerate the SDK with the cdf-pygen that goes with runtime {current}, or install "
            f"a runtime it was made for (pip install '{wanted}')"
        )

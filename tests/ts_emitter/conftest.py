"""Fixtures for ts_emitter tests: the pinned TypeScript compiler and prettier from npm.

The tools come from ``npm ci`` in the repository root (``package.json`` / ``package-lock.json``).
When they are missing the tests fail, naming the fix; they never skip.
"""

from __future__ import annotations

import pytest

from ._ts_tools import BIN, REPO, NodeTools


@pytest.fixture(scope="session")
def node_tools() -> NodeTools:
    """The pinned tools; fails (never skips) when ``npm ci`` has not been run."""
    tsc, prettier = BIN / "tsc", BIN / "prettier"
    missing = [p.name for p in (tsc, prettier) if not p.exists()]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not found in {BIN}: run `npm ci` in {REPO} "
            "(TypeScript and prettier are pinned in package.json / package-lock.json)",
            pytrace=False,
        )
    return NodeTools(tsc=tsc, prettier=prettier)

"""Options shared by the whole suite."""

from __future__ import annotations

import os

import pytest

# the suite never writes to the user's generation cache (~/.cache/pygen); the tests of the
# cache (tests/unit/generator/test_incremental.py) point PYGEN_CACHE at a folder of their own
os.environ["PYGEN_CACHE"] = "off"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite golden/<fixture>/python from the generator instead of comparing.",
    )

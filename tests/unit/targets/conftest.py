"""The fake target, registered for one test at a time."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pygen.targets import register_target, unregister_target

from .fake_target import FakeTarget


@pytest.fixture
def fake() -> Iterator[FakeTarget]:
    target = FakeTarget()
    register_target(target)
    try:
        yield target
    finally:
        unregister_target(target.name)

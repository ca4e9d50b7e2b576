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


@pytest.fixture
def python_and_fake(fake: FakeTarget, monkeypatch: pytest.MonkeyPatch) -> FakeTarget:
    """``all`` is exactly python and fake, whichever other targets this pygen has."""
    from pygen import targets

    monkeypatch.setattr(targets, "_MODULES", {"python": targets._MODULES["python"]})
    assert targets.resolve_languages("all") == ("python", "fake")
    return fake

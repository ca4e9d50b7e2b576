"""Fixtures shared by the generator's unit tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """One entry per run that validated and built the whole IR (a miss of the model cache)."""
    import pygen.ir.build

    seen: list[str] = []
    real = pygen.ir.build.build_ir_parts

    def spy(model, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(model.external_id)
        return real(model, **kwargs)

    monkeypatch.setattr(pygen.ir.build, "build_ir_parts", spy)
    return seen

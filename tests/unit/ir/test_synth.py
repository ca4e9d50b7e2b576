"""The synthetic model used by benchmarks is valid and shaped as documented."""

from __future__ import annotations

import pytest

from pygen.ir import build_ir
from pygen.testing import synthesize_document, synthesize_model


def test_synthetic_model_is_valid_and_generatable() -> None:
    data_model = synthesize_model(60)

    ir, result = build_ir(data_model)

    assert result.codes == ("PYG013",)  # the edge-properties view
    assert len(ir.classes) == 60
    entities = [cls for cls in ir.classes if cls.view.external_id.startswith("Entity")]
    sizes = [
        len({*(p.id for p in c.properties), *(r.id for r in c.relationships)}) for c in entities
    ]
    assert min(sizes) == 16 and max(sizes) == 17
    for cls in entities:
        kinds = sorted(rel.kind for rel in cls.relationships)
        assert kinds.count("direct") == 2 and kinds.count("edge") == 1
        assert len(cls.parents) == 1
    assert any(rel.edge_class is not None for cls in entities for rel in cls.relationships)


def test_synthesis_is_deterministic_and_seeded() -> None:
    assert synthesize_document(40) == synthesize_document(40)
    assert synthesize_document(40, seed=1) != synthesize_document(40)


def test_too_small() -> None:
    with pytest.raises(ValueError, match="at least"):
        synthesize_document(5)

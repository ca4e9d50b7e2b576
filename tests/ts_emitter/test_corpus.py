"""The realistic corpus type-checks with ``tsc --strict`` and is prettier-clean."""

from __future__ import annotations

from pathlib import Path

from ._ts_corpus import corpus
from ._ts_tools import NodeTools


def test_corpus_typechecks_and_is_prettier_clean(tmp_path: Path, node_tools: NodeTools) -> None:
    node_tools.check(tmp_path, corpus())


def test_corpus_is_deterministic() -> None:
    assert corpus() == corpus()

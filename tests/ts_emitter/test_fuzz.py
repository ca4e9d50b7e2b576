"""Random trees (hypothesis) must print text that ``tsc --strict`` accepts and that
``prettier --check`` leaves alone. Examples are collected first, then the tools run once."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ts_emitter import nodes as n
from ts_emitter import print_file

from ._ts_strategies import code_files, declaration_files
from ._ts_tools import NodeTools

EXAMPLES = int(os.environ.get("TS_EMITTER_FUZZ_EXAMPLES", "60"))
RANDOMIZE = os.environ.get("TS_EMITTER_FUZZ_RANDOM") == "1"


def _collect(strategy: st.SearchStrategy[n.SourceFile], count: int) -> dict[str, str]:
    files: dict[str, str] = {}

    @settings(
        max_examples=count,
        deadline=None,
        derandomize=not RANDOMIZE,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(tree: n.SourceFile) -> None:
        text = print_file(tree)
        assert text.endswith("\n") and not text.endswith("\n\n")
        assert "\r" not in text
        assert print_file(tree) == text  # deterministic
        files[f"f{len(files):03}.ts"] = text

    collect()
    return files


def test_random_declarations_typecheck_and_are_prettier_clean(
    tmp_path: Path, node_tools: NodeTools
) -> None:
    files = _collect(declaration_files(), EXAMPLES)
    node_tools.check(tmp_path, files)


def test_random_code_typechecks_and_is_prettier_clean(
    tmp_path: Path, node_tools: NodeTools
) -> None:
    files = _collect(code_files(), EXAMPLES)
    node_tools.check(tmp_path, files)

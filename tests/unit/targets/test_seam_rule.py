"""The seam rule: ``pygen/api.py`` dispatches through the registry and names no language."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from pygen.targets import target_names

API = Path(__file__).resolve().parents[3] / "pygen" / "api.py"

# what only one language's target may know: its name, its syntax-tree library, its formatter
LANGUAGE_WORDS = (*target_names(), "libcst", "ts_emitter", "black", "prettier")


def test_api_names_no_language() -> None:
    text = API.read_text(encoding="utf-8")
    found = {
        word
        for word in LANGUAGE_WORDS
        if re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", text, re.IGNORECASE)
    }
    assert not found, f"pygen/api.py names {sorted(found)}: dispatch through pygen.targets"


def test_api_imports_no_lowering_and_compares_no_language() -> None:
    tree = ast.parse(API.read_text(encoding="utf-8"))
    imported = {
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not {m for m in imported if m.startswith(("pygen.lower", "pygen.targets."))}
    for node in ast.walk(tree):  # no `if language == "...":` however spelled
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            literal = any(
                isinstance(n, ast.Constant) and isinstance(n.value, str)
                for operand in operands
                for n in ast.walk(operand)
            )
            names = {
                n.id if isinstance(n, ast.Name) else getattr(n, "attr", "") for n in ast.walk(node)
            }
            assert not (literal and names & {"language", "name"}), ast.unparse(node)

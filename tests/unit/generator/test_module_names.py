"""Every name a generated module imports is one the name plan keeps free.

The plan pre-claims ``PYTHON.module_names`` in the module-level scope; a lowering that starts
importing a new name must add it there, or a view could be named like it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from pygen.naming import PYTHON

GOLDEN = Path(__file__).resolve().parents[3] / "golden"


def test_imported_names_are_reserved_in_the_module_scope() -> None:
    imported: set[str] = set()
    files = sorted(GOLDEN.glob("*/python/**/*.py"))
    assert files
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.update(alias.asname or alias.name for alias in node.names)
    assert imported, "no imports found"
    assert imported <= PYTHON.module_names, sorted(imported - PYTHON.module_names)

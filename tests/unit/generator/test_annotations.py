"""Generated data classes evaluate annotations at import; only forward references are strings."""

from __future__ import annotations

import ast
from pathlib import Path

from pygen.api import build_ast, render
from pygen.ir import build_ir
from pygen.model_file import load_data_model

EXAMPLE = Path(__file__).resolve().parents[3] / "pygen" / "examples" / "example_model.yaml"


def _annotations(text: str) -> dict[tuple[str, str], ast.expr]:
    found = {}
    for node in ast.parse(text).body:
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    found[(node.name, item.target.id)] = item.annotation
    return found


def _files() -> dict[str, str]:
    ir, _ = build_ir(load_data_model(EXAMPLE))
    return {str(path): text for path, text in render(build_ast(ir)).files.items()}


def test_only_forward_references_are_strings() -> None:
    files = _files()
    equipment = next(text for path, text in files.items() if path.endswith("equipment.py"))
    annotations = _annotations(equipment)
    strings = {key for key, value in annotations.items() if isinstance(value, ast.Constant)}
    # each view is a module of its own: a relation names a class of another module (Site,
    # Connection: bound on first use) or the class itself (EquipmentWrite.parts), so those
    # are strings; everything else is evaluated at import
    assert strings == {
        ("EquipmentWrite", "site"),
        ("EquipmentWrite", "parts"),
        ("EquipmentWrite", "connected_to"),
        ("Equipment", "site"),
        ("Equipment", "parts"),
        ("Equipment", "connected_to"),
    }
    assert isinstance(annotations[("Equipment", "status")], ast.BinOp)
    assert isinstance(annotations[("EquipmentWrite", "name")], ast.Name)
    for path, text in files.items():
        future = "from __future__ import annotations" in text
        assert future == path.endswith("client.py"), path

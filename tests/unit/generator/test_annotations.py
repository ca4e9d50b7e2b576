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
    data_classes = next(text for path, text in files.items() if path.endswith("data_classes.py"))
    annotations = _annotations(data_classes)
    strings = {key for key, value in annotations.items() if isinstance(value, ast.Constant)}
    # SiteWrite comes after EquipmentWrite: a forward reference; EquipmentWrite.parts and
    # .connected_to name EquipmentWrite itself; WorkOrderWrite comes after both, so its
    # relations to them are plain annotations. The read class Equipment likewise names Site
    # (later) and itself in ``Expandable[...]`` relations
    assert strings == {
        ("EquipmentWrite", "site"),
        ("EquipmentWrite", "parts"),
        ("EquipmentWrite", "connected_to"),
        ("Equipment", "site"),
        ("Equipment", "parts"),
    }
    assert isinstance(annotations[("WorkOrderWrite", "site")], ast.BinOp)
    assert isinstance(annotations[("WorkOrderWrite", "assets")], ast.BinOp)
    for path, text in files.items():
        future = "from __future__ import annotations" in text
        assert future == path.endswith("client.py"), path

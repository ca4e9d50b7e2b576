"""The fast renderer writes exactly what libcst's ``Module.code`` writes."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from pygen.api import build_ast
from pygen.ir import build_ir
from pygen.lower.python.render import render_module
from pygen.model_file import load_data_model
from pygen.testing import synthesize_model

ROOT = Path(__file__).resolve().parents[3]
MODELS = [
    ROOT / "pygen" / "examples" / "example_model.yaml",
    *sorted(
        p for p in (ROOT / "tests" / "data" / "models").glob("*.yaml") if ".nodes" not in p.name
    ),
]


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.stem)
def test_same_text_as_libcst_for_every_fixture(path: Path) -> None:
    ir, _ = build_ir(load_data_model(path))
    for relative, module in build_ast(ir).items():
        assert render_module(module, strict=True) == module.code, relative


def test_same_text_for_a_synthetic_model() -> None:
    ir, _ = build_ir(synthesize_model(views=20))
    for module in build_ast(ir).values():
        assert render_module(module, strict=True) == module.code


def test_other_nodes_fall_back_to_libcst() -> None:
    module = cst.Module(
        body=[cst.SimpleStatementLine([cst.Expr(cst.Lambda(cst.Parameters(), cst.Integer("1")))])]
    )
    assert render_module(module) == module.code == "lambda: 1\n"
    with pytest.raises(TypeError, match="Lambda"):
        render_module(module, strict=True)

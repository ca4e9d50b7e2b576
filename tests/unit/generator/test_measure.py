"""Measured texts (``pygen.lower.python.measure``): what the layout learns about a node on one
line is exactly what the renderer would write, and the renderer writes from it."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from pygen.ir import build_ir
from pygen.lower.python import _cst, measure
from pygen.lower.python.context import Context, PythonSettings
from pygen.lower.python.render import render_module, render_node
from pygen.lower.python.views import lower_view, view_modules
from pygen.model_file import load_data_model
from pygen.testing import synthesize_model

ROOT = Path(__file__).resolve().parents[3]
MODELS = [ROOT / "pygen" / "examples" / "example_model.yaml", ROOT / "tests" / "data" / "models"]


def _models() -> list[Path]:
    example, folder = MODELS
    return [example, *sorted(p for p in folder.glob("*.yaml") if ".nodes" not in p.name)]


def _view_modules(path: Path | None) -> list[cst.Module]:
    """Every view module of a model, lowered with the measurements kept (as the chunked
    renderer renders them)."""
    ir, _ = build_ir(load_data_model(path) if path else synthesize_model(views=13))
    ctx = Context(ir, PythonSettings(package="pkg", client_name="PkgClient"))
    modules = view_modules(ir)
    return [lower_view(ctx, cls, modules) for cls in ir.classes]


@pytest.fixture(autouse=True)
def _fresh() -> object:
    _cst.clear_caches()
    yield
    _cst.clear_caches()


@pytest.mark.parametrize("path", [*_models(), None], ids=lambda p: p.stem if p else "synthetic")
def test_every_measured_text_is_what_the_renderer_writes(path: Path | None) -> None:
    _view_modules(path)
    entries = list(measure._MEASURED.values())
    texts = [(node, size, text) for node, size, text in entries if text is not None]
    assert len(texts) > len(entries) / 2  # most measured nodes are one plain line
    for node, size, text in texts:
        if isinstance(node, cst.Arg):  # an argument's text leaves its comma to the call
            assert render_node(node.with_changes(comma=cst.MaybeSentinel.DEFAULT)) == text
        elif isinstance(node, cst.Param):  # and a parameter's to the parameters
            alone = cst.Parameters([node.with_changes(comma=cst.MaybeSentinel.DEFAULT)])
            assert render_node(alone) == text
        else:
            assert render_node(node) == text
        assert size == len(text)


@pytest.mark.parametrize("path", [_models()[0], None], ids=["example", "synthetic"])
def test_rendering_from_measured_texts_writes_libcsts_text(path: Path | None) -> None:
    for module in _view_modules(path):
        assert render_module(module, strict=True) == module.code


def test_the_renderer_writes_a_measured_node_from_its_text() -> None:
    call = _cst.call("function", _cst.name("argument"))
    statement = _cst.fit(_cst.return_(call), _cst.Layout())
    assert measure.width(call) == len("function(argument)")
    # a stand-in text shows where the renderer took the text from
    measure._MEASURED[id(call)] = (call, 18, "stand_in(argument)")
    assert _cst.code(_cst.expr_stmt(call)) == "stand_in(argument)\n"
    small = statement.body[0]
    measure._MEASURED[id(small)] = (small, 25, "return stand_in(argument)")
    assert render_module(_cst.module([statement])) == "return stand_in(argument)\n"


def test_a_node_that_is_not_one_plain_line_has_no_text_and_its_one_line_width() -> None:
    call = _cst.call("function", *[_cst.name(f"argument_{i}") for i in range(8)])
    statement = _cst.expr_stmt(call)
    laid_out = _cst.fit(statement, _cst.Layout(width=40))
    exploded = laid_out.body[0].value  # type: ignore[attr-defined]
    assert measure.line_text(call) == _cst.code(call)
    assert measure.width(exploded) == len(_cst.code(call))
    assert measure.line_text(exploded) is None
    assert "\n" in render_module(_cst.module([laid_out]))


def test_unusual_spacing_is_rendered_not_remembered() -> None:
    spaced = cst.Call(
        func=cst.Name("f"),
        args=[cst.Arg(cst.Name("x"))],
        whitespace_before_args=cst.SimpleWhitespace(" "),
    )
    assert measure.width(spaced) == 4  # the one-line formula, as before texts
    assert measure.line_text(spaced) is None
    assert render_node(spaced) == "f( x)"

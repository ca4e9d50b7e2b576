"""Lowering on several processes gives byte-for-byte the single-process output."""

from __future__ import annotations

from pathlib import Path

import pytest

from pygen import load_data_model
from pygen.ir import build_ir
from pygen.lower.python import parallel
from pygen.lower.python.build import build_ast
from pygen.lower.python.context import PythonSettings
from pygen.lower.python.parallel import MIN_CLASSES, render_files
from pygen.lower.python.render import render_module
from pygen.testing import synthesize_model

OMNI = Path(__file__).resolve().parents[1] / "data" / "models" / "Omni.yaml"


def test_chunks_render_what_the_whole_trees_render() -> None:
    """Two workers, and one (chunks one after the other in this process, more than one chunk
    per file), give exactly the text of the whole model's trees."""
    ir, _ = build_ir(synthesize_model(views=MIN_CLASSES + 5))
    settings = PythonSettings(package="synth", client_name="SynthClient", pygen_version="1")

    whole = {path: render_module(module) for path, module in build_ast(ir, settings).items()}
    for workers in (1, 2):
        chunked = render_files(ir, settings, workers=workers)
        assert sorted(chunked) == sorted(whole)
        for path, text in whole.items():
            assert chunked[path] == text, (workers, path)


def test_forward_references_across_chunks_match(monkeypatch: pytest.MonkeyPatch) -> None:
    """Omni's edge accessors and query hops name API and query classes of other views: whether
    one is a forward reference (a string) must not depend on which chunk built the view."""
    monkeypatch.setattr(parallel, "MIN_CLASSES", 2)
    ir, _ = build_ir(load_data_model(OMNI))
    settings = PythonSettings(package="omni", client_name="OmniClient", pygen_version="1")
    single = render_files(ir, settings, workers=1)
    parallel_texts = render_files(ir, settings, workers=2)
    for path, text in single.items():
        assert parallel_texts[path] == text, path

"""Lowering on several processes gives byte-for-byte the single-process output."""

from __future__ import annotations

from pygen.ir import build_ir
from pygen.lower.python.context import PythonSettings
from pygen.lower.python.parallel import MIN_CLASSES, render_files
from pygen.testing import synthesize_model


def test_two_workers_render_what_one_renders() -> None:
    ir, _ = build_ir(synthesize_model(views=MIN_CLASSES + 5))
    settings = PythonSettings(package="synth", client_name="SynthClient", pygen_version="1")

    single = render_files(ir, settings, workers=1)
    parallel = render_files(ir, settings, workers=2)

    assert sorted(single) == sorted(parallel)
    for path, text in single.items():
        assert parallel[path] == text, path

"""What generation keeps alive while the targets lower: not the DMS models, and (Python) no
cached nodes once a chunk is rendered."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from pygen.api import generate
from pygen.config import GeneratorConfig
from pygen.emit import FileSet
from pygen.ir import IRModel, build_ir
from pygen.lower.python import _cst, measure
from pygen.lower.python.context import PythonSettings
from pygen.lower.python.parallel import MIN_CLASSES, render_files
from pygen.testing import synthesize_model
from pygen.testing.models import mapped, model, view
from pygen_runtime.client.models import View

from .fake_target import FakeTarget

SPACE = "memory_probe"


def _live_views() -> list[View]:
    return [o for o in gc.get_objects() if isinstance(o, View) and o.space == SPACE]


def test_the_dms_models_are_dropped_before_the_targets_lower(
    tmp_path: Path, fake: FakeTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model(view("Pump", {"x": mapped()}), space=SPACE)))
    seen: list[int] = []
    lower = fake.generate_files

    def probe(ir: IRModel, config: GeneratorConfig, timings: dict[str, float]) -> FileSet:
        seen.append(len(_live_views()))
        return lower(ir, config, timings)

    monkeypatch.setattr(fake, "generate_files", probe)
    result = generate(path, None, GeneratorConfig(language="fake"))

    assert seen == [0]  # the views were loaded, validated and turned into IR, then let go
    assert result.classes == 1 and result.validation.filtered_model is None


def test_the_chunked_python_renderer_keeps_no_nodes_cached() -> None:
    ir, _ = build_ir(synthesize_model(views=MIN_CLASSES + 1))
    settings = PythonSettings(package="synth", client_name="SynthClient", pygen_version="1")

    render_files(ir, settings, workers=1)

    cached = {
        name: value.cache_info().currsize
        for name, value in vars(_cst).items()
        if hasattr(value, "cache_info")
        and not isinstance(value, type)
        and value.cache_info().currsize
    }
    assert cached == {}
    assert not measure._MEASURED


def test_the_typescript_printer_leaves_no_cycles_behind_with_the_collector_paused() -> None:
    from pygen.lower.typescript.context import TypeScriptSettings
    from pygen.lower.typescript.parallel import MIN_VIEWS, render_parallel
    from pygen_runtime._gc import gc_paused

    ir, _ = build_ir(synthesize_model(views=MIN_VIEWS + 1))
    settings = TypeScriptSettings(pygen_version="1", split_views=1)  # a file per view
    gc.collect()
    with gc_paused():
        files = render_parallel(ir, settings, workers=1)
        left = gc.collect()  # what the paused collector would have kept until the end

    assert files is not None and len(files) > MIN_VIEWS
    assert left < 1_000  # without the per-file collection: ~30,000 printer objects

"""The TypeScript per-view files printed as they are built, on one or several processes, are
byte-for-byte what ``render_files(build_ast(...))`` prints."""

from __future__ import annotations

from pathlib import PurePosixPath

from pygen.config import GeneratorConfig
from pygen.ir import build_ir
from pygen.lower.typescript import build_ast, render_files
from pygen.lower.typescript.context import TypeScriptSettings
from pygen.lower.typescript.parallel import MIN_VIEWS, render_parallel
from pygen.targets.typescript import TARGET
from pygen.testing import synthesize_model

SETTINGS = TypeScriptSettings(pygen_version="1", split_views=10)


def test_workers_print_what_build_ast_and_render_files_print() -> None:
    ir, _ = build_ir(synthesize_model(views=MIN_VIEWS + 5, base_views=3))
    expected = render_files(build_ast(ir, SETTINGS), ir, SETTINGS)
    assert PurePosixPath("src/dataClasses/entity00000.ts") in expected

    for workers in (1, 2):
        printed = render_parallel(ir, SETTINGS, workers)
        assert printed is not None
        assert sorted(printed) == sorted(expected)
        for path, text in expected.items():
            assert printed[path] == text, (workers, path)


def test_one_file_layout_is_left_to_build_ast_and_render_files() -> None:
    ir, _ = build_ir(synthesize_model(views=5, base_views=1))
    assert render_parallel(ir, TypeScriptSettings(split_views=None), 2) is None
    assert render_parallel(ir, TypeScriptSettings(split_views=10), 2) is None


def test_target_generates_the_same_files_on_any_number_of_workers() -> None:
    ir, _ = build_ir(synthesize_model(views=MIN_VIEWS + 200, base_views=5))
    timings: dict[str, float] = {}
    one = TARGET.generate_files(ir, GeneratorConfig(workers=1), timings)
    two = TARGET.generate_files(ir, GeneratorConfig(workers=2), timings)
    assert "build_ast+render" in timings
    trees = TARGET.build_ast(ir, GeneratorConfig())
    serial = TARGET.render(trees, ir, GeneratorConfig())
    assert dict(one.files) == dict(serial.files) == dict(two.files)
    assert any(path.parts[-2] == "api" for path in two.files)

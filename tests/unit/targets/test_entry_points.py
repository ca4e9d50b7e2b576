"""The programmatic entry points (``pygen.build_ast`` ...) and validation per target language."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path, PurePosixPath

import libcst
import pytest
from typer.testing import CliRunner

import pygen
from pygen.cli.app import app
from pygen.emit import FileSet
from pygen.targets import SyntaxTrees
from pygen_runtime.errors import ConfigError, ParseError, ValidationError

from .fake_target import FakeTarget, FakeTree

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "pygen" / "examples" / "example_model.yaml"
runner = CliRunner()

ENTRY_POINTS = (
    "generate",
    "build_ast",
    "render",
    "build_ir",
    "validate",
    "load_data_model",
    "GeneratorConfig",
    "PygenClient",
)


def test_pygen_exports_the_entry_points() -> None:
    from pygen import api, config
    from pygen_runtime import client

    for name in ENTRY_POINTS:
        assert name in pygen.__all__
    assert pygen.build_ast is api.build_ast and pygen.render is api.render
    assert pygen.generate is api.generate and pygen.validate is api.validate
    assert pygen.build_ir is api.build_ir
    assert pygen.GeneratorConfig is config.GeneratorConfig
    assert pygen.PygenClient is client.PygenClient
    for name in pygen.__all__:
        getattr(pygen, name)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        pygen.nope  # noqa: B018


def test_import_pygen_stays_light() -> None:
    code = (
        "import sys, pygen\n"
        "heavy = [m for m in ('pygen.api', 'pydantic', 'libcst', 'pygen.targets') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_build_ast_returns_libcst_modules_for_python() -> None:
    ir, validation = pygen.build_ir(EXAMPLE)
    assert validation.is_valid and ir.metadata.languages == ("python",)
    trees = pygen.build_ast(ir)
    assert isinstance(trees, SyntaxTrees) and trees.language == "python" and trees.ir is ir
    assert PurePosixPath("example_model/views/site.py") in trees
    assert all(isinstance(module, libcst.Module) for module in trees.values())
    files = pygen.render(trees)
    assert isinstance(files, FileSet)
    assert files.files == pygen.generate(EXAMPLE).file_set.files


def test_custom_codegen_transforms_the_trees_in_place() -> None:
    ir, _ = pygen.build_ir(EXAMPLE)
    trees = pygen.build_ast(ir)
    assert isinstance(trees, SyntaxTrees)
    path = PurePosixPath("example_model/client.py")
    trees[path] = trees[path].with_changes(
        footer=[libcst.EmptyLine(comment=libcst.Comment("# mine"))]
    )
    files = pygen.render(trees)
    assert isinstance(files, FileSet)
    assert files.files[path].endswith("# mine\n")


def test_several_languages_give_a_mapping_by_language(fake: FakeTarget) -> None:
    config = pygen.GeneratorConfig(language="python,fake")
    ir, _ = pygen.build_ir(EXAMPLE, config)
    assert ir.metadata.languages == ("python", "fake")
    trees = pygen.build_ast(ir, config)
    assert isinstance(trees, dict) and list(trees) == ["python", "fake"]
    assert all(isinstance(m, libcst.Module) for m in trees["python"].values())
    assert all(isinstance(t, FakeTree) for t in trees["fake"].values())
    files = pygen.render(trees, config)
    assert isinstance(files, dict) and list(files) == ["python", "fake"]
    generated = pygen.generate(EXAMPLE, config=config)
    for language, file_set in files.items():
        assert file_set.files == generated.targets[language].file_set.files


def test_render_of_a_plain_dict_needs_the_ir_and_one_language(fake: FakeTarget) -> None:
    ir, _ = pygen.build_ir(EXAMPLE)
    plain = dict(pygen.build_ast(ir))  # a new dict forgets the target
    with pytest.raises(ConfigError, match="pass ir="):
        pygen.render(plain)
    with pytest.raises(ConfigError, match="one language"):
        pygen.render(plain, pygen.GeneratorConfig(language="python,fake"), ir=ir)
    files = pygen.render(plain, ir=ir)
    assert isinstance(files, FileSet) and len(files) == 11  # with pyproject.toml


def test_build_ast_for_a_language_the_ir_has_no_names_for(fake: FakeTarget) -> None:
    ir, _ = pygen.build_ir(EXAMPLE)  # python names only
    with pytest.raises(ConfigError, match="IR holds no fake names"):
        pygen.build_ast(ir, pygen.GeneratorConfig(language="fake"))


def test_validation_plans_only_the_requested_languages(fake: FakeTarget) -> None:
    def codes(language: str) -> set[str]:
        return {issue.code for issue in pygen.validate(EXAMPLE, language=language).issues}

    assert "PYG052" not in codes("python")
    assert "PYG052" in codes("fake")  # Site.code is a runtime member in the fake convention
    assert "PYG052" in codes("all")
    assert pygen.validate(EXAMPLE, language="fake", strict=True).is_valid is False


def test_generate_checks_the_names_of_the_languages_it_generates(
    tmp_path: Path, fake: FakeTarget
) -> None:
    strict_python = pygen.GeneratorConfig(strict=True)
    assert pygen.generate(EXAMPLE, tmp_path / "py", strict_python).classes == 6
    both = pygen.GeneratorConfig(strict=True, language="python,fake")
    with pytest.raises(ValidationError, match="PYG052"):
        pygen.generate(EXAMPLE, tmp_path / "both", both)
    assert not (tmp_path / "both").exists()


def test_validate_of_a_file_that_holds_no_mapping(tmp_path: Path) -> None:
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n- b\n")
    with pytest.raises(ParseError, match="expected a mapping"):
        pygen.validate(listed)


def test_cli_validate_language(fake: FakeTarget) -> None:
    def run(*args: str) -> str:
        result = runner.invoke(app, ["validate", "-f", str(EXAMPLE), *args])
        assert result.exit_code == 0, result.output
        return result.output

    assert "(Fake)" not in run("--language", "python")
    assert "PYG052" in run("-l", "fake") and "(Fake)" in run("-l", "fake")
    assert "(Fake)" in run()  # default: every target
    issues = json.loads(run("-l", "python,fake", "--format", "json"))["issues"]
    assert any(issue["code"] == "PYG052" for issue in issues)
    unknown = runner.invoke(app, ["validate", "-f", str(EXAMPLE), "-l", "cobol"])
    assert unknown.exit_code == 2
    assert unknown.output.startswith("error: -l/--language: generation.language: unknown language 'cobol'")


def test_the_python_target_names_a_tree_it_cannot_render() -> None:
    ir, _ = pygen.build_ir(EXAMPLE)
    trees = pygen.build_ast(ir)
    assert isinstance(trees, SyntaxTrees)
    trees[PurePosixPath("example_model/extra.py")] = FakeTree(("x",))
    with pytest.raises(
        TypeError, match=r"example_model/extra\.py: the Python target renders libcst"
    ):
        pygen.render(trees)

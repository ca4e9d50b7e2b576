"""Generated code names no view outside the model.

A request naming a view that does not exist fails (400), and the views outside a model are not
sure to exist where the SDK is used: what validation leaves out of the filtered model (an edge
properties view, a reverse relation's view, a relation's target) must be gone from the code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pygen.api import build_ast, render
from pygen.ir import build_ir
from pygen.model_file import load_data_model
from pygen.testing.models import direct, edge, load, mapped, model, reverse, view
from tests.golden.fixtures import FIXTURES, Fixture


def _view_refs(files: dict[str, str]) -> set[tuple[str, str, str]]:
    """Every ``ViewRef("space", "externalId", "version")`` the generated files spell out."""
    found = set()
    for path, text in files.items():
        if not path.endswith(".py"):
            continue  # pyproject.toml
        for node in ast.walk(ast.parse(text)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "ViewRef"
            ):
                args = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
                assert len(args) == 3, ast.unparse(node)
                found.add((args[0], args[1], args[2]))
    return found


def _generated_refs(
    document_or_model: object,
) -> tuple[set[tuple[str, str, str]], set[tuple[str, str, str]]]:
    data_model = (
        load_data_model(document_or_model)
        if isinstance(document_or_model, Path)
        else load(document_or_model)
    )
    ir, _ = build_ir(data_model)
    files = {str(path): text for path, text in render(build_ast(ir)).files.items()}
    return _view_refs(files), {cls.view.key for cls in ir.classes}


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_fixture_sdk_names_only_its_views(fixture: Fixture) -> None:
    named, classes = _generated_refs(fixture.model_file)

    assert named == classes


def test_everything_outside_the_model_is_gone_from_the_code() -> None:
    document = model(
        view(
            "A",
            {
                "props": edge("B", edge_source="Gone"),  # PYG032
                "nodeProps": edge("B", edge_source="B"),  # PYG033
                "untyped": edge("Gone"),  # PYG031
                "toEdges": edge("E"),  # PYG038
                "back": reverse("Gone", "x"),  # PYG036
                "owner": direct("Gone"),  # PYG030
            },
            implements=["Gone"],  # PYG022
        ),
        view("B", {"x": mapped()}),
        view("E", {"w": mapped()}, used_for="edge"),
    )

    named, classes = _generated_refs(document)

    assert named == classes == {("sp", "A", "1"), ("sp", "B", "1"), ("sp", "E", "1")}

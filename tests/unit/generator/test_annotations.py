"""Generated data classes evaluate annotations at import; only forward references are strings."""

from __future__ import annotations

import ast
from pathlib import Path

import libcst as cst

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


def _function_annotations(text: str) -> dict[tuple[str, str, str], ast.expr]:
    found = {}
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    args = item.args
                    params = [*args.args, *args.kwonlyargs, *filter(None, [args.kwarg])]
                    for param in params:
                        if param.annotation is not None:
                            found[(node.name, item.name, param.arg)] = param.annotation
                    if item.returns is not None:
                        found[(node.name, item.name, "return")] = item.returns
    return found


def test_function_annotations_that_build_generic_aliases_are_strings() -> None:
    """Nothing reads a method's annotations at run time; evaluated, ``SortBy[...]``,
    ``Unpack[...]`` and ``Iterator[...]`` cost typing's alias cache at import. Names, unions
    of names and annotations holding a string literal stay evaluated."""
    files = _files()
    equipment = next(text for path, text in files.items() if path.endswith("equipment.py"))
    annotations = _function_annotations(equipment)

    def source(key: tuple[str, str, str]) -> str:
        value = annotations[key]
        return value.value if isinstance(value, ast.Constant) else ast.unparse(value)

    strings = {
        key
        for key, value in annotations.items()
        if isinstance(value, ast.Constant) and isinstance(value.value, str)
    }
    assert ("EquipmentAPI", "list", "sort") in strings
    assert source(("EquipmentAPI", "list", "sort")) == "SortBy[EquipmentSortField]"
    assert source(("EquipmentAPI", "list", "filters")) == "Unpack[EquipmentFilters]"
    assert source(("EquipmentAPI", "iterate", "return")) == "Iterator[EquipmentList]"
    assert ("EquipmentQuery", "filter", "filters") in strings
    for evaluated in [
        ("EquipmentAPI", "list", "filter"),  # Filter | None
        ("EquipmentAPI", "list", "return"),  # EquipmentList
        ("EquipmentAPI", "search", "operator"),  # Literal["AND", "OR"]
        ("EquipmentQuery", "filter", "return"),  # Self
    ]:
        assert evaluated not in strings, evaluated
    for key in strings:  # no literal inside a string: nothing is quoted twice
        assert "'" not in source(key) and '"' not in source(key), key
    client = next(text for path, text in files.items() if path.endswith("client.py"))
    assert not any(  # the client module does not evaluate annotations: nothing is quoted
        isinstance(value, ast.Constant) and isinstance(value.value, str)
        for value in _function_annotations(client).values()
    )


def test_a_quoted_annotation_is_the_text_the_renderer_writes() -> None:
    from pygen.lower.python import _cst

    name, sub = _cst.name, _cst.subscript
    cases = [
        sub("SortBy", name("PumpSortField")),
        sub("Iterator", sub("SyncBatch", name("PumpList"))),
        _cst.binary_or([sub("Sequence", name("str")), name("None")]),
        sub(_cst.attr("typing.Mapping"), name("str"), sub("list", name("int"))),
        sub("PumpQuery", name("Pump"), name("PumpList"), name("None")),
    ]
    for annotation in cases:
        quoted = _cst.unevaluated(annotation)
        assert isinstance(quoted, cst.SimpleString)
        assert quoted.evaluated_value == _cst.code(annotation)
    for kept in [
        name("PumpList"),
        _cst.binary_or([name("Filter"), name("None")]),
        sub("Literal", _cst.string("AND"), _cst.string("OR")),
        _cst.string("PumpQuery[Pump]"),
    ]:
        assert _cst.unevaluated(kept) is kept

"""Casing, conventions and the name plan shared by validation and the IR transform."""

from __future__ import annotations

import pytest

from pygen.naming import (
    PYTHON,
    RUNTIME_NAMES,
    TYPESCRIPT,
    ClassSpec,
    NameAllocator,
    plan_names,
    split_words,
    to_camel,
    to_pascal,
    to_snake,
)


@pytest.mark.parametrize(
    ("text", "words", "pascal", "camel", "snake"),
    [
        ("myProp", ["my", "Prop"], "MyProp", "myProp", "my_prop"),
        ("my_prop", ["my", "prop"], "MyProp", "myProp", "my_prop"),
        ("HTTPServer", ["HTTP", "Server"], "HTTPServer", "httpServer", "http_server"),
        ("Cognite3DModel", ["Cognite", "3D", "Model"], "Cognite3DModel", "cognite3DModel", "cognite_3d_model"),
        ("CogniteCADNode", ["Cognite", "CAD", "Node"], "CogniteCADNode", "cogniteCADNode", "cognite_cad_node"),
        ("model3D", ["model", "3D"], "Model3D", "model3D", "model_3d"),
        ("images360", ["images", "360"], "Images360", "images360", "images_360"),
        ("2ndValue", ["2nd", "Value"], "2ndValue", "2ndValue", "2nd_value"),
        ("max-temp", ["max", "temp"], "MaxTemp", "maxTemp", "max_temp"),
        ("température", ["temperature"], "Temperature", "temperature", "temperature"),
        ("温度", [], "", "", ""),
        ("CDFExternalReferences", ["CDF", "External", "References"], "CDFExternalReferences", "cdfExternalReferences", "cdf_external_references"),
        ("xMax", ["x", "Max"], "XMax", "xMax", "x_max"),
        ("sensor_positions", ["sensor", "positions"], "SensorPositions", "sensorPositions", "sensor_positions"),
    ],
)  # fmt: skip
def test_casing(text: str, words: list[str], pascal: str, camel: str, snake: str) -> None:
    assert split_words(text) == words
    assert to_pascal(text) == pascal
    assert to_camel(text) == camel
    assert to_snake(text) == snake


@pytest.mark.parametrize(
    "name", ["Cognite3DModel", "CogniteCADNode", "myProp", "sourceId", "model3D", "eulerRotationX"]
)
def test_names_already_in_the_target_casing_are_kept(name: str) -> None:
    target = to_pascal(name) if name[0].isupper() else to_camel(name)
    assert target == name


@pytest.mark.parametrize(
    ("raw", "role", "python", "typescript"),
    [
        ("2ndValue", "member", "field_2nd_value", "field2ndValue"),
        ("2ndValue", "class", "View2ndValue", "View2ndValue"),
        ("温度", "member", "field", "field"),
        ("温度", "class", "View", "View"),
        ("_hidden", "member", "hidden", "hidden"),
        ("my_view", "module", "my_view", "myView"),
    ],
)
def test_convert_always_gives_an_identifier(
    raw: str, role: str, python: str, typescript: str
) -> None:
    assert PYTHON.convert(raw, role) == python  # type: ignore[arg-type]
    assert TYPESCRIPT.convert(raw, role) == typescript  # type: ignore[arg-type]


def test_runtime_names_in_each_language() -> None:
    assert "external_id" in PYTHON.runtime_members("node")
    assert "externalId" in TYPESCRIPT.runtime_members("node")
    assert "start_node" in PYTHON.runtime_members("edge")
    assert "start_node" not in PYTHON.runtime_members("node")
    assert PYTHON.runtime_members("both") >= PYTHON.runtime_members("edge")
    assert "model_dump" in PYTHON.runtime_members("node")
    assert "modelDump" not in TYPESCRIPT.runtime_members("node")
    assert PYTHON.runtime_classes == RUNTIME_NAMES.classes


def test_allocator_numbers_the_second_and_reports_the_first() -> None:
    allocator = NameAllocator()

    first = allocator.allocate("name", "a", lambda n, i: f"{n}_{i}")
    second = allocator.allocate("name", "b", lambda n, i: f"{n}_{i}")
    third = allocator.allocate("name", "c", lambda n, i: f"{n}_{i}")

    assert first == ("name", None)
    assert second == ("name_2", "a")
    assert third == ("name_3", "a")
    with pytest.raises(ValueError, match="already taken by a"):
        allocator.claim("name", "d")


def test_case_insensitive_allocator() -> None:
    allocator = NameAllocator(case_insensitive=True)
    allocator.claim("abc", "x")

    assert allocator.allocate("ABC", "y", lambda n, i: f"{n}{i}") == ("ABC2", "x")


def _spec(
    name: str, fields: tuple[str, ...], parents: tuple[str, ...] = (), kind: str = "node"
) -> ClassSpec:
    return ClassSpec(
        key=("sp", name, "1"),
        name=name,
        kind=kind,  # type: ignore[arg-type]
        parents=tuple(("sp", p, "1") for p in parents),
        fields=fields,
    )


def test_exact_names_win_clashes_per_language() -> None:
    plan = plan_names([_spec("A", ("myProp", "my_prop"))], [PYTHON, TYPESCRIPT])

    members = plan.members[("sp", "A", "1")]
    assert members["my_prop"] == {"python": "my_prop", "typescript": "myProp2"}
    assert members["myProp"] == {"python": "my_prop_2", "typescript": "myProp"}


def test_children_keep_their_parents_member_names() -> None:
    # in the child alone, "myProp" would take "my_prop" first; inheritance keeps the parent's
    specs = [
        _spec("Parent", ("my_prop",)),
        _spec("Child", ("my_prop", "myProp"), parents=("Parent",)),
    ]

    plan = plan_names(specs, [PYTHON])

    child = plan.members[("sp", "Child", "1")]
    assert child["my_prop"] == {"python": "my_prop"}
    assert child["myProp"] == {"python": "my_prop_2"}
    inherited_events = [e for e in plan.events if e.view[1] == "Child" and e.field == "my_prop"]
    assert inherited_events == []


def test_derived_and_runtime_class_names_are_taken() -> None:
    specs = [_spec("Pump", ("x",)), _spec("PumpList", ("x",)), _spec("InstanceWrite", ("x",))]

    plan = plan_names(specs, [PYTHON])

    assert plan.classes[("sp", "PumpList", "1")] == {"python": "PumpList2"}
    assert plan.classes[("sp", "InstanceWrite", "1")] == {"python": "InstanceWrite_"}
    kinds = sorted((e.kind, e.view[1]) for e in plan.events)
    assert kinds == [("clash", "PumpList"), ("runtime", "InstanceWrite")]


def test_modules_are_unique_case_insensitively() -> None:
    plan = plan_names([_spec("ABC", ("x",)), _spec("Abc", ("x",))], [PYTHON, TYPESCRIPT])

    modules = sorted(plan.modules.values(), key=lambda names: names["python"])
    assert modules == [
        {"python": "abc", "typescript": "abc"},
        {"python": "abc_2", "typescript": "abc2"},
    ]


def test_reserved_and_runtime_members() -> None:
    specs = [
        _spec("N", ("class", "type", "space", "delete")),
        _spec("E", ("endNode",), kind="edge"),
    ]

    plan = plan_names(specs, [PYTHON, TYPESCRIPT])

    node = plan.members[("sp", "N", "1")]
    assert node["class"] == {"python": "class_", "typescript": "class"}
    assert node["type"] == {"python": "type_", "typescript": "type"}
    assert node["space"] == {"python": "space_", "typescript": "space_"}
    assert node["delete"] == {"python": "delete", "typescript": "delete"}
    assert plan.members[("sp", "E", "1")]["endNode"] == {
        "python": "end_node_",
        "typescript": "endNode_",
    }


def test_plan_is_independent_of_input_order() -> None:
    specs = [_spec(name, ("a", "b", "A", "a_b", "aB")) for name in ("x", "X", "y_z", "YZ", "q")]

    forward = plan_names(specs, [PYTHON, TYPESCRIPT])
    backward = plan_names(list(reversed(specs)), [PYTHON, TYPESCRIPT])

    assert forward.classes == backward.classes
    assert forward.members == backward.members
    assert forward.modules == backward.modules
    assert sorted(forward.events, key=repr) == sorted(backward.events, key=repr)

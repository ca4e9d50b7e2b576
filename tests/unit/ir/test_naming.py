"""Casing, conventions and the name plan shared by validation and the IR transform."""

from __future__ import annotations

import dataclasses

import pytest

from pygen.naming import (
    PYTHON,
    RUNTIME_NAMES,
    TYPESCRIPT,
    ClassSpec,
    NameAllocator,
    NamingConvention,
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

    modules = sorted(plan.modules.values(), key=lambda names: names["typescript"])
    # a module per view in both languages (Python: views/<module>.py); never two views in one
    assert modules == [
        {"python": "abc", "typescript": "abc"},
        {"python": "abc_2", "typescript": "abc2"},
    ]
    clashes = sorted((e.language, e.name) for e in plan.events if e.role == "module")
    assert clashes == [("python", "abc_2"), ("typescript", "abc2")]


def test_reserved_and_runtime_members() -> None:
    specs = [
        _spec("N", ("class", "type", "space", "delete")),
        _spec("E", ("endNode",), kind="edge"),
    ]

    plan = plan_names(specs, [PYTHON, TYPESCRIPT])

    node = plan.members[("sp", "N", "1")]
    assert node["class"] == {"python": "class_", "typescript": "class"}
    # TypeScript read objects hold the node / edge type as `type` (NodeInstance.type)
    assert node["type"] == {"python": "type_", "typescript": "type_"}
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


def test_derived_names_are_unique_in_the_module_scope() -> None:
    specs = [
        ClassSpec(
            key=("sp", "Equipment", "1"),
            name="Equipment",
            kind="node",
            fields=("connectedTo", "status"),
            connections=("connectedTo",),
            enums=(("status", ("sp", "C", "status")),),
        ),
        ClassSpec(
            key=("sp", "EquipmentConnected", "1"),
            name="EquipmentConnected",
            kind="node",
            fields=("to",),
            connections=("to",),
        ),
        _spec("EquipmentStatus", ("x",)),
        _spec("HTTPServer", ("x",)),
        _spec("HttpServer", ("x",)),
    ]

    plan = plan_names(specs, [PYTHON, TYPESCRIPT], "Model")

    assert plan.specs[("sp", "Equipment", "1")]["connectedTo"]["python"] == "EQUIPMENT_CONNECTED_TO"
    assert plan.specs[("sp", "EquipmentConnected", "1")]["to"] == {
        "python": "EQUIPMENT_CONNECTED_TO_2",
        "typescript": "EQUIPMENT_CONNECTED_TO_2",
    }
    assert plan.enums[("sp", "Equipment", "1")]["status"]["python"] == "EquipmentStatus2"
    upper = plan.derived[("sp", "HTTPServer", "1")]["python"]
    lower = plan.derived[("sp", "HttpServer", "1")]["python"]
    assert (upper["view_constant"], lower["view_constant"]) == (
        "HTTP_SERVER_VIEW",
        "HTTP_SERVER_VIEW_2",
    )
    assert (upper["filter_function"], lower["filter_function"]) == (
        "_http_server_filter",
        "_http_server_filter_2",
    )
    assert (upper["client_attribute"], lower["client_attribute"]) == (
        "http_server",
        "http_server_2",
    )
    python = [
        name
        for key in plan.derived
        for role, name in plan.derived[key]["python"].items()
        if role != "client_attribute"
    ]
    python += [names["python"] for names in plan.classes.values()]
    python += [n["python"] for fields in plan.specs.values() for n in fields.values()]
    python += {n["python"] for fields in plan.enums.values() for n in fields.values()}
    python.append(plan.model["python"]["client"])
    assert len(python) == len(set(python))
    assert not set(python) & PYTHON.module_names
    roles = sorted({(e.role, e.kind) for e in plan.events if e.language == "python"})
    assert ("spec_constant", "clash") in roles and ("enum_alias", "clash") in roles


def test_client_attributes_escape_keywords_and_avoid_the_clients_methods() -> None:
    specs = [_spec("Global", ("x",)), _spec("Upsert", ("x",)), _spec("FromEnvironment", ("x",))]

    plan = plan_names(specs, [PYTHON, TYPESCRIPT], "Model")

    attribute = {key[1]: plan.derived[key]["python"]["client_attribute"] for key in plan.derived}
    assert attribute == {
        "Global": "global_",
        "Upsert": "upsert_2",
        "FromEnvironment": "from_environment_2",
    }
    assert plan.derived[("sp", "Global", "1")]["typescript"]["client_attribute"] == "global"


@pytest.mark.parametrize(
    ("model", "package", "client"),
    [
        ("ExampleModel", "example_model", "ExampleModelClient"),
        ("", "data_model", "DataModelClient"),
        ("!!!", "data_model", "DataModelClient"),
        ("2024model", "data_model_2024model", "DataModel2024modelClient"),
        ("class", "class_sdk", "ClassClient"),
        ("match", "match_sdk", "MatchClient"),
        ("pygen", "pygen_sdk", "PygenClient2"),
        ("Pydantic", "pydantic_sdk", "PydanticClient"),
        ("typing", "typing_sdk", "TypingClient"),
        ("json", "json_sdk", "JsonClient"),
        ("httpx", "httpx_sdk", "HttpxClient"),
        ("instance", "instance", "InstanceClient2"),
    ],
)
def test_package_and_client_names_are_safe(model: str, package: str, client: str) -> None:
    plan = plan_names([_spec("A", ("x",))], [PYTHON], model)

    assert plan.model["python"] == {"package": package, "client": client}
    reported = {e.role for e in plan.events}
    assert ("package" in reported) == (
        package != PYTHON.derive("package", model) or not model.strip("!")
    )
    assert ("client" in reported) == client.endswith("2")


@pytest.mark.parametrize(
    ("model", "distribution", "client", "options"),
    [
        ("ExampleModel", "example-model", "ExampleModelClient", "ExampleModelClientOptions"),
        ("HTTPServer", "http-server", "HTTPServerClient", "HTTPServerClientOptions"),
        ("http", "http-sdk", "HttpClient2", "HttpClientOptions2"),
        (
            "Cognite3DModel",
            "cognite-3d-model",
            "Cognite3DModelClient",
            "Cognite3DModelClientOptions",
        ),
        ("!!!", "data-model", "DataModelClient", "DataModelClientOptions"),
    ],
)
def test_typescript_model_names(model: str, distribution: str, client: str, options: str) -> None:
    """The npm package name, the client and its options type: runtime exports (``HttpClient``,
    ``HttpClientOptions``) and node's core modules (``http``) are never taken."""
    plan = plan_names([_spec("A", ("x",))], [TYPESCRIPT], model)

    names = plan.model["typescript"]
    assert (names["distribution"], names["client"], names["client_options"]) == (
        distribution,
        client,
        options,
    )


def test_a_field_is_never_named_like_another_fields_cdf_id() -> None:
    plan = plan_names([_spec("A", ("type", "type_", "x_2", "x", "X"))], [PYTHON])

    names = {cdf_id: per["python"] for cdf_id, per in plan.members[("sp", "A", "1")].items()}
    assert names["type_"] == "type_"  # its own CDF id
    assert names["type"] not in {"type_", "x_2", "x", "X"}
    assert names["X"] not in {"type", "type_", "x_2", "x"}
    assert len(set(names.values())) == len(names)


def test_derived_names_are_independent_of_input_order() -> None:
    specs = [
        ClassSpec(
            key=("sp", name, "1"),
            name=name,
            kind="node",
            fields=("a", "b"),
            connections=("b", "a"),
            enums=(("a", ("sp", "C", "a")),),
        )
        for name in ("x", "X", "y_z", "YZ", "q")
    ]

    forward = plan_names(specs, [PYTHON, TYPESCRIPT], "m")
    backward = plan_names(list(reversed(specs)), [PYTHON, TYPESCRIPT], "m")

    assert (forward.derived, forward.specs, forward.enums) == (
        backward.derived,
        backward.specs,
        backward.enums,
    )
    assert forward.model == backward.model


def test_edge_accessors_are_named_in_the_api_class_scope() -> None:
    spec = dataclasses.replace(
        _spec("Pump", ("name", "connectedTo", "feeds")), edge_accessors=("connectedTo", "feeds")
    )
    plan = plan_names([spec], [PYTHON, TYPESCRIPT])
    accessors = plan.accessors[("sp", "Pump", "1")]
    assert accessors["connectedTo"] == {"python": "connected_to_edges", "typescript": "connectedToEdges"}  # fmt: skip
    assert accessors["feeds"] == {"python": "feeds_edges", "typescript": "feedsEdges"}
    assert "name" not in accessors  # only edge connections with edge properties get one

    # a name the API class already has (its own methods) is numbered, and reported
    crowded = dataclasses.replace(PYTHON, api_members=PYTHON.api_members | {"feeds_edges"})
    plan = plan_names([spec], [crowded])
    assert plan.accessors[("sp", "Pump", "1")]["feeds"] == {"python": "feeds_edges_2"}
    [event] = [e for e in plan.events if e.role == "edge_accessor"]
    assert (event.kind, event.field, event.name) == ("clash", "feeds", "feeds_edges_2")


def test_query_hops_cannot_take_the_builders_own_names() -> None:
    fields = ("name", "limit", "filter", "list", "site", "up")
    spec = dataclasses.replace(
        _spec("Pump", fields), hops=("limit", "filter", "list", "site", "up")
    )
    plan = plan_names([spec], [PYTHON, TYPESCRIPT])
    key = ("sp", "Pump", "1")
    hops = {field: names["python"] for field, names in plan.hops[key].items()}
    assert hops == {
        "filter": "filter_2",
        "limit": "limit_2",
        "list": "list_2",
        "site": "site",
        "up": "up_2",
    }
    assert "typescript" not in plan.hops[key]["site"]  # TypeScript has no hop pattern yet
    clashes = {e.field: e.name for e in plan.events if e.role == "query_hop"}
    assert clashes == {"filter": "filter_2", "limit": "limit_2", "list": "list_2", "up": "up_2"}
    derived = plan.derived[key]["python"]
    assert (derived["query_class"], derived["select_alias"]) == ("PumpQuery", "PumpSelectField")


def test_a_query_hop_is_never_a_keyword() -> None:
    # the member of a relation ``class`` is ``class_``; its hop must not be ``class``
    spec = dataclasses.replace(_spec("Pump", ("class", "import")), hops=("class", "import"))
    plan = plan_names([spec], [PYTHON])
    hops = plan.hops[("sp", "Pump", "1")]
    assert (hops["class"]["python"], hops["import"]["python"]) == ("class_", "import_")


def test_split_words_gives_a_fresh_list_each_time() -> None:
    # the words are remembered per text; a caller changing its list changes no other's
    words = split_words("pumpStation")
    words.append("x")
    assert split_words("pumpStation") == ["pump", "Station"]


@pytest.mark.parametrize("convention", [PYTHON, TYPESCRIPT], ids=lambda c: c.language)
@pytest.mark.parametrize(
    ("owner", "member"),
    [("PumpStation", "flowRate"), ("Cognite3DModel", "value2nd"), ("CDFAsset", "max-temp")],
)
def test_a_derived_name_is_its_pattern_with_every_form_filled_in(
    convention: NamingConvention, owner: str, member: str
) -> None:
    # a derived name converts only the placeholders its pattern uses: the same name as
    # filling in all eight forms (names starting with a digit get a prefix: not these)
    forms = {
        "CLASS": to_snake(owner).upper(),
        "class": to_snake(owner),
        "Class": to_pascal(owner),
        "cLass": to_camel(owner),
        "MEMBER": to_snake(member).upper(),
        "member": to_snake(member),
        "Member": to_pascal(member),
        "mEmber": to_camel(member),
    }
    for role, pattern in convention.derived_patterns:
        assert convention.derive(role, owner, member) == pattern.format(**forms)

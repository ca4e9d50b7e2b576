"""Property: for any view and property names, no generated module defines a name twice.

Names are drawn to collide: case-only differences (``HTTPServer``/``HttpServer``), keywords
and capitalised keywords, runtime and imported names, digits, underscores, and pairs that
make the same snake_case or PascalCase form (``myProp``/``my_prop``, ``EquipmentConnected``
+ ``to`` / ``Equipment`` + ``connectedTo``). Each model is generated in memory in both layouts;
every file must compile and bind each name once per scope. Only ids CDF accepts are drawn
(``2ndPump`` or ``_x`` are refused by validation, PYG071/PYG072).
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pygen.api import generate
from pygen.config import GeneratorConfig
from pygen_runtime.client.models import DataModel

from .bindings import duplicate_bindings
from .models import direct, edges, enum, model, reverse, text, view

SPACE = "prop"

VIEW_NAMES = [
    "Equipment", "EquipmentConnected", "EquipmentStatus", "HTTPServer", "HttpServer",
    "HTTP_Server", "http_server", "Global", "Class", "None", "True", "Node", "Edge", "ViewRef",
    "Field", "Literal", "JsonValue", "PygenClient", "TypedDict", "InstanceId", "DataRecord",
    "Pump", "PumpWrite", "PumpList", "PumpAPI", "PumpFilters", "Pump_View", "PUMP", "pump",
    "X", "x", "A1", "a_1", "Datetime", "Date", "Any", "TYPE_CHECKING", "Api",
]  # fmt: skip

PROPERTY_NAMES = [
    "name", "Name", "NAME", "type", "type_", "type__2", "external_id", "externalId",
    "node_type", "nodeType", "existing_version", "edge_type", "start_node", "space_",
    "myProp", "my_prop", "MyProp", "to", "connectedTo", "connected_to", "view", "VIEW",
    "status", "Status", "class", "global", "list", "date", "datetime", "json", "model_dump",
    "2nd", "x1", "x_1", "limit", "filter", "prefix", "name_prefix", "min_x",
    "filter_", "field", "Field",
]  # fmt: skip

KINDS = ("text", "enum", "edge", "direct", "reverse")


@st.composite
def models(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(VIEW_NAMES), min_size=1, max_size=5, unique=True))
    views = []
    for view_name in names:
        props = draw(st.lists(st.sampled_from(PROPERTY_NAMES), max_size=5, unique=True))
        properties: dict[str, Any] = {}
        for index, prop in enumerate(props):
            kind = draw(st.sampled_from(KINDS))
            container = f"C{names.index(view_name)}"
            if kind == "text":
                properties[prop] = text(SPACE, container, f"p{index}")
            elif kind == "enum":
                # views share enums through a shared container property
                shared = draw(st.booleans())
                owner = "Shared" if shared else container
                properties[prop] = enum(SPACE, owner, f"e{index}", "a", "b")
            elif kind == "edge":
                target = draw(st.sampled_from(names))
                properties[prop] = edges(SPACE, target, f"{view_name}.{prop}")
            elif kind == "direct":
                target = draw(st.sampled_from(names))
                properties[prop] = direct(SPACE, container, f"p{index}", target)
            else:  # a reverse relation through a direct relation of this view to itself
                through = f"via_{index}"
                properties[through] = direct(SPACE, container, through, view_name)
                properties[prop] = reverse(SPACE, view_name, through)
        if not properties:
            properties["name"] = text(SPACE, f"C{names.index(view_name)}", "name")
        views.append(view(SPACE, view_name, properties))
    model_id = draw(st.sampled_from(["Model", "pygen", "typing", "class", "Pump", "x"]))
    return model(SPACE, model_id, *views)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(document=models(), single_file=st.booleans())
def test_no_generated_module_defines_a_name_twice(
    document: dict[str, Any], single_file: bool
) -> None:
    config = GeneratorConfig(layout="single-file" if single_file else "package")

    result = generate(DataModel.model_validate(document), None, config)

    for path, source in result.file_set.files.items():
        if path.suffix != ".py":
            continue
        duplicates = duplicate_bindings(source, str(path))
        assert not duplicates, f"{path} binds names twice: {duplicates}"


def test_filter_arguments_proposed_twice_get_distinct_names() -> None:
    """Found by the property above: fields ``name``, ``Name``, ``NAME`` and ``name_prefix``
    both propose the filter argument ``name_prefix`` (the prefix filter of ``name`` and the
    field itself); each must get its own name, and each range keeps its lower bound."""
    props = {
        prop: text(SPACE, "C0", f"p{i}")
        for i, prop in enumerate(["name", "Name", "NAME", "name_prefix"])
    }
    props["limit"] = {**text(SPACE, "C0", "limit"), "type": {"type": "int32"}}
    props["min_limit"] = {**text(SPACE, "C0", "min_limit"), "type": {"type": "int32"}}
    document = model(SPACE, "Model", view(SPACE, "Equipment", props))

    result = generate(DataModel.model_validate(document), None)

    api = result.file_set.files[next(p for p in result.file_set.files if p.name == "equipment.py")]
    assert not duplicate_bindings(api)
    # the property name_prefix keeps its own argument; the prefix filter of name is numbered
    assert "name_prefix_2: " in api and "name_prefix_prefix: " in api
    # limit is a method parameter: its range arguments are min_limit / max_limit, and the
    # field min_limit's own range arguments are renamed around them
    assert 'lte=args.get("max_limit")' in api and 'gte=args.get("min_limit")' in api

"""One minimal model per issue code, and what each rule does to the filtered model."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pygen.testing.models import direct, edge, load, mapped, model, reverse, view, view_ref
from pygen.validation import CODES, DataModelValidator, Severity, ValidationContext, validate
from pygen_runtime.client.models import DataModel, EnumType, MappedProperty, TextType

ENUM_AB = {"type": "enum", "values": {"a": {}, "b": {}}}

# code -> (document, a location where the issue must be reported)
CASES: dict[str, tuple[Any, str]] = {
    "PYG001": ({"externalId": "M", "version": "1", "views": []}, "(model)"),
    "PYG002": (model({"space": "sp", "version": "1", "properties": {}}), "views[0]"),
    "PYG003": (
        model(view("A", {"bad": mapped({"type": "vector"}), "ok": mapped()})),
        "sp/A/bad",
    ),
    "PYG004": (model(view("A", {"x": mapped("text", colour="red")})), "sp/A/x"),
    "PYG010": (model(view("A", {"x": mapped()}), view("A", {"x": mapped()})), "sp/A"),
    "PYG011": (model(view("A", {"x": mapped()}), view_ref("B")), "sp/B"),
    "PYG012": (model(view("A", {})), "sp/A"),
    "PYG013": (model(view("E", {"w": mapped("float64")}, used_for="edge")), "sp/E"),
    "PYG014": (model(view("R", {"w": mapped()}, used_for="record")), "sp/R"),
    "PYG020": (
        model(
            view("A", {"x": mapped()}, implements=["B"]),
            view("B", {"x": mapped()}, implements=["A"]),
        ),
        "sp/A",
    ),
    "PYG021": (model(view("A", {"x": mapped()}, implements=["A"])), "sp/A"),
    "PYG022": (model(view("A", {"x": mapped()}, implements=["Gone"])), "sp/A"),
    "PYG023": (
        model(view("P", {"x": mapped()}), view("C", {"y": mapped()}, implements=["P"])),
        "sp/C",
    ),
    "PYG030": (model(view("A", {"d": direct("Gone")})), "sp/A/d"),
    "PYG031": (model(view("A", {"e": edge("Gone")})), "sp/A/e"),
    "PYG032": (model(view("A", {"e": edge("A", edge_source="Gone")})), "sp/A/e"),
    "PYG033": (model(view("A", {"e": edge("A", edge_source="A")})), "sp/A/e"),
    "PYG034": (
        model(view("A", {"r": reverse("B", "nope")}), view("B", {"x": mapped()})),
        "sp/A/r",
    ),
    "PYG035": (
        model(view("A", {"r": reverse("B", "x")}), view("B", {"x": mapped("text")})),
        "sp/A/r",
    ),
    "PYG036": (model(view("A", {"r": reverse("Gone", "x")})), "sp/A/r"),
    "PYG037": (
        model(
            view("A", {"r": reverse("B", "toC")}),
            view("B", {"toC": direct("C")}),
            view("C", {"x": mapped()}),
        ),
        "sp/A/r",
    ),
    "PYG038": (
        model(view("A", {"d": direct("E")}), view("E", {"w": mapped()}, used_for="edge")),
        "sp/A/d",
    ),
    "PYG040": (model(view("A", {"e": mapped({"type": "enum", "values": {}})})), "sp/A/e"),
    "PYG041": (
        model(view("A", {"e": mapped({**ENUM_AB, "unknownValue": "z"})})),
        "sp/A/e",
    ),
    "PYG042": (model(view("A", {"t": mapped({"type": "text", "maxListSize": 5})})), "sp/A/t"),
    "PYG043": (
        model(view("A", {"t": mapped({"type": "text", "list": True, "maxListSize": 0})})),
        "sp/A/t",
    ),
    "PYG044": (model(view("A", {"n": mapped("int32", defaultValue="abc")})), "sp/A/n"),
    "PYG045": (model(view("A", {"t": mapped("text", autoIncrement=True)})), "sp/A/t"),
    "PYG050": (model(view("A", {"2ndValue": mapped()})), "sp/A/2ndValue"),
    "PYG051": (model(view("A", {"class": mapped()})), "sp/A/class"),
    "PYG052": (model(view("A", {"space": mapped()})), "sp/A/space"),
    "PYG053": (model(view("A", {"myProp": mapped(), "my_prop": mapped()})), "sp/A/myProp"),
    "PYG060": (
        model(view("HTTPServer", {"x": mapped()}), view("HttpServer", {"x": mapped()})),
        "sp/HttpServer",
    ),
    "PYG061": (model(view("Global", {"x": mapped()})), "sp/Global"),
    "PYG062": (model(view("A", {"x": mapped()}), external_id="typing"), "(model)"),
    "PYG063": (model(view("A", {"limit": mapped()})), "sp/A/limit"),
    "PYG070": (model(view("A", {"x": mapped()}), version="1\n2"), "(model)"),
    "PYG071": (model(view("ok", {"x": mapped()}), view("A" * 256, {"x": mapped()})), "views[1]"),
    "PYG072": (model(view("A", {"   ": mapped(), "ok": mapped()})), "sp/A/'   '"),
    "PYG073": (model(view("A", {"e": edge("A", edge_type="a\x00b")})), "sp/A/e"),
    "PYG074": (
        model(view("A", {"e": mapped({"type": "enum", "values": {"a b": {}}})})),
        "sp/A/e",
    ),
}


def test_every_code_has_a_case() -> None:
    from tests.unit.validation.test_selection import SELECTION_CASES

    assert set(CASES) == set(CODES) - {"PYG000"} - set(SELECTION_CASES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_reports_its_code(code: str) -> None:
    document, where = CASES[code]

    result = validate(document)

    issues = result.by_code(code)
    assert issues, f"{code} not reported; got {result.codes}"
    assert where in {issue.location for issue in issues}
    for issue in issues:
        assert issue.severity is CODES[code].severity
        assert issue.can_auto_fix is CODES[code].can_auto_fix
        assert issue.message
    assert "PYG000" not in result.codes


@pytest.mark.parametrize("code", sorted(CASES))
def test_filtered_model_revalidates_without_errors(code: str) -> None:
    document, _ = CASES[code]
    result = validate(document)
    if result.filtered_model is None:
        assert code in ("PYG001", "PYG070")
        return

    again = validate(result.filtered_model)

    assert again.errors == ()


@pytest.mark.parametrize("code", sorted(CASES))
def test_errors_make_the_result_invalid_and_strict_adds_warnings(code: str) -> None:
    document, _ = CASES[code]
    severity = CODES[code].severity

    lenient = validate(document)
    strict = validate(document, strict=True)

    if severity is Severity.ERROR:
        assert not lenient.is_valid
    if severity is Severity.WARNING:
        assert not strict.is_valid
    assert strict.issues == lenient.issues


def _props(result_model: DataModel | None, view_id: str) -> dict[str, Any]:
    assert result_model is not None
    return dict(result_model.view(view_id).properties)


def test_unreadable_property_is_left_out_and_the_rest_kept() -> None:
    result = validate(CASES["PYG003"][0])

    assert set(_props(result.filtered_model, "A")) == {"ok"}
    assert "vector" in result.by_code("PYG003")[0].message


def test_duplicate_view_keeps_the_first_copy() -> None:
    document = model(view("A", {"x": mapped()}), view("A", {"y": mapped()}))

    result = validate(document)

    assert result.filtered_model is not None
    assert [v.external_id for v in result.filtered_model.inline_views] == ["A"]
    assert set(_props(result.filtered_model, "A")) == {"x"}
    assert "different definitions" in result.by_code("PYG010")[0].message


def test_cycle_members_are_removed_and_their_children_lose_the_parent() -> None:
    document = model(
        view("A", {"x": mapped()}, implements=["B"]),
        view("B", {"x": mapped()}, implements=["A"]),
        view("C", {"x": mapped(), "toA": direct("A")}, implements=["A"]),
    )

    result = validate(document)

    assert result.filtered_model is not None
    assert [v.external_id for v in result.filtered_model.inline_views] == ["C"]
    assert {i.location for i in result.by_code("PYG020")} == {"sp/A", "sp/B"}
    (missing_parent,) = result.by_code("PYG022")
    assert "left out (PYG020)" in missing_parent.message
    (relation,) = result.by_code("PYG030")
    assert "left out (PYG020)" in relation.message
    assert result.filtered_model.view("C").implements == []


def test_self_reference_is_dropped_but_the_view_kept() -> None:
    result = validate(CASES["PYG021"][0])

    assert result.filtered_model is not None
    assert result.filtered_model.view("A").implements == []
    assert result.errors == ()


def test_reverse_relation_with_broken_through_is_removed() -> None:
    for code in ("PYG034", "PYG035"):
        result = validate(CASES[code][0])
        assert "r" not in _props(result.filtered_model, "A"), code


def test_reverse_relation_through_container_is_checked() -> None:
    reverse_via_container = reverse("B", "toA")
    reverse_via_container["through"]["source"] = {
        "space": "sp",
        "externalId": "Container",
        "type": "container",
    }
    document = model(
        view("A", {"r": reverse_via_container}),
        view("B", {"toA": direct("A")}),
    )

    assert validate(document).issues == ()

    reverse_via_container["through"]["identifier"] = "other"
    assert validate(document).codes == ("PYG034", "PYG012")  # A is empty without it


def test_reverse_relation_through_a_parent_target_is_fine() -> None:
    document = model(
        view("Base", {"x": mapped()}),
        view("A", {"x": mapped(), "r": reverse("B", "toBase")}, implements=["Base"]),
        view("B", {"toBase": direct("Base")}),
    )

    assert validate(document).codes == ()


def test_wrong_through_suggests_the_right_one() -> None:
    document = model(
        view("A", {"r": reverse("B", "toC")}),
        view("B", {"toC": direct("C"), "toA": direct("A")}),
        view("C", {"x": mapped()}),
    )

    (issue,) = validate(document).by_code("PYG037")

    assert issue.suggestion == "Did you mean through B.toA?"


def test_ignored_settings_are_cleared_in_the_filtered_model() -> None:
    document = model(
        view(
            "A",
            {
                "e": mapped({**ENUM_AB, "unknownValue": "z"}),
                "t": mapped({"type": "text", "maxListSize": 5, "maxTextSize": 0}),
                "n": mapped("int32", defaultValue="abc"),
                "i": mapped("text", autoIncrement=True),
            },
        )
    )

    result = validate(document)

    props = _props(result.filtered_model, "A")
    e, t, n, i = props["e"], props["t"], props["n"], props["i"]
    assert isinstance(e, MappedProperty) and isinstance(e.type, EnumType)
    assert e.type.unknown_value is None
    assert isinstance(t, MappedProperty) and isinstance(t.type, TextType)
    assert t.type.max_list_size is None and t.type.max_text_size is None
    assert isinstance(n, MappedProperty) and n.default_value is None
    assert isinstance(i, MappedProperty) and i.auto_increment is False
    assert sorted(result.codes) == ["PYG041", "PYG042", "PYG043", "PYG044", "PYG045"]
    assert validate(result.filtered_model).codes == ()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "default", "ok"),
    [
        ("text", "x", True),
        ("text", 1, False),
        ("boolean", True, True),
        ("boolean", 1, False),
        ("int32", 2**31, False),
        ("int64", 2**40, True),
        ("int64", True, False),
        ("float64", 1, True),
        ("float32", "1.0", False),
        ("timestamp", "2024-01-02T03:04:05Z", True),
        ("timestamp", "yesterday", False),
        ("date", "2024-02-29", True),
        ("date", "2023-02-29", False),
        ("json", {"any": ["thing"]}, True),
        ("timeseries", "ts-1", True),
        ("direct", {"space": "s", "externalId": "n"}, True),
        ("direct", "n", False),
    ],
)
def test_default_values_are_checked_against_the_type(kind: str, default: Any, ok: bool) -> None:
    document = model(view("A", {"p": mapped(kind, defaultValue=default)}))

    codes = validate(document).codes

    assert ("PYG044" not in codes) is ok


def test_default_of_list_and_enum() -> None:
    document = model(
        view(
            "A",
            {
                "good": mapped({"type": "int32", "list": True}, defaultValue=[1, 2]),
                "bad": mapped({"type": "int32", "list": True}, defaultValue=1),
                "enumOk": mapped(ENUM_AB, defaultValue="a"),
                "enumBad": mapped(ENUM_AB, defaultValue="c"),
            },
        )
    )

    locations = {issue.location for issue in validate(document).by_code("PYG044")}

    assert locations == {"sp/A/bad", "sp/A/enumBad"}


def test_inherited_copies_are_reported_once_but_repaired_everywhere() -> None:
    empty_enum = mapped({"type": "enum", "values": {}})
    document = model(
        view("P", {"e": empty_enum, "d": direct("Gone")}),
        view("C", {"e": empty_enum, "d": direct("Gone")}, implements=["P"]),
    )

    result = validate(document)

    assert [i.location for i in result.by_code("PYG040")] == ["sp/P/e"]
    assert [i.location for i in result.by_code("PYG030")] == ["sp/P/d"]
    assert "e" not in _props(result.filtered_model, "C")


def test_names_clash_per_language() -> None:
    result = validate(CASES["PYG053"][0])

    issues = {issue.location: issue.message for issue in result.by_code("PYG053")}

    assert set(issues) == {"sp/A/myProp", "sp/A/my_prop"}
    assert "my_prop_2 (Python)" in issues["sp/A/myProp"]
    assert "myProp2 (TypeScript)" in issues["sp/A/my_prop"]


def test_class_names_clash_and_derived_names() -> None:
    document = model(
        view("my_view", {"x": mapped()}),
        view("MyView", {"x": mapped()}),
        view("Pump", {"x": mapped()}),
        view("PumpWrite", {"x": mapped()}),
        view("Instance", {"x": mapped()}),
    )

    result = validate(document)

    clashes = {issue.location: issue.message for issue in result.by_code("PYG053")}
    assert "MyView2 (Python)" in clashes["sp/my_view"]
    assert "PumpWrite2 (Python)" in clashes["sp/PumpWrite"]
    assert "generated for Pump" in clashes["sp/PumpWrite"]
    (runtime,) = result.by_code("PYG052")
    assert runtime.location == "sp/Instance" and "Instance_ (Python)" in runtime.message


def test_identifiers_that_are_not_identifiers_are_renamed_not_dropped() -> None:
    document = model(view("A", {"2ndValue": mapped(), "max-temp": mapped(), "_x": mapped()}))

    result = validate(document)

    renamed = {issue.location: issue.message for issue in result.by_code("PYG050")}
    assert set(renamed) == {"sp/A/2ndValue", "sp/A/max-temp"}
    assert "field_2nd_value (Python), field2ndValue (TypeScript)" in renamed["sp/A/2ndValue"]
    assert "max_temp (Python), maxTemp (TypeScript)" in renamed["sp/A/max-temp"]
    assert set(_props(result.filtered_model, "A")) == {"2ndValue", "max-temp"}
    # CDF's property pattern has no leading underscore: an error, not a rename
    assert [i.location for i in result.by_code("PYG072")] == ["sp/A/_x"]


def test_ids_cdf_would_refuse_are_errors_with_their_location() -> None:
    long_id = "A" * 10_000
    document = model(
        view("Good", {"température": mapped(), "x\ny": mapped(), "ok": mapped()}),
        view("Bad", {"x": mapped()}, version="1\n2"),
        view(long_id, {"x": mapped()}),
        view("Refs", {"e": edge("Good", edge_type=""), "r": reverse("Good", "no pe")}),
        space="sp",
    )

    result = validate(document)

    assert not result.is_valid
    props = {issue.location: issue.message for issue in result.by_code("PYG072")}
    assert set(props) == {"sp/Good/température", "sp/Good/'x\\ny'"}
    views = {issue.location: issue.message for issue in result.by_code("PYG071")}
    assert set(views) == {"views[1]", "views[2]"}
    assert "'1\\n2' does not match" in views["views[1]"]
    assert "10,000 characters" in views["views[2]"] and len(views["views[2]"]) < 400
    refs = {issue.location: issue.message for issue in result.by_code("PYG073")}
    assert set(refs) == {"sp/Refs/e", "sp/Refs/r"}
    assert "edge type externalId has 0 characters" in refs["sp/Refs/e"]
    assert "through identifier" in refs["sp/Refs/r"]
    assert result.filtered_model is not None
    assert [v.external_id for v in result.filtered_model.inline_views] == ["Good", "Refs"]
    assert set(_props(result.filtered_model, "Good")) == {"ok"}
    assert validate(result.filtered_model).errors == ()


def test_a_model_with_an_invalid_identity_has_no_filtered_model() -> None:
    result = validate(model(view("A", {"x": mapped()}), space="s p", external_id="M" * 300))

    (issue,) = result.issues
    assert issue.code == "PYG070" and issue.location == "(model)"
    assert "'s p' does not match" in issue.message and "300 characters" in issue.message
    assert result.filtered_model is None
    assert result.model_id == f"s p:{'M' * 300}(version=1)"  # exact; the summary cuts it
    header = result.format_summary().splitlines()[0]
    assert header.startswith("Data model s p:MMM") and "(315 characters)" in header
    assert len(header) < 200


def test_reserved_words_are_reported_per_language() -> None:
    document = model(view("A", {"class": mapped(), "type": mapped(), "delete": mapped()}))

    result = validate(document)

    reserved = {issue.location: issue.message for issue in result.by_code("PYG051")}
    # Python escapes keywords and builtin type names; TypeScript members may be keywords
    assert set(reserved) == {"sp/A/class", "sp/A/type"}
    assert "class_ (Python)" in reserved["sp/A/class"]


def test_edge_views_use_the_edge_runtime_names() -> None:
    document = model(
        view("E", {"startNode": mapped(), "type": mapped()}, used_for="edge"),
        view("N", {"startNode": mapped()}),
    )

    result = validate(document)

    # `type` is the runtime's edge type in TypeScript (EdgeInstance.type), not in Python
    assert {i.location for i in result.by_code("PYG052")} == {"sp/E/startNode", "sp/E/type"}


def test_the_input_model_is_not_modified() -> None:
    document = model(
        view("A", {"x": mapped({**ENUM_AB, "unknownValue": "z"}), "r": reverse("B", "y")}),
        view("B", {"y": mapped()}),
        view("A", {"x": mapped()}),
        view("C", {"x": mapped()}, implements=["C", "Gone"]),
    )
    original = load(document)
    before = copy.deepcopy(original.model_dump())

    result = validate(original)

    assert original.model_dump() == before
    assert result.filtered_model is not None
    assert result.filtered_model is not original
    assert len(result.filtered_model.views) == 3


def test_a_failing_rule_becomes_pyg000_not_an_exception() -> None:
    def broken(ctx: ValidationContext) -> None:
        raise RuntimeError("boom")

    result = DataModelValidator(rules=[broken]).validate(model(view("A", {"x": mapped()})))

    (issue,) = result.issues
    assert issue.code == "PYG000"
    assert "boom" in issue.message and "broken" in issue.message
    assert not result.is_valid


def test_edge_properties_view_outside_the_model_is_removed_from_every_copy() -> None:
    document = model(
        view("A", {"e": edge("A", edge_source="Gone")}),
        view("B", {"e": edge("A", edge_source="Gone")}, implements=["A"]),
        view("C", {"e": edge("A", edge_source="N")}),
        view("N", {"x": mapped()}),
    )

    result = validate(document)

    assert [issue.location for issue in result.by_code("PYG032")] == ["sp/A/e"]  # once
    assert [issue.location for issue in result.by_code("PYG033")] == ["sp/C/e"]
    for name in ("A", "B", "C"):
        assert _props(result.filtered_model, name)["e"].edge_source is None, name
    assert document["views"][0]["properties"]["e"]["edgeSource"] is not None  # input untouched


def test_reverse_relation_through_a_view_outside_the_model_is_left_out() -> None:
    document = model(view("A", {"r": reverse("Gone", "x"), "y": mapped()}))

    result = validate(document)

    assert [issue.location for issue in result.by_code("PYG036")] == ["sp/A/r"]
    assert set(_props(result.filtered_model, "A")) == {"y"}


def test_derived_name_issues_say_what_the_generator_uses() -> None:
    document = model(
        view("Equipment", {"connectedTo": edge("Equipment")}),
        view("EquipmentConnected", {"to": edge("Equipment")}),
        view("HTTPServer", {"x": mapped()}),
        view("HttpServer", {"x": mapped()}),
        external_id="pygen",
    )

    result = validate(document)

    derived = {(i.location, i.message) for i in result.by_code("PYG060")}
    (message,) = [m for loc, m in derived if loc == "sp/EquipmentConnected/to"]
    assert message.startswith(
        "The connection constant 'EQUIPMENT_CONNECTED_TO' is taken by EQUIPMENT_CONNECTED_TO "
        "(of Equipment.connectedTo) and EQUIPMENT_CONNECTED_TO (of Equipment.connected_to)"
    )
    assert "it is named EQUIPMENT_CONNECTED_TO_2 (Python)" in message
    assert "EQUIPMENT_CONNECTED_TO_2 (TypeScript)" in message
    assert any("HTTP_SERVER_VIEW_2 (Python)" in m for loc, m in derived if loc == "sp/HttpServer")
    # TypeScript's view spec constants are planned and reported the same way
    assert any(
        m.startswith("The view spec constant 'HTTP_SERVER_SPEC'")
        and "HTTP_SERVER_SPEC_2 (TypeScript)" in m
        for loc, m in derived
        if loc == "sp/HttpServer"
    )
    model_issues = {i.message for i in result.by_code("PYG062")}
    assert any("pygen_sdk (Python)" in m for m in model_issues)
    assert any("PygenClient2 (Python)" in m for m in model_issues)
    attributes = [i.message for i in result.by_code("PYG061")]
    assert any("http_server_2 (Python)" in m for m in attributes)
    # a module per view in both languages (Python: views/<module>.py), so both rename it
    (module,) = [i.message for i in result.by_code("PYG053")]
    assert "it is named http_server_2 (Python), httpServer2 (TypeScript)" in module


def test_filter_arguments_taken_by_parameters_or_each_other_are_reported() -> None:
    size = mapped({"type": "int32"})
    document = model(view("A", {"limit": mapped(), "min_size": mapped(), "size": size}))

    result = validate(document)

    issues = {i.location: i.message for i in result.by_code("PYG063")}
    assert set(issues) == {"sp/A/limit", "sp/A/size"}
    assert issues["sp/A/limit"] == (
        "Filter arguments of property 'limit': limit is taken by the API methods' own "
        "parameter 'limit', so it is named limit_2 (Python); limit is taken by the API "
        "methods' own parameter 'limit', so it is named limit2 (TypeScript)."
    )
    assert issues["sp/A/size"] == (
        "Filter arguments of property 'size': min_size is taken by the filter argument "
        "'min_size' of A.min_size, so it is named min_size_2 (Python); minSize is taken by "
        "the filter argument 'minSize' of A.minSize, so it is named minSize2 (TypeScript)."
    )


def test_a_view_named_like_the_client_options_renames_the_options() -> None:
    document = model(view("ShopClientOptions", {"x": mapped()}), external_id="Shop")

    result = validate(document)

    (message,) = [i.message for i in result.by_code("PYG062")]
    assert message.startswith("The client options type 'ShopClientOptions' is taken by")
    assert message.endswith("it is named ShopClientOptions2 (TypeScript).")


@pytest.mark.parametrize(
    ("external_id", "package"),
    [
        ("match", "match_sdk"),
        ("class", "class_sdk"),
        ("pygen", "pygen_sdk"),
        ("pydantic", "pydantic_sdk"),
        ("typing", "typing_sdk"),
        ("json", "json_sdk"),
    ],
)
def test_unsafe_package_names_are_reported_with_the_name_used(
    external_id: str, package: str
) -> None:
    result = validate(model(view("A", {"x": mapped()}), external_id=external_id))

    messages = [i.message for i in result.by_code("PYG062")]
    assert any(f"{package} (Python)" in m for m in messages), result.codes


@pytest.mark.parametrize("external_id", ["", "!!!"])
def test_model_ids_that_make_no_package_name_are_invalid_ids(external_id: str) -> None:
    result = validate(model(view("A", {"x": mapped()}), external_id=external_id))

    assert [issue.location for issue in result.by_code("PYG070")] == ["(model)"]
    assert not result.is_valid

"""View selection (include_views / exclude_views): what is kept, what degrades, the issues."""

from __future__ import annotations

from typing import Any

import pytest

from pygen.ir import build_ir
from pygen.testing.models import direct, edge, load, mapped, model, reverse, view
from pygen.validation import Severity, validate
from pygen.validation.selection import ViewSelection, select_views
from pygen_runtime.client.models import DirectRelationType, EdgeConnection, MappedProperty
from pygen_runtime.errors import ConfigError

# code -> (document, selection, a location where the issue must be reported)
SELECTION_CASES: dict[str, tuple[Any, ViewSelection, str]] = {
    "PYG090": (
        model(view("A", {"x": mapped()}), view("B", {"x": mapped()})),
        ViewSelection(exclude=("B",)),
        "(model)",
    ),
    "PYG091": (
        model(view("A", {"d": direct("B")}), view("B", {"x": mapped()})),
        ViewSelection(include=("A",)),
        "sp/A/d",
    ),
    "PYG092": (
        model(view("A", {"e": edge("B")}), view("B", {"x": mapped()})),
        ViewSelection(include=("A",)),
        "sp/A/e",
    ),
    "PYG093": (
        model(
            view("A", {"e": edge("A", edge_source="E")}),
            view("E", {"w": mapped()}, used_for="edge"),
        ),
        ViewSelection(exclude=("E",)),
        "sp/A/e",
    ),
    "PYG094": (
        model(view("A", {"r": reverse("B", "toA")}), view("B", {"toA": direct("A")})),
        ViewSelection(exclude=("B",)),
        "sp/A/r",
    ),
    "PYG095": (
        model(view("P", {"x": mapped()}), view("C", {"y": mapped()}, implements=["P"])),
        ViewSelection(include=("C",)),
        "sp/C",
    ),
    "PYG096": (
        model(view("Pump", {"x": mapped()})),
        ViewSelection(include=("Pmup",)),
        "(model)",
    ),
}


def _select(document: Any, selection: ViewSelection) -> Any:
    return select_views(validate(document), selection)


@pytest.mark.parametrize("code", sorted(SELECTION_CASES))
def test_selection_reports_its_code(code: str) -> None:
    document, selection, where = SELECTION_CASES[code]

    result = _select(document, selection)

    assert (code, where) in {(issue.code, issue.location) for issue in result.issues}


@pytest.mark.parametrize(
    ("include", "exclude", "kept"),
    [
        ((), (), {"Pump", "PumpCurve", "Valve", "other:Pump"}),
        (("Pump*",), (), {"Pump", "PumpCurve", "other:Pump"}),
        (("sp:Pump*",), (), {"Pump", "PumpCurve"}),
        (("other:*",), (), {"other:Pump"}),
        (("*",), ("*Curve", "other:*"), {"Pump", "Valve"}),
        (("Pump",), ("Pump",), set()),
        (("s?:V*", "*:Pump"), (), {"Valve", "Pump", "other:Pump"}),
    ],
)
def test_globs_match_external_ids_and_space_forms(
    include: tuple[str, ...], exclude: tuple[str, ...], kept: set[str]
) -> None:
    document = model(
        view("Pump", {"x": mapped()}),
        view("PumpCurve", {"x": mapped()}),
        view("Valve", {"x": mapped()}),
        view("Pump", {"x": mapped()}, space="other"),
    )

    result = _select(document, ViewSelection.of(include, exclude))

    names = {
        v.external_id if v.space == "sp" else f"{v.space}:{v.external_id}"
        for v in result.filtered_model.inline_views
    }
    assert names == kept


def test_relations_to_left_out_views_degrade_with_infos_only() -> None:
    document = model(
        view(
            "A",
            {
                "owner": direct("B"),
                "links": edge("B", edge_source="E"),
                "back": reverse("B", "toA"),
                "kept": direct("A"),
            },
        ),
        view("B", {"toA": direct("A")}),
        view("E", {"w": mapped()}, used_for="edge"),
    )

    result = _select(document, ViewSelection(include=("A",)))

    a = result.filtered_model.view("A")
    owner = a.properties["owner"]
    assert isinstance(owner, MappedProperty) and isinstance(owner.type, DirectRelationType)
    assert owner.target_view is None  # an untyped direct relation
    links = a.properties["links"]
    assert isinstance(links, EdgeConnection) and links.edge_source is None
    assert "back" not in a.properties
    kept = a.properties["kept"]
    assert isinstance(kept, MappedProperty) and kept.target_view is not None
    new = {i.code: i.severity for i in result.issues if i.code.startswith("PYG09")}
    assert new == dict.fromkeys(["PYG090", "PYG091", "PYG092", "PYG093", "PYG094"], Severity.INFO)
    assert result.is_valid and validate(document, strict=True).is_valid
    assert select_views(validate(document, strict=True), ViewSelection(include=("A",))).is_valid


def test_a_left_out_parent_leaves_its_properties_with_the_child() -> None:
    document = model(
        view("P", {"x": mapped(), "toQ": direct("Q")}, implements=["Q"]),
        view("Q", {"q": mapped()}),
        view("C", {"y": mapped()}, implements=["P"]),
    )

    result = _select(document, ViewSelection(include=("C",)))

    child = result.filtered_model.view("C")
    assert child.implements is None
    assert set(child.properties) == {"x", "y", "q", "toQ"}
    to_q = child.properties["toQ"]
    assert isinstance(to_q, MappedProperty) and to_q.target_view is None


def test_issues_inside_left_out_views_are_dropped() -> None:
    broken = model(
        view("Good", {"x": mapped()}),
        view("Broken", {"e": mapped({"type": "enum", "values": {}})}),  # PYG040, an error
    )
    assert not validate(broken).is_valid

    result = _select(broken, ViewSelection(exclude=("Broken",)))

    assert result.is_valid
    assert "PYG040" not in result.codes
    assert [v.external_id for v in result.filtered_model.inline_views] == ["Good"]


def test_an_unmatched_pattern_suggests_a_view_and_fails_strict() -> None:
    document = model(view("Pump", {"x": mapped()}))

    result = select_views(validate(document, strict=True), ViewSelection(exclude=("Pmup",)))

    (issue,) = [i for i in result.issues if i.code == "PYG096"]
    assert issue.severity is Severity.WARNING
    assert "'Pmup'" in issue.message and issue.suggestion == "Did you mean Pump?"
    assert not result.is_valid


def test_the_input_is_not_modified() -> None:
    document = model(view("A", {"d": direct("B")}), view("B", {"x": mapped()}))
    result = validate(document)
    before = result.filtered_model.model_dump()

    select_views(result, ViewSelection(include=("A",)))

    assert result.filtered_model.model_dump() == before


@pytest.mark.parametrize("pattern", ["", "  ", "sp:", ":Pump"])
def test_bad_patterns_are_config_errors(pattern: str) -> None:
    with pytest.raises(ConfigError, match="is not a view pattern"):
        ViewSelection(include=(pattern,))


def test_build_ir_names_no_left_out_view() -> None:
    document = model(
        view("A", {"owner": direct("B"), "links": edge("B"), "back": reverse("B", "toA")}),
        view("B", {"toA": direct("A")}),
    )

    ir, result = build_ir(load(document), selection=ViewSelection(exclude=("B",)))

    assert [cls.view.external_id for cls in ir.classes] == ["A"]
    (cls,) = ir.classes
    assert {rel.id: rel.target for rel in cls.relationships} == {"owner": None, "links": None}
    assert result.is_valid

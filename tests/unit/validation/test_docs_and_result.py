"""The code catalogue is documented, and results render for people and machines."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from pygen.testing.models import direct, mapped, model, reverse, view
from pygen.validation import CODES, RULES, Severity, validate

DOCS = Path(__file__).parents[3] / "docs" / "validation.md"


def test_every_code_is_documented_with_its_severity() -> None:
    text = DOCS.read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\| (PYG\d{3}) \| (error|warning|info) \|", text, re.M))

    assert documented == {code: entry.severity.value for code, entry in CODES.items()}


def test_every_rule_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")

    for rule in RULES:
        assert f"`{rule.__name__}`" in text


def test_codes_are_well_formed() -> None:
    for code, entry in CODES.items():
        assert re.fullmatch(r"PYG\d{3}", code)
        assert entry.code == code
        assert entry.title and entry.effect


def _broken() -> dict[str, object]:
    return model(
        view("A", {"r": reverse("B", "nope"), "d": direct("Gone")}),
        view("B", {"x": mapped()}),
        view("E", {"w": mapped()}, used_for="edge"),
    )


def test_summary_groups_by_severity_with_locations_and_suggestions() -> None:
    result = validate(_broken())

    text = result.format_summary()

    assert text.startswith("Data model sp:TestModel(version=1): 3 view(s) to generate\n")
    assert text.index("Errors (1)") < text.index("Warnings (1)") < text.index("Infos (1)")
    assert "  PYG034  sp/A/r\n" in text
    assert "suggestion: " in text
    assert text.endswith("Result: invalid; 1 error(s), 1 warning(s), 1 info(s)\n")
    assert "Infos" not in result.format_summary(show_info=False)


def test_print_summary_writes_the_summary() -> None:
    result = validate(_broken())
    out = io.StringIO()

    result.print_summary(out)

    assert out.getvalue() == result.format_summary()


def test_strict_verdict() -> None:
    document = model(view("A", {"d": direct("Gone")}))

    assert (
        validate(document)
        .format_summary()
        .endswith("Result: valid; 0 error(s), 1 warning(s), 0 info(s)\n")
    )
    strict = validate(document, strict=True)
    assert not strict.is_valid
    assert "invalid (strict: warnings count as errors)" in strict.format_summary()


def test_json_form() -> None:
    result = validate(_broken(), strict=True)

    data = json.loads(result.to_json())

    assert data["model"] == "sp:TestModel(version=1)"
    assert data["valid"] is False and data["strict"] is True
    assert data["counts"] == {"errors": 1, "warnings": 1, "infos": 1}
    assert data["issues"][0] == {
        "code": "PYG034",
        "severity": "error",
        "message": data["issues"][0]["message"],
        "location": "sp/A/r",
        "suggestion": data["issues"][0]["suggestion"],
        "can_auto_fix": False,
    }
    assert [i["severity"] for i in data["issues"]] == ["error", "warning", "info"]


def test_issues_are_ordered_by_severity_then_location() -> None:
    result = validate(_broken())

    ranks = [(i.severity.rank, i.location) for i in result.issues]
    assert ranks == sorted(ranks)
    assert Severity.ERROR.rank < Severity.WARNING.rank < Severity.INFO.rank
    assert str(result.issues[0]).startswith("error PYG034 sp/A/r: ")

"""Documents are read leniently: what cannot be read becomes an issue, never an exception."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pygen.testing.models import mapped, model, view
from pygen.validation import load_document, validate


@pytest.mark.parametrize("document", [None, [], "text", 42, [{"space": "x"}]])
def test_a_document_that_is_not_a_mapping_gives_pyg001(document: Any) -> None:
    result = validate(document)

    assert result.codes == ("PYG001",)
    assert result.filtered_model is None
    assert not result.is_valid
    assert "Data model (unreadable)" in result.format_summary()


def test_missing_identity_names_the_missing_keys() -> None:
    result = validate({"space": "sp", "views": []})

    (issue,) = result.issues
    assert issue.code == "PYG001"
    assert "externalId" in issue.message and "version" in issue.message


def test_timestamps_may_be_left_out_of_hand_written_files() -> None:
    document = model(view("A", {"x": mapped()}))
    del document["createdTime"], document["views"][0]["lastUpdatedTime"]

    assert validate(document).issues == ()


def test_views_that_are_not_a_list() -> None:
    document = model()
    document["views"] = {"A": {}}

    result = validate(document)

    assert result.codes == ("PYG002",)
    assert result.filtered_model is not None
    assert result.filtered_model.views == []


def test_bad_views_and_properties_are_left_out_one_by_one() -> None:
    good = view("Good", {"x": mapped(), "broken": {"container": "nope"}})
    no_id = view("NoId", {"x": mapped()})
    del no_id["externalId"]
    bad_props = view("BadProps", {})
    bad_props["properties"] = ["x"]
    document = model(good, no_id, bad_props, "not a view", {1: 2}, view("Other", {"y": mapped()}))

    loaded, issues = load_document(document)

    assert loaded is not None
    assert [v.external_id for v in loaded.inline_views] == ["Good", "BadProps", "Other"]
    assert set(loaded.view("Good").properties) == {"x"}
    assert [(i.code, i.location) for i in issues] == [
        ("PYG003", "sp/Good/broken"),
        ("PYG002", "views[1]"),
        ("PYG002", "sp/BadProps"),
        ("PYG002", "views[3]"),
        ("PYG002", "views[4]"),
    ]


def test_unknown_type_tag_is_a_property_that_cannot_be_read() -> None:
    document = model(view("A", {"v": mapped({"type": "vector", "dimensions": 3})}))

    (issue,) = validate(document).by_code("PYG003")

    assert issue.location == "sp/A/v"
    assert "vector" in issue.message


def test_non_text_property_keys() -> None:
    document = model(view("A", {"x": mapped()}))
    document["views"][0]["properties"][7] = mapped()

    result = validate(document)

    assert [(i.code, i.location) for i in result.errors] == [("PYG003", "sp/A/7")]


def test_model_files_that_nest_too_deeply_or_expand_too_far_are_refused(tmp_path: Path) -> None:
    from pygen.model_file import MAX_DEPTH, read_document
    from pygen_runtime.errors import ParseError

    deep = tmp_path / "deep.json"
    deep.write_text('{"a": ' + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "}")
    deeper = tmp_path / "deeper.json"
    deeper.write_text("[" * 100_000 + "]" * 100_000)  # beyond the JSON parser's recursion
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n"
            for i in range(7)
        )
    )
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + b'{"space": "sp"}')

    for path, message in (
        (deep, "nested too deeply"),
        (deeper, "nested too deeply"),
        (bomb, "expands to more than"),
    ):
        with pytest.raises(ParseError, match=message):
            read_document(path)
    assert read_document(bom) == {"space": "sp"}

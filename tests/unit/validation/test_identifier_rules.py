"""The identifier rules validation applies are the ones the emulator enforces (both follow
docs/dms-api.md §5): an id validation accepts is one the local CDF accepts, and vice versa."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pygen.emulator import identifiers as emulator
from pygen.emulator.errors import DMSError
from pygen.validation.identifiers import (
    DMS_EXTERNAL_ID,
    ENUM_VALUE,
    PROPERTY_ID,
    SPACE,
    VERSION,
    IdentifierRule,
    node_external_id_problem,
    shown,
)

SAMPLES = [
    "a", "A", "_a", "a_", "a-b", "a.b", "1", "1a", "a1", "a b", " a", "a\n", "é", "a\x00",
    "a" * 43, "a" * 44, "a" * 127, "a" * 128, "a" * 255, "a" * 256, "", "a-", "-a", "a..b",
]  # fmt: skip


def _accepts(check: Callable[[str, str], None], value: str) -> bool:
    try:
        check(value, "here")
    except DMSError:
        return False
    return True


@pytest.mark.parametrize(
    ("rule", "check"),
    [
        (
            SPACE,
            lambda v, w: emulator.check_space(v, w) if v not in emulator.RESERVED_SPACES else None,
        ),
        (DMS_EXTERNAL_ID, lambda v, w: emulator.check_dms_external_id(v, w, reserved=False)),
        (VERSION, emulator.check_version),
        (ENUM_VALUE, emulator.check_enum_value),
    ],
    ids=["space", "externalId", "version", "enum value"],
)
def test_validation_and_the_emulator_agree(
    rule: IdentifierRule, check: Callable[[str, str], None]
) -> None:
    for value in SAMPLES:
        assert (rule.problem(value) is None) == _accepts(check, value), (rule.label, value)


def test_property_identifiers_agree_apart_from_reserved_names() -> None:
    for value in SAMPLES:
        if value in emulator.RESERVED_PROPERTIES:
            continue
        ours = PROPERTY_ID.problem(value) is None
        assert ours == _accepts(emulator.check_property_id, value), value


def test_node_external_ids_agree() -> None:
    for value in [*SAMPLES, "x" * 257, "any text\n\u202e\"'"]:
        ours = node_external_id_problem(value) is None
        assert ours == _accepts(emulator.check_instance_external_id, value), value


def test_problems_name_the_rule_and_show_the_id_escaped_and_cut() -> None:
    assert SPACE.problem(12) == "the space must be text, got int"
    assert VERSION.problem("") == "the version is empty"
    long = DMS_EXTERNAL_ID.problem("a" * 10_000)
    assert long is not None and "10,000 characters; at most 255" in long and len(long) < 200
    bad = VERSION.problem("1\n2")
    assert (
        bad == "the version '1\\n2' does not match ^[a-zA-Z0-9]([.a-zA-Z0-9_-]{0,41}[a-zA-Z0-9])?$"
    )
    assert shown("x" * 100) == f"'{'x' * 50}'... (100 characters)"


def test_a_rule_remembers_only_valid_values_and_tells_the_same_problems(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pygen.validation import identifiers

    monkeypatch.setattr(identifiers, "_VALID_LIMIT", 5)
    for rule in (SPACE, DMS_EXTERNAL_ID, VERSION, PROPERTY_ID, ENUM_VALUE):
        monkeypatch.setattr(rule, "_valid", set())
        fresh = IdentifierRule(rule.label, rule.pattern, rule.max_length)
        expected = [fresh.problem(value) for value in [*SAMPLES, 7, None]]
        for _ in range(2):  # asked again: the same answers, from memory for the valid ones
            assert [rule.problem(value) for value in [*SAMPLES, 7, None]] == expected
        assert len(rule._valid) <= 5
        assert all(fresh._problem(value) is None for value in rule._valid)

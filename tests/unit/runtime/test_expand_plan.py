"""The result sets an expansion asks for (no server): one per hop and level, one view each."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from pygen_runtime import Expand, ExpandLimitError
from pygen_runtime.expand import build_sets, expansion_of, hops_of, root_expression
from tests.e2e.conftest import GOLDEN_PYTHON


@pytest.fixture(scope="module")
def em() -> Any:
    sys.path.insert(0, str(GOLDEN_PYTHON))
    try:
        import example_model
    finally:
        sys.path.remove(str(GOLDEN_PYTHON))
    return example_model


def test_hops_of_a_read_class(em: Any) -> None:
    hops = {hop.field: hop for hop in hops_of(em.Equipment)}
    assert set(hops) == {"connected_to", "parts", "site"}
    assert (hops["site"].kind, hops["site"].target, hops["site"].multi) == (
        "direct",
        em.Site,
        False,
    )
    assert (hops["parts"].kind, hops["parts"].target, hops["parts"].multi) == (
        "direct",
        em.Equipment,
        True,
    )
    edge = hops["connected_to"]
    assert (edge.kind, edge.edge_class, edge.target) == ("edge", em.Connection, em.Equipment)
    (reverse,) = hops_of(em.Site)
    assert (reverse.field, reverse.kind, reverse.target) == ("equipment", "reverse", em.Equipment)
    assert hops_of(em.EquipmentSummary) == ()


def test_one_result_set_per_hop_and_level(em: Any) -> None:
    root = root_expression(em.Site.view(), None, [])
    one = build_sets(em.Site, root, 1)
    assert [s.name for s in one] == ["s0", "s1"]
    nodes = one[1].expression["nodes"]
    assert nodes["from"] == "s0" and nodes["direction"] == "inwards"
    assert nodes["through"]["identifier"] == "site"
    two = build_sets(em.Site, root, 2)
    # site.equipment, then per equipment: connected_to (edges + end nodes), parts, site
    assert len(two) == 2 + 4
    edges = next(s for s in two if "edges" in s.expression)
    assert edges.expression["edges"]["maxDistance"] == 1
    assert edges.expression["edges"]["filter"]["equals"]["property"] == ["edge", "type"]
    for result_set in two:
        assert len(result_set.select()["sources"]) <= 1  # the API allows ten views per select


def test_the_result_set_guard(em: Any) -> None:
    root = root_expression(em.Equipment.view(), None, [])
    with pytest.raises(ExpandLimitError, match=r"result sets.*max_result_sets="):
        build_sets(em.Equipment, root, 3, max_result_sets=10)


def test_expand_arguments() -> None:
    assert expansion_of("none") is None and expansion_of("ids") is None
    assert expansion_of(2) == Expand(depth=2)
    with pytest.raises(ExpandLimitError):
        expansion_of(9)


def test_an_expandable_relation_validates_exactly_as_an_id(em: Any) -> None:
    """``Expandable[Site]`` gives pydantic the very schema of ``InstanceId``: plain reads run
    the same validator as before (no union tried per object)."""
    from pydantic import TypeAdapter

    from pygen_runtime import Expandable, InstanceId

    expandable = TypeAdapter(Expandable[em.Site] | None).core_schema
    assert expandable == TypeAdapter(InstanceId | None).core_schema
    listed = TypeAdapter(list[Expandable[em.Equipment]] | None).core_schema
    assert listed == TypeAdapter(list[InstanceId] | None).core_schema

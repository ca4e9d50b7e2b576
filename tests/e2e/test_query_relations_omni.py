"""Queries across relations and edge-view expansion on a second fixture: the Omni model
(golden/Omni), whose connections include direct relations (single and list), reverse direct
relations and edges with properties in both directions (``ConnectionItemF.outwardsMulti`` and
its inverse ``ConnectionItemG.inwardsMultiProperty``, both of ``ConnectionEdgeA`` edges).

Everything is written through the Omni SDK and compared with expected objects computed from
what was written. Also: edges with properties read expanded with their end nodes — from the
owner's relation and from the edge view's API — round trip through ``as_write`` in both
directions without duplicating or turning edges around.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest

from pygen.emulator import LocalCDF
from pygen_runtime import InstanceId
from pygen_runtime.client.models import SpaceApply

from .conftest import ROOT

OMNI_MODEL = ROOT / "tests" / "data" / "models" / "Omni.yaml"
OMNI_PYTHON = ROOT / "golden" / "Omni" / "python"
SPACE = "omni_query"
F_LINKS = {0: [0, 1], 1: [1], 2: [2], 3: [0, 2]}  # F n -> the G nodes it has an edge to
F_DIRECT = {n: [n, (n + 1) % 4] for n in range(4)}  # F n -> its direct_list of D nodes


def _edge_name(f: int, g: int) -> str:
    return f"edge {f}-{g}"


@pytest.fixture(scope="module")
def om() -> Any:
    sys.path.insert(0, str(OMNI_PYTHON))
    try:
        import omni
    finally:
        sys.path.remove(str(OMNI_PYTHON))
    return omni


@pytest.fixture(scope="module")
def sdk(om: Any) -> Iterator[Any]:
    with LocalCDF(db=":memory:", load=[OMNI_MODEL]) as cdf:
        client = cdf.client()
        client.spaces.apply([SpaceApply(space=SPACE)])
        sdk = om.OmniClient(client, instance_space=SPACE)
        es = [om.ConnectionItemEWrite(external_id=f"e-{n}", name=f"E {n}") for n in range(3)]
        ds = [
            om.ConnectionItemDWrite(
                external_id=f"d-{n}",
                name=f"D {n}",
                direct_single=f"e-{n % 3}",
                direct_multi=[f"e-{n % 3}", f"e-{(n + 1) % 3}"],
            )
            for n in range(4)
        ]
        gs = [om.ConnectionItemGWrite(external_id=f"g-{n}", name=f"G {n}") for n in range(3)]
        fs = [
            om.ConnectionItemFWrite(
                external_id=f"f-{n}",
                name=f"F {n}",
                direct_list=[f"d-{m}" for m in F_DIRECT[n]],
                outwards_multi=[
                    om.ConnectionEdgeAWrite(end_node=f"g-{g}", name=_edge_name(n, g))
                    for g in F_LINKS[n]
                ],
            )
            for n in range(4)
        ]
        sdk.upsert([*es, *ds, *gs, *fs])
        yield sdk
        client.close()


def _edge_ids(sdk: Any) -> list[tuple[str, str, str]]:
    edges = sdk.connection_item_f.outwards_multi_edges.list(limit=None)
    return sorted((e.external_id, e.start_node.external_id, e.end_node.external_id) for e in edges)


def test_inwards_edges_with_properties_then_a_direct_list(sdk: Any, om: Any) -> None:
    from omni.views.connection_edge_a import CONNECTION_EDGE_A_VIEW

    gs = (
        sdk.connection_item_g.query()
        .sort("-name")
        .select("name")
        .inwards_multi_property.filter(name=["F 0", "F 1", "F 3"])
        .edge_filter(CONNECTION_EDGE_A_VIEW.prop("name").prefix("edge"))
        .sort("-name")
        .limit(1)
        .direct_list.filter(name=["D 1", "D 3"])
        .up()
        .up()
        .list()
    )
    assert [g.external_id for g in gs] == ["g-2", "g-1", "g-0"]
    for g in gs:
        n = int(g.external_id[-1])
        sources = sorted((f for f, links in F_LINKS.items() if n in links and f != 2), reverse=True)
        expected = sources[:1]  # per G: the F with the highest name, of F 0, F 1 and F 3
        edges = g.inwards_multi_property
        assert [e.other_node.external_id for e in edges] == [f"f-{f}" for f in expected]
        for edge, f in zip(edges, expected, strict=True):
            assert isinstance(edge, om.ConnectionEdgeA) and edge.name == _edge_name(f, n)
            assert (edge.start_node, edge.end_node) == (
                InstanceId(SPACE, f"f-{f}"),
                InstanceId(SPACE, f"g-{n}"),
            )
            node = edge.other_node
            assert isinstance(node, om.ConnectionItemF) and node.name == f"F {f}"
            kinds = [
                (type(d).__name__, d.external_id) if not isinstance(d, InstanceId) else d
                for d in node.direct_list
            ]
            assert kinds == [
                ("ConnectionItemD", f"d-{m}") if m in (1, 3) else InstanceId(SPACE, f"d-{m}")
                for m in F_DIRECT[f]
            ]


def test_reverse_relation_then_a_single_direct_relation(sdk: Any, om: Any) -> None:
    es = (
        sdk.connection_item_e.query()
        .sort("name")
        .direct_reverse_multi.sort("-name")
        .limit(2)
        .direct_single.up()
        .up()
        .list()
    )
    assert [e.external_id for e in es] == ["e-0", "e-1", "e-2"]
    for e in es:
        n = int(e.external_id[-1])
        pointing = [d for d in range(4) if n in (d % 3, (d + 1) % 3)]
        expected = sorted(pointing, reverse=True)[:2]
        assert [d.external_id for d in e.direct_reverse_multi] == [f"d-{d}" for d in expected]
        for d, m in zip(e.direct_reverse_multi, expected, strict=True):
            assert isinstance(d.direct_single, om.ConnectionItemE)
            assert d.direct_single.external_id == f"e-{m % 3}"


@pytest.mark.parametrize("expand", ["ids", 1])
def test_inwards_edges_with_properties_round_trip(sdk: Any, om: Any, expand: Any) -> None:
    before = _edge_ids(sdk)
    g = sdk.connection_item_g.retrieve("g-1", expand=expand)
    write = g.as_write()
    (first, _) = write.inwards_multi_property
    assert isinstance(first, om.ConnectionEdgeAWrite)
    expected_far = (om.ConnectionItemFWrite, InstanceId)[expand == "ids"]
    assert isinstance(first.end_node, expected_far)  # in a connection: the node at the far end
    first.name = f"renamed {expand}"
    sdk.upsert(write)
    assert _edge_ids(sdk) == before  # the same edges: none turned around, none duplicated
    again = sdk.connection_item_g.retrieve("g-1", expand=1)
    names = sorted(e.name for e in again.inwards_multi_property)
    assert f"renamed {expand}" in names
    assert sorted(e.other_node.external_id for e in again.inwards_multi_property) == [
        "f-0",
        "f-1",
    ]


def test_edge_view_api_expands_the_far_nodes_and_round_trips(sdk: Any, om: Any) -> None:
    before = _edge_ids(sdk)
    outwards = sdk.connection_item_f.outwards_multi_edges.list(limit=None, expand=2)
    assert len(outwards) == sum(len(g) for g in F_LINKS.values())
    for edge in outwards:
        g = edge.other_node
        assert isinstance(g, om.ConnectionItemG) and g.id == edge.end_node
        # depth 2: the G node's own relations, with this very edge among them
        assert any(back is not None and back.id == edge.id for back in g.inwards_multi_property)
    inwards = sdk.connection_item_g.inwards_multi_property_edges.list(limit=None, expand=1)
    assert {e.other_node.id for e in inwards} == {e.start_node for e in inwards}
    assert all(isinstance(e.other_node, om.ConnectionItemF) for e in inwards)

    edge = next(e for e in outwards if e.external_id == before[0][0])
    write = edge.as_write()  # standalone: its end node goes with it, as a write object
    assert isinstance(write.end_node, om.ConnectionItemGWrite)
    write.end_node.name = "G renamed"
    write.name = "edge renamed"
    sdk.upsert(write)
    assert _edge_ids(sdk) == before
    stored = sdk.connection_item_g.retrieve(write.end_node.external_id)
    assert stored is not None and stored.name == "G renamed"


def test_a_standalone_edge_read_with_its_start_node_writes_it_like_an_end_node(
    sdk: Any, om: Any
) -> None:
    before = _edge_ids(sdk)
    inwards = sdk.connection_item_g.inwards_multi_property_edges.list(limit=None, expand=1)
    edge = next(e for e in inwards if e.external_id == before[-1][0])
    write = edge.as_write()  # the far node of an inwards connection is the start node
    assert isinstance(write.start_node, om.ConnectionItemFWrite)
    assert write.start_node.external_id == edge.start_node.external_id
    assert write.end_node == edge.end_node  # not expanded here: stays its id
    write.start_node.name = "F renamed from its edge"
    sdk.upsert(write)
    assert _edge_ids(sdk) == before  # written the way it was, not turned around
    stored = sdk.connection_item_f.retrieve(edge.start_node.external_id)
    assert stored is not None and stored.name == "F renamed from its edge"


def test_the_edge_views_own_api_expands_through_the_outwards_connection(sdk: Any, om: Any) -> None:
    edges = sdk.connection_edge_a.list(limit=None, expand=1)
    assert len(edges) == sum(len(g) for g in F_LINKS.values())
    # the edge type belongs to ConnectionItemF.outwardsMulti: the far node is the end node, a G
    assert all(isinstance(e.other_node, om.ConnectionItemG) for e in edges)
    assert all(e.other_node.id == e.end_node for e in edges)

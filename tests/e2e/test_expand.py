"""Expand on read (issue #14): a graph written through the example SDK, read back expanded.

The graph, in its own instance space: two sites; pumps at the sites, each with spare parts
(list direct relation) and a cable to the next pump (edge with properties, a cycle); work
orders with a site (direct), assets (edges without properties) and a primary asset (single
edge). Everything is written through the SDK and compared object for object after an
expanded read.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest

from pygen.emulator import LocalCDF
from pygen_runtime import Expand, ExpandLimitError, InstanceId
from pygen_runtime import expand as expand_module
from pygen_runtime.client.models import SpaceApply

from .conftest import EXAMPLE_MODEL

SPACE = "expand_graph"
PUMPS = 6


@pytest.fixture(scope="module")
def graph_cdf() -> Iterator[LocalCDF]:
    with LocalCDF(db=":memory:", load=[EXAMPLE_MODEL]) as cdf:
        client = cdf.client()
        client.spaces.apply([SpaceApply(space=SPACE)])
        client.close()
        yield cdf


def _writes(em: Any) -> list[Any]:
    sites = [
        em.SiteWrite(external_id=f"site-{n}", name=f"Site {n}", code=f"S-{n}") for n in range(2)
    ]
    pumps = [
        em.EquipmentWrite(
            external_id=f"pump-{n}",
            name=f"Pump {n}",
            serial_number=f"SN-{n}",
            weight=100.0 + n,
            site=f"site-{n % 2}",
            parts=[f"pump-{(n + 1) % PUMPS}", f"pump-{(n + 2) % PUMPS}"],
            connected_to=[
                em.ConnectionWrite(
                    end_node=f"pump-{(n + 1) % PUMPS}", cable_type=f"cable-{n}", length_m=float(n)
                )
            ],
        )
        for n in range(PUMPS)
    ]
    orders = [
        em.WorkOrderWrite(
            external_id=f"order-{n}",
            name=f"Order {n}",
            site=f"site-{n % 2}",
            assets=[f"pump-{n}", f"pump-{n + 1}"],
            primary_asset=f"pump-{n}",
        )
        for n in range(3)
    ]
    return [*sites, *pumps, *orders]


@pytest.fixture(scope="module")
def graph(graph_cdf: LocalCDF, example_sdk: Any) -> Any:
    client = graph_cdf.client()
    sdk = example_sdk.ExampleModelClient(client, instance_space=SPACE)
    sdk.upsert(_writes(example_sdk))
    return sdk


@pytest.fixture
def counted(graph: Any, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The bodies of every query request the SDK sends."""
    bodies: list[dict[str, Any]] = []
    instance_client = graph.equipment._client
    original = instance_client.post

    def post(path: str, body: dict[str, Any]) -> bytes:
        if path.endswith("/query"):
            bodies.append(body)
        return original(path, body)

    monkeypatch.setattr(instance_client, "post", post)
    return bodies


def _view(sdk: Any, module: str) -> Any:
    """A view's module of the SDK (``views/<module>.py``)."""
    return importlib.import_module(f"{sdk.__name__}.views.{module}")


def _id(n: int, kind: str = "pump") -> InstanceId:
    return InstanceId(SPACE, f"{kind}-{n}")


def test_depth_two_reads_the_graph_object_for_object(graph: Any, example_sdk: Any) -> None:
    em = example_sdk
    pumps = graph.equipment.list(limit=None, expand=2, space=SPACE)
    assert [p.external_id for p in pumps] == sorted(f"pump-{n}" for n in range(PUMPS))
    by_id = {p.id: p for p in pumps}
    for n in range(PUMPS):
        pump = by_id[_id(n)]
        site = pump.site
        assert isinstance(site, em.Site)
        assert (site.external_id, site.name, site.code) == (
            f"site-{n % 2}",
            f"Site {n % 2}",
            f"S-{n % 2}",
        )
        # depth 2: the site's reverse relation, with this very pump object in it
        assert site.equipment is not None
        assert [e.external_id for e in site.equipment] == sorted(
            f"pump-{m}" for m in range(PUMPS) if m % 2 == n % 2
        )
        assert any(e is pump for e in site.equipment)
        first, second = pump.parts  # in the order written, each the one object of its pump
        assert first is by_id[_id((n + 1) % PUMPS)] and second is by_id[_id((n + 2) % PUMPS)]
        (cable,) = pump.connected_to
        assert isinstance(cable, em.Connection)
        assert (cable.cable_type, cable.length_m) == (f"cable-{n}", float(n))
        assert cable.other_node is by_id[_id((n + 1) % PUMPS)]


def test_edges_without_properties_single_edges_and_direct_relations(
    graph: Any, example_sdk: Any
) -> None:
    em = example_sdk
    orders = graph.work_order.retrieve([f"order-{n}" for n in (2, 0)], expand=1)
    assert [o.external_id for o in orders] == ["order-2", "order-0"]  # the order asked for
    order = orders[1]
    assert isinstance(order.site, em.Site) and order.site.external_id == "site-0"
    assert [a.external_id for a in order.assets] == ["pump-0", "pump-1"]
    assert all(isinstance(a, em.Equipment) for a in order.assets)
    assert isinstance(order.primary_asset, em.Equipment)
    assert order.primary_asset is order.assets[0]  # one object per node
    # depth 1: the nested objects' own edges and reverse relations are not fetched
    assert order.primary_asset.connected_to is None
    assert isinstance(order.primary_asset.site, InstanceId)


def test_defaults_ids_for_retrieve_nothing_for_list(graph: Any) -> None:
    pump = graph.equipment.retrieve("pump-0")
    assert pump.site == _id(0, "site")
    assert [c.end_node for c in pump.connected_to] == [_id(1)]
    assert pump.connected_to[0].other_node is None
    listed = graph.equipment.list(space=SPACE)
    assert all(p.connected_to is None for p in listed)
    bare = graph.equipment.retrieve("pump-0", expand="none")
    assert bare.connected_to is None


def test_requests_grow_with_pages_not_instances(graph: Any, counted: list[dict[str, Any]]) -> None:
    graph.equipment.list(limit=2, expand=2, space=SPACE)
    few = len(counted)
    counted.clear()
    graph.equipment.list(limit=None, expand=2, space=SPACE)
    assert few == len(counted) == 1  # everything fits one page of every result set
    body = counted[0]
    assert all(len(select["sources"]) <= 1 for select in body["select"].values())


def test_dependent_sets_are_paged_within_their_parents(
    graph: Any, counted: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = graph.equipment.list(limit=None, expand=2, space=SPACE)
    expected = [p.dump() for p in whole]
    counted.clear()
    monkeypatch.setattr(expand_module, "SET_LIMIT", 2)
    monkeypatch.setattr(expand_module, "ROOT_PAGE", 4)
    paged = graph.equipment.list(limit=None, expand=2, space=SPACE)
    assert [p.dump() for p in paged] == expected
    assert len(counted) > 2
    followed = [body for body in counted if body.get("cursors")]
    assert followed, "dependent sets were paged with cursors"
    for body in followed:
        # a follow-up request selects only the set being paged and the sets below it
        assert set(body["select"]) <= set(body["with"])
        assert len(body["select"]) < len(body["with"]) or "s0" in body["cursors"]


def test_the_instance_guard_names_the_limit(graph: Any) -> None:
    with pytest.raises(ExpandLimitError, match=r"more than 5 instances .*max_instances=") as error:
        graph.equipment.list(limit=None, expand=Expand(depth=2, max_instances=5), space=SPACE)
    assert "Expand(depth=2" in str(error.value)


def test_the_depth_guard_names_the_limit() -> None:
    with pytest.raises(ExpandLimitError, match=r"depth 4 is over the limit of 3.*max_depth=4"):
        Expand(depth=4)
    assert Expand(depth=4, max_depth=4).depth == 4
    with pytest.raises(ValueError, match="at least 1"):
        Expand(depth=0)


def test_bad_expand_arguments_are_refused(graph: Any) -> None:
    with pytest.raises(ValueError, match="expand takes"):
        graph.equipment.list(expand="all")
    with pytest.raises(TypeError, match="expand takes"):
        graph.equipment.list(expand=True)


def test_dump_of_a_cyclic_graph_ends_in_ids(graph: Any) -> None:
    pump = graph.equipment.retrieve("pump-0", expand=2)
    dumped = pump.dump()
    assert dumped["site"]["externalId"] == "site-0"
    inner = {e["externalId"]: e for e in dumped["site"]["equipment"]}
    assert inner["pump-0"] == {"space": SPACE, "externalId": "pump-0"}  # the cycle back
    assert dumped["connected_to"][0]["other_node"]["externalId"] == "pump-1"
    assert "Site('expand_graph', 'site-0')" in repr(pump)


def test_round_trip_read_modify_upsert(graph: Any, example_sdk: Any) -> None:
    order = graph.work_order.retrieve("order-1", expand=2)
    write = order.as_write()
    assert isinstance(write.site, example_sdk.SiteWrite)
    assert all(isinstance(a, example_sdk.EquipmentWrite) for a in write.assets)
    write.site.name = "Site 1, renamed"
    write.assets[0].weight = 999.0
    write.assets[0].connected_to[0].length_m = 42.0
    graph.upsert(write)
    again = graph.work_order.retrieve("order-1", expand=2)
    assert again.site.name == "Site 1, renamed"
    assert again.assets[0].weight == 999.0
    assert again.assets[0].connected_to[0].length_m == 42.0
    assert again.assets[0].connected_to[0].other_node.external_id == "pump-2"
    # nothing was duplicated: the same edges, the same nodes
    assert [a.external_id for a in again.assets] == ["pump-1", "pump-2"]
    assert len(graph.equipment.list(limit=None, space=SPACE)) == PUMPS


def test_every_sort_name_of_the_literal_sorts(graph: Any, example_sdk: Any) -> None:
    """``EquipmentSortField`` names only what the runtime can sort by, both directions."""
    from typing import get_args

    names = get_args(_view(example_sdk, "equipment").EquipmentSortField)
    assert "weight" in names and "-weight" in names and "parts" not in names
    for name in names:
        listed = graph.equipment.list(sort=name, limit=None, space=SPACE)
        assert len(listed) == PUMPS, name
    weights = [p.weight for p in graph.equipment.list(sort="-weight", limit=None, space=SPACE)]
    assert weights == sorted(weights, reverse=True)


def _names(items: Any) -> list[str]:
    return sorted(item.external_id for item in items)


def test_filter_by_the_target_of_a_single_direct_relation_is_nested(
    graph: Any, example_sdk: Any, counted: list[dict[str, Any]]
) -> None:
    at_site_0 = _view(example_sdk, "site").SITE_VIEW.prop("code").equals("S-0")
    assert _names(graph.equipment.list(site=at_site_0, limit=None)) == [
        "pump-0",
        "pump-2",
        "pump-4",
    ]
    assert graph.equipment.count(site=at_site_0) == 3
    assert counted == []  # one list request with a nested filter, no query


def test_filter_by_related_nodes_in_two_steps(
    graph: Any, example_sdk: Any, counted: list[dict[str, Any]]
) -> None:
    equipment = _view(example_sdk, "equipment").EQUIPMENT_VIEW
    pump_3 = equipment.prop("name").equals("Pump 3")
    # multi-valued direct relation: parts holding a node the filter holds for
    assert _names(graph.equipment.list(parts=pump_3, limit=None)) == ["pump-1", "pump-2"]
    # reverse direct relation: the site pump 3 is at
    assert _names(graph.site.list(equipment=pump_3, limit=None)) == ["site-1"]
    # edges with properties: the pump cabled to pump 3
    assert _names(graph.equipment.list(connected_to=pump_3, limit=None)) == ["pump-2"]
    # edges without properties, combined with another filter argument
    pump_2 = equipment.prop("name").equals("Pump 2")
    assert _names(graph.work_order.list(assets=pump_2, limit=None)) == ["order-1", "order-2"]
    assert _names(graph.work_order.list(assets=pump_2, name="Order 2")) == ["order-2"]
    assert _names(graph.work_order.list(primary_asset=pump_2)) == ["order-2"]
    assert len(counted) == 6  # one query per relation filter, whatever the number of matches
    nothing = equipment.prop("name").equals("no such pump")
    assert graph.site.list(equipment=nothing) == []
    assert graph.equipment.list(parts=nothing) == []


def test_relation_filters_work_with_expand(graph: Any, example_sdk: Any) -> None:
    pump_3 = _view(example_sdk, "equipment").EQUIPMENT_VIEW.prop("name").equals("Pump 3")
    (site,) = graph.site.list(equipment=pump_3, expand=1)
    assert sorted(e.external_id for e in site.equipment) == ["pump-1", "pump-3", "pump-5"]


def test_too_many_related_nodes_is_an_error_not_a_cut_filter(
    graph: Any, example_sdk: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pygen_runtime import related

    monkeypatch.setattr(related, "MAX_RELATED_IDS", 2)
    heavy = _view(example_sdk, "equipment").EQUIPMENT_VIEW.prop("weight").range(gte=0)
    with pytest.raises(ValueError, match=r"more than 2 instances.*narrow the filter"):
        graph.site.list(equipment=heavy)


def test_lists_of_expanded_objects_dump_and_tabulate(graph: Any) -> None:
    pandas = pytest.importorskip("pandas")
    pumps = graph.equipment.list(limit=None, expand=2, space=SPACE)
    dumped = pumps.dump()
    assert dumped[0]["site"]["externalId"] == "site-0"  # nested, cycles as ids
    frame = pumps.to_pandas()
    plain = graph.equipment.list(limit=None, space=SPACE, expand="ids").to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == list(plain.columns)
    assert frame["site"].tolist() == plain["site"].tolist()  # ids, as a plain read gives
    assert frame["parts"].tolist() == plain["parts"].tolist()
    assert frame["connected_to"].tolist() == plain["connected_to"].tolist()  # edge ids

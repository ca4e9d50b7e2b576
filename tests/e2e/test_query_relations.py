"""Queries across relations (issue #14): a graph written through the example SDK, queried
across two hops with filters, sort, limits and select at each hop, compared with what was
written.

The graph, in its own instance space: three sites with an area; nine pumps, each at a site,
with one spare part (direct list), two cables (edges with properties: copper to the next pump,
fibre to the one after); five work orders with a site and four assets (edges without
properties). Expected results are computed from the Python data written, not read back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from pygen.emulator import LocalCDF
from pygen_runtime import ExpandLimitError, InstanceId
from pygen_runtime.client.models import SpaceApply

from .conftest import EXAMPLE_MODEL

SPACE = "query_graph"
SITES, PUMPS, ORDERS = 3, 9, 5


@dataclass(frozen=True)
class Pump:
    n: int

    @property
    def xid(self) -> str:
        return f"pump-{self.n}"

    @property
    def weight(self) -> float:
        return 100.0 + (self.n * 7) % 10  # not in the order of n

    @property
    def status(self) -> str:
        return "stopped" if self.n % 3 == 0 else "running"

    @property
    def site(self) -> int:
        return self.n % SITES

    def cables(self) -> list[tuple[str, int, float]]:
        return [
            ("copper", (self.n + 1) % PUMPS, float(self.n)),
            ("fibre", (self.n + 2) % PUMPS, float(self.n) + 0.5),
        ]


PUMP_DATA = [Pump(n) for n in range(PUMPS)]


def _order_name(n: int) -> str:
    return f"Order {n}" if n != 4 else "Other job"


def _order_priority(n: int) -> int:
    return (n * 2) % 5 + 1


def _order_assets(n: int) -> list[int]:
    return [(n + k) % PUMPS for k in range(4)]


def _writes(em: Any) -> list[Any]:
    sites = [
        em.SiteWrite(external_id=f"site-{n}", name=f"Site {n}", code=f"S-{n}", area=n * 10.0)
        for n in range(SITES)
    ]
    pumps = [
        em.EquipmentWrite(
            external_id=p.xid,
            name=f"Pump {p.n}",
            serial_number=f"SN-{p.n}",
            weight=p.weight,
            status=p.status,
            site=f"site-{p.site}",
            parts=[f"pump-{(p.n + 1) % PUMPS}"],
            connected_to=[
                em.ConnectionWrite(end_node=f"pump-{end}", cable_type=cable, length_m=length)
                for cable, end, length in p.cables()
            ],
        )
        for p in PUMP_DATA
    ]
    orders = [
        em.WorkOrderWrite(
            external_id=f"order-{n}",
            name=_order_name(n),
            description=f"job {n}",
            priority=_order_priority(n),
            completed=n == 1,
            site=f"site-{n % SITES}",
            assets=[f"pump-{m}" for m in _order_assets(n)],
        )
        for n in range(ORDERS)
    ]
    return [*sites, *pumps, *orders]


@pytest.fixture(scope="module")
def graph(example_sdk: Any) -> Iterator[Any]:
    with LocalCDF(db=":memory:", load=[EXAMPLE_MODEL]) as cdf:
        client = cdf.client()
        client.spaces.apply([SpaceApply(space=SPACE)])
        sdk = example_sdk.ExampleModelClient(client, instance_space=SPACE)
        sdk.upsert(_writes(example_sdk))
        yield sdk
        client.close()


@pytest.fixture
def bodies(graph: Any, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Every request the SDK sends: (path, body)."""
    sent: list[tuple[str, dict[str, Any]]] = []
    instance_client = graph.work_order._client
    original = instance_client.post

    def post(path: str, body: dict[str, Any]) -> bytes:
        sent.append((path, body))
        return original(path, body)

    monkeypatch.setattr(instance_client, "post", post)
    return sent


def test_two_hops_with_filters_sort_limits_and_select(
    graph: Any, example_sdk: Any, bodies: list[tuple[str, dict[str, Any]]]
) -> None:
    em = example_sdk
    query = (
        graph.work_order.query()
        .filter(name_prefix="Order")
        .sort("-priority")
        .limit(3)
        .select("name", "priority")
        .assets.filter(status="running")
        .sort("-weight")
        .limit(2)
        .site.filter(min_area=20)
        .select("code")
        .up()
        .up()
        .site.up()
    )
    assert bodies == []  # lazy: building sends nothing
    orders = query.list()
    assert [path for path, _ in bodies] == ["/models/instances/query"]  # one request plan

    chosen = sorted(
        (n for n in range(ORDERS) if _order_name(n).startswith("Order")),
        key=lambda n: -_order_priority(n),
    )[:3]
    assert isinstance(orders, em.WorkOrderList)
    assert [o.external_id for o in orders] == [f"order-{n}" for n in chosen]
    for order, n in zip(orders, chosen, strict=True):
        assert (order.name, order.priority) == (_order_name(n), _order_priority(n))
        with pytest.raises(AttributeError, match=r"WorkOrder.completed was not selected"):
            _ = order.completed
        assert isinstance(order.site, em.Site) and order.site.code == f"S-{n % SITES}"
        running = [PUMP_DATA[m] for m in _order_assets(n) if PUMP_DATA[m].status == "running"]
        expected = sorted(running, key=lambda p: -p.weight)[:2]
        assert [a.external_id for a in order.assets] == [p.xid for p in expected]
        for asset, pump in zip(order.assets, expected, strict=True):
            assert isinstance(asset, em.Equipment)
            assert (asset.weight, asset.status, asset.name) == (pump.weight, "running", asset.name)
            if pump.site * 10.0 >= 20:  # the hop's filter: sites with an area of 20 or more
                assert isinstance(asset.site, em.Site)
                assert asset.site.code == f"S-{pump.site}"
                with pytest.raises(AttributeError, match="add it to select"):
                    _ = asset.site.name
            else:  # not matched at the hop: the relation keeps its id
                assert asset.site == InstanceId(SPACE, f"site-{pump.site}")

    # select is fetched, not trimmed: the root set asks for its properties only
    (_, body) = bodies[0]
    root_select = body["select"]["s0"]["sources"][0]["properties"]
    assert sorted(root_select) == ["name", "priority", "site"]  # site: the hop needs it


def test_reverse_relation_then_edges_with_properties(graph: Any, example_sdk: Any) -> None:
    em = example_sdk
    from example_model.views.connection import CONNECTION_VIEW

    sites = (
        graph.site.query()
        .sort("-code")
        .equipment.filter(min_weight=103)
        .sort("weight", "external_id")
        .connected_to.edge_filter(CONNECTION_VIEW.prop("cableType").equals("fibre"))
        .filter(status="running")
        .up()
        .up()
        .list()
    )
    assert [s.external_id for s in sites] == [f"site-{n}" for n in reversed(range(SITES))]
    for site in sites:
        n = int(site.external_id.split("-")[1])
        at_site = [p for p in PUMP_DATA if p.site == n and p.weight >= 103]
        expected = sorted(at_site, key=lambda p: (p.weight, p.xid))
        assert [e.external_id for e in site.equipment] == [p.xid for p in expected]
        for pump, data in zip(site.equipment, expected, strict=True):
            cables = [
                (end, length)
                for cable, end, length in data.cables()
                if cable == "fibre" and PUMP_DATA[end].status == "running"
            ]
            assert all(isinstance(c, em.Connection) for c in pump.connected_to)
            assert [
                (int(c.other_node.external_id.split("-")[1]), c.length_m) for c in pump.connected_to
            ] == cables
            assert all(c.cable_type == "fibre" for c in pump.connected_to)


def test_edge_filter_takes_the_edge_views_typed_filter_arguments(
    graph: Any, example_sdk: Any
) -> None:
    """``edge_filter(cable_type=..., min_length_m=...)``: the Connection view's filter
    arguments at the ``connected_to`` hop, the same edges as the raw filter gives."""
    from example_model.views.connection import CONNECTION_VIEW

    hop = graph.equipment.query().sort("external_id").connected_to
    pumps = hop.edge_filter(cable_type="copper", min_length_m=3).up().list()
    assert [p.external_id for p in pumps] == [p.xid for p in sorted(PUMP_DATA, key=_xid)]
    for pump, data in zip(pumps, sorted(PUMP_DATA, key=_xid), strict=True):
        expected = [
            (cable, end)
            for cable, end, length in data.cables()
            if cable == "copper" and length >= 3
        ]
        got = [
            (c.cable_type, int(c.other_node.external_id.split("-")[1])) for c in pump.connected_to
        ]
        assert got == expected
    raw = CONNECTION_VIEW.prop("cableType").equals("copper")
    both = hop.edge_filter(raw, min_length_m=3).up().list()
    assert [[c.id for c in p.connected_to] for p in both] == [
        [c.id for c in p.connected_to] for p in pumps
    ]
    with pytest.raises(TypeError, match="cable_typ"):
        hop.edge_filter(cable_typ="copper")
    with pytest.raises(ValueError, match="edge_filter applies at a hop over an edge"):
        graph.equipment.query().edge_filter(cable_type="copper")
    with pytest.raises(TypeError, match="goes over edges without properties"):
        graph.work_order.query().assets.edge_filter(cable_type="copper")


def test_an_edge_view_is_the_root_of_a_query(
    graph: Any, bodies: list[tuple[str, dict[str, Any]]]
) -> None:
    """``sdk.connection.query()``: the edge view's typed filters, sort, limit and select,
    on the list endpoint, or with a selection on the query endpoint from an ``edges`` set."""
    cables = [
        (cable, f"pump-{p.n}", f"pump-{end}", length)
        for p in PUMP_DATA
        for cable, end, length in p.cables()
    ]
    copper = sorted((c for c in cables if c[0] == "copper" and c[3] >= 2), key=lambda c: -c[3])
    query = graph.connection.query().filter(cable_type="copper", min_length_m=2)
    found = query.sort("-length_m").limit(4).list()
    assert [(e.start_node.external_id, e.length_m) for e in found] == [
        (start, length) for _, start, _, length in copper[:4]
    ]
    assert query.count() == len(copper)
    selected = query.sort("-length_m").select("length_m").list()
    assert [e.length_m for e in selected] == [c[3] for c in copper]
    with pytest.raises(AttributeError, match="cable_type was not selected"):
        selected[0].cable_type  # noqa: B018 - the read raises
    (_, body) = bodies[-1]
    assert "edges" in body["with"]["s0"]  # the root is an edges set, no from
    assert body["select"]["s0"]["sources"][0]["properties"] == ["lengthM"]
    # from an edge accessor: its connection's edges only (work orders' assets have no
    # properties, so every Connection edge is a connected_to edge; the type is sent)
    accessor = graph.equipment.connected_to_edges.query().select("cable_type").list()
    assert len(accessor) == len(cables)
    (_, body) = bodies[-1]
    assert "Equipment.connectedTo" in str(body["with"]["s0"]["edges"]["filter"])


@pytest.mark.parametrize("hop", [True, False])
def test_pages_give_a_cursor_that_resumes_the_query(graph: Any, hop: bool) -> None:
    """``pages(cursor)``: the root set's cursor resumes a query across relations (and a plain
    one); ``limit`` is the page size of each run."""
    query = graph.equipment.query().sort("external_id").limit(4)
    if hop:
        query = query.site.select("code").up()
    seen: list[str] = []
    cursor = None
    for _ in range(3):
        (page,) = list(query.pages(cursor))
        seen += [pump.external_id for pump in page.items]
        if hop:
            sites = [(p.external_id, p.site.code) for p in page.items]
            assert sites == [(x, f"S-{int(x.split('-')[1]) % SITES}") for x, _ in sites]
        cursor = page.cursor
    assert seen == sorted(p.xid for p in PUMP_DATA)
    assert cursor is None


def _xid(pump: Pump) -> str:
    return pump.xid


def test_selected_read_round_trips_without_clearing_what_was_not_read(graph: Any) -> None:
    (order,) = (
        graph.work_order.query().filter(external_id_prefix="order-2").select("priority").list()
    )
    write = order.as_write()
    write.priority = 5
    graph.upsert(write)
    stored = graph.work_order.retrieve("order-2", expand="ids")
    assert stored is not None
    assert (stored.priority, stored.name, stored.description) == (5, _order_name(2), "job 2")
    assert sorted(a.external_id for a in stored.assets) == [
        f"pump-{m}" for m in sorted(_order_assets(2))
    ]
    graph.upsert(stored.as_write().model_copy(update={"priority": _order_priority(2)}))


def test_builder_is_immutable_and_refuses_bad_input(graph: Any) -> None:
    base = graph.equipment.query().filter(status="running")
    heavy = base.filter(min_weight=105)
    assert base.count() == sum(p.status == "running" for p in PUMP_DATA)
    assert heavy.count() == sum(p.status == "running" and p.weight >= 105 for p in PUMP_DATA)
    hop = base.site
    assert repr(hop.up()).startswith("EquipmentQuery(") and "hops={'site': {}}" in repr(hop)
    with pytest.raises(ValueError, match="up\\(\\) at the root"):
        base.up()
    with pytest.raises(ValueError, match="has no property 'wieght' to select"):
        base.select("wieght")
    with pytest.raises(ValueError, match="edge_filter applies at a hop over an edge"):
        hop.edge_filter(base.where)
    with pytest.raises(TypeError, match="wieght"):
        hop.filter(wieght=1)


def test_guards_name_the_limit_and_how_to_raise_it(graph: Any) -> None:
    query = graph.work_order.query().assets.connected_to.up().up()
    with pytest.raises(ExpandLimitError, match=r"max_instances.*\.guard\(max_instances=\.\.\.\)"):
        query.guard(max_instances=10).list()
    deep = graph.equipment.query().parts.parts.parts.parts
    with pytest.raises(ExpandLimitError, match=r"4 hops deep.*\.guard\(max_depth=4\)"):
        deep.list()
    assert len(deep.guard(max_depth=4).list()) == PUMPS


def test_to_pandas_and_rows(graph: Any) -> None:
    pytest.importorskip("pandas")
    frame = graph.site.query().sort("code").select("code").equipment.up().to_pandas()
    assert list(frame["external_id"]) == [f"site-{n}" for n in range(SITES)]
    assert list(frame["code"]) == [f"S-{n}" for n in range(SITES)]
    assert "name" not in frame.columns and "area" not in frame.columns  # not selected: absent
    own = ["space", "external_id", "version", "created_time", "last_updated_time"]
    assert list(frame.columns) == [
        *own,
        "deleted_time",
        "instance_type",
        "node_type",
        "code",
        "equipment",
    ]
    rows = list(graph.site.query().sort("code").select("code").rows())
    assert rows[0] == {"space": SPACE, "external_id": "site-0", "code": "S-0"}

"""Type checking of queries across relations in the example SDK: ``mypy --strict`` follows
every hop (filters, sort and select names of the hop's view, ``up()`` back to the hop above,
``list()`` the root's list) and refuses a wrong name at any hop.
"""

from __future__ import annotations

from pathlib import Path

from .test_typed_reads import _mypy

GOOD = """
from typing_extensions import assert_type

from example_model import Connection, ConnectionList, Equipment, EquipmentList, ExampleModelClient, WorkOrder, WorkOrderList
from example_model.views.connection import CONNECTION_VIEW, ConnectionQuery
from example_model.views.equipment import EquipmentQuery
from example_model.views.site import SiteQuery
from example_model.views.work_order import WorkOrderQuery

Root = WorkOrderQuery[WorkOrder, WorkOrderList, None]


def query(sdk: ExampleModelClient) -> None:
    root = sdk.work_order.query().filter(name_prefix="P", completed=False).sort("-priority")
    assert_type(root, Root)
    assets = root.select("name", "priority").limit(5).assets
    assert_type(assets, EquipmentQuery[WorkOrder, WorkOrderList, Root])
    site = assets.filter(status="running", min_weight=1).sort("-weight").limit(3).site
    assert_type(site, SiteQuery[WorkOrder, WorkOrderList, EquipmentQuery[WorkOrder, WorkOrderList, Root]])
    assert_type(site.select("code").up().up(), Root)
    assert_type(site.list(), WorkOrderList)
    pumps = sdk.equipment.query().connected_to.edge_filter(
        CONNECTION_VIEW.prop("cableType").equals("copper")
    ).up().list()
    assert_type(pumps, EquipmentList)
    cables = sdk.equipment.query().connected_to.filter(status="running")
    typed = cables.edge_filter(cable_type="copper", min_length_m=2.5)
    assert_type(typed, EquipmentQuery[Equipment, EquipmentList, EquipmentQuery[Equipment, EquipmentList, None]])
    assert_type(typed.edge_filter(CONNECTION_VIEW.prop("lengthM").exists()).list(), EquipmentList)
    edges = sdk.connection.query().filter(cable_type="copper").sort("-length_m").select("length_m")
    assert_type(edges, ConnectionQuery[Connection, ConnectionList, None])
    assert_type(edges.list(), ConnectionList)
    assert_type(sdk.equipment.connected_to_edges.query().limit(3).list(), ConnectionList)
    for order in site.up().up().site.list():
        assert_type(order, WorkOrder)
"""

BAD = """
from example_model import EquipmentList, ExampleModelClient


def query(sdk: ExampleModelClient) -> None:
    hop = sdk.work_order.query().assets
    hop.filter(wieght=1)
    hop.sort("-priority")
    hop.site.select("weight")
    hop.sites
    pumps: EquipmentList = hop.list()
    hop.up().up().list()
    hop.connected_to.edge_filter(cable_typ="copper")
    hop.connected_to.edge_filter(min_length_m="long")
    sdk.connection.query().filter(cable_typ="copper")
    sdk.connection.query().start_node
"""


def test_typed_queries_follow_every_hop(tmp_path: Path) -> None:
    result = _mypy(tmp_path, GOOD)
    assert result.returncode == 0, result.stdout + result.stderr


def test_wrong_names_at_a_hop_are_type_errors(tmp_path: Path) -> None:
    result = _mypy(tmp_path, BAD)
    lines = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert result.returncode == 1
    expected = {
        7: "wieght",  # a filter the hop's view (Equipment) does not have
        8: "-priority",  # a WorkOrder sort name at an Equipment hop
        9: "'weight'",  # an Equipment property selected at a Site hop
        10: "sites",  # no such relation
        11: "WorkOrderList",  # list() at a hop returns the root's list
        12: '"None" has no attribute "list"',  # up() at the root: its type is None
        13: "cable_typ",  # not a filter argument of the edge view (ConnectionFilters)
        14: 'expected "float | None"',  # an edge filter argument's type (min_length_m)
        15: "cable_typ",  # an edge root's filters are the edge view's
        16: '"ConnectionQuery[Connection, ConnectionList, None]" has no attribute "start_node"',
    }
    for line_number, text in expected.items():
        assert any(f":{line_number}:" in line and text in line for line in lines), (
            line_number,
            result.stdout,
        )
    assert len(lines) == len(expected), result.stdout

"""``resolve_spaces``: the instance space filled in before anything is flattened."""

from __future__ import annotations

import pytest

from pygen_runtime import InstanceId
from pygen_runtime.instance_client import _flatten
from pygen_runtime.spaces import resolve_spaces

from .models import PipeWrite, PumpWrite


def test_space_and_bare_relations_are_filled_in_before_edge_ids_are_computed() -> None:
    site = PumpWrite(external_id="site", name="Site")
    pump = PumpWrite(
        external_id="p1",
        name="P1",
        site=site,
        feeds=["p2", PipeWrite(end_node="p3", length=1.0), PumpWrite(external_id="p4", name="P4")],
        fed_by=[InstanceId("other", "p0")],
    )

    resolve_spaces([pump], "data")
    nodes, edges = _flatten([pump])

    assert pump.space == site.space == "data"
    assert pump.feeds is not None and pump.feeds[0] == InstanceId("data", "p2")
    assert {node["externalId"]: node["space"] for node in nodes} == {
        "p1": "data",
        "site": "data",
        "p4": "data",
    }
    assert sorted(edge["externalId"] for edge in edges) == [
        "data:p1:sp:Pump.feeds:data:p2",
        "data:p1:sp:Pump.feeds:data:p3",
        "data:p1:sp:Pump.feeds:data:p4",
        "other:p0:sp:Pump.feeds:data:p1",
    ]
    assert {edge["space"] for edge in edges} == {"data"}  # edges take their node's space


def test_a_given_space_is_kept_and_a_standalone_edge_gets_one() -> None:
    pump = PumpWrite(space="mine", external_id="p1", name="P1", site="s1")
    edge = PipeWrite(
        external_id="e1",
        edge_type=InstanceId("sp", "Pump.feeds"),
        start_node="p1",
        end_node="p2",
    )

    resolve_spaces([pump, edge], "data")

    assert pump.space == "mine"
    assert pump.site == InstanceId("data", "s1")  # bare ids are in the instance space
    assert edge.space == "data"
    assert edge.dump()["startNode"] == {"space": "data", "externalId": "p1"}


def test_without_an_instance_space_the_error_names_the_object_and_the_fix() -> None:
    with pytest.raises(ValueError, match=r"PumpWrite 'p1' has no space: give a space, or create"):
        resolve_spaces([PumpWrite(external_id="p1", name="P1")], None)
    with pytest.raises(ValueError, match=r"PumpWrite.site is the bare external id 's1'"):
        resolve_spaces([PumpWrite(space="mine", external_id="p1", name="P1", site="s1")], None)
    with pytest.raises(ValueError, match="node 'p1' has no space yet"):
        PumpWrite(external_id="p1", name="P1").dump()

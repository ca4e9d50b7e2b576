"""The client's instance space, bare external ids, multi-valued relation filters and edge ids,
with the example SDK against the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from pygen.emulator import LocalCDF
from pygen_runtime import InstanceId, edge_external_id
from pygen_runtime.client.models import SpaceApply

from .conftest import INSTANCE_SPACE

OTHER_SPACE = "pygen_example_other"


def _pump(example_sdk: Any, external_id: str, **values: Any) -> Any:
    return example_sdk.EquipmentWrite(
        external_id=external_id, name=external_id, serial_number=f"SN-{external_id}", **values
    )


def test_writes_without_space_and_bare_relations_use_the_instance_space(
    sdk: Any, example_sdk: Any
) -> None:
    site = example_sdk.SiteWrite(external_id="isp-site", name="ISP site", code="ISP")
    spare = _pump(example_sdk, "isp-spare")
    pump = _pump(
        example_sdk,
        "isp-pump",
        site=site,
        parts=["isp-spare"],  # a bare external id
        connected_to=[
            example_sdk.ConnectionWrite(end_node="isp-spare", cable_type="copper"),
            example_sdk.ConnectionWrite(end_node="isp-site-2", cable_type="fibre"),
        ],
    )
    site_two = example_sdk.EquipmentWrite(
        external_id="isp-site-2", name="two", serial_number="SN-2"
    )

    result = sdk.upsert([spare, site_two, pump])

    # the space was filled in on the objects, before the edge ids were computed from it
    assert pump.space == site.space == INSTANCE_SPACE
    edge_type = InstanceId("pygen_example", "Equipment.connectedTo")
    start = InstanceId(INSTANCE_SPACE, "isp-pump")
    expected_edges = {
        InstanceId(
            INSTANCE_SPACE, edge_external_id(start, edge_type, InstanceId(INSTANCE_SPACE, end))
        )
        for end in ("isp-spare", "isp-site-2")
    }
    assert expected_edges <= set(result.created)
    read = sdk.equipment.retrieve("isp-pump")
    assert read.site == InstanceId(INSTANCE_SPACE, "isp-site")
    assert read.parts == [InstanceId(INSTANCE_SPACE, "isp-spare")]
    assert {edge.end_node for edge in read.connected_to} == {
        InstanceId(INSTANCE_SPACE, "isp-spare"),
        InstanceId(INSTANCE_SPACE, "isp-site-2"),
    }


def test_a_write_without_space_needs_an_instance_space(
    local_cdf: LocalCDF, example_sdk: Any
) -> None:
    client = local_cdf.client()
    sdk = example_sdk.ExampleModelClient(client)  # no instance space
    with pytest.raises(ValueError, match="EquipmentWrite 'isp-nospace' has no space"):
        sdk.upsert(_pump(example_sdk, "isp-nospace"))
    with pytest.raises(ValueError, match="bare external id 'isp-spare'"):
        sdk.upsert(_pump(example_sdk, "isp-x", space=INSTANCE_SPACE, parts=["isp-spare"]))
    with pytest.raises(ValueError, match="'isp-site' is a bare external id"):
        sdk.equipment.list(site="isp-site")
    client.close()


def test_relation_filters_take_bare_ids_and_multi_relations_contain_any_or_all(
    sdk: Any, example_sdk: Any
) -> None:
    parts = [_pump(example_sdk, f"isp-part-{i}") for i in range(3)]
    holders = [
        _pump(example_sdk, "isp-holder-a", parts=["isp-part-0", "isp-part-1"], site="isp-site"),
        _pump(example_sdk, "isp-holder-b", parts=["isp-part-1", "isp-part-2"]),
    ]
    site = example_sdk.SiteWrite(external_id="isp-site", name="ISP site", code="ISP")
    sdk.upsert([site, *parts, *holders])

    def found(**filters: Any) -> list[str]:
        listed = sdk.equipment.list(external_id_prefix="isp-holder", limit=None, **filters)
        return sorted(item.external_id for item in listed)

    assert found(site="isp-site") == ["isp-holder-a"]
    assert found(site=[InstanceId(INSTANCE_SPACE, "isp-site"), "nowhere"]) == ["isp-holder-a"]
    assert found(parts="isp-part-1") == ["isp-holder-a", "isp-holder-b"]
    assert found(parts=["isp-part-0", "isp-part-2"]) == ["isp-holder-a", "isp-holder-b"]
    assert found(parts_all=["isp-part-0", "isp-part-1"]) == ["isp-holder-a"]
    assert found(parts_all=["isp-part-0", "isp-part-2"]) == []
    assert sdk.equipment.count(parts="isp-part-2") == 1


def test_edges_to_the_same_external_id_in_two_spaces_are_two_edges(
    local_cdf: LocalCDF, sdk: Any, example_sdk: Any
) -> None:
    client = local_cdf.client()
    client.spaces.apply(SpaceApply(space=OTHER_SPACE))
    client.close()
    ends = [
        _pump(example_sdk, "isp-a1", space=INSTANCE_SPACE),
        _pump(example_sdk, "isp-a1", space=OTHER_SPACE),
    ]
    owner = _pump(
        example_sdk,
        "isp-owner",
        connected_to=[
            example_sdk.ConnectionWrite(end_node=InstanceId(space, "isp-a1"), cable_type="x")
            for space in (INSTANCE_SPACE, OTHER_SPACE)
        ],
    )
    sdk.upsert([*ends, owner])

    read = sdk.equipment.retrieve("isp-owner")

    # the edge ids used to leave the spaces out: both links were stored as one edge
    assert {edge.end_node for edge in read.connected_to} == {
        InstanceId(INSTANCE_SPACE, "isp-a1"),
        InstanceId(OTHER_SPACE, "isp-a1"),
    }

"""The hand-written example SDK end to end: every read and write path over real HTTP.

Expected values are computed from the sample instances the emulator was loaded with, so each
assertion checks the SDK, the runtime and the emulator together.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import pytest

from pygen_runtime import InstanceId, InstanceOperationError, InstanceResult

from .conftest import INSTANCE_SPACE, sample_items


def sample(view: str) -> list[dict[str, Any]]:
    """Properties of the sample nodes written through ``view`` (with their external id)."""
    found = []
    for item in sample_items():
        for source in item.get("sources", []):
            if source["source"]["externalId"] == view and item["instanceType"] == "node":
                found.append({"externalId": item["externalId"], **source["properties"]})
    return found


def sample_edges(edge_type: str) -> list[dict[str, Any]]:
    return [
        item
        for item in sample_items()
        if item["instanceType"] == "edge" and item["type"]["externalId"] == edge_type
    ]


EQUIPMENT = sample("Equipment")


def test_list_defaults_to_25_and_none_lists_all(sdk: Any) -> None:
    assert len(sdk.equipment.list()) == 25
    everything = sdk.equipment.list(limit=None)
    assert len(everything) == len(EQUIPMENT) == 200
    assert len({item.external_id for item in everything}) == 200


def test_read_objects_have_typed_fields(sdk: Any, example_sdk: Any) -> None:
    expected = EQUIPMENT[0]
    item = sdk.equipment.retrieve(expected["externalId"])
    assert isinstance(item, example_sdk.Equipment)
    assert item.name == expected["name"]
    assert item.weight == expected["weight"]
    assert item.installed_at == datetime.fromisoformat(expected["installedAt"])
    assert item.commissioned_on == date.fromisoformat(expected["commissionedOn"])
    assert item.site == InstanceId(expected["site"]["space"], expected["site"]["externalId"])
    assert item.specs == expected["specs"]
    assert item.sensor_series == expected["sensorSeries"]
    assert item.flags == expected["flags"]


@pytest.mark.parametrize(
    ("kwargs", "predicate"),
    [
        ({"name_prefix": "Pump"}, lambda p: p["name"].startswith("Pump")),
        ({"min_weight": 1000.0, "max_weight": 2000.0}, lambda p: 1000.0 <= p["weight"] <= 2000.0),
        ({"status": "maintenance"}, lambda p: p["status"] == "maintenance"),
        ({"status": ["running", "stopped"]}, lambda p: p["status"] in ("running", "stopped")),
        ({"is_active": False}, lambda p: p["isActive"] is False),
        (
            {"site": InstanceId(INSTANCE_SPACE, "site:oslo")},
            lambda p: p["site"]["externalId"] == "site:oslo",
        ),
        ({"manufacturer": "ABB"}, lambda p: p.get("manufacturer") == "ABB"),
        ({"min_capacity": 500}, lambda p: p["capacity"] >= 500),
        (
            {"min_installed_at": datetime(2020, 1, 1, tzinfo=timezone.utc)},
            lambda p: (
                datetime.fromisoformat(p["installedAt"])
                >= datetime(2020, 1, 1, tzinfo=timezone.utc)
            ),
        ),
        (
            {"max_commissioned_on": date(2018, 1, 1)},
            lambda p: date.fromisoformat(p["commissionedOn"]) <= date(2018, 1, 1),
        ),
        (
            {"external_id_prefix": "equipment:01"},
            lambda p: p["externalId"].startswith("equipment:01"),
        ),
    ],
)
def test_typed_filter_arguments(sdk: Any, kwargs: dict[str, Any], predicate: Any) -> None:
    expected = sorted(p["externalId"] for p in EQUIPMENT if predicate(p))
    assert expected, "the sample data should exercise this filter"
    found = sorted(item.external_id for item in sdk.equipment.list(**kwargs, limit=None))
    assert found == expected


def test_filters_combine_and_space_filter_excludes(sdk: Any) -> None:
    both = sdk.equipment.list(name_prefix="Pump", status="running", limit=None)
    assert all(i.name.startswith("Pump") and i.status == "running" for i in both)
    assert sdk.equipment.list(space="some_other_space", limit=None) == []


def test_a_misspelt_filter_argument_is_refused_not_ignored(sdk: Any) -> None:
    # ``**filters: Unpack[EquipmentFilters]``: mypy catches the typo; at run time it must not
    # quietly list everything
    for method in (sdk.equipment.list, sdk.equipment.iterate, sdk.equipment.count):
        with pytest.raises(TypeError, match=r"'nmae_prefix' \(did you mean 'name_prefix'\?\)"):
            method(nmae_prefix="Pump")
    with pytest.raises(TypeError, match="EquipmentFilters lists the filter arguments"):
        sdk.equipment.search("pump", colour="red")


def test_sort_ascending_and_descending(sdk: Any) -> None:
    heaviest = sdk.equipment.list(sort="-weight", limit=5)
    weights = sorted((p["weight"] for p in EQUIPMENT), reverse=True)[:5]
    assert [item.weight for item in heaviest] == weights
    lightest = sdk.equipment.list(sort="weight", limit=3)
    assert [item.weight for item in lightest] == sorted(p["weight"] for p in EQUIPMENT)[:3]


def test_iterate_yields_pages_lazily(sdk: Any) -> None:
    pages = sdk.equipment.iterate(chunk_size=60)
    first = next(pages)
    assert len(first) == 60
    sizes = [len(first)] + [len(page) for page in pages]
    assert sizes == [60, 60, 60, 20]


def test_retrieve_many_and_missing(sdk: Any) -> None:
    ids = [EQUIPMENT[0]["externalId"], EQUIPMENT[1]["externalId"], "does-not-exist"]
    found = sdk.equipment.retrieve(ids)
    assert sorted(i.external_id for i in found) == sorted(ids[:2])
    assert sdk.equipment.retrieve("does-not-exist") is None


def test_edges_with_properties_are_read_back(sdk: Any, example_sdk: Any) -> None:
    edges = sample_edges("Equipment.connectedTo")
    edge = edges[0]
    item = sdk.equipment.retrieve(edge["startNode"]["externalId"])
    assert item.connected_to is not None
    by_end = {c.end_node.external_id: c for c in item.connected_to}
    connection = by_end[edge["endNode"]["externalId"]]
    assert isinstance(connection, example_sdk.Connection)
    assert connection.cable_type == edge["sources"][0]["properties"]["cableType"]
    assert connection.length_m == edge["sources"][0]["properties"]["lengthM"]


def test_edges_without_properties_and_single_edges(sdk: Any) -> None:
    work_order = sdk.work_order.retrieve("workorder:001")
    assets = sorted(
        e["endNode"]["externalId"]
        for e in sample_edges("WorkOrder.assets")
        if e["startNode"]["externalId"] == "workorder:001"
    )
    assert sorted(a.external_id for a in work_order.assets) == assets
    primary = [
        e
        for e in sample_edges("WorkOrder.primaryAsset")
        if e["startNode"]["externalId"] == "workorder:001"
    ]
    assert work_order.primary_asset == InstanceId(
        INSTANCE_SPACE, primary[0]["endNode"]["externalId"]
    )


def test_reverse_direct_relation(sdk: Any) -> None:
    site = sdk.site.retrieve("site:bergen")
    expected = sorted(
        p["externalId"] for p in EQUIPMENT if p["site"]["externalId"] == "site:bergen"
    )
    assert site.equipment is not None
    assert [i.external_id for i in site.equipment] == expected


def test_search(sdk: Any) -> None:
    found = sdk.equipment.search("Compressor", limit=1000)
    expected = {
        p["externalId"]
        for p in EQUIPMENT
        if "Compressor" in p["name"] or "Compressor" in (p.get("description") or "")
    }
    assert found
    assert {i.external_id for i in found} <= expected
    narrowed = sdk.equipment.search("Compressor", status="running", limit=1000)
    assert all(i.status == "running" for i in narrowed)


def test_aggregates(sdk: Any) -> None:
    assert sdk.equipment.count() == 200
    assert sdk.equipment.count(status="running") == sum(p["status"] == "running" for p in EQUIPMENT)
    average = sdk.equipment.aggregate("avg", "weight")
    assert average == pytest.approx(sum(p["weight"] for p in EQUIPMENT) / 200)
    assert sdk.equipment.aggregate("max", "capacity") == max(p["capacity"] for p in EQUIPMENT)
    groups = sdk.equipment.aggregate("count", group_by="status")
    counted = {g.group["status"]: g.value for g in groups}
    assert counted == {
        s: sum(p["status"] == s for p in EQUIPMENT) for s in {p["status"] for p in EQUIPMENT}
    }
    buckets = sdk.equipment.histogram("weight", 1000.0)
    assert sum(count for _, count in buckets) == 200


def test_query_builder(sdk: Any) -> None:
    query = sdk.equipment.query().filter(name_prefix="Pump").sort("-weight").limit(3)
    found = list(query.execute())
    pumps = sorted(
        (p for p in EQUIPMENT if p["name"].startswith("Pump")), key=lambda p: -p["weight"]
    )
    assert [i.external_id for i in found] == [p["externalId"] for p in pumps[:3]]
    assert sdk.equipment.query().filter(name_prefix="Pump").count() == len(pumps)
    rows = list(
        sdk.equipment.query().filter(name_prefix="Pump").select("name", "weight").limit(2).rows()
    )
    assert set(rows[0]) == {"space", "external_id", "name", "weight"}


def test_to_pandas(sdk: Any) -> None:
    frame = sdk.equipment.list(limit=None).to_pandas()
    assert len(frame) == 200
    assert frame["weight"].sum() == pytest.approx(sum(p["weight"] for p in EQUIPMENT))


def test_read_only_view(sdk: Any) -> None:
    summaries = sdk.equipment_summary.list(limit=None)
    assert len(summaries) == 200
    with pytest.raises(TypeError, match="read-only"):
        summaries[0].as_write()


def test_upsert_retrieve_update_and_delete(sdk: Any, example_sdk: Any) -> None:
    site = example_sdk.SiteWrite(
        space=INSTANCE_SPACE, external_id="site:e2e", name="E2E site", code="E2E"
    )
    pump = example_sdk.EquipmentWrite(
        space=INSTANCE_SPACE,
        external_id="equipment:e2e",
        name="E2E pump",
        serial_number="SN-E2E",
        weight=12.5,
        installed_at=datetime(2024, 5, 1, 12, tzinfo=timezone.utc),
        site=site,
        connected_to=[
            example_sdk.ConnectionWrite(
                end_node=InstanceId(INSTANCE_SPACE, "equipment:0001"),
                cable_type="fibre",
                length_m=4.0,
            )
        ],
    )
    created = sdk.upsert(pump)
    assert set(created.created) == {
        InstanceId(INSTANCE_SPACE, "equipment:e2e"),
        InstanceId(INSTANCE_SPACE, "site:e2e"),
        InstanceId(
            INSTANCE_SPACE,
            f"{INSTANCE_SPACE}:equipment\\:e2e:pygen_example:Equipment.connectedTo:"
            f"{INSTANCE_SPACE}:equipment\\:0001",
        ),
    }
    read = sdk.equipment.retrieve("equipment:e2e")
    assert read.site == InstanceId(INSTANCE_SPACE, "site:e2e")
    assert read.is_active is True  # the container default
    assert read.status == "stopped"  # the container default
    assert [c.cable_type for c in read.connected_to] == ["fibre"]

    again = sdk.upsert(pump)
    assert len(again.unchanged) == 3 and not again.created and not again.updated

    changed = read.as_write()
    changed.weight = 99.0
    updated = sdk.upsert(changed)
    assert InstanceId(INSTANCE_SPACE, "equipment:e2e") in updated.updated
    assert sdk.equipment.retrieve("equipment:e2e").weight == 99.0

    deleted = sdk.delete(["equipment:e2e", "site:e2e"])
    assert len(deleted.deleted) == 2
    assert sdk.equipment.retrieve("equipment:e2e") is None
    assert sdk.connection.list(limit=None, external_id_prefix="equipment:e2e") == []


def test_create_mode_conflicts_with_an_existing_instance(sdk: Any, example_sdk: Any) -> None:
    existing = EQUIPMENT[0]
    duplicate = example_sdk.EquipmentWrite(
        space=INSTANCE_SPACE, external_id=existing["externalId"], name="dup", serial_number="x"
    )
    with pytest.raises(InstanceOperationError) as caught:
        sdk.upsert(duplicate, mode="create")
    assert caught.value.failed[0].ids == [InstanceId(INSTANCE_SPACE, existing["externalId"])]
    assert sdk.equipment.retrieve(existing["externalId"]).name == existing["name"]


def test_a_batch_with_one_bad_item_is_reported_and_nothing_is_lost(
    local_cdf: Any, example_sdk: Any
) -> None:
    client = local_cdf.client()
    sdk = example_sdk.ExampleModelClient(client, instance_space=INSTANCE_SPACE)
    sdk._instances.batch_size = 2
    good = [
        example_sdk.SiteWrite(
            space=INSTANCE_SPACE, external_id=f"site:batch{i}", name=f"B{i}", code="B"
        )
        for i in range(5)
    ]
    # priority is an int32 in the container: a value past its range is refused by the API
    bad = example_sdk.WorkOrderWrite(
        space=INSTANCE_SPACE, external_id="workorder:bad", name="bad", priority=2**40
    )
    with pytest.raises(InstanceOperationError) as caught:
        sdk.upsert([*good, bad])
    error = caught.value
    failed_ids = [i.external_id for batch in error.failed for i in batch.ids]
    assert "workorder:bad" in failed_ids
    assert len(error.result.created) + len(failed_ids) == 6
    assert isinstance(error.result, InstanceResult)
    for item in good:
        if item.external_id not in failed_ids:
            assert sdk.site.retrieve(item.external_id) is not None
    client.close()

"""Read objects from the wire format, write objects to it."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta, timezone

import pytest

from pygen_runtime import InstanceId, InstanceList
from pygen_runtime.client.http.encoding import encode_json_body
from pygen_runtime.instance_client import _flatten

from .models import Pipe, PipeWrite, Pump, PumpList, PumpWrite, wire_pump


def test_read_maps_nested_properties_to_flat_typed_fields() -> None:
    pump = Pump.model_validate_json(
        json.dumps(
            wire_pump(
                "p1",
                name="P1",
                maxFlow=3.5,
                installed="2024-05-01T12:00:00.000+00:00",
                site={"space": "s", "externalId": "site"},
            )
        )
    )
    assert pump.name == "P1"
    assert pump.max_flow == 3.5
    assert pump.installed == datetime(2024, 5, 1, 12, tzinfo=timezone.utc)
    assert pump.site == InstanceId("s", "site")
    assert pump.id == InstanceId("s", "p1")
    assert pump.data_record.version == 1


def test_unknown_properties_from_newer_models_are_ignored() -> None:
    pump = Pump.model_validate(wire_pump("p1", name="P1", addedLater={"x": 1}))
    assert pump.name == "P1"


def test_a_missing_required_property_is_an_error_naming_it() -> None:
    with pytest.raises(ValueError, match="name"):
        Pump.model_validate(wire_pump("p1", maxFlow=1.0))


def test_write_sends_only_the_properties_that_were_set() -> None:
    write = PumpWrite(space="s", external_id="p1", name="P1", max_flow=None)
    assert write.dump() == {
        "instanceType": "node",
        "space": "s",
        "externalId": "p1",
        "sources": [
            {
                "source": {"type": "view", "space": "sp", "externalId": "Pump", "version": "1"},
                "properties": {"name": "P1", "maxFlow": None},
            }
        ],
    }


def test_direct_relations_are_written_as_ids_and_nested_objects_flattened() -> None:
    site = PumpWrite(space="s", external_id="site", name="Site pump")
    write = PumpWrite(space="s", external_id="p1", name="P1", site=site)
    nodes, edges = _flatten([write])
    assert [node["externalId"] for node in nodes] == ["p1", "site"]
    assert nodes[0]["sources"][0]["properties"]["site"] == {"space": "s", "externalId": "site"}
    assert edges == []


def test_edges_get_type_direction_and_a_deterministic_id() -> None:
    write = PumpWrite(
        space="s",
        external_id="p1",
        name="P1",
        feeds=[PipeWrite(end_node=InstanceId("s", "p2"), length=3.0), InstanceId("s", "p3")],
        fed_by=[PumpWrite(space="s", external_id="p0", name="P0")],
    )
    nodes, edges = _flatten([write])
    assert [node["externalId"] for node in nodes] == ["p1", "p0"]
    by_id = {edge["externalId"]: edge for edge in edges}
    assert set(by_id) == {"s:p1:sp:Pump.feeds:s:p2", "s:p1:sp:Pump.feeds:s:p3", "s:p0:sp:Pump.feeds:s:p1"}
    with_props = by_id["s:p1:sp:Pump.feeds:s:p2"]
    assert with_props["type"] == {"space": "sp", "externalId": "Pump.feeds"}
    assert with_props["startNode"] == {"space": "s", "externalId": "p1"}
    assert with_props["sources"][0]["properties"] == {"length": 3.0}
    inwards = by_id["s:p0:sp:Pump.feeds:s:p1"]
    assert inwards["startNode"]["externalId"] == "p0"
    assert inwards["endNode"]["externalId"] == "p1"
    assert "sources" not in inwards


def test_each_instance_is_written_once_however_often_it_is_reached() -> None:
    shared = PumpWrite(space="s", external_id="shared", name="S")
    a = PumpWrite(space="s", external_id="a", name="A", site=shared)
    b = PumpWrite(space="s", external_id="b", name="B", site=shared)
    nodes, _ = _flatten([a, b, shared])
    assert [node["externalId"] for node in nodes] == ["a", "shared", "b"]


def test_as_write_round_trips_a_read_object() -> None:
    pump = Pump.model_validate(wire_pump("p1", name="P1", maxFlow=2.0))
    pump.feeds = [
        Pipe.model_validate(
            {
                "instanceType": "edge",
                "space": "s",
                "externalId": "e",
                "version": 1,
                "createdTime": 1,
                "lastUpdatedTime": 1,
                "type": {"space": "sp", "externalId": "Pump.feeds"},
                "startNode": {"space": "s", "externalId": "p1"},
                "endNode": {"space": "s", "externalId": "p2"},
                "properties": {"sp": {"Pipe/1": {"length": 7.5}}},
            }
        )
    ]
    write = pump.as_write()
    assert isinstance(write, PumpWrite)
    assert write.max_flow == 2.0
    assert write.feeds is not None and isinstance(write.feeds[0], PipeWrite)
    assert write.feeds[0].length == 7.5


def test_instance_list_dump_ids_and_pandas() -> None:
    pumps = PumpList(
        [Pump.model_validate(wire_pump(f"p{i}", name=f"P{i}", maxFlow=float(i))) for i in range(3)]
    )
    assert isinstance(pumps, InstanceList)
    assert pumps.as_ids() == [InstanceId("s", "p0"), InstanceId("s", "p1"), InstanceId("s", "p2")]
    assert pumps.dump()[1]["maxFlow"] == 1.0
    assert pumps.dump(camel_case=False)[1]["max_flow"] == 1.0
    frame = pumps.to_pandas()
    assert list(frame["external_id"]) == ["p0", "p1", "p2"]
    assert frame["max_flow"].sum() == 3.0


def test_to_pandas_without_pandas_names_an_install_command_that_works(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pumps = PumpList([Pump.model_validate(wire_pump("p0", name="P0", maxFlow=1.0))])
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail

    with pytest.raises(ImportError) as info:
        pumps.to_pandas()

    # pygen is not on PyPI under that name: `pip install 'pygen[pandas]'` would install another
    # project; the hint names the dependency itself
    assert str(info.value).endswith(": pip install pandas")
    assert "pygen[" not in str(info.value)


def test_timestamps_are_sent_with_an_offset_and_whole_milliseconds() -> None:
    naive = datetime(2024, 5, 1, 12, 0, 0, 123456)
    oslo = datetime(2024, 5, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    pumps = [
        PumpWrite(space="s", external_id="naive", name="N", installed=naive),
        PumpWrite(space="s", external_id="oslo", name="O", installed=oslo),
    ]
    nodes, _ = _flatten(pumps)
    body = json.loads(encode_json_body({"items": nodes}, gzip_threshold=None)[0])
    sent = [item["sources"][0]["properties"]["installed"] for item in body["items"]]
    assert [datetime.fromisoformat(value.replace("Z", "+00:00")) for value in sent] == [
        datetime(2024, 5, 1, 12, 0, 0, 123000, tzinfo=timezone.utc),
        oslo,
    ]
    # exactly the documented form: milliseconds (three digits) and an offset
    assert sent[0] == "2024-05-01T12:00:00.123+00:00"
    assert sent[1] == "2024-05-01T14:00:00+02:00"
    assert pumps[0].dump()["sources"][0]["properties"]["installed"] == sent[0]


def test_timestamp_lists_and_whole_seconds_keep_the_documented_form() -> None:
    from pygen_runtime.instance import _timestamp_value

    naive_whole = datetime(2024, 5, 1, 12)
    with_millis = datetime(2024, 5, 1, 12, 0, 1, 5000, tzinfo=timezone.utc)
    values = _timestamp_value([naive_whole, with_millis])
    encoded = json.loads(encode_json_body(values, gzip_threshold=None)[0])
    assert encoded == ["2024-05-01T12:00:00Z", "2024-05-01T12:00:01.005+00:00"]


def test_wire_plan_sends_plain_values_as_they_are_and_converts_the_rest() -> None:
    plan = PumpWrite._wire_plan()
    assert dict(plan.plain) == {"name": "name", "max_flow": "maxFlow"}
    assert {name: key for name, key, _ in plan.converted} == {
        "installed": "installed",
        "site": "site",
    }
    assert plan.source == {"type": "view", "space": "sp", "externalId": "Pump", "version": "1"}

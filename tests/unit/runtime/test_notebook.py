"""Notebook conveniences: flat DataFrame columns (nested objects as ``relation.field``),
one-row frames of single objects, and escaped HTML tables."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from html.parser import HTMLParser

from pygen_runtime import InstanceId, InstanceList, Node, ViewRef

from .models import Pipe, Pump, PumpList, wire_pump

STATION = ViewRef("sp", "Station", "1")


class Station(Node):
    """A node with a nested pump (as a relation read with its target would hold it)."""

    _view = STATION
    label: str | None = STATION.field("label", None)
    pump: Pump | None = None
    pumps: list[Pump] | None = None


class StationList(InstanceList[Station]):
    pass


def pump(xid: str, **props: object) -> Pump:
    return Pump.model_validate(wire_pump(xid, **{"name": f"name of {xid}", **props}))


def station(xid: str, nested: Pump | None) -> Station:
    wire = {**wire_pump(xid), "properties": {"sp": {"Station/1": {"label": f"L-{xid}"}}}}
    item = Station.model_validate(wire)
    item.pump = nested
    item.pumps = [pump("a"), pump("b")]
    return item


def test_nested_objects_flatten_to_relation_dot_field_columns() -> None:
    stations = StationList(
        [station("s1", pump("p1", maxFlow=2.5, site={"space": "s", "externalId": "x"})), station("s2", None)]
    )  # fmt: skip
    frame = stations.to_pandas()
    assert list(frame["external_id"]) == ["s1", "s2"]
    assert frame.loc[0, "pump.name"] == "name of p1"
    assert frame.loc[0, "pump.max_flow"] == 2.5
    assert frame.loc[0, "pump.site"] == InstanceId("s", "x")
    assert "pump" not in frame.columns  # flattened, not a dict column
    assert frame.loc[0, "pumps"] == [InstanceId("s", "a"), InstanceId("s", "b")]
    assert frame.loc[1, "label"] == "L-s2"
    camel = stations.to_pandas(camel_case=True)
    assert "pump.maxFlow" in camel.columns and "externalId" in camel.columns


def test_a_single_object_is_a_one_row_frame_with_the_list_columns() -> None:
    one = pump("p1", maxFlow=1.0, installed="2024-05-01T12:00:00+00:00")
    frame = one.to_pandas()
    assert len(frame) == 1
    assert list(frame.columns) == list(PumpList([one]).to_pandas().columns)
    assert frame.loc[0, "installed"] == datetime(2024, 5, 1, 12, tzinfo=timezone.utc)
    assert frame.loc[0, "space"] == "s" and frame.loc[0, "max_flow"] == 1.0


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


HOSTILE = "<script>alert('x')</script>&<b>"


def parse(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    return parser


def test_html_of_an_object_escapes_model_text() -> None:
    item = pump(HOSTILE, name=HOSTILE)
    markup = item._repr_html_()
    parsed = parse(markup)
    assert parsed.tags <= {"p", "b", "table", "tbody", "tr", "th", "td"}
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert HOSTILE in "".join(parsed.text)  # shown as text, exactly
    assert re.search(r"<th[^>]*>max_flow</th>", markup)


def test_html_of_a_list_has_a_row_per_item_escaped_and_capped() -> None:
    pumps = PumpList([pump(f"p{i}", name=HOSTILE if i == 0 else "ok") for i in range(60)])
    markup = pumps._repr_html_()
    parsed = parse(markup)
    assert "script" not in parsed.tags
    assert markup.count("<tr>") == 1 + 50  # header + the first 50
    assert "and 10 more (of 60)" in markup
    assert "PumpList: 60 items" in markup


def test_edges_in_a_list_show_as_their_ids() -> None:
    wire = {
        "instanceType": "edge", "space": "s", "externalId": "e1", "version": 1,
        "createdTime": 1, "lastUpdatedTime": 1, "type": {"space": "sp", "externalId": "Pump.feeds"},
        "startNode": {"space": "s", "externalId": "p1"}, "endNode": {"space": "s", "externalId": "p2"},
    }  # fmt: skip
    item = pump("p1")
    item.feeds = [Pipe.model_validate(wire)]
    assert item.to_pandas().loc[0, "feeds"] == [InstanceId("s", "e1")]
    assert "s:e1" in item._repr_html_()

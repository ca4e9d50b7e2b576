"""A tiny hand-written SDK used by the runtime's unit tests."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from pygen_runtime import (
    Edge,
    EdgeSpec,
    EdgeWrite,
    InstanceAPI,
    InstanceId,
    InstanceList,
    Node,
    NodeWrite,
    ViewRef,
)

PUMP = ViewRef("sp", "Pump", "1")
PIPE = ViewRef("sp", "Pipe", "1")
FEEDS = EdgeSpec("feeds", InstanceId("sp", "Pump.feeds"), "outwards", PIPE, PUMP)
FED_BY = EdgeSpec("fedBy", InstanceId("sp", "Pump.feeds"), "inwards", None, PUMP)


class PipeWrite(EdgeWrite):
    _view = PIPE

    length: float | None = None


class Pipe(Edge):
    _view = PIPE
    _write_class = PipeWrite

    length: float | None = PIPE.field("length", None)


class PumpWrite(NodeWrite):
    _view = PUMP
    _direct_relations = ("site",)
    _edges = {"feeds": FEEDS, "fed_by": FED_BY}

    name: str
    max_flow: float | None = Field(None, alias="maxFlow")
    installed: datetime | None = None
    site: InstanceId | PumpWrite | str | None = None
    feeds: list[InstanceId | PumpWrite | PipeWrite | str] | None = None
    fed_by: list[InstanceId | PumpWrite | str] | None = Field(None, alias="fedBy")


class Pump(Node):
    _view = PUMP
    _write_class = PumpWrite
    _edges = {"feeds": FEEDS}

    name: str = PUMP.field("name")
    max_flow: float | None = PUMP.field("maxFlow", None)
    installed: datetime | None = PUMP.field("installed", None)
    site: InstanceId | None = PUMP.field("site", None)
    feeds: list[Pipe] | None = None


class PumpList(InstanceList[Pump]):
    pass


class PumpAPI(InstanceAPI[PumpWrite, Pump, PumpList]):
    _view = PUMP
    _read_class = Pump
    _list_class = PumpList


def wire_pump(external_id: str, **properties: object) -> dict[str, object]:
    """A pump as the API returns it."""
    return {
        "instanceType": "node",
        "space": "s",
        "externalId": external_id,
        "version": 1,
        "createdTime": 1,
        "lastUpdatedTime": 2,
        "properties": {"sp": {"Pump/1": properties}},
    }

"""Response pages read into typed objects the way ``InstanceAPI`` reads them."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator

import pytest
from pydantic import ValidationError

from pygen_runtime import InstanceId
from pygen_runtime.api import _page_adapter, _read_page

from .models import Pipe, Pump, wire_pump


def page(*items: object, cursor: str | None = None) -> bytes:
    return json.dumps({"items": list(items), "nextCursor": cursor}).encode()


@pytest.fixture
def gc_enabled() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def test_a_page_reads_into_typed_objects_and_its_cursor() -> None:
    content = page(
        wire_pump("p1", name="P1", maxFlow=2, site={"space": "s", "externalId": "x"}),
        wire_pump("p2", name="P2", addedLater=[1, 2]),
        cursor="next",
    )
    result = _read_page(_page_adapter(Pump), content)
    assert [pump.name for pump in result.items] == ["P1", "P2"]
    assert result.items[0].max_flow == 2.0
    assert result.items[0].site == InstanceId("s", "x")
    assert result.items[1].site is None
    assert result.items[1].model_fields_set >= {"name", "space", "external_id"}
    assert "max_flow" not in result.items[1].model_fields_set
    assert result.next_cursor == "next"


def test_edges_read_from_a_page() -> None:
    edge = {
        "instanceType": "edge",
        "space": "s",
        "externalId": "e1",
        "version": 1,
        "createdTime": 1,
        "lastUpdatedTime": 2,
        "type": {"space": "sp", "externalId": "Pump.feeds"},
        "startNode": {"space": "s", "externalId": "p1"},
        "endNode": {"space": "s", "externalId": "p2"},
        "properties": {"sp": {"Pipe/1": {"length": 4.5}}},
    }
    (pipe,) = _read_page(_page_adapter(Pipe), page(edge)).items
    assert pipe.length == 4.5
    assert pipe.end_node == InstanceId("s", "p2")


@pytest.mark.usefixtures("gc_enabled")
def test_a_missing_required_property_in_a_page_is_an_error_naming_it() -> None:
    with pytest.raises(ValidationError) as info:
        _read_page(_page_adapter(Pump), page(wire_pump("p1", maxFlow=1.0)))
    assert info.value.errors()[0]["loc"][-1] == "name"
    assert gc.isenabled()


@pytest.mark.usefixtures("gc_enabled")
def test_reading_leaves_the_garbage_collector_as_it_found_it() -> None:
    content = page(wire_pump("p1", name="P1"))
    _read_page(_page_adapter(Pump), content)
    assert gc.isenabled()
    gc.disable()
    _read_page(_page_adapter(Pump), content)
    assert not gc.isenabled()

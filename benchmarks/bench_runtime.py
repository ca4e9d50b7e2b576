"""Python runtime throughput: wire bytes -> typed read objects, write objects -> request JSON.

A node view with 10 mixed properties (text, float, int, bool, timestamp, date, text list,
direct relation, enum, json). Prints objects/second, best of several rounds, next to
pydantic's own ceiling (``validate_json`` of the same data already flat, and ``dump_json`` of the
write objects as flat JSON, without the nesting the API wants).

    .venv/bin/python benchmarks/bench_runtime.py [--count 20000]
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, Field, JsonValue, TypeAdapter
from pydantic_core import to_json

from pygen_runtime import InstanceId, InstanceList, Node, NodeWrite, ViewRef
from pygen_runtime._gc import gc_paused
from pygen_runtime.api import _page_adapter, _read_page
from pygen_runtime.instance_client import _flatten

VIEW = ViewRef("bench", "Asset", "1")
Status = Literal["running", "stopped"]


class AssetWrite(NodeWrite):
    _view = VIEW
    _direct_relations = ("site",)

    name: str
    weight: float | None = None
    capacity: int | None = None
    active: bool | None = None
    installed: datetime | None = None
    day: date | None = None
    tags: list[str] | None = None
    site: InstanceId | None = None
    status: Status | None = None
    specs: JsonValue = None


class Asset(Node):
    _view = VIEW
    _write_class = AssetWrite

    name: str = VIEW.field("name")
    weight: float | None = VIEW.field("weight", None)
    capacity: int | None = VIEW.field("capacity", None)
    active: bool | None = VIEW.field("active", None)
    installed: datetime | None = VIEW.field("installed", None)
    day: date | None = VIEW.field("day", None)
    tags: list[str] | None = VIEW.field("tags", None)
    site: InstanceId | None = VIEW.field("site", None)
    status: Status | None = VIEW.field("status", None)
    specs: JsonValue = VIEW.field("specs", None)


class AssetList(InstanceList[Asset]):
    pass


class FlatAsset(BaseModel):
    """pydantic's ceiling: the same fields, already flat, no nesting to walk."""

    space: str
    external_id: str = Field(alias="externalId")
    version: int
    created_time: int = Field(alias="createdTime")
    last_updated_time: int = Field(alias="lastUpdatedTime")
    instance_type: str = Field("node", alias="instanceType")
    name: str
    weight: float | None = None
    capacity: int | None = None
    active: bool | None = None
    installed: datetime | None = None
    day: date | None = None
    tags: list[str] | None = None
    site: InstanceId | None = None
    status: Status | None = None
    specs: JsonValue = None


def properties(i: int) -> dict[str, Any]:
    return {
        "name": f"asset {i}",
        "weight": 10.5 + i,
        "capacity": i,
        "active": i % 2 == 0,
        "installed": "2024-05-01T12:00:00.000+00:00",
        "day": "2024-05-01",
        "tags": ["a", "b"],
        "site": {"space": "s", "externalId": f"site{i % 10}"},
        "status": "running",
        "specs": {"rated": i},
    }


def base(i: int) -> dict[str, Any]:
    return {
        "instanceType": "node",
        "space": "s",
        "externalId": f"a{i}",
        "version": 1,
        "createdTime": 1,
        "lastUpdatedTime": 2,
    }


def best(func: Callable[[], object], rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def best_of_each(funcs: list[Callable[[], object]], rounds: int = 9) -> list[float]:
    """Like ``best``, taking turns between ``funcs`` so that a noisy machine skews them alike."""
    times: list[list[float]] = [[] for _ in funcs]
    for _ in range(rounds):
        for func, taken in zip(funcs, times, strict=True):
            gc.collect()
            start = time.perf_counter()
            func()
            taken.append(time.perf_counter() - start)
    return [min(taken) for taken in times]


def paused(func: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        with gc_paused():
            return func()

    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=20_000)
    count = parser.parse_args().count

    nested = json.dumps(
        {
            "items": [
                {**base(i), "properties": {"bench": {"Asset/1": properties(i)}}}
                for i in range(count)
            ]
        }
    ).encode()
    flat = json.dumps({"items": [{**base(i), **properties(i)} for i in range(count)]}).encode()
    page = _page_adapter(Asset)
    flat_page = TypeAdapter(dict[str, list[FlatAsset]])
    page.validate_json(nested)  # build schemas outside the timing

    # the read as InstanceAPI does it; the ceiling as plain pydantic, and with the GC paused too
    read, ceiling, paused_ceiling = best_of_each(
        [
            lambda: _read_page(page, nested),
            lambda: flat_page.validate_json(flat),
            paused(lambda: flat_page.validate_json(flat)),
        ]
    )
    reads = AssetList(_read_page(page, nested).items)
    writes = [
        AssetWrite(
            space="s",
            external_id=f"a{i}",
            name=f"asset {i}",
            weight=1.0 * i,
            capacity=i,
            active=True,
            installed=datetime(2024, 5, 1, tzinfo=timezone.utc),
            day=date(2024, 5, 1),
            tags=["a", "b"],
            site=InstanceId("s", f"site{i % 10}"),
            status="running",
            specs={"rated": i},
        )
        for i in range(count)
    ]
    write = best(lambda: to_json({"items": _flatten(writes)[0]}), rounds=9)
    write_adapter = TypeAdapter(list[AssetWrite])
    write_ceiling = best(
        lambda: write_adapter.dump_json(writes, by_alias=True, exclude_unset=True), rounds=9
    )
    as_write = best(lambda: [item.as_write() for item in reads], rounds=3)

    print(f"{count:,} objects of a node view with 10 mixed properties")
    print(f"{'step':<52} {'objects/s':>12}")
    print(f"{'read: response bytes -> typed objects':<52} {count / read:>12,.0f}")
    print(f"{'  (pydantic validate_json of the same, already flat)':<52} {count / ceiling:>12,.0f}")
    print(
        f"{'  (the same with the GC paused, as the read runs)':<52} {count / paused_ceiling:>12,.0f}"
    )
    print(f"{'write: write objects -> request JSON bytes':<52} {count / write:>12,.0f}")
    print(f"{'  (pydantic dump_json of the same, flat)':<52} {count / write_ceiling:>12,.0f}")
    print(f"{'as_write: read objects -> write objects':<52} {count / as_write:>12,.0f}")
    print(f"read / pydantic ceiling: {ceiling / read:.2f}")
    print(f"read / pydantic ceiling with the GC paused: {paused_ceiling / read:.2f}")
    print(f"write / pydantic ceiling: {write_ceiling / write:.2f}")


if __name__ == "__main__":
    main()

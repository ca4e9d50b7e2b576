"""The runtime over real HTTP against the local emulator.

* overhead of ``iterate`` (typed objects, lazily) against a raw listing of the same nodes with
  the same page size (httpx + json only), over 20,000 nodes;
* peak Python memory (tracemalloc) while iterating 100,000 nodes page by page, against
  collecting them all with ``list(limit=None)``.

    .venv/bin/python benchmarks/bench_runtime_http.py [--nodes 20000] [--memory-nodes 100000]
"""

from __future__ import annotations

import argparse
import gc
import json
import time
import tracemalloc
from typing import Any

from pygen.emulator import LocalCDF
from pygen_runtime import InstanceClient, InstanceList, Node, ViewRef
from pygen_runtime.client.models import SpaceApply

VIEW = ViewRef("bench", "Asset", "1")
MODEL = {
    "space": "bench",
    "externalId": "Bench",
    "version": "1",
    "createdTime": 0,
    "lastUpdatedTime": 0,
    "views": [
        {
            "space": "bench",
            "externalId": "Asset",
            "version": "1",
            "createdTime": 0,
            "lastUpdatedTime": 0,
            "properties": {
                name: {
                    "container": {"space": "bench", "externalId": "Asset"},
                    "containerPropertyIdentifier": name,
                    "type": {"type": kind},
                }
                for name, kind in [
                    ("name", "text"),
                    ("weight", "float64"),
                    ("capacity", "int64"),
                    ("active", "boolean"),
                    ("installed", "timestamp"),
                ]
            },
        }
    ],
}


class Asset(Node):
    _view = VIEW

    name: str | None = VIEW.field("name", None)
    weight: float | None = VIEW.field("weight", None)
    capacity: int | None = VIEW.field("capacity", None)
    active: bool | None = VIEW.field("active", None)
    installed: Any = VIEW.field("installed", None)


class AssetList(InstanceList[Asset]):
    pass


def load(cdf: LocalCDF, count: int) -> None:
    client = cdf.client()
    client.spaces.apply(SpaceApply(space="data"))
    for start in range(0, count, 1000):
        items = [
            {
                "instanceType": "node",
                "space": "data",
                "externalId": f"a{i:06d}",
                "sources": [
                    {
                        "source": VIEW.dump(),
                        "properties": {
                            "name": f"asset {i}",
                            "weight": i * 1.5,
                            "capacity": i,
                            "active": i % 2 == 0,
                            "installed": "2024-05-01T12:00:00.000+00:00",
                        },
                    }
                ],
            }
            for i in range(start, min(start + 1000, count))
        ]
        client.http.post("/models/instances", json={"items": items})
    client.close()


def api_for(cdf: LocalCDF) -> Any:
    from pygen_runtime import InstanceAPI

    class AssetAPI(InstanceAPI[Any, Asset, AssetList]):
        _view = VIEW
        _read_class = Asset
        _list_class = AssetList

    return AssetAPI(InstanceClient(cdf.client()))


def raw_listing(cdf: LocalCDF) -> int:
    http = cdf.client().http
    body: dict[str, Any] = {
        "instanceType": "node",
        "sources": [{"source": VIEW.dump()}],
        "limit": 1000,
    }
    count = 0
    while True:
        page = json.loads(http.request("POST", "/models/instances/list", json=body).content)
        count += len(page["items"])
        if not page.get("nextCursor"):
            return count
        body["cursor"] = page["nextCursor"]


def best(func: Any, rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    import pathlib
    import tempfile

    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=20_000)
    parser.add_argument("--memory-nodes", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        model_file = pathlib.Path(folder) / "bench.json"
        model_file.write_text(json.dumps(MODEL))
        with LocalCDF(load=[model_file]) as cdf:
            load(cdf, args.nodes)
            api = api_for(cdf)
            raw = best(lambda: raw_listing(cdf))
            typed = best(lambda: sum(len(page) for page in api.iterate(1000)))
            print(f"{args.nodes:,} nodes, pages of 1,000, best of 3")
            print(f"  raw httpx + json listing : {raw:6.2f} s")
            print(
                f"  iterate() typed objects  : {typed:6.2f} s  (overhead {100 * (typed / raw - 1):+.1f}%)"
            )
        with LocalCDF(load=[model_file]) as cdf:
            load(cdf, args.memory_nodes)
            api = api_for(cdf)
            tracemalloc.start()
            count = 0
            for page in api.iterate(1000):
                count += len(page)
            _, iterate_peak = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            everything = api.list(limit=None)
            _, list_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"{count:,} nodes: peak Python memory")
            print(f"  iterate(1000): {iterate_peak / 2**20:7.1f} MiB")
            print(
                f"  list(limit=None): {list_peak / 2**20:7.1f} MiB ({len(everything):,} objects held)"
            )


if __name__ == "__main__":
    main()

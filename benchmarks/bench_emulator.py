"""Emulator throughput over real HTTP: LocalCDF on a free port, driven with httpx.

Applies 10,000 nodes (batches of 1,000, gzip bodies like the SDKs send), lists them all with
cursor paging, runs a filtered list, a search and an aggregate, syncs them all and then only
the changes after 1,000 updates and 100 deletes, and prints per operation the instances
returned, the seconds, and instances/second: instances written or read for apply, list and
sync, instances searched through (all of them) for the filtered list, search and aggregate.
Last, the ratio of a full sync to a full list, both measured in this run.

    .venv/bin/python benchmarks/bench_emulator.py [--count 10000] [--db :memory:]
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable
from typing import Any

import httpx

from pygen.emulator import LocalCDF

SPACE = "bench"
VIEW = {"type": "view", "space": SPACE, "externalId": "Item", "version": "1"}
CATEGORIES = ["pump", "valve", "motor", "sensor", "pipe"]


def post(http: httpx.Client, path: str, body: dict[str, Any]) -> Any:
    data = gzip.compress(json.dumps(body, separators=(",", ":")).encode(), compresslevel=5)
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    response = http.post(path, content=data, headers=headers)
    response.raise_for_status()
    return response.json()


def deploy_schema(http: httpx.Client) -> None:
    prop = {
        "text": {"type": "text"},
        "float64": {"type": "float64"},
        "tags": {"type": "text", "list": True},
    }
    post(http, "/spaces", {"items": [{"space": SPACE}]})
    properties = {
        "name": prop["text"],
        "category": prop["text"],
        "value": prop["float64"],
        "tags": prop["tags"],
    }
    container = {
        "space": SPACE,
        "externalId": "Item",
        "properties": {k: {"type": v} for k, v in properties.items()},
    }
    post(http, "/containers", {"items": [container]})
    mapped = {
        key: {
            "container": {"type": "container", "space": SPACE, "externalId": "Item"},
            "containerPropertyIdentifier": key,
        }
        for key in properties
    }
    post(
        http,
        "/views",
        {"items": [{"space": SPACE, "externalId": "Item", "version": "1", "properties": mapped}]},
    )


def node(index: int) -> dict[str, Any]:
    category = CATEGORIES[index % len(CATEGORIES)]
    return {
        "instanceType": "node",
        "space": SPACE,
        "externalId": f"item-{index:06d}",
        "sources": [{
            "source": VIEW,
            "properties": {"name": f"{category} number {index}", "category": category, "value": index * 0.5, "tags": [category, f"t{index % 10}"]},
        }],
    }  # fmt: skip


def list_all(http: httpx.Client, body: dict[str, Any]) -> int:
    count, cursor = 0, None
    while True:
        page = post(
            http,
            "/instances/list",
            {**body, "limit": 1000, **({"cursor": cursor} if cursor else {})},
        )
        count += len(page["items"])
        cursor = page.get("nextCursor")
        if not cursor:
            return count


def sync_all(http: httpx.Client, cursor: str | None) -> tuple[int, str | None]:
    """Sync the view's nodes from ``cursor`` until caught up: (items received, last cursor)."""
    count = 0
    body: dict[str, Any] = {
        "with": {"items": {"nodes": {"filter": {"hasData": [VIEW]}}, "limit": 1000}},
        "select": {"items": {"sources": [{"source": VIEW, "properties": ["*"]}]}},
    }
    while True:
        if cursor:
            body["cursors"] = {"items": cursor}
        page = post(http, "/instances/sync", body)
        got = len(page["items"]["items"])
        count += got
        cursor = page["nextCursor"]["items"]
        if got < 1000:
            return count, cursor


Row = tuple[str, int, int, float]


def timed(name: str, run: Callable[[], int], rows: list[Row], scanned: int | None = None) -> None:
    start = time.perf_counter()
    returned = run()
    rows.append((name, returned, scanned or returned, time.perf_counter() - start))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="nodes to apply (default 10000)")
    parser.add_argument("--db", default=":memory:", help="SQLite file or :memory: (default)")
    args = parser.parse_args()
    rows: list[Row] = []
    with LocalCDF(db=args.db) as cdf:
        headers = {"Authorization": f"Bearer {cdf.token}"}
        base = f"{cdf.base_url}/api/v1/projects/{cdf.project}/models"
        with httpx.Client(base_url=base, headers=headers, timeout=120) as http:
            deploy_schema(http)

            def apply() -> int:
                for start in range(0, args.count, 1000):
                    post(
                        http,
                        "/instances",
                        {"items": [node(i) for i in range(start, min(start + 1000, args.count))]},
                    )
                return args.count

            filtered = {
                "sources": [{"source": VIEW}],
                "filter": {"and": [
                    {"equals": {"property": [SPACE, "Item/1", "category"], "value": "pump"}},
                    {"range": {"property": [SPACE, "Item/1", "value"], "gte": args.count * 0.1}},
                ]},
                "sort": [{"property": [SPACE, "Item/1", "value"], "direction": "descending"}],
            }  # fmt: skip
            search = {"view": VIEW, "query": "valve 12", "operator": "AND", "limit": 1000}
            aggregate = {
                "view": VIEW,
                "groupBy": ["category"],
                "aggregates": [
                    {"count": {}},
                    {"avg": {"property": "value"}},
                    {"histogram": {"property": "value", "interval": 500}},
                ],
            }
            timed(f"apply {args.count:,} nodes (batches of 1,000)", apply, rows)
            timed(
                "list all, with properties (pages of 1,000)",
                lambda: list_all(http, {"sources": [{"source": VIEW}]}),
                rows,
            )
            timed(
                "filtered + sorted list (equals, range)",
                lambda: list_all(http, filtered),
                rows,
                args.count,
            )
            timed(
                "search 'valve 12' (AND)",
                lambda: len(post(http, "/instances/search", search)["items"]),
                rows,
                args.count,
            )
            timed(
                "aggregate: groupBy, count, avg, histogram",
                lambda: len(post(http, "/instances/aggregate", aggregate)["items"]),
                rows,
                args.count,
            )
            cursor: list[str | None] = [None]

            def full_sync() -> int:
                count, cursor[0] = sync_all(http, None)
                return count

            def changes_sync() -> int:
                count, cursor[0] = sync_all(http, cursor[0])
                return count

            timed("sync all, with properties (batches of 1,000)", full_sync, rows)
            changed = [node(i) for i in range(0, min(1000, args.count))]
            for item in changed:
                item["sources"][0]["properties"]["value"] = -1.0
            post(http, "/instances", {"items": changed})
            gone = [
                {"instanceType": "node", "space": SPACE, "externalId": f"item-{i:06d}"}
                for i in range(args.count - min(100, args.count), args.count)
            ]
            post(http, "/instances/delete", {"items": gone})
            timed(
                f"sync changes only ({len(changed):,} updated, {len(gone)} deleted)",
                changes_sync,
                rows,
            )
    width = max(len(row[0]) for row in rows)
    print(f"{'operation':<{width}}  {'returned':>8}  {'seconds':>7}  {'instances/s':>11}")
    for name, returned, scanned, seconds in rows:
        print(f"{name:<{width}}  {returned:>8,}  {seconds:>7.3f}  {scanned / seconds:>11,.0f}")
    seconds = {name.split(",")[0]: row_seconds for name, _, _, row_seconds in rows}
    ratio = seconds["sync all"] / seconds["list all"]
    print(f"\nsync all / list all (same data, same run): {ratio:.2f}x the time")


if __name__ == "__main__":
    main()

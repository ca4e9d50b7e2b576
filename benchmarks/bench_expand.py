"""Expand on read against the local emulator: requests sent and client time.

1,000 pieces of equipment (example model), each with a site (direct relation), two spare
parts (list direct relation) and a cable to the next one (an edge with properties); the sites
list their equipment (reverse relation). ``equipment.list(limit=None, expand=2)`` reads them
with every relation as objects, two hops deep. Side by side, in the same run:

* the same query bodies (captured from the SDK) sent over httpx + ``json.loads``;
* a plain ``list(limit=None)`` (properties only) and the plain listing over httpx + json;
* the number of requests for 250, 500 and 1,000 roots (a function of result pages only);
* a query across relations (``equipment.query()`` with filters, sort, per-parent limits and
  select at two hops), against the same bodies over httpx + json.

    .venv/bin/python benchmarks/bench_expand.py [--nodes 1000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path
from typing import Any

from pygen.emulator import LocalCDF
from pygen_runtime.client.models import SpaceApply

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "pygen" / "examples" / "example_model.yaml"
SPACE = "bench_expand"


def load(sdk: Any, em: Any, nodes: int) -> None:
    sites = [
        em.SiteWrite(external_id=f"site-{n}", name=f"Site {n}", code=f"S{n}") for n in range(10)
    ]
    equipment = [
        em.EquipmentWrite(
            external_id=f"eq-{n}",
            name=f"Equipment {n}",
            serial_number=f"SN-{n}",
            weight=float(n),
            site=f"site-{n % 10}",
            parts=[f"eq-{(n + 1) % nodes}", f"eq-{(n + 2) % nodes}"],
            connected_to=[
                em.ConnectionWrite(
                    end_node=f"eq-{(n + 1) % nodes}", cable_type="copper", length_m=1.5
                )
            ],
        )
        for n in range(nodes)
    ]
    sdk.upsert([*sites, *equipment])


def best(func: Any, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "golden" / "example" / "python"))
    import example_model as em

    with LocalCDF(load=[MODEL]) as cdf:
        client = cdf.client()
        client.spaces.apply([SpaceApply(space=SPACE)])
        sdk = em.ExampleModelClient(client, instance_space=SPACE)
        load(sdk, em, args.nodes)
        api = sdk.equipment
        instance_client = api._client
        original = instance_client.post
        bodies: list[tuple[str, dict[str, Any]]] = []

        def counting(path: str, body: dict[str, Any]) -> bytes:
            bodies.append((path, json.loads(json.dumps(body))))
            return original(path, body)

        instance_client.post = counting  # type: ignore[method-assign]
        requests = {}
        for roots in (args.nodes // 4, args.nodes // 2, args.nodes):
            bodies.clear()
            read = api.list(limit=roots, expand=2, space=SPACE)
            assert len(read) == roots
            requests[roots] = len(bodies)
        bodies.clear()
        api.list(limit=None, expand=2, space=SPACE)
        captured = list(bodies)
        bodies.clear()
        api.list(limit=None, space=SPACE)
        plain_bodies = list(bodies)
        instance_client.post = original  # type: ignore[method-assign]
        http = client.http

        def raw(sent: list[tuple[str, dict[str, Any]]]) -> None:
            for path, body in sent:
                json.loads(http.request("POST", path, json=body).content)

        def raw_plain() -> None:
            # the plain listing follows its cursors, as list() does
            path, body = plain_bodies[0]
            body = dict(body)
            while True:
                page = json.loads(http.request("POST", path, json=body).content)
                if not page.get("nextCursor"):
                    return
                body["cursor"] = page["nextCursor"]

        # interleaved rounds: the emulator's own time varies from run to run
        raw_expand = sdk_expand = float("inf")
        for _ in range(args.rounds):
            raw_expand = min(raw_expand, best(lambda: raw(captured), 1))
            sdk_expand = min(
                sdk_expand, best(lambda: api.list(limit=None, expand=2, space=SPACE), 1)
            )
        raw_list = best(raw_plain, args.rounds)
        sdk_list = best(lambda: api.list(limit=None, space=SPACE), args.rounds)
        # client side only: the captured responses replayed without the server
        responses = [http.request("POST", path, json=body).content for path, body in captured]
        replay = iter(())

        def replayed(path: str, body: dict[str, Any]) -> bytes:
            return next(replay)

        def client_side() -> None:
            nonlocal replay
            replay = iter(responses)
            instance_client.post = replayed  # type: ignore[method-assign]
            try:
                api.list(limit=None, expand=2, space=SPACE)
            finally:
                instance_client.post = original  # type: ignore[method-assign]

        parse_only = best(lambda: [json.loads(content) for content in responses], args.rounds)
        typed_graph = best(client_side, args.rounds)
        size = sum(len(content) for content in responses)
        reached = sum(len(items) for _, b in captured for items in [b["select"]])
        print(
            f"{args.nodes:,} equipment, expand=2 (site, parts, cables + end nodes, site.equipment ...), best of {args.rounds}"
        )
        print(f"  result sets per query        : {reached}")
        for roots, count in requests.items():
            print(f"  requests for {roots:>5,} roots     : {count}")
        print(f"  httpx + json, same bodies    : {raw_expand * 1000:7.1f} ms")
        print(
            f"  list(expand=2), typed graph  : {sdk_expand * 1000:7.1f} ms  (overhead {100 * (sdk_expand / raw_expand - 1):+.1f}%)"
        )
        print(f"  httpx + json, plain listing  : {raw_list * 1000:7.1f} ms")
        print(
            f"  list(), properties only      : {sdk_list * 1000:7.1f} ms  (overhead {100 * (sdk_list / raw_list - 1):+.1f}%)"
        )
        print(f"  expanded read / plain read   : {sdk_expand / sdk_list:7.2f}x")
        print(f"  client side, {size / 1e6:.1f} MB of responses:")
        print(f"    json.loads                 : {parse_only * 1000:7.1f} ms")
        print(
            f"    typed, linked graph        : {typed_graph * 1000:7.1f} ms  ({typed_graph / parse_only:.2f}x json.loads)"
        )
        extra = (typed_graph - parse_only) / raw_expand
        print(f"  SDK's extra client time / httpx + json end to end: {100 * extra:+.1f}%")
        print(
            "  (end-to-end times are mostly the emulator's query; they vary more than the SDK costs)"
        )
        query_row(sdk, em, args.rounds)


def query_row(sdk: Any, em: Any, rounds: int) -> None:
    """The query builder: two hops with filters, sort, per-parent limits and select, against
    the same bodies over httpx + json (requests, end to end, and client side replayed)."""
    from example_model.views.connection import CONNECTION_VIEW

    query = (
        sdk.equipment.query()
        .filter(min_weight=0)
        .sort("-weight")
        .select("name", "weight")
        .site.select("code", "name")
        .up()
        .connected_to.filter(max_weight=10_000)
        .edge_filter(CONNECTION_VIEW.prop("cableType").equals("copper"))
        .sort("-weight")
        .limit(1)
        .parts.select("name")
        .up()
        .up()
    )
    instance_client = sdk.equipment._client
    original = instance_client.post
    http = instance_client._client.http
    captured: list[tuple[str, dict[str, Any]]] = []

    def counting(path: str, body: dict[str, Any]) -> bytes:
        captured.append((path, json.loads(json.dumps(body))))
        return original(path, body)

    instance_client.post = counting  # type: ignore[method-assign]
    roots = len(query.list())
    instance_client.post = original  # type: ignore[method-assign]
    responses = [http.request("POST", path, json=body).content for path, body in captured]

    def raw() -> None:
        for path, body in captured:
            json.loads(http.request("POST", path, json=body).content)

    raw_time = sdk_time = float("inf")
    for _ in range(rounds):  # interleaved: the emulator's time varies from run to run
        raw_time = min(raw_time, best(raw, 1))
        sdk_time = min(sdk_time, best(query.list, 1))
    replay = iter(())

    def replayed(path: str, body: dict[str, Any]) -> bytes:
        return next(replay)

    def client_side() -> None:
        nonlocal replay
        replay = iter(responses)
        instance_client.post = replayed  # type: ignore[method-assign]
        try:
            query.list()
        finally:
            instance_client.post = original  # type: ignore[method-assign]

    parse_only = best(lambda: [json.loads(content) for content in responses], rounds)
    typed = best(client_side, rounds)
    sets = len(captured[0][1]["select"])
    print(
        f"query across relations: {roots:,} equipment, site (select), cables to the heaviest "
        f"next (edge filter, limit 1 per parent), their parts (select); {sets} result sets"
    )
    print(f"  requests                     : {len(captured)}")
    print(f"  httpx + json, same bodies    : {raw_time * 1000:7.1f} ms")
    print(
        f"  query().list()               : {sdk_time * 1000:7.1f} ms  (overhead {100 * (sdk_time / raw_time - 1):+.1f}%)"
    )
    print(
        f"  client side: json.loads {parse_only * 1000:.1f} ms, typed graph {typed * 1000:.1f} ms; "
        f"SDK's extra client time / httpx + json end to end: {100 * (typed - parse_only) / raw_time:+.1f}%"
    )


if __name__ == "__main__":
    main()

"""Write the example model's sample instances (pygen/examples/example_instances.json).

Deterministic: the same seed gives the same bytes. Run from the repository root:

    .venv/bin/python scripts/make_example_instances.py
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

SPACE = "pygen_example"
INSTANCE_SPACE = "pygen_example_data"
VERSION = "1"
OUT = Path(__file__).parents[1] / "pygen" / "examples" / "example_instances.json"

CITIES = ["Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø"]
KINDS = ["Pump", "Compressor", "Valve", "Heat exchanger", "Separator", "Motor"]
MAKERS = ["Aker", "Kongsberg", "Framo", "Siemens", "ABB", None]
STATUSES = ["running", "stopped", "maintenance"]
CABLES = ["copper", "fibre", "aluminium"]
TASKS = ["Replace seal", "Inspect bearings", "Calibrate sensor", "Clean filter", "Check alignment"]


def view(external_id: str) -> dict[str, str]:
    return {"type": "view", "space": SPACE, "externalId": external_id, "version": VERSION}


def node_id(external_id: str) -> dict[str, str]:
    return {"space": INSTANCE_SPACE, "externalId": external_id}


def node(external_id: str, source: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "instanceType": "node",
        "space": INSTANCE_SPACE,
        "externalId": external_id,
        "sources": [{"source": view(source), "properties": properties}],
    }


def edge(
    edge_type: str, start: str, end: str, properties: dict[str, Any] | None = None
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "instanceType": "edge",
        "space": INSTANCE_SPACE,
        "externalId": f"{start}:{edge_type}:{end}",  # as pygen's runtime names edges
        "type": {"space": SPACE, "externalId": edge_type},
        "startNode": node_id(start),
        "endNode": node_id(end),
    }
    if properties is not None:
        item["sources"] = [{"source": view("Connection"), "properties": properties}]
    return item


def timestamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def build(rng: random.Random) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    start = datetime(2015, 1, 1, tzinfo=timezone.utc)
    sites = [f"site:{city.lower()}" for city in CITIES]
    for index, city in enumerate(CITIES):
        items.append(
            node(
                sites[index],
                "Site",
                {
                    "name": f"{city} plant",
                    "description": f"Processing plant in {city}.",
                    "tags": ["plant", city.lower()],
                    "code": f"{city[:3].upper()}-{index + 1}",
                    "area": round(rng.uniform(5_000, 50_000), 1),
                    "established": (date(1990, 1, 1) + timedelta(days=rng.randint(0, 9000))).isoformat(),
                },
            )
        )
    equipment = [f"equipment:{number:04d}" for number in range(1, 201)]
    for number, external_id in enumerate(equipment, start=1):
        kind = rng.choice(KINDS)
        installed = start + timedelta(hours=rng.randint(0, 80_000))
        props: dict[str, Any] = {
            "name": f"{kind} {number:04d}",
            "description": f"{kind} number {number}.",
            "tags": rng.sample(["critical", "spare", "outdoor", "indoor", "legacy"], k=2),
            "serialNumber": f"SN-{rng.randint(100000, 999999)}",
            "manufacturer": rng.choice(MAKERS),
            "status": rng.choice(STATUSES),
            "isActive": rng.random() > 0.1,
            "weight": round(rng.uniform(50, 5000), 2),
            "ratedPower": round(rng.uniform(1, 500), 1),
            "capacity": rng.randint(10, 1000),
            "runHours": rng.randint(0, 100_000),
            "installedAt": timestamp(installed),
            "commissionedOn": (installed.date() + timedelta(days=rng.randint(1, 60))).isoformat(),
            "specs": {"kind": kind, "ratedPressureBar": rng.randint(5, 200)},
            "site": node_id(rng.choice(sites)),
            "measurements": [round(rng.uniform(0, 100), 3) for _ in range(3)],
            "ratings": [round(rng.random(), 2) for _ in range(2)],
            "readings": [rng.randint(0, 1000) for _ in range(4)],
            "counters": [rng.randint(0, 10**9)],
            "flags": [rng.random() > 0.8 for _ in range(3)],
            "maintenanceDates": [
                (installed.date() + timedelta(days=180 * k)).isoformat() for k in range(1, 3)
            ],
            "eventTimes": [timestamp(installed + timedelta(days=k * 30)) for k in range(2)],
            "settings": [{"mode": "eco", "limit": rng.randint(1, 9)}],
            "temperature": f"ts:{external_id}:temperature",
            "sensorSeries": [f"ts:{external_id}:pressure", f"ts:{external_id}:flow"],
            "manual": f"file:manual:{kind.lower().replace(' ', '-')}",
            "documents": [f"file:datasheet:{number:04d}"],
            "calibration": f"seq:calibration:{number:04d}",
        }
        if number > 20:
            props["parts"] = [node_id(part) for part in rng.sample(equipment[:20], k=2)]
        items.append(node(external_id, "Equipment", props))
    for number in range(1, 61):
        due = date(2026, 1, 1) + timedelta(days=rng.randint(0, 364))
        items.append(
            node(
                f"workorder:{number:03d}",
                "WorkOrder",
                {
                    "name": f"WO-{number:03d} {rng.choice(TASKS)}",
                    "description": None if number % 7 == 0 else "Planned maintenance.",
                    "tags": ["planned"],
                    "priority": rng.randint(1, 5),
                    "dueDate": due.isoformat(),
                    "completed": rng.random() > 0.6,
                    "site": node_id(rng.choice(sites)),
                },
            )
        )
    for number, external_id in enumerate(equipment[:150], start=1):
        target = equipment[(number * 7) % len(equipment)]
        if target != external_id:
            items.append(
                edge(
                    "Equipment.connectedTo",
                    external_id,
                    target,
                    {"cableType": rng.choice(CABLES), "lengthM": round(rng.uniform(1, 300), 1)},
                )
            )
    for number in range(1, 61):
        work_order = f"workorder:{number:03d}"
        assets = rng.sample(equipment, k=2)
        for asset in assets:
            items.append(edge("WorkOrder.assets", work_order, asset))
        items.append(edge("WorkOrder.primaryAsset", work_order, assets[0]))
    return items


def main() -> None:
    items = build(random.Random(20261126))
    document = {
        "description": "Sample instances of the pygen example model (pygen/examples/example_model.yaml).",
        "space": INSTANCE_SPACE,
        "items": items,
    }
    # One instance a line: compact, and diffs stay readable.
    lines = ",\n".join(json.dumps(item, ensure_ascii=False, separators=(",", ":")) for item in items)
    header = json.dumps({key: value for key, value in document.items() if key != "items"})
    OUT.write_text(header[:-1] + ',\n"items": [\n' + lines + "\n]}\n", encoding="utf-8")
    nodes = sum(item["instanceType"] == "node" for item in items)
    print(f"wrote {OUT}: {nodes} nodes, {len(items) - nodes} edges")


if __name__ == "__main__":
    main()

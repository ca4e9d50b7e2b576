"""Synthetic data models of any size, for benchmarks and scale tests.

``synthesize_model(1000)`` gives a model of 1,000 views shaped like real ones: a few base
views that the others implement, an edge view for edge properties, and per view about 16
properties (its base's 4 inherited ones, 9 of mixed types including enums and lists, 2 direct
relations and 1 edge connection), with a reverse relation on every fourth view. The same
arguments always give the same model. It validates without errors.
"""

from __future__ import annotations

import random
from typing import Any

from pygen_runtime.client.models import DataModel

__all__ = ["synthesize_document", "synthesize_model"]

_WORDS = (
    "temperature", "pressure", "flowRate", "status", "serialNumber", "installedAt", "capacity",
    "vendor", "location", "speed", "voltage", "current", "efficiency", "comment", "priority",
    "category", "weight", "height", "color", "mode",
)  # fmt: skip

_PRIMITIVES: tuple[dict[str, Any], ...] = (
    {"type": "text", "collation": "ucs_basic"},
    {"type": "int32"},
    {"type": "int64"},
    {"type": "float32", "unit": {"externalId": "temperature:deg_c"}},
    {"type": "float64"},
    {"type": "boolean"},
    {"type": "timestamp"},
    {"type": "date"},
    {"type": "json"},
    {"type": "timeseries"},
    {"type": "file"},
    {"type": "sequence"},
    {"type": "enum", "values": {"low": {"name": "Low"}, "high": {"name": "High"}}},
    {"type": "text", "list": True, "maxListSize": 100},
    {"type": "float64", "list": True},
)
_OWN_PRIMITIVES = 9
_TIMES = {"createdTime": 1700000000000, "lastUpdatedTime": 1700000000000}


def _ref(space: str, external_id: str) -> dict[str, Any]:
    return {"space": space, "externalId": external_id, "version": "v1", "type": "view"}


def _mapped(
    space: str, container: str, identifier: str, kind: dict[str, Any], *, nullable: bool = True
) -> dict[str, Any]:
    return {
        "container": {"space": space, "externalId": container, "type": "container"},
        "containerPropertyIdentifier": identifier,
        "type": {"list": False, **kind} if kind["type"] != "enum" else dict(kind),
        "nullable": nullable,
        "name": identifier,
    }


def synthesize_document(
    views: int = 1000, *, seed: int = 0, space: str = "synth", base_views: int = 10
) -> dict[str, Any]:
    """The model as an API document (camelCase JSON data); see the module docstring."""
    if views < base_views + 3:
        raise ValueError(f"need at least {base_views + 3} views, got {views}")
    rng = random.Random(seed)
    bases = [f"Base{index}" for index in range(base_views)]
    edge_view = "LinkProperties"
    entities = [f"Entity{index:05d}" for index in range(views - base_views - 1)]
    documents: list[dict[str, Any]] = []
    base_properties: dict[str, dict[str, Any]] = {}
    for base in bases:
        props = {
            "name": _mapped(space, base, "name", _PRIMITIVES[0], nullable=False),
            "description": _mapped(space, base, "description", _PRIMITIVES[0]),
            "tags": _mapped(space, base, "tags", _PRIMITIVES[13]),
            "sourceId": _mapped(space, base, "sourceId", _PRIMITIVES[0]),
        }
        base_properties[base] = props
        documents.append(_view(space, base, props, implements=[], used_for="all"))
    documents.append(
        _view(
            space,
            edge_view,
            {
                "weight": _mapped(space, edge_view, "weight", _PRIMITIVES[4]),
                "since": _mapped(space, edge_view, "since", _PRIMITIVES[6]),
            },
            implements=[],
            used_for="edge",
        )
    )
    count = len(entities)
    for index, name in enumerate(entities):
        base = bases[index % base_views]
        props = dict(base_properties[base])
        offset = rng.randrange(len(_PRIMITIVES))
        for slot in range(_OWN_PRIMITIVES):
            kind = _PRIMITIVES[(offset + slot) % len(_PRIMITIVES)]
            word = _WORDS[(index + slot) % len(_WORDS)]
            prop_id = f"{word}{slot}"
            props[prop_id] = _mapped(space, name, prop_id, kind)
        parent = entities[(index - 1) % count]
        related = entities[(index + 7) % count]
        props["parent"] = _mapped(
            space, name, "parent", {"type": "direct", "source": _ref(space, parent)}
        )
        props["related"] = _mapped(
            space, name, "related", {"type": "direct", "list": True, "source": _ref(space, related)}
        )
        links: dict[str, Any] = {
            "connectionType": "multi_edge_connection",
            "type": {"space": space, "externalId": f"{name}.links"},
            "source": _ref(space, entities[(index + 13) % count]),
            "direction": "outwards",
            "name": "links",
        }
        if index % 3 == 0:
            links["edgeSource"] = _ref(space, edge_view)
        props["links"] = links
        if index % 4 == 0:
            child = entities[(index + 1) % count]
            props["children"] = {
                "connectionType": "multi_reverse_direct_relation",
                "source": _ref(space, child),
                "through": {"source": _ref(space, child), "identifier": "parent"},
                "name": "children",
            }
        documents.append(_view(space, name, props, implements=[_ref(space, base)], used_for="node"))
    return {
        "space": space,
        "externalId": f"Synthetic{views}",
        "version": "1",
        "name": f"Synthetic model with {views} views",
        "views": documents,
        **_TIMES,
    }


def _view(
    space: str,
    external_id: str,
    properties: dict[str, Any],
    *,
    implements: list[dict[str, Any]],
    used_for: str,
) -> dict[str, Any]:
    return {
        "space": space,
        "externalId": external_id,
        "version": "v1",
        "name": external_id,
        "implements": implements,
        "usedFor": used_for,
        "writable": True,
        "properties": properties,
        **_TIMES,
    }


def synthesize_model(
    views: int = 1000, *, seed: int = 0, space: str = "synth", base_views: int = 10
) -> DataModel:
    """:func:`synthesize_document` read into a :class:`DataModel`."""
    return DataModel.model_validate(
        synthesize_document(views, seed=seed, space=space, base_views=base_views)
    )

"""Tiny builders of data-model documents, for tests that need a model with one feature.

Each builder returns plain API data (camelCase dicts), so tests can also break it on purpose::

    doc = model(
        view("Pump", {"name": mapped("text"), "next": direct("Pump")}),
        view("Valve", {"pumps": reverse("Pump", "next")}),
    )
    DataModel.model_validate(doc)
"""

from __future__ import annotations

from typing import Any

from pygen_runtime.client.models import DataModel

__all__ = [
    "SPACE",
    "direct",
    "edge",
    "load",
    "mapped",
    "model",
    "reverse",
    "view",
    "view_ref",
]

SPACE = "sp"
"""The space of everything the builders make, unless told otherwise."""

_TIMES = {"createdTime": 0, "lastUpdatedTime": 0}


def view_ref(external_id: str, *, space: str = SPACE, version: str = "1") -> dict[str, Any]:
    """A view reference (``type: view``)."""
    return {"space": space, "externalId": external_id, "version": version, "type": "view"}


def mapped(
    kind: str | dict[str, Any] = "text",
    *,
    container: str = "Container",
    identifier: str | None = None,
    nullable: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    """A mapped property of type ``kind`` (a type name, or a full type object).

    ``identifier`` defaults to the property's key (filled in by :func:`view`); ``extra`` keys
    are added as they are (``defaultValue=...``, ``autoIncrement=True`` ...).
    """
    type_ = {"type": kind} if isinstance(kind, str) else dict(kind)
    prop: dict[str, Any] = {
        "container": {"space": SPACE, "externalId": container, "type": "container"},
        "type": type_,
        "nullable": nullable,
        **extra,
    }
    if identifier is not None:
        prop["containerPropertyIdentifier"] = identifier
    return prop


def direct(target: str | None, *, list: bool = False, **extra: Any) -> dict[str, Any]:
    """A direct relation to ``target`` (a view of :data:`SPACE`, version 1), or untargeted."""
    kind: dict[str, Any] = {"type": "direct", "list": list}
    if target is not None:
        kind["source"] = view_ref(target)
    return mapped(kind, **extra)


def edge(
    target: str,
    *,
    edge_type: str = "edgeType",
    multi: bool = True,
    direction: str = "outwards",
    edge_source: str | None = None,
) -> dict[str, Any]:
    """An edge connection to ``target``."""
    prop: dict[str, Any] = {
        "connectionType": "multi_edge_connection" if multi else "single_edge_connection",
        "type": {"space": SPACE, "externalId": edge_type},
        "source": view_ref(target),
        "direction": direction,
    }
    if edge_source is not None:
        prop["edgeSource"] = view_ref(edge_source)
    return prop


def reverse(
    source: str, through: str, *, multi: bool = True, through_view: str | None = None
) -> dict[str, Any]:
    """A reverse direct relation: nodes of ``source`` whose ``through`` points here."""
    return {
        "connectionType": (
            "multi_reverse_direct_relation" if multi else "single_reverse_direct_relation"
        ),
        "source": view_ref(source),
        "through": {"source": view_ref(through_view or source), "identifier": through},
    }


def view(
    external_id: str,
    properties: dict[str, dict[str, Any]] | None = None,
    *,
    implements: tuple[str, ...] | list[str] = (),
    used_for: str = "node",
    writable: bool = True,
    version: str = "1",
    space: str = SPACE,
    **extra: Any,
) -> dict[str, Any]:
    """A view; mapped properties without ``containerPropertyIdentifier`` get their key."""
    props = {}
    for key, prop in (properties or {}).items():
        prop = dict(prop)
        if "container" in prop and "containerPropertyIdentifier" not in prop:
            prop["containerPropertyIdentifier"] = key
        props[key] = prop
    return {
        "space": space,
        "externalId": external_id,
        "version": version,
        "implements": [view_ref(parent) for parent in implements],
        "usedFor": used_for,
        "writable": writable,
        "properties": props,
        **_TIMES,
        **extra,
    }


def model(
    *views: dict[str, Any], space: str = SPACE, external_id: str = "TestModel", version: str = "1"
) -> dict[str, Any]:
    """A data model with inline ``views``."""
    return {
        "space": space,
        "externalId": external_id,
        "version": version,
        "views": list(views),
        **_TIMES,
    }


def load(document: dict[str, Any]) -> DataModel:
    """Read a document built here into a :class:`DataModel`."""
    return DataModel.model_validate(document)

"""Tiny inline models, one per class of name clash, for the functional tier.

Each model lives in its own space with its own containers, so all of them can be deployed to
one emulator. Builders return plain API data (camelCase dicts).
"""

from __future__ import annotations

from typing import Any

_TIMES = {"createdTime": 0, "lastUpdatedTime": 0}


def view_ref(space: str, external_id: str) -> dict[str, Any]:
    return {"space": space, "externalId": external_id, "version": "1", "type": "view"}


def text(space: str, container: str, identifier: str) -> dict[str, Any]:
    """A nullable text property stored in ``container``."""
    return {
        "container": {"space": space, "externalId": container, "type": "container"},
        "containerPropertyIdentifier": identifier,
        "type": {"type": "text"},
        "nullable": True,
    }


def enum(space: str, container: str, identifier: str, *values: str) -> dict[str, Any]:
    prop = text(space, container, identifier)
    prop["type"] = {"type": "enum", "values": {value: {} for value in values}}
    return prop


def edges(space: str, target: str, edge_type: str) -> dict[str, Any]:
    """A multi edge connection to ``target`` typed by the node ``space:edge_type``."""
    return {
        "connectionType": "multi_edge_connection",
        "type": {"space": space, "externalId": edge_type},
        "source": view_ref(space, target),
        "direction": "outwards",
    }


def direct(space: str, container: str, identifier: str, target: str) -> dict[str, Any]:
    """A direct relation to nodes of ``target``."""
    prop = text(space, container, identifier)
    prop["type"] = {"type": "direct", "source": view_ref(space, target)}
    return prop


def reverse(space: str, source: str, through: str) -> dict[str, Any]:
    """The nodes of ``source`` whose direct relation ``through`` points here."""
    return {
        "connectionType": "multi_reverse_direct_relation",
        "source": view_ref(space, source),
        "through": {"source": view_ref(space, source), "identifier": through},
    }


def view(space: str, external_id: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "space": space,
        "externalId": external_id,
        "version": "1",
        "usedFor": "node",
        "writable": True,
        "properties": properties,
        **_TIMES,
    }


def model(space: str, external_id: str, *views: dict[str, Any]) -> dict[str, Any]:
    return {
        "space": space,
        "externalId": external_id,
        "version": "1",
        "views": list(views),
        **_TIMES,
    }


CONNECTIONS = model(
    "clash_connections",
    "ConnectionClash",
    view(
        "clash_connections",
        "Equipment",
        {
            "name": text("clash_connections", "Equipment", "name"),
            "status": enum("clash_connections", "Equipment", "status", "running", "stopped"),
            "connectedTo": edges("clash_connections", "Equipment", "Equipment.connectedTo"),
        },
    ),
    view(
        "clash_connections",
        "EquipmentConnected",
        {
            "name": text("clash_connections", "EquipmentConnected", "name"),
            "to": edges("clash_connections", "Equipment", "EquipmentConnected.to"),
        },
    ),
    view(
        "clash_connections",
        "EquipmentStatus",
        {"name": text("clash_connections", "EquipmentStatus", "name")},
    ),
)
"""``Equipment.connectedTo`` and ``EquipmentConnected.to`` both make ``EQUIPMENT_CONNECTED_TO``;
the enum alias of ``Equipment.status`` is named like the view ``EquipmentStatus``."""

CASE = model(
    "clash_case",
    "CaseClash",
    view("clash_case", "HTTPServer", {"host": text("clash_case", "ServerA", "host")}),
    view("clash_case", "HttpServer", {"host": text("clash_case", "ServerB", "host")}),
)
"""Views that differ only in case share a view constant, module, filter function and client
attribute unless the plan tells them apart."""

KEYWORDS = model(
    "clash_keywords",
    "KeywordClash",
    view("clash_keywords", "Global", {"name": text("clash_keywords", "Global", "name")}),
    view("clash_keywords", "Class", {"name": text("clash_keywords", "Class", "name")}),
    view("clash_keywords", "Import", {"name": text("clash_keywords", "Import", "name")}),
)
"""Capitalised keywords as view names: the client attributes would be ``self.global``."""

ALIASES = model(
    "clash_aliases",
    "AliasClash",
    view(
        "clash_aliases",
        "Thing",
        {
            "external_id": text("clash_aliases", "Thing", "external_id"),
            "node_type": text("clash_aliases", "Thing", "node_type"),
            "type": text("clash_aliases", "Thing", "type"),
            "type_": text("clash_aliases", "Thing", "type_"),
        },
    ),
)
"""Properties whose CDF id is another field's Python name or the runtime's (``external_id``,
``node_type``, ``type`` next to ``type_``). (``space`` is reserved in CDF itself.)"""

SORTS = model(
    "clash_sorts",
    "SortClash",
    view("clash_sorts", "PumpSortField", {"name": text("clash_sorts", "Other", "name")}),
    view(
        "clash_sorts",
        "Pump",
        {
            "name": text("clash_sorts", "Pump", "name"),
            "sort": text("clash_sorts", "Pump", "sort"),
            "expand": text("clash_sorts", "Pump", "expand"),
        },
    ),
)
"""A view named like another view's sort alias (``PumpSortField``), and properties named like
the list method's parameters (``sort``, ``expand``)."""


QUERIES = model(
    "clash_queries",
    "QueryClash",
    view(
        "clash_queries",
        "Site",
        {
            "name": text("clash_queries", "Site", "name"),
            "list": reverse("clash_queries", "Pump", "limit"),
        },
    ),
    view(
        "clash_queries",
        "Pump",
        {
            "name": text("clash_queries", "Pump", "name"),
            "limit": direct("clash_queries", "Pump", "limit", "Site"),
            "filter": edges("clash_queries", "Pump", "Pump.filter"),
        },
    ),
)
"""Relations named like the query builder's own methods (``limit``, ``filter``, ``list``): their
hops get numbers (``limit_2``) and the builder keeps working."""


def package_model(external_id: str) -> dict[str, Any]:
    """One small view in a model whose externalId makes an unsafe package name."""
    space = "clash_package"
    return model(space, external_id, view(space, "Item", {"name": text(space, "Item", "name")}))


PACKAGE_IDS = {
    "json": "json_sdk",
    "match": "match_sdk",
    "class": "class_sdk",
    "pygen": "pygen_sdk",
    "pydantic": "pydantic_sdk",
    "typing": "typing_sdk",
}
"""Model externalIds that make a reserved or shadowing package name, and the package the
generator uses instead. (Ids that make an empty name, ``""`` or ``!!!``, are not valid CDF ids:
validation refuses them with PYG070, tested in tests/hostile and tests/unit/validation.)"""

PACKAGE_CLIENTS = {
    "json": "JsonClient",
    "match": "MatchClient",
    "class": "ClassClient",
    "pygen": "PygenClient2",
    "pydantic": "PydanticClient",
    "typing": "TypingClient",
}
"""The client class of each of those models (``PygenClient`` is imported by the SDK)."""


def _typed(prop: dict[str, Any], kind: str) -> dict[str, Any]:
    return {**prop, "type": {"type": kind}}


FILTERS = model(
    "clash_filters",
    "FilterClash",
    view(
        "clash_filters",
        "Gauge",
        {
            "name": text("clash_filters", "Gauge", "name"),
            "name_prefix": text("clash_filters", "Gauge", "name_prefix"),
            "min_size": text("clash_filters", "Gauge", "min_size"),
            "size": _typed(text("clash_filters", "Gauge", "size"), "int32"),
            "limit": text("clash_filters", "Gauge", "limit"),
            "external_id_prefix": text("clash_filters", "Gauge", "external_id_prefix"),
            "Space": text("clash_filters", "Gauge", "Space"),
            "sort": text("clash_filters", "Gauge", "sort"),
            "groupBy": text("clash_filters", "Gauge", "groupBy"),
        },
    ),
)
"""Properties whose filter arguments clash with each other or with the API's own parameters,
in both languages: ``name``'s prefix filter and the property ``name_prefix`` (TypeScript
``namePrefix``), ``size``'s lower bound and the property ``min_size`` (``minSize``), the
method parameters ``limit`` and ``sort`` (TypeScript also ``groupBy``), the argument every
view has ``external_id_prefix`` (``externalIdPrefix``). (``space`` is reserved in CDF; a
property ``Space`` is the member ``space_``, so its argument never takes the instance
``space``.)"""

FILTER_NAMES = {
    "python": {
        "name": {"equals": "name", "prefix": "name_prefix_2"},
        "name_prefix": {"equals": "name_prefix", "prefix": "name_prefix_prefix"},
        "min_size": {"equals": "min_size", "prefix": "min_size_prefix"},
        "size": {"min": "min_size_2", "max": "max_size"},
        "limit": {"equals": "limit_2", "prefix": "limit_prefix"},
        "external_id_prefix": {
            "equals": "external_id_prefix_2",
            "prefix": "external_id_prefix_prefix",
        },
        "Space": {"equals": "space_", "prefix": "space__prefix"},
        "sort": {"equals": "sort_2", "prefix": "sort_prefix"},
        "groupBy": {"equals": "group_by", "prefix": "group_by_prefix"},
    },
    "typescript": {
        "name": {"equals": "name", "prefix": "namePrefix2"},
        "name_prefix": {"equals": "namePrefix", "prefix": "namePrefixPrefix"},
        "min_size": {"equals": "minSize", "prefix": "minSizePrefix"},
        "size": {"min": "minSize2", "max": "maxSize"},
        "limit": {"equals": "limit2", "prefix": "limitPrefix"},
        "external_id_prefix": {"equals": "externalIdPrefix2", "prefix": "externalIdPrefixPrefix"},
        "Space": {"equals": "space_", "prefix": "space_Prefix"},
        "sort": {"equals": "sort2", "prefix": "sortPrefix"},
        "groupBy": {"equals": "groupBy2", "prefix": "groupByPrefix"},
    },
}
"""The filter arguments the plan gives each property of ``FILTERS`` (what the tests use)."""

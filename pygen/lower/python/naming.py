"""The Python names of the lowering, read from the name plan stored in the IR.

Every name a generated module defines is allocated by :func:`pygen.naming.plan_names`
(``pygen/naming/derived.py`` for the derived ones) and stored in the IR by
:func:`pygen.ir.transform`; nothing here makes a name up, so names are unique per scope and
``pygen validate`` reports exactly these.
"""

from __future__ import annotations

from pygen.ir import IRClass, IRModel, IRProperty, IRRelationship
from pygen.naming import PYTHON

LANGUAGE = "python"


def class_name(cls: IRClass) -> str:
    """The read class: ``Equipment``."""
    return cls.names[LANGUAGE]


def _derived(cls: IRClass, role: str) -> str:
    return cls.derived_names[LANGUAGE][role]


def write_name(cls: IRClass) -> str:
    """The write class: ``EquipmentWrite``."""
    return _derived(cls, "write")


def list_name(cls: IRClass) -> str:
    """The list class: ``EquipmentList``."""
    return _derived(cls, "list")


def api_name(cls: IRClass) -> str:
    """The API class: ``EquipmentAPI``."""
    return _derived(cls, "api")


def filters_name(cls: IRClass) -> str:
    """The typed dict of the API's filter arguments: ``EquipmentFilters``."""
    return _derived(cls, "filters")


def view_constant(cls: IRClass) -> str:
    """The module constant holding the class's ``ViewRef``: ``EQUIPMENT_VIEW``."""
    return _derived(cls, "view_constant")


def sort_alias(cls: IRClass) -> str:
    """The ``Literal`` of the names the view's API sorts by: ``EquipmentSortField``."""
    return _derived(cls, "sort_alias")


def query_name(cls: IRClass) -> str:
    """The query class of queries across relations: ``EquipmentQuery``."""
    return _derived(cls, "query_class")


def select_alias(cls: IRClass) -> str:
    """The ``Literal`` of the properties a view's query selects: ``EquipmentSelectField``."""
    return _derived(cls, "select_alias")


def query_hop(member: IRRelationship) -> str:
    """The query class's property following a relation: ``site``."""
    return member.hop_names[LANGUAGE]


def field_name(member: IRProperty | IRRelationship) -> str:
    """The field's Python name."""
    return member.names[LANGUAGE]


def spec_constant(cls: IRClass, member: IRRelationship) -> str:
    """The module constant of an edge or reverse spec: ``EQUIPMENT_CONNECTED_TO``."""
    return member.spec_names[LANGUAGE]


def edge_accessor(cls: IRClass, member: IRRelationship) -> str:
    """The view API's accessor of an edge connection's edges: ``connected_to_edges``."""
    return member.accessor_names[LANGUAGE]


def enum_alias(cls: IRClass, prop: IRProperty) -> str:
    """The ``Literal`` alias of an enum property: ``EquipmentStatus``."""
    return prop.enum_names[LANGUAGE]


def filter_function(cls: IRClass) -> str:
    """The module-level function building a view's filter: ``_equipment_filter``."""
    return _derived(cls, "filter_function")


def client_attribute(cls: IRClass) -> str:
    """The client's attribute for a view's API: ``work_order``."""
    return _derived(cls, "client_attribute")


def module_level_names(ir: IRModel) -> dict[str, str]:
    """Every module-level name of the generated package, with what holds it (for checking a
    client class name the user chose)."""
    names = {name: "a name generated modules use" for name in PYTHON.module_names}
    for cls in ir.classes:
        names[class_name(cls)] = f"the class of view {cls.view}"
        for role, name in cls.derived_names[LANGUAGE].items():
            if role != "client_attribute":
                names[name] = f"the {role.replace('_', ' ')} of view {cls.view}"
        for rel in cls.relationships:
            if LANGUAGE in rel.spec_names:
                names[rel.spec_names[LANGUAGE]] = f"the connection constant of {rel.id}"
        for prop in cls.properties:
            if LANGUAGE in prop.enum_names:
                names[prop.enum_names[LANGUAGE]] = f"the enum alias of {prop.id}"
    return names


def package_name(ir: IRModel) -> str:
    """The default package name: the model's externalId in snake case (``example_model``),
    made safe (``typing`` -> ``typing_sdk``)."""
    return ir.names[LANGUAGE]["package"]


def client_name(ir: IRModel) -> str:
    """The client class: ``ExampleModelClient``."""
    return ir.names[LANGUAGE]["client"]


_RUNTIME_WRITE_INPUTS = {
    "node": frozenset(
        {"space", "external_id", "externalId", "node_type", "type"}
        | {"existing_version", "existingVersion"}
    ),
    "edge": frozenset(
        {"space", "external_id", "externalId", "edge_type", "type", "start_node", "startNode"}
        | {"end_node", "endNode", "existing_version", "existingVersion"}
    ),
}
"""What the runtime's ``NodeWrite`` / ``EdgeWrite`` fields accept as input (names and aliases)."""


def shared_aliases(cls: IRClass) -> frozenset[str]:
    """The ids of the fields whose write alias (their CDF id) is also the name or alias of
    another field.

    Write classes validate by name and by alias, so such a field would take the other field's
    input (``external_id=...`` would set a property ``external_id`` too). Its alias then stays
    the wire key only: the field is given by its Python name (``validation_alias``). Found in
    one pass over the class's fields (once per class, not once per field).
    """
    runtime = _RUNTIME_WRITE_INPUTS["edge" if cls.kind == "edge" else "node"]
    fields: list[IRProperty | IRRelationship] = [*cls.properties, *cls.relationships]
    named: dict[str, set[str]] = {}
    for field in fields:
        named.setdefault(field_name(field), set()).add(field.id)
    return frozenset(
        field.id
        for field in fields
        if field.id in runtime or any(other != field.id for other in named.get(field.id, ()))
    )


def filter_argument(member: IRProperty | IRRelationship, kind: str) -> str:
    """The API's filter argument of ``kind`` on a field (``equals``: ``name``, ``prefix``:
    ``name_prefix``, ``min``: ``min_size`` ...; relations ``matching``)."""
    return member.filter_names[LANGUAGE][kind]


def class_filter(cls: IRClass, kind: str) -> str:
    """A filter argument every class (``external_id_prefix``, ``space``) or every edge class
    (``start_node``, ``end_node``) has."""
    return cls.filter_names[LANGUAGE][kind]

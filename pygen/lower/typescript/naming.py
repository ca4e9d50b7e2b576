"""The TypeScript names of the lowering, read from the name plan stored in the IR.

Every name a generated module defines is allocated by :func:`pygen.naming.plan_names`
(``pygen/naming/derived.py`` for the derived ones, from the TypeScript convention's patterns)
and stored in the IR; nothing here makes a name up.
"""

from __future__ import annotations

from pygen.ir import IRClass, IRModel, IRProperty, IRRelationship

LANGUAGE = "typescript"


def class_name(cls: IRClass) -> str:
    """The read interface: ``Equipment``."""
    return cls.names[LANGUAGE]


def derived(cls: IRClass, role: str) -> str:
    """A name made for the class: ``write`` (``EquipmentWrite``), ``api``, ``filters``
    (``EquipmentFilter``), ``view_constant`` (``EQUIPMENT_VIEW``), ``view_spec``
    (``EQUIPMENT_SPEC``), ``filter_function`` (``equipmentFilter``), ``client_attribute``."""
    return cls.derived_names[LANGUAGE][role]


def field_name(member: IRProperty | IRRelationship) -> str:
    """The field's TypeScript name."""
    return member.names[LANGUAGE]


def spec_constant(member: IRRelationship) -> str:
    """The constant of an edge or reverse spec: ``EQUIPMENT_CONNECTED_TO``."""
    return member.spec_names[LANGUAGE]


def enum_alias(prop: IRProperty) -> str:
    """The string-literal union of an enum property: ``EquipmentStatus``."""
    return prop.enum_names[LANGUAGE]


def model_name(ir: IRModel, role: str) -> str:
    """A name of the model: ``client`` (``ExampleModelClient``), ``client_options``,
    ``distribution`` (the npm package, ``example-model``)."""
    return ir.names[LANGUAGE][role]


def edge_accessor(member: IRRelationship) -> str:
    """The view API's getter of an edge connection's edges: ``connectedToEdges``."""
    return member.accessor_names[LANGUAGE]


def filter_option(member: IRProperty | IRRelationship, kind: str) -> str:
    """The API's filter option of ``kind`` on a field (``equals``: ``name``, ``prefix``:
    ``namePrefix``, ``min``: ``minSize`` ...; relations ``matching``)."""
    return member.filter_names[LANGUAGE][kind]


def class_filter(cls: IRClass, kind: str) -> str:
    """A filter option every class (``externalIdPrefix``, ``space``) or every edge class
    (``startNode``, ``endNode``) has."""
    return cls.filter_names[LANGUAGE][kind]

"""Names the Python lowering derives from the IR's names (which are already unique and safe)."""

from __future__ import annotations

from pygen.ir import IRClass, IRModel, IRProperty, IRRelationship
from pygen.naming.casing import to_pascal, to_snake

LANGUAGE = "python"


def class_name(cls: IRClass) -> str:
    """The read class: ``Equipment``."""
    return cls.names[LANGUAGE]


def write_name(cls: IRClass) -> str:
    """The write class: ``EquipmentWrite``."""
    return f"{class_name(cls)}Write"


def list_name(cls: IRClass) -> str:
    """The list class: ``EquipmentList``."""
    return f"{class_name(cls)}List"


def api_name(cls: IRClass) -> str:
    """The API class: ``EquipmentAPI``."""
    return f"{class_name(cls)}API"


def filters_name(cls: IRClass) -> str:
    """The typed dict of the API's filter arguments: ``EquipmentFilters``."""
    return f"{class_name(cls)}Filters"


def upper(name: str) -> str:
    """``WorkOrder`` -> ``WORK_ORDER``."""
    return to_snake(name).upper()


def view_constant(cls: IRClass) -> str:
    """The module constant holding the class's ``ViewRef``: ``EQUIPMENT_VIEW``."""
    return f"{upper(class_name(cls))}_VIEW"


def field_name(member: IRProperty | IRRelationship) -> str:
    """The field's Python name."""
    return member.names[LANGUAGE]


def spec_constant(cls: IRClass, member: IRRelationship) -> str:
    """The module constant of an edge or reverse spec: ``EQUIPMENT_CONNECTED_TO``."""
    return f"{upper(class_name(cls))}_{field_name(member).upper().rstrip('_')}"


def enum_alias(cls: IRClass, prop: IRProperty) -> str:
    """The ``Literal`` alias of an enum property: ``EquipmentStatus``."""
    return f"{class_name(cls)}{to_pascal(field_name(prop))}"


def filter_function(cls: IRClass) -> str:
    """The module-level function building a view's filter: ``_equipment_filter``."""
    return f"_{to_snake(class_name(cls))}_filter"


def client_attribute(cls: IRClass) -> str:
    """The client's attribute for a view's API: ``work_order``."""
    return to_snake(class_name(cls))


def package_name(ir: IRModel) -> str:
    """The default package name: the model's externalId in snake case (``example_model``)."""
    return to_snake(ir.model.external_id)


def client_name(ir: IRModel) -> str:
    """The client class: ``ExampleModelClient``."""
    return f"{to_pascal(ir.model.external_id)}Client"

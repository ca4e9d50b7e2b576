"""Names the pygen runtime uses, which generated classes must not redefine.

One constant, :data:`RUNTIME_NAMES`, in language-neutral snake_case (each
:class:`~pygen.naming.conventions.NamingConvention` converts it to its own casing). It is written
by hand for now; once ``pygen_runtime`` exists it will be computed from the runtime's base
classes (their fields, methods and class names), and this module will keep its shape.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["RUNTIME_NAMES", "RuntimeNames"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RuntimeNames:
    """Names taken by the runtime base classes, grouped by where they apply.

    Attributes:
        instance_fields: Fields every generated class inherits (nodes and edges).
        node_fields: Fields only node classes inherit.
        edge_fields: Fields only edge classes inherit.
        methods: Methods every generated class inherits.
        python_members: Further attributes of the Python base classes (pydantic's ``BaseModel``).
        typescript_members: Further fields of the TypeScript base interfaces (``type``: the
            node or edge type of ``NodeInstance`` / ``EdgeInstance``, written as ``type``).
        classes: Class names the runtime exports and generated modules import.
    """

    instance_fields: frozenset[str]
    node_fields: frozenset[str]
    edge_fields: frozenset[str]
    methods: frozenset[str]
    python_members: frozenset[str]
    classes: frozenset[str]
    typescript_members: frozenset[str] = frozenset({"type"})


RUNTIME_NAMES = RuntimeNames(
    instance_fields=frozenset(
        {
            "space",
            "external_id",
            "version",
            "instance_type",
            "data_record",
            "created_time",
            "last_updated_time",
            "deleted_time",
            "existing_version",
        }
    ),
    node_fields=frozenset({"node_type"}),
    edge_fields=frozenset({"edge_type", "start_node", "end_node", "other_node"}),
    methods=frozenset(
        {
            "as_id",
            "as_write",
            "as_read",
            "dump",
            "load",
            "to_pandas",
            "id",
            "view",
            "properties",
            "nested",
        }
    ),
    python_members=frozenset(
        {
            "construct",
            "copy",
            "dict",
            "from_orm",
            "json",
            "model_computed_fields",
            "model_config",
            "model_construct",
            "model_copy",
            "model_dump",
            "model_dump_json",
            "model_extra",
            "model_fields",
            "model_fields_set",
            "model_json_schema",
            "model_parametrized_name",
            "model_post_init",
            "model_rebuild",
            "model_validate",
            "model_validate_json",
            "model_validate_strings",
            "parse_file",
            "parse_obj",
            "parse_raw",
            "schema",
            "schema_json",
            "update_forward_refs",
            "validate",
        }
    ),
    classes=frozenset(
        {
            "DataRecord",
            "DataRecordWrite",
            "Edge",
            "EdgeSpec",
            "EdgeWrite",
            "Expand",
            "ExpandArg",
            "Expandable",
            "Filter",
            "Node",
            "NodeWrite",
            "OneOrMany",
            "ReverseSpec",
            "SortArg",
            "SortBy",
            "EdgeId",
            "Instance",
            "InstanceAPI",
            "InstanceId",
            "InstanceList",
            "InstanceWrite",
            "InstanceWriteList",
            "NodeId",
            "ViewId",
            "ViewRef",
        }
    ),
)
"""The names the runtime uses (see :class:`RuntimeNames`)."""

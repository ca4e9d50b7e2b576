"""DMS models -> IR: a literal translation of each view into an :class:`IRClass`.

:func:`parse` keeps what the model says: targets and parents as declared (even when they are
not in the model), no names, each view's properties as it lists them. :func:`pygen.ir.transform`
then resolves, flattens and names. Parse a *validated* model (``result.filtered_model``); parse
itself does not judge, but it never loops or fails on references to views that are missing.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from pygen import __version__
from pygen_runtime.client.models import (
    ContainerReference,
    DataModel,
    DirectRelationType,
    EdgeConnection,
    EnumType,
    Float32Type,
    Float64Type,
    Int32Type,
    Int64Type,
    ListablePropertyType,
    MappedProperty,
    ReverseDirectRelation,
    TextType,
    View,
    ViewId,
    ViewProperty,
)

from .hashing import source_hash as compute_source_hash
from .nodes import (
    ClassKind,
    IRClass,
    IRContainerId,
    IRDataModelId,
    IREnum,
    IREnumValue,
    IRList,
    IRMetadata,
    IRModel,
    IRNodeId,
    IRPrimitive,
    IRProperty,
    IRReference,
    IRRelationship,
    IRThrough,
    IRType,
    IRViewId,
)

__all__ = ["parse", "parse_view", "view_id"]

_NUMERIC_TYPES = (Int32Type, Int64Type, Float32Type, Float64Type)


def view_id(view: ViewId | View) -> IRViewId:
    """The IR identity of a view or view reference."""
    return _view_id(view.space, view.external_id, view.version)


# Equal leaves are built once and shared (frozen, so sharing is safe): a 1,000-view model has
# about 35,000 of them and 3,000 distinct, and each distinct one is pickled once (the
# generation cache) and held once in memory.
@lru_cache(maxsize=8192)
def _view_id(space: str, external_id: str, version: str) -> IRViewId:
    return IRViewId(space=space, external_id=external_id, version=version)


@lru_cache(maxsize=8192)
def _container(space: str, external_id: str) -> IRContainerId:
    return IRContainerId(space=space, external_id=external_id)


@lru_cache(maxsize=1024)
def _primitive(kind: Any, unit: str | None, max_text_size: int | None) -> IRPrimitive:
    return IRPrimitive(kind=kind, unit=unit, max_text_size=max_text_size)


def parse(model: DataModel, *, source_hash: str | None = None) -> IRModel:
    """Translate ``model`` (its inline views) into an untransformed :class:`IRModel`.

    Args:
        model: The data model, normally ``ValidationResult.filtered_model``.
        source_hash: The hash to record in the metadata; by default the hash of ``model``.
            :func:`pygen.ir.build_ir` passes the hash of the unfiltered input.

    Classes come in (space, externalId, version) order; a view listed twice gives one class
    (the first copy).
    """
    views: dict[IRViewId, View] = {}
    for view in model.inline_views:
        views.setdefault(view_id(view), view)
    classes = tuple(_parse_view(views[key]) for key in sorted(views))
    return IRModel(
        model=IRDataModelId(
            space=model.space, external_id=model.external_id, version=model.version
        ),
        name=model.name,
        description=model.description,
        classes=classes,
        metadata=IRMetadata(
            pygen_version=__version__,
            source_hash=source_hash or compute_source_hash(model),
        ),
    )


def _kind(view: View) -> ClassKind:
    if view.used_for == "edge":
        return "edge"
    if view.used_for == "all":
        return "both"
    return "node"


def parse_view(view: View) -> IRClass:
    """One view as an untransformed :class:`IRClass` (as :func:`parse` gives it)."""
    return _parse_view(view)


def _parse_view(view: View) -> IRClass:
    me = view_id(view)
    parents = tuple(
        dict.fromkeys(view_id(ref) for ref in view.implements or () if view_id(ref) != me)
    )
    properties: list[IRProperty] = []
    relationships: list[IRRelationship] = []
    for prop_id in sorted(view.properties):
        prop = view.properties[prop_id]
        if isinstance(prop, MappedProperty):
            properties.append(_parse_mapped(me, prop_id, prop))
            if isinstance(prop.type, DirectRelationType):
                relationships.append(_parse_direct(me, prop_id, prop))
        else:
            relationships.append(_parse_connection(me, prop_id, prop))
    return IRClass(
        view=me,
        kind=_kind(view),
        display_name=view.name,
        description=view.description,
        writable=view.writable,
        node_type=_node_type(view.filter),
        parents=parents,
        properties=tuple(properties),
        relationships=tuple(relationships),
    )


def _node_type(view_filter: Any) -> IRNodeId | None:
    """The node type a view filter requires: ``equals`` on ``["node", "type"]``, alone or as a
    term of a top-level ``and``. Anything else (``in``, ``or``, property filters) sets none."""
    if not isinstance(view_filter, dict):
        return None
    terms = view_filter.get("and") if set(view_filter) == {"and"} else [view_filter]
    for term in terms if isinstance(terms, list) else []:
        equals = term.get("equals") if isinstance(term, dict) else None
        if not isinstance(equals, dict) or equals.get("property") != ["node", "type"]:
            continue
        value = equals.get("value")
        if isinstance(value, dict) and isinstance(value.get("space"), str):
            external_id = value.get("externalId")
            if isinstance(external_id, str):
                return IRNodeId(space=value["space"], external_id=external_id)
    return None


def _target(prop: MappedProperty) -> IRViewId | None:
    target = prop.target_view
    return view_id(target) if target is not None else None


def _parse_type(prop: MappedProperty) -> IRType:
    kind = prop.type
    item: IRPrimitive | IREnum | IRReference
    if isinstance(kind, EnumType):
        values = tuple(
            IREnumValue(value=key, name=value.name, description=value.description)
            for key, value in sorted(kind.values.items())
        )
        unknown = kind.unknown_value if kind.unknown_value in kind.values else None
        return IREnum(values=values, unknown_value=unknown)
    if isinstance(kind, DirectRelationType):
        target = _target(prop)
        item = IRReference(target=target, declared_target=target)
    else:
        unit = kind.unit if isinstance(kind, _NUMERIC_TYPES) else None
        max_text = kind.max_text_size if isinstance(kind, TextType) else None
        item = _primitive(
            kind.type,
            unit.external_id if unit is not None else None,
            max_text if max_text is not None and max_text > 0 else None,
        )
    if isinstance(kind, ListablePropertyType) and kind.list:
        size = kind.max_list_size
        return IRList(item=item, max_size=size if size is not None and size > 0 else None)
    return item


def _parse_mapped(me: IRViewId, prop_id: str, prop: MappedProperty) -> IRProperty:
    default = (
        json.dumps(prop.default_value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        if prop.default_value is not None
        else None
    )
    return IRProperty(
        id=prop_id,
        type=_parse_type(prop),
        source_view=me,
        container=_container(prop.container.space, prop.container.external_id),
        container_property=prop.container_property_identifier,
        display_name=prop.name,
        description=prop.description,
        nullable=prop.nullable,
        required=not prop.nullable and default is None and not prop.auto_increment,
        immutable=prop.immutable,
        auto_increment=prop.auto_increment,
        default_json=default,
    )


def _parse_direct(me: IRViewId, prop_id: str, prop: MappedProperty) -> IRRelationship:
    target = _target(prop)
    kind = prop.type
    return IRRelationship(
        id=prop_id,
        kind="direct",
        multi=isinstance(kind, ListablePropertyType) and kind.list,
        source_view=me,
        target=target,
        declared_target=target,
        display_name=prop.name,
        description=prop.description,
    )


def _parse_connection(me: IRViewId, prop_id: str, prop: ViewProperty) -> IRRelationship:
    if isinstance(prop, EdgeConnection):
        edge_class = view_id(prop.edge_source) if prop.edge_source is not None else None
        return IRRelationship(
            id=prop_id,
            kind="edge",
            multi=prop.is_list,
            source_view=me,
            target=view_id(prop.source),
            declared_target=view_id(prop.source),
            display_name=prop.name,
            description=prop.description,
            edge_type=IRNodeId(space=prop.type.space, external_id=prop.type.external_id),
            direction=prop.direction,
            edge_class=edge_class,
            declared_edge_class=edge_class,
        )
    assert isinstance(prop, ReverseDirectRelation)
    source = prop.through.source
    if isinstance(source, ContainerReference):
        through = IRThrough(
            property=prop.through.identifier,
            container=_container(source.space, source.external_id),
        )
    else:
        through = IRThrough(property=prop.through.identifier, view=view_id(source))
    return IRRelationship(
        id=prop_id,
        kind="reverse",
        multi=prop.is_list,
        source_view=me,
        target=view_id(prop.source),
        declared_target=view_id(prop.source),
        display_name=prop.name,
        description=prop.description,
        through=through,
    )

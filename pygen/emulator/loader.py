"""Deploying a data-model file into the emulator: spaces, derived containers, views, the model.

A model file (a data model with inline views, as ``tests/data/models/*.yaml``) holds no
containers, so they are derived from the views' mapped properties: grouped by container, each
property takes its type, nullability, default, immutability and auto-increment from the mapped
property. Containers that already exist keep their properties and gain the new ones, so files
that extend each other (CogniteCore, then a model built on it) load one after the other.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pygen.model_file import load_data_model
from pygen_runtime.client.models import (
    ContainerApply,
    ContainerId,
    ContainerProperty,
    DataModel,
    DataModelApply,
    MappedProperty,
    SpaceApply,
    View,
    ViewApply,
    ViewId,
    ViewReference,
)
from pygen_runtime.errors import PygenError

from .catalog import Catalog, load_catalog
from .errors import DMSError
from .schema import (
    SCHEMA_ITEM_LIMIT,
    apply_containers,
    apply_data_models,
    apply_spaces,
    apply_views,
)
from .store import Store

__all__ = ["LoadError", "deploy_data_model", "derive_containers", "load_model_file"]

ItemT = TypeVar("ItemT", ContainerApply, ViewApply, str)
_USED_FOR = {"node": {"node"}, "edge": {"edge"}, "all": {"node", "edge"}, "record": {"node"}}


class LoadError(PygenError):
    """A model file could not be deployed into the emulator (the message says why)."""


def load_model_file(store: Store, path: str | Path) -> DataModel:
    """Read a model file and deploy it (see :func:`deploy_data_model`).

    Raises:
        ParseError: the file cannot be read as a data model.
        LoadError: the emulator refused part of it (the message names the file and the part).
    """
    model = load_data_model(path)
    try:
        deploy_data_model(store, model)
    except DMSError as exc:
        raise LoadError(f"{path}: cannot deploy {model.as_id()}: {exc.message}") from None
    return model


def deploy_data_model(store: Store, model: DataModel) -> None:
    """Create the spaces, containers, views and the data model of ``model``, atomically.

    Deploying the same model again changes nothing.
    """
    with store.write() as conn:  # one transaction: a file that fails to deploy leaves nothing
        _deploy(store, model, load_catalog(store, conn))


def _deploy(store: Store, model: DataModel, catalog: Catalog) -> None:
    views = _dependency_order(model.inline_views)
    containers = derive_containers(views, {key: c.apply for key, c in catalog.containers.items()})
    wanted = {model.space} | {v.space for v in views} | {c.space for c in containers}
    spaces = sorted(wanted - catalog.spaces)  # existing spaces keep their name and description
    for space_chunk in _chunks(spaces):
        apply_spaces(store, [SpaceApply(space=space) for space in space_chunk])
    for container_chunk in _chunks(containers):
        apply_containers(store, container_chunk)
    for view_chunk in _chunks([view.as_apply() for view in views]):
        apply_views(store, view_chunk)
    refs = [
        ViewReference(space=v.space, external_id=v.external_id, version=v.version)
        for v in model.view_ids
    ]
    apply_data_models(
        store,
        [
            DataModelApply(
                space=model.space,
                external_id=model.external_id,
                version=model.version,
                name=model.name,
                description=model.description,
                views=list(refs),
            )
        ],
    )


def derive_containers(
    views: list[View], existing: dict[ContainerId, ContainerApply] | None = None
) -> list[ContainerApply]:
    """The containers the views' mapped properties need, merged into ``existing`` ones."""
    found: dict[ContainerId, ContainerApply] = {}
    used: dict[ContainerId, set[str]] = {}
    for view in views:
        for prop in view.properties.values():
            if not isinstance(prop, MappedProperty):
                continue
            key = prop.container.as_id()
            if key not in found:
                before = (existing or {}).get(key)
                found[key] = (
                    before.model_copy(deep=True)
                    if before
                    else ContainerApply(space=key.space, external_id=key.external_id, properties={})
                )
                used[key] = set(_USED_FOR[before.used_for or "node"]) if before else set()
            used[key] |= _USED_FOR[view.used_for]
            found[key].properties.setdefault(
                prop.container_property_identifier, _container_property(prop)
            )
    for key, container in found.items():
        container.used_for = (
            "all"
            if used[key] == {"node", "edge"}
            else ("edge" if used[key] == {"edge"} else "node")
        )
    return list(found.values())


def _container_property(prop: MappedProperty) -> ContainerProperty:
    prop_type = prop.type.model_copy(deep=True)
    if hasattr(prop_type, "source"):
        prop_type.source = None  # a view hint, not part of the container's type
    return ContainerProperty(
        type=prop_type,
        nullable=prop.nullable,
        auto_increment=prop.auto_increment,
        immutable=prop.immutable,
        default_value=prop.default_value,
        name=prop.name,
        description=prop.description,
    )


def _dependency_order(views: list[View]) -> list[View]:
    """Views with every implemented view before the views implementing it (cycles are left to
    the API, which reports them)."""
    by_id = {view.as_id(): view for view in views}
    ordered: dict[ViewId, View] = {}
    visiting: set[ViewId] = set()

    def visit(view: View) -> None:
        key = view.as_id()
        if key in ordered or key in visiting:
            return
        visiting.add(key)
        for parent in view.implements or []:
            found = by_id.get(parent.as_id())
            if found is not None:
                visit(found)
        ordered[key] = view

    for view in views:
        visit(view)
    return list(ordered.values())


def _chunks(items: list[ItemT]) -> list[list[ItemT]]:
    return [
        items[start : start + SCHEMA_ITEM_LIMIT]
        for start in range(0, len(items), SCHEMA_ITEM_LIMIT)
    ]

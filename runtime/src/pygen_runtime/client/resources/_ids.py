"""Identifier arguments: what the resource APIs accept, and how ids are named in messages."""

from __future__ import annotations

from typing import Literal, TypeAlias

from pygen_runtime.client.models import (
    ContainerId,
    DataModelId,
    InstanceId,
    NodeId,
    SpaceId,
    ViewId,
)

__all__ = [
    "ContainerIdLike",
    "DataModelIdLike",
    "InstanceIdLike",
    "SpaceIdLike",
    "ViewIdLike",
    "describe_id",
    "to_container_id",
    "to_data_model_id",
    "to_instance_id",
    "to_space_id",
    "to_view_id",
]

SpaceIdLike: TypeAlias = SpaceId | str
"""A space: ``SpaceId`` or its name."""
ContainerIdLike: TypeAlias = ContainerId | tuple[str, str]
"""A container: ``ContainerId``/``ContainerReference`` or ``(space, externalId)``."""
ViewIdLike: TypeAlias = ViewId | tuple[str, str, str]
"""A view: ``ViewId``/``ViewReference`` or ``(space, externalId, version)``."""
DataModelIdLike: TypeAlias = DataModelId | tuple[str, str, str]
"""A data model: ``DataModelId`` or ``(space, externalId, version)``."""
InstanceIdLike: TypeAlias = InstanceId | NodeId | tuple[str, str]
"""An instance: ``InstanceId``; a ``NodeId`` or ``(space, externalId)`` means a node."""

AnyId: TypeAlias = SpaceId | ContainerId | ViewId | DataModelId | InstanceId


def _wrong(kind: str, value: object, expected: str) -> TypeError:
    return TypeError(f"expected a {kind} id ({expected}), got {type(value).__name__}: {value!r}")


def _strings(value: tuple[object, ...], size: int) -> bool:
    return len(value) == size and all(isinstance(part, str) for part in value)


def to_space_id(value: SpaceIdLike) -> SpaceId:
    """Normalise a space argument to a ``SpaceId``."""
    if isinstance(value, SpaceId):
        return SpaceId(space=value.space)
    if isinstance(value, str):
        return SpaceId(space=value)
    raise _wrong("space", value, "SpaceId or str")


def to_container_id(value: ContainerIdLike) -> ContainerId:
    """Normalise a container argument to a plain ``ContainerId`` (no ``type`` key)."""
    if isinstance(value, ContainerId):
        return ContainerId(space=value.space, external_id=value.external_id)
    if isinstance(value, tuple) and _strings(value, 2):
        return ContainerId(space=value[0], external_id=value[1])
    raise _wrong("container", value, "ContainerId or (space, externalId)")


def to_view_id(value: ViewIdLike) -> ViewId:
    """Normalise a view argument to a plain ``ViewId`` (no ``type`` key)."""
    if isinstance(value, ViewId):
        return ViewId(space=value.space, external_id=value.external_id, version=value.version)
    if isinstance(value, tuple) and _strings(value, 3):
        return ViewId(space=value[0], external_id=value[1], version=value[2])
    raise _wrong("view", value, "ViewId or (space, externalId, version)")


def to_data_model_id(value: DataModelIdLike) -> DataModelId:
    """Normalise a data-model argument to a ``DataModelId``."""
    if isinstance(value, DataModelId):
        return DataModelId(space=value.space, external_id=value.external_id, version=value.version)
    if isinstance(value, tuple) and _strings(value, 3):
        return DataModelId(space=value[0], external_id=value[1], version=value[2])
    raise _wrong("data model", value, "DataModelId or (space, externalId, version)")


def to_instance_id(
    value: InstanceIdLike, default_type: Literal["node", "edge"] = "node"
) -> InstanceId:
    """Normalise an instance argument to an ``InstanceId``; bare ids get ``default_type``."""
    if isinstance(value, InstanceId):
        return value
    if isinstance(value, NodeId):
        return InstanceId(
            instance_type=default_type, space=value.space, external_id=value.external_id
        )
    if isinstance(value, tuple) and _strings(value, 2):
        return InstanceId(instance_type=default_type, space=value[0], external_id=value[1])
    raise _wrong("instance", value, "InstanceId, NodeId or (space, externalId)")


def describe_id(value: AnyId) -> str:
    """Name an id in messages: ``my_space``, ``sp:Pump``, ``sp:Pump(version=v1)``, ``node sp:x``."""
    if isinstance(value, ViewId | DataModelId):
        return str(value)
    if isinstance(value, InstanceId):
        return f"{value.instance_type} {value.space}:{value.external_id}"
    if isinstance(value, ContainerId):
        return f"{value.space}:{value.external_id}"
    return value.space

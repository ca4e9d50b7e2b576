"""Nodes and edges: write forms, read forms, and the slim results of an apply."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Discriminator, Field, JsonValue

from ._base import DMSModel
from .references import InstanceId, NodeId, SourceReference

__all__ = [
    "Edge",
    "EdgeApply",
    "Instance",
    "InstanceApply",
    "InstanceSource",
    "Node",
    "NodeApply",
    "Properties",
    "SlimInstance",
]

Properties = dict[str, dict[str, dict[str, JsonValue]]]
"""Read properties nested as ``{space: {"viewExternalId/version": {propId: value}}}``."""


class InstanceSource(DMSModel):
    """The properties an instance write sets through one view or container."""

    source: SourceReference
    properties: dict[str, JsonValue] = Field(default_factory=dict)


class _InstanceApplyBase(DMSModel):
    space: str
    external_id: str
    existing_version: int | None = None
    sources: list[InstanceSource] | None = None


class NodeApply(_InstanceApplyBase):
    """The write form of a node."""

    instance_type: Literal["node"] = "node"
    type: NodeId | None = None

    def as_id(self) -> InstanceId:
        """Return the node's identifier."""
        return InstanceId(instance_type="node", space=self.space, external_id=self.external_id)


class EdgeApply(_InstanceApplyBase):
    """The write form of an edge: ``type``, ``startNode`` and ``endNode`` are required."""

    instance_type: Literal["edge"] = "edge"
    type: NodeId
    start_node: NodeId
    end_node: NodeId

    def as_id(self) -> InstanceId:
        """Return the edge's identifier."""
        return InstanceId(instance_type="edge", space=self.space, external_id=self.external_id)


InstanceApply = Annotated[NodeApply | EdgeApply, Discriminator("instance_type")]
"""A node or edge write, told apart by ``instanceType``."""


class _InstanceBase(DMSModel):
    space: str
    external_id: str
    version: int
    created_time: int
    last_updated_time: int
    deleted_time: int | None = None
    properties: Properties = Field(default_factory=dict)


class Node(_InstanceBase):
    """A node as the API returns it."""

    instance_type: Literal["node"] = "node"
    type: NodeId | None = None

    def as_id(self) -> InstanceId:
        """Return the node's identifier."""
        return InstanceId(instance_type="node", space=self.space, external_id=self.external_id)


class Edge(_InstanceBase):
    """An edge as the API returns it."""

    instance_type: Literal["edge"] = "edge"
    type: NodeId
    start_node: NodeId
    end_node: NodeId

    def as_id(self) -> InstanceId:
        """Return the edge's identifier."""
        return InstanceId(instance_type="edge", space=self.space, external_id=self.external_id)


Instance = Annotated[Node | Edge, Discriminator("instance_type")]
"""A node or edge as the API returns it, told apart by ``instanceType``."""


class SlimInstance(DMSModel):
    """The result of applying one instance."""

    instance_type: Literal["node", "edge"]
    space: str
    external_id: str
    version: int
    was_modified: bool
    created_time: int
    last_updated_time: int

    @property
    def created(self) -> bool:
        """True when the apply created the instance."""
        return self.was_modified and self.created_time == self.last_updated_time

    @property
    def updated(self) -> bool:
        """True when the apply changed an existing instance."""
        return self.was_modified and self.created_time != self.last_updated_time

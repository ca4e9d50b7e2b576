"""Identifiers and typed references of spaces, containers, views, data models and instances.

Identifier lists sent to ``byids``/``delete`` carry no ``type`` key (``ContainerId``, ``ViewId``
...); references inside definitions do (``ContainerReference``, ``ViewReference``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Discriminator

from ._base import DMSModel

__all__ = [
    "ContainerId",
    "ContainerReference",
    "DataModelId",
    "InstanceId",
    "NodeId",
    "SourceReference",
    "SpaceId",
    "ViewId",
    "ViewReference",
]


class _Id(DMSModel):
    model_config = ConfigDict(frozen=True)


class SpaceId(_Id):
    """The identifier of a space: ``{"space": ...}``."""

    space: str


class ContainerId(_Id):
    """The identifier of a container."""

    space: str
    external_id: str

    def as_reference(self) -> ContainerReference:
        """Return the typed reference (with ``type: "container"``)."""
        return ContainerReference(space=self.space, external_id=self.external_id)


class ContainerReference(ContainerId):
    """A typed reference to a container, as used inside definitions."""

    type: Literal["container"] = "container"

    def as_id(self) -> ContainerId:
        """Return the plain identifier (without ``type``)."""
        return ContainerId(space=self.space, external_id=self.external_id)


class ViewId(_Id):
    """The identifier of a view: space, externalId and version."""

    space: str
    external_id: str
    version: str

    def as_reference(self) -> ViewReference:
        """Return the typed reference (with ``type: "view"``)."""
        return ViewReference(space=self.space, external_id=self.external_id, version=self.version)

    def as_source_key(self) -> str:
        """Return ``externalId/version``: the key of this view inside instance ``properties``."""
        return f"{self.external_id}/{self.version}"

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}(version={self.version})"


class ViewReference(ViewId):
    """A typed reference to a view, as used inside definitions."""

    type: Literal["view"] = "view"

    def as_id(self) -> ViewId:
        """Return the plain identifier (without ``type``)."""
        return ViewId(space=self.space, external_id=self.external_id, version=self.version)


class DataModelId(_Id):
    """The identifier of a data model: space, externalId and version."""

    space: str
    external_id: str
    version: str

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}(version={self.version})"


class NodeId(_Id):
    """A node identifier ``{space, externalId}``: edge types, direct relations, start/end nodes."""

    space: str
    external_id: str


class InstanceId(_Id):
    """The identifier of a node or an edge, as sent to ``byids`` and ``delete``."""

    instance_type: Literal["node", "edge"] = "node"
    space: str
    external_id: str


SourceReference = Annotated[ViewReference | ContainerReference, Discriminator("type")]
"""A view or container reference, told apart by its ``type`` key."""

"""Views: the typed, possibly inheriting, interfaces over containers.

View properties come in three kinds, told apart by ``connectionType``: a mapped container
property (no ``connectionType``), an edge connection, and a reverse direct relation.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, JsonValue, Tag

from ._base import DMSModel
from .containers import ConstraintState, UsedFor
from .data_types import DirectRelationType, PropertyType
from .references import ContainerReference, NodeId, SourceReference, ViewId, ViewReference

__all__ = [
    "EdgeConnection",
    "EdgeConnectionApply",
    "MappedProperty",
    "MappedPropertyApply",
    "ReverseDirectRelation",
    "ReverseDirectRelationApply",
    "ThroughReference",
    "View",
    "ViewApply",
    "ViewProperty",
    "ViewPropertyApply",
]

EdgeConnectionType = Literal["single_edge_connection", "multi_edge_connection"]
ReverseConnectionType = Literal["single_reverse_direct_relation", "multi_reverse_direct_relation"]


class MappedPropertyApply(DMSModel):
    """A view property that maps a container property (write form)."""

    container: ContainerReference
    container_property_identifier: str
    name: str | None = None
    description: str | None = None
    source: ViewReference | None = None


class EdgeConnectionApply(DMSModel):
    """A connection through edges of one type to nodes of the ``source`` view (write form)."""

    connection_type: EdgeConnectionType
    type: NodeId
    source: ViewReference
    edge_source: ViewReference | None = None
    direction: Literal["outwards", "inwards"] = "outwards"
    name: str | None = None
    description: str | None = None

    @property
    def is_list(self) -> bool:
        """True for a multi edge connection."""
        return self.connection_type == "multi_edge_connection"


class ThroughReference(DMSModel):
    """The direct-relation property a reverse relation follows back."""

    source: SourceReference
    identifier: str


class ReverseDirectRelationApply(DMSModel):
    """The nodes of ``source`` whose direct relation ``through`` points here (write form)."""

    connection_type: ReverseConnectionType
    source: ViewReference
    through: ThroughReference
    name: str | None = None
    description: str | None = None

    @property
    def is_list(self) -> bool:
        """True for a multi reverse direct relation."""
        return self.connection_type == "multi_reverse_direct_relation"


class MappedProperty(DMSModel):
    """A mapped property as the API returns it: the container property's fields flattened in."""

    container: ContainerReference
    container_property_identifier: str
    type: PropertyType
    nullable: bool = True
    immutable: bool = False
    auto_increment: bool = False
    default_value: JsonValue = None
    name: str | None = None
    description: str | None = None
    source: ViewReference | None = None
    constraint_state: ConstraintState | None = None

    @property
    def target_view(self) -> ViewReference | None:
        """The view a direct relation points to (read from the type, or the top-level hint)."""
        kind = self.type
        # what getattr(kind, "source", None) gives, without pydantic's slow __getattr__ for
        # the types that have no such field (only an unknown key could be there)
        type_source = (
            kind.source
            if isinstance(kind, DirectRelationType)
            else (getattr(kind, "__pydantic_extra__", None) or {}).get("source")
        )
        return type_source if isinstance(type_source, ViewReference) else self.source

    def as_apply(self) -> MappedPropertyApply:
        """Return the write form."""
        return MappedPropertyApply(
            container=self.container,
            container_property_identifier=self.container_property_identifier,
            name=self.name,
            description=self.description,
            source=self.target_view,
        )


class EdgeConnection(EdgeConnectionApply):
    """An edge connection as the API returns it."""

    def as_apply(self) -> EdgeConnectionApply:
        """Return the write form."""
        return EdgeConnectionApply.model_validate(self.model_dump(exclude_none=True))


class ReverseDirectRelation(ReverseDirectRelationApply):
    """A reverse direct relation as the API returns it (``targetsList`` added)."""

    targets_list: bool | None = None

    def as_apply(self) -> ReverseDirectRelationApply:
        """Return the write form."""
        return ReverseDirectRelationApply.model_validate(
            self.model_dump(exclude_none=True, exclude={"targets_list"})
        )


def _property_kind(value: Any) -> str:
    # Runs for every property on validation *and* on serialization. Models are read through
    # __dict__: getattr of a missing field goes through pydantic's slow __getattr__.
    connection = (
        value.get("connectionType", value.get("connection_type"))
        if isinstance(value, dict)
        else getattr(value, "__dict__", {}).get("connection_type")
    )
    if connection in ("single_edge_connection", "multi_edge_connection"):
        return "edge"
    if connection in ("single_reverse_direct_relation", "multi_reverse_direct_relation"):
        return "reverse"
    return "mapped"


ViewPropertyApply = Annotated[
    Annotated[MappedPropertyApply, Tag("mapped")]
    | Annotated[EdgeConnectionApply, Tag("edge")]
    | Annotated[ReverseDirectRelationApply, Tag("reverse")],
    Discriminator(_property_kind),
]
"""A view property in write form, told apart by ``connectionType``."""

ViewProperty = Annotated[
    Annotated[MappedProperty, Tag("mapped")]
    | Annotated[EdgeConnection, Tag("edge")]
    | Annotated[ReverseDirectRelation, Tag("reverse")],
    Discriminator(_property_kind),
]
"""A view property as the API returns it, told apart by ``connectionType``."""


class _ViewBase(DMSModel):
    space: str
    external_id: str
    version: str
    name: str | None = None
    description: str | None = None
    filter: dict[str, JsonValue] | None = None
    implements: list[ViewReference] | None = None

    def as_id(self) -> ViewId:
        """Return the view's identifier."""
        return ViewId(space=self.space, external_id=self.external_id, version=self.version)


class ViewApply(_ViewBase):
    """The write form of a view."""

    properties: dict[str, ViewPropertyApply] = Field(default_factory=dict)


class View(_ViewBase):
    """A view as the API returns it (with inherited properties included)."""

    properties: dict[str, ViewProperty] = Field(default_factory=dict)
    created_time: int
    last_updated_time: int
    writable: bool = True
    queryable: bool = True
    used_for: UsedFor = "node"
    is_global: bool = False
    mapped_containers: list[ContainerReference] | None = None

    def as_apply(self) -> ViewApply:
        """Return the write form (properties in write form)."""
        return ViewApply(
            space=self.space,
            external_id=self.external_id,
            version=self.version,
            name=self.name,
            description=self.description,
            filter=self.filter,
            implements=self.implements,
            properties={key: prop.as_apply() for key, prop in self.properties.items()},
        )

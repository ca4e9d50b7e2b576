"""Containers: the physical storage of properties, with constraints and indexes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Discriminator, JsonValue

from ._base import DMSModel
from .data_types import PropertyType
from .references import ContainerId, ContainerReference

__all__ = [
    "BTreeIndex",
    "ConstraintState",
    "Container",
    "ContainerApply",
    "ContainerConstraint",
    "ContainerIndex",
    "ContainerProperty",
    "InvertedIndex",
    "RequiresConstraint",
    "UniquenessConstraint",
    "UsedFor",
]

UsedFor = Literal["node", "edge", "all", "record"]
State = Literal["current", "pending", "failed"]


class ConstraintState(DMSModel):
    """The state of the constraints the API derives from a property definition (read only)."""

    nullability: State | None = None
    max_list_size: State | None = None
    max_text_size: State | None = None


class ContainerProperty(DMSModel):
    """One property of a container."""

    type: PropertyType
    nullable: bool = True
    auto_increment: bool = False
    immutable: bool = False
    default_value: JsonValue = None
    name: str | None = None
    description: str | None = None
    constraint_state: ConstraintState | None = None


class UniquenessConstraint(DMSModel):
    """The listed properties are unique together (optionally per space)."""

    constraint_type: Literal["uniqueness"] = "uniqueness"
    properties: list[str]
    by_space: bool | None = None
    state: State | None = None


class RequiresConstraint(DMSModel):
    """Instances with data here must also have data in ``require``."""

    constraint_type: Literal["requires"] = "requires"
    require: ContainerReference
    state: State | None = None


ContainerConstraint = Annotated[
    UniquenessConstraint | RequiresConstraint, Discriminator("constraint_type")
]


class BTreeIndex(DMSModel):
    """A b-tree index (sort and range filters; ``cursorable`` pages custom sorts)."""

    index_type: Literal["btree"] = "btree"
    properties: list[str]
    by_space: bool | None = None
    cursorable: bool | None = None
    state: State | None = None


class InvertedIndex(DMSModel):
    """An inverted index, for list properties."""

    index_type: Literal["inverted"] = "inverted"
    properties: list[str]
    state: State | None = None


ContainerIndex = Annotated[BTreeIndex | InvertedIndex, Discriminator("index_type")]


class ContainerApply(DMSModel):
    """The write form of a container."""

    space: str
    external_id: str
    properties: dict[str, ContainerProperty]
    name: str | None = None
    description: str | None = None
    used_for: UsedFor | None = None
    constraints: dict[str, ContainerConstraint] | None = None
    indexes: dict[str, ContainerIndex] | None = None

    def as_id(self) -> ContainerId:
        """Return the container's identifier."""
        return ContainerId(space=self.space, external_id=self.external_id)


class Container(ContainerApply):
    """A container as the API returns it."""

    created_time: int
    last_updated_time: int
    is_global: bool = False

    def as_apply(self) -> ContainerApply:
        """Return the write form, without read-only fields."""
        data = self.model_dump(
            by_alias=False,
            exclude={"created_time", "last_updated_time", "is_global"},
            exclude_none=True,
        )
        return ContainerApply.model_validate(data)

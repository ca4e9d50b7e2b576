"""Spaces: the namespaces of schema and instances."""

from __future__ import annotations

from ._base import DMSModel
from .references import SpaceId

__all__ = ["Space", "SpaceApply"]


class SpaceApply(DMSModel):
    """The write form of a space."""

    space: str
    name: str | None = None
    description: str | None = None

    def as_id(self) -> SpaceId:
        """Return the space's identifier."""
        return SpaceId(space=self.space)


class Space(SpaceApply):
    """A space as the API returns it."""

    created_time: int
    last_updated_time: int
    is_global: bool = False

    def as_apply(self) -> SpaceApply:
        """Return the write form of this space."""
        return SpaceApply(space=self.space, name=self.name, description=self.description)

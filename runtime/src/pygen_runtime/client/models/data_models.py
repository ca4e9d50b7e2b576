"""Data models: a versioned selection of views."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag

from ._base import DMSModel
from .references import DataModelId, ViewId, ViewReference
from .views import View, ViewApply

__all__ = ["DataModel", "DataModelApply"]

_REFERENCE_KEYS = frozenset({"type", "space", "externalId", "external_id", "version"})


def _view_or_reference(value: Any) -> str:
    if isinstance(value, dict):
        return "reference" if set(value) <= _REFERENCE_KEYS else "view"
    return "reference" if isinstance(value, ViewId) else "view"


class _DataModelBase(DMSModel):
    space: str
    external_id: str
    version: str
    name: str | None = None
    description: str | None = None

    def as_id(self) -> DataModelId:
        """Return the data model's identifier."""
        return DataModelId(space=self.space, external_id=self.external_id, version=self.version)


class DataModelApply(_DataModelBase):
    """The write form of a data model: view references, or views defined inline."""

    views: list[
        Annotated[
            Annotated[ViewReference, Tag("reference")] | Annotated[ViewApply, Tag("view")],
            Discriminator(_view_or_reference),
        ]
    ] = Field(default_factory=list)


class DataModel(_DataModelBase):
    """A data model as the API returns it; ``views`` are references or inline views."""

    views: list[
        Annotated[
            Annotated[ViewReference, Tag("reference")] | Annotated[View, Tag("view")],
            Discriminator(_view_or_reference),
        ]
    ] = Field(default_factory=list)
    created_time: int
    last_updated_time: int
    is_global: bool = False

    @property
    def inline_views(self) -> list[View]:
        """The views defined inline (``inlineViews=true``); references are left out."""
        return [view for view in self.views if isinstance(view, View)]

    @property
    def view_ids(self) -> list[ViewId]:
        """The identifiers of every view, inline or referenced, in model order."""
        return [view.as_id() for view in self.views]

    def view(self, external_id: str) -> View:
        """Return the inline view with this externalId (``KeyError`` naming the choices)."""
        for view in self.inline_views:
            if view.external_id == external_id:
                return view
        known = ", ".join(v.external_id for v in self.inline_views)
        raise KeyError(f"no view {external_id!r} in {self.as_id()}; known views: {known}")

    def as_apply(self) -> DataModelApply:
        """Return the write form, with inline views in write form."""
        return DataModelApply(
            space=self.space,
            external_id=self.external_id,
            version=self.version,
            name=self.name,
            description=self.description,
            views=[view.as_apply() if isinstance(view, View) else view for view in self.views],
        )

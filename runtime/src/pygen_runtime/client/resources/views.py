"""The views API: ``/models/views``."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Sequence
from typing import overload

from pygen_runtime.client.http import HTTPClient
from pygen_runtime.client.models import View, ViewApply, ViewId

from ._ids import ViewIdLike, to_view_id
from ._schema import SchemaAPI, as_sequence

__all__ = ["ViewsAPI"]


def _single_id(value: object) -> bool:
    return isinstance(value, ViewId) or (
        isinstance(value, tuple) and all(isinstance(part, str) for part in value)
    )


class ViewsAPI(SchemaAPI[ViewId, ViewApply, View]):
    """List, retrieve, apply and delete views."""

    def __init__(self, http: HTTPClient) -> None:
        super().__init__(
            http,
            path="/models/views",
            kind="view",
            read=View.model_validate,
            read_id=ViewId.model_validate,
            id_of=lambda view: view.as_id(),
        )

    @overload
    def retrieve(self, ids: ViewIdLike, *, include_inherited_properties: bool = True) -> View: ...
    @overload
    def retrieve(
        self, ids: builtins.list[ViewIdLike], *, include_inherited_properties: bool = True
    ) -> builtins.list[View]: ...
    @overload
    def retrieve(
        self,
        space: str,
        external_id: str,
        version: str,
        /,
        *,
        include_inherited_properties: bool = True,
    ) -> View: ...
    def retrieve(
        self,
        ids: ViewIdLike | builtins.list[ViewIdLike] | str,
        external_id: str | None = None,
        version: str | None = None,
        *,
        include_inherited_properties: bool = True,
    ) -> View | builtins.list[View]:
        """Retrieve one view (``ResourceNotFoundError`` when missing) or a list of views.

        ``retrieve(space, external_id, version)`` is the same as
        ``retrieve(ViewId(space=..., external_id=..., version=...))``.

        Args:
            ids: A view id, or a list of them (missing views are left out of the result); or
                the view's space, followed by its external id and version.
            include_inherited_properties: Include properties of implemented views.
        """
        params = {"includeInheritedProperties": include_inherited_properties}
        if isinstance(ids, str):
            if external_id is None or version is None:
                raise TypeError(
                    "retrieve(space, external_id, version) takes all three, or one view id"
                )
            ids = ViewId(space=ids, external_id=external_id, version=version)
        elif external_id is not None or version is not None:
            raise TypeError("retrieve takes a view id, or space, external_id and version")
        if isinstance(ids, builtins.list):
            return self._retrieve([to_view_id(i) for i in ids], params)
        return self._retrieve_one(to_view_id(ids), params)

    def apply(self, items: ViewApply | Sequence[ViewApply]) -> builtins.list[View]:
        """Create or update views (100 per request); return them as the API stored them.

        Read objects (``View``) are accepted too and sent in their write form.
        """
        batch = as_sequence(items, lambda v: isinstance(v, ViewApply | View))
        return self._apply([i.as_apply() if isinstance(i, View) else i for i in batch])

    create = apply

    def delete(self, ids: ViewIdLike | Sequence[ViewIdLike]) -> builtins.list[ViewId]:
        """Delete views (100 per request); return the ids the API reports deleted."""
        targets: builtins.list[ViewIdLike] = as_sequence(ids, _single_id)
        return self._delete([to_view_id(i) for i in targets])

    def list(
        self,
        *,
        space: str | None = None,
        all_versions: bool = False,
        include_inherited_properties: bool = True,
        include_global: bool = False,
        limit: int | None = None,
    ) -> Iterator[View]:
        """Iterate over views, fetching pages of up to 1000 lazily.

        Args:
            space: Only views in this space.
            all_versions: Every version, not only the newest of each view.
            include_inherited_properties: Include properties of implemented views.
            include_global: Include Cognite's global views.
            limit: Stop after this many views; ``None`` returns all.
        """
        return self._iterate(
            {
                "space": space,
                "allVersions": all_versions,
                "includeInheritedProperties": include_inherited_properties,
                "includeGlobal": include_global,
            },
            limit,
        )

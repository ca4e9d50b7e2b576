"""The spaces API: ``/models/spaces``."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Sequence
from typing import overload

from pygen_runtime.client.http import HTTPClient
from pygen_runtime.client.models import Space, SpaceApply, SpaceId

from ._ids import SpaceIdLike, to_space_id
from ._schema import SchemaAPI, as_sequence

__all__ = ["SpacesAPI"]


def _single_id(value: object) -> bool:
    return isinstance(value, SpaceId | str)


class SpacesAPI(SchemaAPI[SpaceId, SpaceApply, Space]):
    """List, retrieve, apply and delete spaces."""

    def __init__(self, http: HTTPClient) -> None:
        super().__init__(
            http,
            path="/models/spaces",
            kind="space",
            read=Space.model_validate,
            read_id=SpaceId.model_validate,
            id_of=lambda space: space.as_id(),
        )

    @overload
    def retrieve(self, ids: SpaceIdLike) -> Space: ...
    @overload
    def retrieve(self, ids: builtins.list[SpaceIdLike]) -> builtins.list[Space]: ...
    def retrieve(
        self, ids: SpaceIdLike | builtins.list[SpaceIdLike]
    ) -> Space | builtins.list[Space]:
        """Retrieve one space (``ResourceNotFoundError`` when missing) or a list of spaces.

        With a list, missing spaces are left out of the result.
        """
        if isinstance(ids, builtins.list):
            return self._retrieve([to_space_id(i) for i in ids])
        return self._retrieve_one(to_space_id(ids))

    def apply(self, items: SpaceApply | Sequence[SpaceApply]) -> builtins.list[Space]:
        """Create or update spaces (100 per request); return them as the API stored them."""
        batch = as_sequence(items, lambda v: isinstance(v, SpaceApply))
        return self._apply([i.as_apply() if isinstance(i, Space) else i for i in batch])

    create = apply

    def delete(self, ids: SpaceIdLike | Sequence[SpaceIdLike]) -> builtins.list[SpaceId]:
        """Delete spaces (100 per request); return the ids the API reports deleted."""
        targets: builtins.list[SpaceIdLike] = as_sequence(ids, _single_id)
        return self._delete([to_space_id(i) for i in targets])

    def list(self, *, include_global: bool = False, limit: int | None = None) -> Iterator[Space]:
        """Iterate over the spaces of the project, fetching pages of up to 1000 lazily.

        Args:
            include_global: Include Cognite's global spaces (``cdf_cdm`` ...).
            limit: Stop after this many spaces; ``None`` returns all.
        """
        return self._iterate({"includeGlobal": include_global}, limit)

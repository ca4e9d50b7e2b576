"""The containers API: ``/models/containers``."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Sequence
from typing import overload

from pygen_runtime.client.http import HTTPClient
from pygen_runtime.client.models import Container, ContainerApply, ContainerId, UsedFor

from ._ids import ContainerIdLike, to_container_id
from ._schema import SchemaAPI, as_sequence

__all__ = ["ContainersAPI"]


def _single_id(value: object) -> bool:
    return isinstance(value, ContainerId) or (
        isinstance(value, tuple) and all(isinstance(part, str) for part in value)
    )


class ContainersAPI(SchemaAPI[ContainerId, ContainerApply, Container]):
    """List, retrieve, apply and delete containers."""

    def __init__(self, http: HTTPClient) -> None:
        super().__init__(
            http,
            path="/models/containers",
            kind="container",
            read=Container.model_validate,
            read_id=ContainerId.model_validate,
            id_of=lambda container: container.as_id(),
        )

    @overload
    def retrieve(self, ids: ContainerIdLike) -> Container: ...
    @overload
    def retrieve(self, ids: builtins.list[ContainerIdLike]) -> builtins.list[Container]: ...
    def retrieve(
        self, ids: ContainerIdLike | builtins.list[ContainerIdLike]
    ) -> Container | builtins.list[Container]:
        """Retrieve one container (``ResourceNotFoundError`` when missing) or a list.

        With a list, missing containers are left out of the result.
        """
        if isinstance(ids, builtins.list):
            return self._retrieve([to_container_id(i) for i in ids])
        return self._retrieve_one(to_container_id(ids))

    def apply(self, items: ContainerApply | Sequence[ContainerApply]) -> builtins.list[Container]:
        """Create or update containers (100 per request); return them as the API stored them."""
        batch = as_sequence(items, lambda v: isinstance(v, ContainerApply))
        return self._apply([i.as_apply() if isinstance(i, Container) else i for i in batch])

    create = apply

    def delete(
        self, ids: ContainerIdLike | Sequence[ContainerIdLike]
    ) -> builtins.list[ContainerId]:
        """Delete containers (100 per request); return the ids the API reports deleted."""
        targets: builtins.list[ContainerIdLike] = as_sequence(ids, _single_id)
        return self._delete([to_container_id(i) for i in targets])

    def list(
        self,
        *,
        space: str | None = None,
        include_global: bool = False,
        used_for: UsedFor | Sequence[UsedFor] | None = None,
        limit: int | None = None,
    ) -> Iterator[Container]:
        """Iterate over containers, fetching pages of up to 1000 lazily.

        Args:
            space: Only containers in this space.
            include_global: Include Cognite's global containers.
            used_for: Only containers for ``node``, ``edge``, ``all`` (one or several).
            limit: Stop after this many containers; ``None`` returns all.
        """
        kinds = [used_for] if isinstance(used_for, str) else used_for
        return self._iterate(
            {"space": space, "includeGlobal": include_global, "usedFor": kinds}, limit
        )

"""The data models API: ``/models/datamodels``."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Sequence
from typing import overload

from pygen_runtime.client.http import HTTPClient
from pygen_runtime.client.models import DataModel, DataModelApply, DataModelId

from ._ids import DataModelIdLike, to_data_model_id
from ._schema import SchemaAPI, as_sequence

__all__ = ["DataModelsAPI"]


def _single_id(value: object) -> bool:
    return isinstance(value, DataModelId) or (
        isinstance(value, tuple) and all(isinstance(part, str) for part in value)
    )


class DataModelsAPI(SchemaAPI[DataModelId, DataModelApply, DataModel]):
    """List, retrieve, apply and delete data models."""

    def __init__(self, http: HTTPClient) -> None:
        super().__init__(
            http,
            path="/models/datamodels",
            kind="data model",
            read=DataModel.model_validate,
            read_id=DataModelId.model_validate,
            id_of=lambda model: model.as_id(),
        )

    @overload
    def retrieve(self, ids: DataModelIdLike, *, inline_views: bool = True) -> DataModel: ...
    @overload
    def retrieve(
        self, ids: builtins.list[DataModelIdLike], *, inline_views: bool = True
    ) -> builtins.list[DataModel]: ...
    def retrieve(
        self,
        ids: DataModelIdLike | builtins.list[DataModelIdLike],
        *,
        inline_views: bool = True,
    ) -> DataModel | builtins.list[DataModel]:
        """Retrieve one data model (``ResourceNotFoundError`` when missing) or a list.

        With ``inline_views=True`` (the default) each model carries its full ``View`` objects
        (``model.inline_views``): everything code generation needs, in one request.

        Args:
            ids: A data-model id, or a list of them (missing models are left out).
            inline_views: Return full views instead of view references.
        """
        params = {"inlineViews": inline_views}
        if isinstance(ids, builtins.list):
            return self._retrieve([to_data_model_id(i) for i in ids], params)
        return self._retrieve_one(to_data_model_id(ids), params)

    def apply(self, items: DataModelApply | Sequence[DataModelApply]) -> builtins.list[DataModel]:
        """Create or update data models (100 per request); return them as stored.

        Read objects (``DataModel``) are accepted too and sent in their write form.
        """
        batch = as_sequence(items, lambda v: isinstance(v, DataModelApply | DataModel))
        return self._apply([i.as_apply() if isinstance(i, DataModel) else i for i in batch])

    create = apply

    def delete(
        self, ids: DataModelIdLike | Sequence[DataModelIdLike]
    ) -> builtins.list[DataModelId]:
        """Delete data models (100 per request; their views stay); return the deleted ids."""
        targets: builtins.list[DataModelIdLike] = as_sequence(ids, _single_id)
        return self._delete([to_data_model_id(i) for i in targets])

    def list(
        self,
        *,
        space: str | None = None,
        inline_views: bool = False,
        all_versions: bool = False,
        include_global: bool = False,
        limit: int | None = None,
    ) -> Iterator[DataModel]:
        """Iterate over data models, fetching pages of up to 1000 lazily.

        Args:
            space: Only data models in this space.
            inline_views: Return full views instead of view references.
            all_versions: Every version, not only the newest of each model.
            include_global: Include Cognite's global data models.
            limit: Stop after this many models; ``None`` returns all.
        """
        return self._iterate(
            {
                "space": space,
                "inlineViews": inline_views,
                "allVersions": all_versions,
                "includeGlobal": include_global,
            },
            limit,
        )

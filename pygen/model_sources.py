"""Where data models come from: files, or CDF (the latest version when none is given).

``pygen generate``, ``inspect`` and ``validate`` read their models through here, so the three
accept the same sources. Several sources make one SDK (:mod:`pygen.models_merge`); their
``include_views`` / ``exclude_views`` become one :class:`ViewSelection`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pygen.validation.selection import ViewSelection
from pygen_runtime.errors import ConfigError

if TYPE_CHECKING:
    from pygen_runtime.client import PygenClient
    from pygen_runtime.client.models import DataModel

__all__ = [
    "ModelSourceLike",
    "cdf_client",
    "latest_version",
    "load_sources",
    "retrieve_model",
    "selection_of",
]


class ModelSourceLike(Protocol):
    """One entry of the config's ``model`` list (``pygen.config.ModelSource`` has this shape)."""

    @property
    def space(self) -> str | None: ...

    @property
    def external_id(self) -> str | None: ...

    @property
    def version(self) -> str | None: ...

    @property
    def file(self) -> Path | None: ...

    @property
    def include_views(self) -> Sequence[str]: ...

    @property
    def exclude_views(self) -> Sequence[str]: ...


def cdf_client(
    *,
    base_url: str | None = None,
    project: str | None = None,
    credentials: str | Mapping[str, str] | None = None,
    config_dir: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> PygenClient:
    """A client for reading models: ``base_url`` / ``project`` default to ``CDF_BASE_URL``
    (or ``CDF_CLUSTER``) / ``CDF_PROJECT``; ``credentials`` holds references (``env:VAR``,
    ``file:PATH``, ``aws:NAME``, ``azure:VAULT/NAME``; see :mod:`pygen.credentials`), and
    without it the credentials come from the environment as before.

    Raises:
        ConfigError: a setting or credential is missing, or a reference cannot be resolved.
        AuthenticationError: a secret manager refused.
    """
    import os

    from pygen_runtime.client import PygenClient

    env = dict(os.environ if environ is None else environ)
    if base_url:
        env["CDF_BASE_URL"] = base_url
    if project:
        env["CDF_PROJECT"] = project
    if credentials is None:
        return PygenClient.from_environment(env)
    from pygen.credentials import SecretSources, credentials_from_references
    from pygen_runtime.client.client import base_url_from_environment

    url = base_url_from_environment(env)
    name = env.get("CDF_PROJECT", "").strip()
    if not url or not name:
        raise ConfigError(
            "reading a model from CDF needs base_url and project (client settings, or "
            "CDF_BASE_URL and CDF_PROJECT)"
        )
    auth = credentials_from_references(
        credentials, SecretSources(environ=env, base_dir=config_dir)
    )
    return PygenClient(base_url=url, project=name, credentials=auth)


def latest_version(client: PygenClient, space: str, external_id: str) -> str:
    """The newest version (by creation time) of the data model ``space:external_id`` in CDF.

    Raises:
        ConfigError: CDF has no data model ``external_id`` in ``space`` (the message lists
            those it has).
    """
    found = [
        model
        for model in client.data_models.list(space=space, all_versions=True, include_global=True)
        if model.space == space
    ]
    versions = [model for model in found if model.external_id == external_id]
    if not versions:
        others = sorted({model.external_id for model in found})
        known = f"its data models: {', '.join(others)}" if others else "no data models"
        raise ConfigError(
            f"no data model {external_id!r} in space {space!r} in CDF ({known}); check the "
            "space and the model's externalId"
        )
    newest = max(enumerate(versions), key=lambda pair: (pair[1].created_time, pair[0]))[1]
    return newest.version


def retrieve_model(
    client: PygenClient, space: str, external_id: str, version: str | None = None
) -> DataModel:
    """The data model with inline views; ``version=None`` takes the latest version.

    Raises:
        ConfigError: no such model (or version) in CDF.
    """
    from pygen_runtime.client.models import DataModelId
    from pygen_runtime.errors import ResourceNotFoundError

    chosen = version if version is not None else latest_version(client, space, external_id)
    model_id = DataModelId(space=space, external_id=external_id, version=chosen)
    try:
        return client.data_models.retrieve(model_id, inline_views=True)
    except ResourceNotFoundError:
        raise ConfigError(
            f"no data model {model_id} in CDF; leave the version out to take the latest"
        ) from None


def load_sources(
    sources: Sequence[ModelSourceLike], client: PygenClient | None = None
) -> list[DataModel]:
    """Every source's model: read from its file, or retrieved from CDF with ``client``.

    Raises:
        ConfigError: a source has neither a file nor a space and externalId, or needs CDF and
            no client was given.
        ParseError: a model file cannot be read.
    """
    from pygen.model_file import load_data_model

    models = []
    for index, source in enumerate(sources):
        if source.file is not None:
            models.append(load_data_model(source.file))
            continue
        if not source.space or not source.external_id:
            raise ConfigError(
                f"model[{index}]: give a file, or a space and an external_id (a model in CDF)"
            )
        if client is None:
            raise ConfigError(f"model[{index}]: reading a model from CDF needs a CDF client")
        models.append(retrieve_model(client, source.space, source.external_id, source.version))
    return models


def selection_of(
    sources: Sequence[ModelSourceLike], models: Sequence[DataModel]
) -> ViewSelection | None:
    """One selection for the views of ``models`` (``sources[i]`` gave ``models[i]``).

    Sources with the same patterns (the usual case) pass them on as they are. Otherwise each
    source's patterns pick views of its own model, and the selection keeps exactly the views
    some source picked (a view two models share is kept when either picks it).
    """
    pairs = [(tuple(s.include_views), tuple(s.exclude_views)) for s in sources]
    if not pairs or all(not include and not exclude for include, exclude in pairs):
        return None
    if len(set(pairs)) == 1:
        return ViewSelection.of(*pairs[0])
    kept: set[str] = set()
    for (include, exclude), model in zip(pairs, models, strict=True):
        selection = ViewSelection.of(include, exclude)
        kept.update(
            f"{view.space}:{view.external_id}"
            for view in model.inline_views
            if selection.keeps(view)
        )
    if not kept:
        raise ConfigError("include_views/exclude_views of the models leave no view to generate")
    return ViewSelection(include=tuple(sorted(kept)))

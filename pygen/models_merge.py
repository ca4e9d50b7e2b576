"""Several data models into one SDK: their views merged, each shared view once.

The merged model takes the identity, name and description of the first model; the IR records
every model (:attr:`pygen.ir.IRModel.models`) so headers and version constants name them all.
A view id defined differently by two models is an error naming both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from pygen.ir import IRModel
from pygen.ir.nodes import IRDataModelId
from pygen_runtime.client.models import DataModel, DataModelId, View, ViewId
from pygen_runtime.errors import ValidationError

__all__ = ["merge_models", "with_models"]

_TIMES = {"created_time", "last_updated_time"}


def _definition(view: View) -> dict[str, Any]:
    """What a view says, without its timestamps (the same view read twice may differ there)."""
    return view.model_dump(mode="json", exclude=_TIMES)


def merge_models(models: Sequence[DataModel]) -> DataModel:
    """One model holding the views of every model in ``models``, each view id once.

    Models listed twice count once. Views keep the order of first appearance; a view that
    several models share (by space, externalId and version) is kept once.

    Raises:
        ValueError: ``models`` is empty.
        ValidationError: a view id has two different definitions (the message names the view
            and both models).
    """
    if not models:
        raise ValueError("merge_models needs at least one data model")
    unique = list({model.as_id(): model for model in reversed(models)}.values())[::-1]
    first = unique[0]
    if len(unique) == 1:
        return first
    views: dict[tuple[str, str, str], tuple[View | ViewId, DataModelId]] = {}
    for model in unique:
        for entry in model.views:
            key = (entry.space, entry.external_id, entry.version)
            seen = views.get(key)
            if seen is None or (isinstance(entry, View) and not isinstance(seen[0], View)):
                views[key] = (entry, model.as_id())
                continue
            other = seen[0]
            if (
                isinstance(entry, View)
                and isinstance(other, View)
                and _definition(entry) != _definition(other)
            ):
                raise ValidationError(
                    f"view {entry.space}:{entry.external_id}(version={entry.version}) is "
                    f"defined differently in {seen[1]} and {model.as_id()}; generate them "
                    "as separate SDKs, or make the definitions equal"
                )
    return first.model_copy(update={"views": [entry for entry, _ in views.values()]})


def with_models(ir: IRModel, models: Sequence[DataModel]) -> IRModel:
    """``ir`` recording every model of ``models`` after its own (duplicates once)."""
    own = ir.model
    others = []
    for model in models:
        model_id = IRDataModelId(
            space=model.space, external_id=model.external_id, version=model.version
        )
        if model_id != own and model_id not in others:
            others.append(model_id)
    return attrs.evolve(ir, other_models=tuple(others))

"""The content hash that identifies the input model of a generation."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pygen_runtime.client.models import DataModel

__all__ = ["canonical_json", "source_hash"]


def _view_sort_key(view: Any) -> tuple[str, str, str]:
    if isinstance(view, dict):
        return (
            str(view.get("space", "")),
            str(view.get("externalId", "")),
            str(view.get("version", "")),
        )
    return ("", "", "")


def canonical_json(model: DataModel) -> str:
    """The model as canonical JSON: wire (camelCase) form without nulls, keys sorted, views
    sorted by (space, externalId, version), no insignificant whitespace, UTF-8 kept as is.

    Reordering views or properties, or spelling out API defaults, does not change it.
    """
    document = model.dump()
    views = document.get("views")
    if isinstance(views, list):
        document["views"] = sorted(views, key=_view_sort_key)
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def source_hash(model: DataModel) -> str:
    """sha256 (hex) of :func:`canonical_json` of ``model``, as UTF-8 (a lone surrogate, which
    JSON can spell but UTF-8 cannot, is hashed as its surrogate code unit)."""
    return hashlib.sha256(canonical_json(model).encode("utf-8", "surrogatepass")).hexdigest()

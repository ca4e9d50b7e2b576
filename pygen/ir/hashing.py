"""The content hash that identifies the input model of a generation."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pygen_runtime.client.models import DataModel

__all__ = ["CanonicalParts", "canonical_json", "canonical_parts", "source_hash"]

_VIEWS = "\x00pygen:views\x00"
"""Stands for the views in the model's head while its JSON is made (found exactly once, or
the parts are not used)."""


def _view_sort_key(view: Any) -> tuple[str, str, str]:
    if isinstance(view, dict):
        return (
            str(view.get("space", "")),
            str(view.get("externalId", "")),
            str(view.get("version", "")),
        )
    return ("", "", "")


_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, check_circular=False
)
"""Canonical JSON: keys sorted, no whitespace, UTF-8 kept. A pydantic dump has no cycles,
so the encoder does not look for them (a tenth of the time)."""


def _dumps(value: Any) -> str:
    return _ENCODER.encode(value)


@dataclass(frozen=True, slots=True)
class CanonicalParts:
    """:func:`canonical_json` in pieces: the model's head and each view's JSON, so a view
    that changed is dumped again on its own (the generation cache's model entries).

    Attributes:
        head: The canonical JSON of the model without its views, with :data:`_VIEWS` (as a
            JSON string) where the list of views goes.
        views: Each entry of ``views`` as canonical JSON, in the model's order.
        keys: Each entry's (space, externalId, version), which orders them in the whole.
    """

    head: str
    views: tuple[str, ...]
    keys: tuple[tuple[str, str, str], ...]

    def json(self) -> str:
        """The whole canonical JSON (views sorted by key; the model's order among equals)."""
        order = sorted(range(len(self.views)), key=self.keys.__getitem__)
        views = "[" + ",".join(self.views[index] for index in order) + "]"
        return self.head.replace(_dumps(_VIEWS), views, 1)

    def with_views(self, views: Mapping[int, str]) -> CanonicalParts:
        """The parts with the views at the given positions replaced (same keys)."""
        texts = list(self.views)
        for position, text in views.items():
            texts[position] = text
        return CanonicalParts(self.head, tuple(texts), self.keys)

    def hash(self) -> str:
        """sha256 (hex) of :meth:`json`, as :func:`source_hash` computes it."""
        return _sha256(self.json())


def canonical_parts(model: DataModel) -> CanonicalParts | None:
    """:func:`canonical_json` of ``model`` in parts (``None`` in the unlikely case that the
    model's head itself holds the text that marks the views' place)."""
    document = model.dump()
    views = document.get("views")
    if not isinstance(views, list):
        return None
    head = _dumps({**document, "views": _VIEWS})
    if head.count(_dumps(_VIEWS)) != 1:
        return None
    return CanonicalParts(
        head=head,
        views=tuple(_dumps(view) for view in views),
        keys=tuple(_view_sort_key(view) for view in views),
    )


def canonical_json(model: DataModel) -> str:
    """The model as canonical JSON: wire (camelCase) form without nulls, keys sorted, views
    sorted by (space, externalId, version), no insignificant whitespace, UTF-8 kept as is.

    Reordering views or properties, or spelling out API defaults, does not change it.
    """
    parts = canonical_parts(model)
    if parts is not None:
        return parts.json()
    document = model.dump()
    views = document.get("views")
    if isinstance(views, list):
        document["views"] = sorted(views, key=_view_sort_key)
    return _dumps(document)


def _sha256(text: str) -> str:
    # a lone surrogate, which JSON can spell but UTF-8 cannot, is hashed as its code unit
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def source_hash(model: DataModel) -> str:
    """sha256 (hex) of :func:`canonical_json` of ``model``, as UTF-8 (a lone surrogate, which
    JSON can spell but UTF-8 cannot, is hashed as its surrogate code unit)."""
    return _sha256(canonical_json(model))

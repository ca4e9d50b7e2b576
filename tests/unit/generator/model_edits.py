"""Model documents and edits of them, for the generation cache's tests (Python and
TypeScript): a synthetic document, and functions that change one view in place."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pygen.testing import synthesize_document

Document = dict[str, Any]
Edit = Callable[[Document], None]


def write(path: Path, document: Document) -> None:
    path.write_text(json.dumps(document))


def view(document: Document, external_id: str) -> Document:
    return next(v for v in document["views"] if v["externalId"] == external_id)


def synthetic() -> Document:
    return synthesize_document(views=12, base_views=4)


def set_(external_id: str, key: str, value: Any, prop: str | None = None) -> Edit:
    """Set ``key`` of the view (or of its property ``prop``) to ``value``."""

    def edit(document: Document) -> None:
        found = view(document, external_id)
        (found["properties"][prop] if prop is not None else found)[key] = value

    return edit


def rename(external_id: str, new: str) -> Edit:
    def edit(document: Document) -> None:
        view(document, external_id)["externalId"] = new

    return edit


def add_property(external_id: str) -> Edit:
    """A copy of the view's first property, mapping another container property."""

    def edit(document: Document) -> None:
        found = view(document, external_id)
        first = next(iter(found["properties"].values()))
        found["properties"]["addedByTheTest"] = dict(first, containerPropertyIdentifier="added")

    return edit

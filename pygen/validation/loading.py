"""Reading a data-model document leniently: a broken view or property becomes an issue.

:func:`pygen.model_file.parse_data_model` rejects a document at its first problem. Validation
wants every problem, and the rest of the model: here each view and each property is read on its
own, and what cannot be read is reported (PYG002, PYG003) and left out. Only a document without
a readable identity (space, externalId, version) is rejected as a whole (PYG001).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import pydantic

from pygen.model_file import format_location, with_read_defaults
from pygen_runtime.client.models import DataModel, View, ViewProperty, ViewReference

from .codes import issue as _issue
from .context import MODEL_LOCATION
from .issues import ValidationIssue

__all__ = ["load_document"]

_REFERENCE_KEYS = frozenset({"type", "space", "externalId", "external_id", "version"})
_READ_ERRORS = (pydantic.ValidationError, TypeError, ValueError)


@cache
def _property_adapter() -> pydantic.TypeAdapter[Any]:
    """Built on first use: most runs load valid models and never need it (16 ms at import)."""
    return pydantic.TypeAdapter(ViewProperty)


def _describe(exc: Exception, document: Any) -> str:
    if not isinstance(exc, pydantic.ValidationError):
        return str(exc)
    parts = []
    for error in exc.errors()[:3]:
        where = format_location(error["loc"], document)
        parts.append(f"{where}: {error['msg']}")
    more = exc.error_count() - len(parts)
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def load_document(document: object) -> tuple[DataModel | None, list[ValidationIssue]]:
    """Read a data model from parsed JSON/YAML (or take a :class:`DataModel` as it is).

    Returns:
        The model (``None`` when the document has no readable identity) and the issues found
        while reading.
    """
    if isinstance(document, DataModel):
        return document, []
    issues: list[ValidationIssue] = []
    if not isinstance(document, Mapping):
        issues.append(
            _issue(
                "PYG001",
                MODEL_LOCATION,
                f"Expected a mapping with space, externalId, version and views; got "
                f"{type(document).__name__}.",
            )
        )
        return None, issues
    head = with_read_defaults({key: value for key, value in document.items() if key != "views"})
    head["views"] = []
    try:
        model = DataModel.model_validate(head)
    except _READ_ERRORS as exc:
        issues.append(
            _issue(
                "PYG001",
                MODEL_LOCATION,
                f"Not a data model: {_describe(exc, head)}.",
                "A data-model file holds space, externalId, version and a list of views "
                "(as the API returns them with inlineViews=true).",
            )
        )
        return None, issues
    raw_views = document.get("views", [])
    if raw_views is None:
        raw_views = []
    if not isinstance(raw_views, list):
        issues.append(
            _issue(
                "PYG002",
                "views",
                f"'views' must be a list, got {type(raw_views).__name__}; no view can be read.",
            )
        )
        raw_views = []
    entries: list[View | ViewReference] = []
    for index, raw in enumerate(raw_views):
        entry = _load_view(raw, index, issues)
        if entry is not None:
            entries.append(entry)
    model.views = list(entries)
    return model, issues


def _label(raw: Mapping[Any, Any], index: int) -> str:
    space = raw.get("space")
    external_id = raw.get("externalId", raw.get("external_id"))
    if isinstance(space, str) and isinstance(external_id, str):
        return f"{space}/{external_id}"
    return f"views[{index}]"


def _load_view(
    raw: object, index: int, issues: list[ValidationIssue]
) -> View | ViewReference | None:
    if not isinstance(raw, Mapping):
        issues.append(
            _issue("PYG002", f"views[{index}]", f"Expected a view, got {type(raw).__name__}.")
        )
        return None
    where = _label(raw, index)
    if set(raw) <= _REFERENCE_KEYS:
        try:
            return ViewReference.model_validate(raw)
        except _READ_ERRORS as exc:
            issues.append(_issue("PYG002", where, f"Not a view reference: {_describe(exc, raw)}."))
            return None
    raw_properties = raw.get("properties", {})
    if raw_properties is None:
        raw_properties = {}
    if not isinstance(raw_properties, Mapping):
        issues.append(
            _issue(
                "PYG002",
                where,
                f"'properties' must be a mapping, got {type(raw_properties).__name__}; "
                f"the view's properties are left out.",
            )
        )
        raw_properties = {}
    properties: dict[str, Any] = {}
    for prop_id, value in raw_properties.items():
        if not isinstance(prop_id, str):
            issues.append(
                _issue(
                    "PYG003",
                    f"{where}/{prop_id}",
                    f"Property identifiers must be text, got {type(prop_id).__name__}.",
                )
            )
            continue
        try:
            properties[prop_id] = _property_adapter().validate_python(value)
        except _READ_ERRORS as exc:
            issues.append(
                _issue(
                    "PYG003",
                    f"{where}/{prop_id}",
                    f"Property {prop_id!r} cannot be read: {_describe(exc, value)}.",
                    "Check the property against the DMS view property format (container and "
                    "containerPropertyIdentifier with a type; or an edge / reverse relation "
                    "with connectionType).",
                )
            )
    data = with_read_defaults({key: value for key, value in raw.items() if key != "properties"})
    try:
        view = View.model_validate(data)
    except _READ_ERRORS as exc:
        issues.append(
            _issue("PYG002", where, f"View cannot be read: {_describe(exc, data)}; left out.")
        )
        return None
    view.properties = properties
    return view

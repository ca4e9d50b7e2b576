"""Rules about the model's views as a whole: unknown keys, references, duplicates, usage."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.alias_generators import to_camel

from pygen.validation.context import MODEL_LOCATION, ValidationContext, location, view_key

__all__ = [
    "check_duplicate_views",
    "check_empty_views",
    "check_unknown_keys",
    "check_used_for",
    "check_view_references",
]


_NESTED = (BaseModel, list, dict)
_LEAVES = frozenset({str, int, float, bool, type(None)})
"""Types of most attributes: skipped by a set lookup, cheaper than ``isinstance``."""


def _join(parts: tuple[str | int, ...], key: str) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{to_camel(part)}" if text else to_camel(part)
    return f"{text}.{key}" if text else key


def _unknown_keys(
    obj: Any, parts: tuple[str | int, ...], found: list[str], skip: str | None = None
) -> None:
    """Append the wire paths of keys no model declares (like ``unknown_fields``, but faster:
    only nested models are walked; ``skip`` names an attribute to leave out)."""
    if isinstance(obj, BaseModel):
        extra = obj.__pydantic_extra__
        if extra:
            found.extend(_join(parts, str(key)) for key in sorted(extra, key=str))
        for name, value in obj.__dict__.items():
            if type(value) not in _LEAVES and name != skip and isinstance(value, _NESTED):
                _unknown_keys(value, (*parts, name), found)
    elif isinstance(obj, list):
        for index, item in enumerate(obj):
            if type(item) not in _LEAVES and isinstance(item, _NESTED):
                _unknown_keys(item, (*parts, index), found)
    elif isinstance(obj, dict):
        for key, item in obj.items():
            if isinstance(item, BaseModel):
                found_here: list[str] = []
                _unknown_keys(item, (), found_here)
                prefix = _join(parts, str(key))
                found.extend(f"{prefix}.{path}" for path in found_here)


def check_unknown_keys(ctx: ValidationContext) -> None:
    """PYG004: keys no model declares (ignored; maybe a newer API version or a typo)."""
    found: list[str] = []
    _unknown_keys(ctx.original, (), found, skip="views")
    for path in found:
        ctx.report("PYG004", MODEL_LOCATION, f"Unknown key {path!r} is ignored.")
    for view in ctx.views:
        found = []
        _unknown_keys(view, (), found, skip="properties")
        for path in found:
            ctx.report("PYG004", location(view), f"Unknown key {path!r} is ignored.")
        for prop_id, prop in view.properties.items():
            found = []
            _unknown_keys(prop, (), found)
            for path in found:
                ctx.report("PYG004", location(view, prop_id), f"Unknown key {path!r} is ignored.")


def check_view_references(ctx: ValidationContext) -> None:
    """PYG011: views listed by reference only cannot be generated."""
    inline = ctx.index()
    reported: set[tuple[str, str, str]] = set()
    for reference in ctx.references:
        key = view_key(reference)
        if key in inline or key in reported:
            continue
        reported.add(key)
        ctx.report(
            "PYG011",
            location(reference),
            f"View {reference} is listed by reference only; no class is generated for it.",
            "Retrieve the model with inline views (inlineViews=true), or add the view's "
            "definition to the file.",
        )


def check_duplicate_views(ctx: ValidationContext) -> None:
    """PYG010: the same view twice; later copies are left out."""
    first = ctx.index()
    for view in ctx.views:
        key = view_key(view)
        kept = first[key]
        if view is kept:
            continue
        same = view.model_dump() == kept.model_dump()
        ctx.remove_view(view, "PYG010")
        ctx.report(
            "PYG010",
            location(view),
            f"View {view.as_id()} appears more than once"
            + ("" if same else ", with different definitions")
            + "; the first copy is kept.",
            "Remove the duplicate from the model.",
        )


def check_used_for(ctx: ValidationContext) -> None:
    """PYG013 (edge views, info) and PYG014 (record views, left out)."""
    for view in ctx.views:
        if view.used_for == "edge":
            ctx.report(
                "PYG013",
                location(view),
                f"View {view.external_id} is used for edges; it is generated as an edge class "
                f"(its properties are edge properties).",
            )
        elif view.used_for == "record":
            ctx.remove_view(view, "PYG014")
            ctx.report(
                "PYG014",
                location(view),
                f"View {view.external_id} is used for records, which pygen does not support "
                f"yet; it is left out.",
            )


def check_empty_views(ctx: ValidationContext) -> None:
    """PYG012: views without properties (inherited ones included)."""
    for key, view in ctx.index().items():
        if not ctx.flattened(key):
            ctx.report(
                "PYG012",
                location(view),
                f"View {view.external_id} has no properties; its class has only the identity "
                f"fields.",
            )

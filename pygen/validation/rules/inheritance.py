"""Rules about ``implements``: self-references, cycles, missing parents, unlisted properties."""

from __future__ import annotations

from pygen._graph import strongly_connected_components
from pygen.validation.context import ValidationContext, location, view_key

__all__ = [
    "check_inheritance_cycles",
    "check_inherited_properties",
    "check_missing_parents",
    "check_self_implements",
]


def check_self_implements(ctx: ValidationContext) -> None:
    """PYG021: a view that implements itself; the self-reference is dropped."""
    for view in ctx.views:
        key = view_key(view)
        if not any(view_key(ref) == key for ref in view.implements or ()):
            continue
        copy = ctx.edit(view)
        copy.implements = [ref for ref in copy.implements or () if view_key(ref) != key]
        ctx.report(
            "PYG021",
            location(view),
            f"View {view.external_id} implements itself; the self-reference is dropped.",
            "Remove the view from its own implements list.",
        )


def check_inheritance_cycles(ctx: ValidationContext) -> None:
    """PYG020: views that implement each other in a cycle are left out."""
    index = ctx.index()
    edges = {key: ctx.parents(key) for key in index}
    for component in strongly_connected_components(index, edges, key=lambda k: k):
        if len(component) < 2:
            continue
        names = ", ".join(key[1] for key in component)
        for key in component:
            ctx.report(
                "PYG020",
                location(key),
                f"Circular inheritance: {names} implement each other in a cycle; "
                f"{key[1]} is left out.",
                "Break the cycle: a view must not (indirectly) implement itself.",
            )
        for key in component:
            ctx.remove_view(index[key], "PYG020")


def check_missing_parents(ctx: ValidationContext) -> None:
    """PYG022: implemented views that are not in the model; the parent link is dropped."""
    for view in ctx.views:
        index = ctx.index()
        missing = [ref for ref in view.implements or () if view_key(ref) not in index]
        if not missing:
            continue
        copy = ctx.edit(view)
        copy.implements = [ref for ref in copy.implements or () if view_key(ref) in ctx.index()]
        for ref in missing:
            key = view_key(ref)
            removed = ctx.removed.get(key)
            if removed is not None:
                why = f"which was left out ({removed})"
            else:
                why = "which is not in the model"
            others = [k[2] for k in ctx.index() if k[:2] == key[:2]]
            suggestion = (
                f"The model has {ref.external_id} in version {', '.join(sorted(others))}."
                if others
                else "Add the parent view to the model, or remove it from implements."
            )
            ctx.report(
                "PYG022",
                location(view),
                f"View {view.external_id} implements {ref}, {why}; the parent is dropped "
                f"(the view keeps the inherited properties it lists).",
                suggestion,
            )


def check_inherited_properties(ctx: ValidationContext) -> None:
    """PYG023: properties of a parent that a view does not list (inherited when generating)."""
    for key, view in ctx.index().items():
        for parent in ctx.parents(key):
            missing = sorted(set(ctx.flattened(parent)) - set(view.properties))
            if not missing:
                continue
            shown = ", ".join(missing[:5]) + (
                f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            )
            ctx.report(
                "PYG023",
                location(view),
                f"View {view.external_id} does not list {shown} of {parent[1]}, which it "
                f"implements; they are inherited when generating.",
            )

"""Rules about relations: direct relations, edge connections and reverse direct relations."""

from __future__ import annotations

from pygen.naming import ViewKey
from pygen.validation.context import ValidationContext, location, view_key
from pygen_runtime.client.models import (
    ContainerReference,
    DirectRelationType,
    EdgeConnection,
    MappedProperty,
    ReverseDirectRelation,
    View,
    ViewId,
    ViewProperty,
)

__all__ = ["check_direct_relations", "check_edge_connections", "check_reverse_relations"]


def _not_in_model(ctx: ValidationContext, target: ViewId) -> str:
    key = view_key(target)
    removed = ctx.removed.get(key)
    if removed is not None:
        return f"{target}, which was left out ({removed})"
    return f"{target}, which is not in the model"


def _other_versions(ctx: ValidationContext, target: ViewId) -> str | None:
    key = view_key(target)
    others = sorted(k[2] for k in ctx.index() if k[:2] == key[:2] and k != key)
    if others:
        return f"The model has {target.external_id} in version {', '.join(others)}."
    return None


def _edge_only(ctx: ValidationContext, key: ViewKey) -> bool:
    view = ctx.index().get(key)
    return view is not None and view.used_for == "edge"


def check_direct_relations(ctx: ValidationContext) -> None:
    """PYG030 (target view missing) and PYG038 (target view used only for edges)."""
    index = ctx.index()
    inherited = ctx.inherited_ids()
    for key, view in index.items():
        for prop_id, prop in view.properties.items():
            if not isinstance(prop, MappedProperty) or not isinstance(
                prop.type, DirectRelationType
            ):
                continue
            target = prop.target_view
            if target is None or prop_id in inherited[key]:
                continue
            if view_key(target) not in index:
                ctx.report(
                    "PYG030",
                    location(view, prop_id),
                    f"Direct relation {prop_id!r} points to {_not_in_model(ctx, target)}; it is "
                    f"generated as an untyped node reference.",
                    _other_versions(ctx, target) or "Add the target view to the model.",
                )
            elif _edge_only(ctx, view_key(target)):
                ctx.report(
                    "PYG038",
                    location(view, prop_id),
                    f"Direct relation {prop_id!r} points to {target.external_id}, a view used "
                    f"only for edges; it is generated as an untyped node reference.",
                    "Point the relation at a view used for nodes.",
                )


def check_edge_connections(ctx: ValidationContext) -> None:
    """PYG031, PYG032, PYG033 and PYG038 for edge connections.

    An edge-properties view that is not in the model, or is used only for nodes, is removed
    from the connection in the filtered model (in every view that inherits it too), so that
    nothing generated from the filtered model names it.
    """
    index = ctx.index()
    inherited = ctx.inherited_ids()
    for key, view in list(index.items()):
        for prop_id, prop in list(view.properties.items()):
            if not isinstance(prop, EdgeConnection):
                continue
            report = _Reporter(ctx, quiet=prop_id in inherited[key])
            where = location(view, prop_id)
            if view_key(prop.source) not in index:
                report(
                    "PYG031",
                    where,
                    f"Edge connection {prop_id!r} points to {_not_in_model(ctx, prop.source)}; "
                    f"its target nodes are untyped.",
                    _other_versions(ctx, prop.source) or "Add the target view to the model.",
                )
            elif _edge_only(ctx, view_key(prop.source)):
                report(
                    "PYG038",
                    where,
                    f"Edge connection {prop_id!r} points to {prop.source.external_id}, a view "
                    f"used only for edges; its target nodes are untyped.",
                    "Point the connection at a view used for nodes.",
                )
            edge_source = prop.edge_source
            if edge_source is None:
                continue
            edge_view = index.get(view_key(edge_source))
            if edge_view is None:
                report(
                    "PYG032",
                    where,
                    f"The edge properties of {prop_id!r} are read through "
                    f"{_not_in_model(ctx, edge_source)}; the connection is generated without "
                    f"edge properties.",
                    _other_versions(ctx, edge_source) or "Add the edge view to the model.",
                )
            elif edge_view.used_for == "node":
                report(
                    "PYG033",
                    where,
                    f"The edge properties of {prop_id!r} are read through "
                    f"{edge_source.external_id}, which is used for nodes, not edges; the "
                    f"connection is generated without edge properties.",
                    "Use a view with usedFor edge or all as edgeSource.",
                )
            else:
                continue
            ctx.replace_property(view, prop_id, prop.model_copy(update={"edge_source": None}))


def _find_through(
    ctx: ValidationContext, prop: ReverseDirectRelation
) -> tuple[ViewKey | None, str | None, ViewProperty | None]:
    """The view holding the ``through`` property, the property's identifier and the property."""
    index = ctx.index()
    source = prop.through.source
    identifier = prop.through.identifier
    if isinstance(source, ContainerReference):
        holder = view_key(prop.source)
        if holder not in index:
            return None, None, None
        for candidate_id, candidate in ctx.flattened(holder).items():
            if (
                isinstance(candidate, MappedProperty)
                and candidate.container.space == source.space
                and candidate.container.external_id == source.external_id
                and candidate.container_property_identifier == identifier
            ):
                return holder, candidate_id, candidate
        return holder, identifier, None
    holder = view_key(source)
    if holder not in index:
        return None, None, None
    return holder, identifier, ctx.flattened(holder).get(identifier)


def _related(ctx: ValidationContext, a: ViewKey, b: ViewKey) -> bool:
    return a == b or b in ctx.ancestors(a) or a in ctx.ancestors(b)


def check_reverse_relations(ctx: ValidationContext) -> None:
    """PYG034, PYG035 (left out), PYG036 and PYG037 for reverse direct relations."""
    inherited = ctx.inherited_ids()
    for key, view in list(ctx.index().items()):
        for prop_id, prop in list(view.properties.items()):
            if not isinstance(prop, ReverseDirectRelation):
                continue
            _check_reverse(ctx, key, view, prop_id, prop, quiet=prop_id in inherited[key])


def _check_reverse(
    ctx: ValidationContext,
    key: ViewKey,
    view: View,
    prop_id: str,
    prop: ReverseDirectRelation,
    *,
    quiet: bool,
) -> None:
    """Check one reverse relation; ``quiet`` (an inherited copy) repairs without reporting."""
    where = location(view, prop_id)
    report = _Reporter(ctx, quiet)
    through = prop.through
    holder, identifier, target = _find_through(ctx, prop)
    through_text = f"{through.source.external_id}.{through.identifier}"
    if holder is None:
        missing = prop.source if isinstance(through.source, ContainerReference) else through.source
        assert isinstance(missing, ViewId)
        ctx.remove_property(view, prop_id)
        report(
            "PYG036",
            where,
            f"Reverse relation {prop_id!r} goes through {through_text} of "
            f"{_not_in_model(ctx, missing)}; it cannot be read without that view, so it is "
            f"left out.",
            _other_versions(ctx, missing) or "Add the view holding the direct relation.",
        )
        return
    holder_name = holder[1]
    if target is None:
        ctx.remove_property(view, prop_id)
        report(
            "PYG034",
            where,
            f"Reverse relation {prop_id!r} goes through {through_text}, but {holder_name} has "
            f"no property {identifier!r}; the reverse relation is left out.",
            _suggest_through(ctx, holder, key) or f"Add {identifier!r} to {holder_name}.",
        )
        return
    if not isinstance(target, MappedProperty) or not isinstance(target.type, DirectRelationType):
        kind = (
            type(target.type).__name__
            if isinstance(target, MappedProperty)
            else type(target).__name__
        )
        ctx.remove_property(view, prop_id)
        report(
            "PYG035",
            where,
            f"Reverse relation {prop_id!r} goes through {holder_name}.{identifier}, which is a "
            f"{kind}, not a direct relation; the reverse relation is left out.",
            _suggest_through(ctx, holder, key)
            or "A reverse relation must go through a direct relation that points here.",
        )
        return
    points_to = target.target_view
    if points_to is None or _related(ctx, key, view_key(points_to)):
        return
    report(
        "PYG037",
        where,
        f"Reverse relation {prop_id!r} goes through {holder_name}.{identifier}, which points "
        f"to {points_to.external_id}, not to {view.external_id} or a view it is related to; "
        f"it will likely find nothing.",
        _suggest_through(ctx, holder, key),
    )


class _Reporter:
    def __init__(self, ctx: ValidationContext, quiet: bool) -> None:
        self._ctx = ctx
        self._quiet = quiet

    def __call__(self, code: str, where: str, message: str, suggestion: str | None) -> None:
        if not self._quiet:
            self._ctx.report(code, where, message, suggestion)


def _suggest_through(ctx: ValidationContext, holder: ViewKey, key: ViewKey) -> str | None:
    """Name the direct relations of ``holder`` that do point to ``key`` (or a relative)."""
    candidates = []
    for prop_id, prop in ctx.flattened(holder).items():
        if not isinstance(prop, MappedProperty) or not isinstance(prop.type, DirectRelationType):
            continue
        target = prop.target_view
        if target is not None and _related(ctx, key, view_key(target)):
            candidates.append(f"{holder[1]}.{prop_id}")
    if not candidates:
        return None
    return f"Did you mean through {' or '.join(sorted(candidates))}?"

"""Rule about generated names: renames, reserved words, runtime names, clashes (PYG050-053),
derived names that clash (PYG060), client attributes (PYG061), package and client names
(PYG062), filter arguments renamed around the API's own parameters and each other (PYG063).

The names come from :func:`pygen.naming.plan_names`, the same function the IR transform uses,
fed the same description of the classes, so the report matches what generation will do.
"""

from __future__ import annotations

from collections import defaultdict

from pygen.naming import (
    ClassSpec,
    EnumKey,
    FilterShape,
    NameEvent,
    NameEventKind,
    ViewKey,
    plan_names,
    scalar_filter_shape,
)
from pygen.validation.context import MODEL_LOCATION, ValidationContext, class_kind, location
from pygen_runtime.client.models import (
    DirectRelationType,
    EdgeConnection,
    EnumType,
    ListablePropertyType,
    MappedProperty,
    ReverseDirectRelation,
    ViewProperty,
)

__all__ = ["check_names", "class_specs"]

_CODES: dict[NameEventKind, str] = {
    "renamed": "PYG050",
    "reserved": "PYG051",
    "runtime": "PYG052",
    "clash": "PYG053",
}


def class_specs(ctx: ValidationContext) -> list[ClassSpec]:
    """What naming needs to know about each view still in the model."""
    specs = []
    for key, view in ctx.index().items():
        flat = ctx.flattened(key)
        connections: list[str] = []
        accessors: list[str] = []
        hops: list[str] = []
        enums: list[tuple[str, EnumKey]] = []
        for prop_id, prop in flat.items():  # one pass; each list in the properties' order
            if isinstance(prop, EdgeConnection | ReverseDirectRelation):
                connections.append(prop_id)
                hops.append(prop_id)
                if isinstance(prop, EdgeConnection) and prop.edge_source is not None:
                    accessors.append(prop_id)
            elif isinstance(prop, MappedProperty):
                kind = prop.type
                if isinstance(kind, DirectRelationType) and prop.target_view is not None:
                    hops.append(prop_id)
                elif isinstance(kind, EnumType):
                    container = prop.container
                    enum = (
                        container.space,
                        container.external_id,
                        prop.container_property_identifier,
                    )
                    enums.append((prop_id, enum))
        specs.append(
            ClassSpec(
                key=key,
                name=view.external_id,
                kind=class_kind(view),
                parents=tuple(ctx.parents(key)),
                fields=tuple(flat),
                connections=tuple(connections),
                enums=tuple(enums),
                edge_accessors=tuple(accessors),
                hops=tuple(hops),
                filters=_filter_shapes(ctx, flat),
            )
        )
    return specs


def _filter_shapes(
    ctx: ValidationContext, flat: dict[str, ViewProperty]
) -> tuple[tuple[str, FilterShape], ...]:
    """Which filter arguments each property gives the view's API (as the IR transform sees
    them): a relation to nodes of a view of the model is ``relation``, to others
    ``untyped_relation``."""
    views = ctx.index()
    shapes: list[tuple[str, FilterShape]] = []
    for prop_id, prop in flat.items():
        shape: FilterShape | None = None
        if isinstance(prop, MappedProperty):
            kind = prop.type
            listed = isinstance(kind, ListablePropertyType) and kind.list
            if isinstance(kind, DirectRelationType):
                shape = "nodes" if listed else "value"
            elif isinstance(kind, EnumType):
                shape = "value"
            elif not listed:
                shape = scalar_filter_shape(kind.type)
        elif isinstance(prop, EdgeConnection | ReverseDirectRelation):
            target = views.get((prop.source.space, prop.source.external_id, prop.source.version))
            typed = target is not None and class_kind(target) != "edge"
            shape = "relation" if typed else "untyped_relation"
        if shape is not None:
            shapes.append((prop_id, shape))
    return tuple(shapes)


_DERIVED_CODES = {
    "client_attribute": "PYG061",
    "package": "PYG062",
    "client": "PYG062",
    "client_options": "PYG062",
    "filter_argument": "PYG063",
}


def check_names(ctx: ValidationContext) -> None:
    """PYG050-PYG053, PYG060-PYG062: generated names that are not the plain conversion of
    their CDF name in some target language."""
    plan = plan_names(class_specs(ctx), ctx.conventions, ctx.original.external_id)
    labels = {c.language: c.label for c in ctx.conventions}
    grouped: defaultdict[tuple[NameEventKind, str, ViewKey | None, str | None], list[NameEvent]]
    grouped = defaultdict(list)
    for event in plan.events:
        grouped[(event.kind, event.role, event.view, event.field)].append(event)
    for (kind, role, view, field), events in grouped.items():
        if view is None:
            where = MODEL_LOCATION
        else:
            where = location(view, field) if field is not None else location(view)
        if role in ("class", "member", "module"):
            code, message = _CODES[kind], _message(kind, role, events, labels)
            suggestion = _suggestion(kind, role)
        elif role == "filter_argument":
            code, message = "PYG063", _filter_message(events, labels)
            suggestion = (
                "Rename the property in the model to keep its filter arguments' names stable "
                "(the API's own parameters, such as limit, sort and filter, keep theirs)."
            )
        else:
            code = _DERIVED_CODES.get(role, "PYG060")
            message = _derived_message(kind, role, events, labels)
            suggestion = _derived_suggestion(kind, role)
        ctx.report(code, where, message, suggestion)


_ROLE_LABELS = {
    "view_constant": "view constant",
    "view_spec": "view spec constant",
    "spec_constant": "connection constant",
    "enum_alias": "enum alias",
    "filter_function": "filter function",
    "sort_alias": "sort field alias",
    "client_attribute": "client attribute",
    "client": "client class",
    "client_options": "client options type",
    "package": "package name",
    "edge_accessor": "edge accessor",
    "query_class": "query class",
    "select_alias": "select field alias",
    "query_hop": "query hop",
    "filter_argument": "filter argument",
}


def _derived_message(
    kind: NameEventKind, role: str, events: list[NameEvent], labels: dict[str, str]
) -> str:
    what = f"The {_ROLE_LABELS.get(role, role)} {events[0].original!r}"
    names = _names(events, labels)
    if kind == "clash":
        conflicts = sorted({e.conflict or "?" for e in events})
        return f"{what} is taken by {' and '.join(conflicts)}; it is named {names}."
    if kind == "renamed":
        return f"The model's externalId gives no usable {_ROLE_LABELS[role]}; it is named {names}."
    if role == "package":
        return (
            f"{what} would shadow a module the SDK or its users import "
            f"({_languages(events, labels)}); it is named {names}."
        )
    return f"{what} is reserved in {_languages(events, labels)}; it is named {names}."


def _filter_message(events: list[NameEvent], labels: dict[str, str]) -> str:
    renames = "; ".join(
        f"{e.original} is taken by {e.conflict or '?'}, so it is named {e.name} "
        f"({labels.get(e.language, e.language)})"
        for e in events
    )
    return f"Filter arguments of property {events[0].field!r}: {renames}."


def _derived_suggestion(kind: NameEventKind, role: str) -> str | None:
    if role in ("package", "client"):
        return "Pass --package / --client-name (or set them in pygen.yaml) to choose the name."
    if kind == "clash":
        return "Rename one of the views or properties in the model to keep both names stable."
    return None


def _what(role: str, events: list[NameEvent]) -> str:
    original = events[0].original
    if role == "member":
        return f"Property {original!r}"
    if role == "module":
        return f"The module of class {original}"
    return f"View {original!r}"


def _names(events: list[NameEvent], labels: dict[str, str]) -> str:
    return ", ".join(f"{e.name} ({labels.get(e.language, e.language)})" for e in events)


def _languages(events: list[NameEvent], labels: dict[str, str]) -> str:
    return " and ".join(labels.get(e.language, e.language) for e in events)


def _message(
    kind: NameEventKind, role: str, events: list[NameEvent], labels: dict[str, str]
) -> str:
    what = _what(role, events)
    names = _names(events, labels)
    if kind == "renamed":
        return f"{what} is not an identifier as it is; it is named {names}."
    if kind == "reserved":
        return f"{what} is reserved in {_languages(events, labels)}; it is named {names}."
    if kind == "runtime":
        return (
            f"{what} is a name the pygen runtime uses in {_languages(events, labels)}; "
            f"it is named {names}."
        )
    conflicts = sorted({e.conflict or "?" for e in events})
    return f"{what} clashes with {' and '.join(conflicts)} after conversion; it is named {names}."


def _suggestion(kind: NameEventKind, role: str) -> str | None:
    if kind == "clash":
        return "Rename one of the two in the model to keep both names stable."
    if kind == "runtime":
        return "Rename the property in the model if the escaped name is unwelcome."
    return None

"""``src/api.ts`` (one file) or ``src/api/<view>.ts`` (a file per view): per view the typed
filter options, the function turning them into a ``Filter``, and the API class
(``InstanceAPI``, or ``InstanceReadAPI`` for read-only views)."""

from __future__ import annotations

from dataclasses import dataclass

from pygen.ir import IRClass, IREnum, IRList, IRPrimitive, IRProperty, IRReference, IRRelationship
from ts_emitter import factory as f
from ts_emitter import nodes as n

from .api_edges import api_constructor, edge_accessors
from .context import Context, about, first_text, runtime
from .naming import (
    LANGUAGE,
    class_filter,
    class_name,
    derived,
    field_name,
    filter_option,
    spec_constant,
)
from .types import scalar

__all__ = ["api_statements", "lower_api", "lower_view_api"]

_BARE = "(a bare external id is in the client's `instanceSpace`)"
_TWO_STEPS = "a filter on the related nodes (resolved in two steps when sent)"


@dataclass(frozen=True, slots=True)
class FilterOption:
    """One filter option: its name, type and doc, and the filter it builds,
    ``target.method(options.name)``; a range takes ``low`` too (``{ gte, lte }``); a relation
    without a property (edges, reverse relations) ``target(spec, options.name)``."""

    name: str
    type: n.TypeNode
    doc: str
    target: n.Expression | None
    method: str = "equalsOrIn"
    low: str | None = None
    spec: n.Expression | None = None


API_DOC = (
    "One API class per view, with typed filter options: retrieve, list, iterate, search, "
    "aggregate, upsert and delete."
)


def lower_api(ctx: Context) -> n.SourceFile:
    """Build ``api.ts`` (one-file layout): every view's API."""
    statements = [s for cls in ctx.ir.classes for s in api_statements(ctx, cls)]
    return f.source_file(*statements, header=ctx.module_doc(API_DOC))


def lower_view_api(ctx: Context, cls: IRClass) -> n.SourceFile:
    """Build ``api/<view>.ts`` (per-view layout)."""
    doc = f"The API of `{class_name(cls)}`, with its typed filter options."
    return f.source_file(*api_statements(ctx, cls), header=ctx.module_doc(doc))


def api_statements(ctx: Context, cls: IRClass) -> list[n.Statement]:
    """The filter options of a view, the function turning them into a filter, the API."""
    options = filter_options(ctx, cls)
    return [
        _sort_alias(ctx, cls),
        _filter_interface(ctx, cls, options),
        _filter_function(cls, options),
        _api_class(ctx, cls),
    ]


def _node() -> n.TypeNode:
    return f.union(f.ref(runtime("InstanceId")), f.string())


def _one_or_many(value: n.TypeNode) -> n.TypeNode:
    return f.union(value, f.readonly_(f.array_of(value)))


def filter_options(ctx: Context, cls: IRClass) -> list[FilterOption]:
    """The filter options of a view, named by the name plan (``filter_names`` in the IR): per
    property in CDF id order, then the relations, ``externalIdPrefix``, ``space`` and an edge
    view's ends."""
    view = ctx.view_ref(cls, "api")
    options: list[FilterOption] = []
    for prop in cls.properties:
        if prop.filter_names:
            target = f.call(f.member(view, "prop"), f.string_(prop.id))
            options.extend(_property_options(ctx, prop, target))
    options.extend(
        _relation_option(ctx, cls, rel) for rel in cls.relationships if rel.kind != "direct"
    )
    kind = [f.string_("edge")] if cls.kind == "edge" else []
    node_prop = f.reference(runtime("nodeProp"))
    options.append(
        FilterOption(
            class_filter(cls, "external_id_prefix"),
            f.string(),
            "The external id starts with this text.",
            f.call(node_prop, f.string_("externalId"), *kind),
            "prefix",
        )
    )
    options.append(
        FilterOption(
            class_filter(cls, "space"),
            _one_or_many(f.string()),
            "The instance is in this space, or any of these spaces.",
            f.call(node_prop, f.string_("space"), *kind),
        )
    )
    if cls.kind == "edge":
        options.extend(_end_options(cls))
    return options


def _end_options(cls: IRClass) -> list[FilterOption]:
    """An edge view's ``startNode`` / ``endNode`` options: this node, or any of these."""
    return [
        FilterOption(
            class_filter(cls, kind),
            _one_or_many(_node()),
            f"The edge {what} at this node, or any of these nodes {_BARE}.",
            f.call(f.reference(runtime("nodeProp")), f.string_(end), f.string_("edge")),
        )
        for kind, end, what in (
            ("start_node", "startNode", "starts"),
            ("end_node", "endNode", "ends"),
        )
    ]


def _relation_option(ctx: Context, cls: IRClass, rel: IRRelationship) -> FilterOption:
    """An edge connection or reverse relation: a filter on the nodes at its other end
    (``edgeMatching`` / ``reverseMatching`` of its spec, resolved in two steps)."""
    text = about(first_text(rel.description, rel.display_name), rel.id)
    function = "edgeMatching" if rel.kind == "edge" else "reverseMatching"
    return FilterOption(
        filter_option(rel, "matching"),
        f.ref(runtime("Filter")),
        f"{text}: {_TWO_STEPS}; some must match.",
        f.reference(runtime(function)),
        "",
        spec=ctx.value(spec_constant(rel), cls, "api"),
    )


def _property_options(ctx: Context, prop: IRProperty, target: n.Expression) -> list[FilterOption]:
    given = prop.filter_names[LANGUAGE]
    text = about(first_text(prop.description, prop.display_name), prop.id)
    kind = prop.type
    if isinstance(kind, IRList):
        return [
            FilterOption(
                given["equals"],
                f.union(_one_or_many(_node()), f.ref(runtime("Filter"))),
                f"{text}: holds this node, or any of these nodes {_BARE}; or {_TWO_STEPS}.",
                target,
                "referencesAny",
            ),
            FilterOption(
                given["all"],
                f.readonly_(f.array_of(_node())),
                f"{text}: holds every one of these nodes.",
                target,
                "referencesAll",
            ),
        ]
    if isinstance(kind, IRReference):
        return [
            FilterOption(
                given["equals"],
                f.union(_one_or_many(_node()), f.ref(runtime("Filter"))),
                f"{text}: this node, or any of these nodes {_BARE}; or a filter on the node "
                "(`nested`).",
                target,
                "references",
            )
        ]
    if isinstance(kind, IREnum):
        value = scalar(ctx, prop, "api")
        return [
            FilterOption(
                given["equals"],
                _one_or_many(value),
                f"{text}: this value, or any of these values.",
                target,
            )
        ]
    assert isinstance(kind, IRPrimitive)
    if kind.kind == "text":
        return [
            FilterOption(
                given["equals"],
                _one_or_many(f.string()),
                f"{text}: this value, or any of these values.",
                target,
            ),
            FilterOption(
                given["prefix"], f.string(), f"{text}: starts with this text.", target, "prefix"
            ),
        ]
    if kind.kind == "boolean":
        return [FilterOption(given["equals"], f.boolean(), f"{text}: this value.", target)]
    value = scalar(ctx, prop, "api")
    low, high = given["min"], given["max"]
    return [
        FilterOption(low, value, f"{text}: at least this.", None),
        FilterOption(high, value, f"{text}: at most this.", target, "range", low),
    ]


def _sort_alias(ctx: Context, cls: IRClass) -> n.Statement:
    """``EquipmentSortField``: the union of the field names the view sorts by (the runtime's
    ``SortArg`` adds each one's descending form, ``"-weight"``, and the instance fields)."""
    names = [field_name(prop) for prop in cls.sortable_properties()]
    value = f.string_union(*names) if names else f.never()
    doc = (
        f"The fields `{derived(cls, 'api')}` sorts by (a leading `-` sorts descending; "
        "`SortableInstanceField` names the instance fields every view sorts by)."
    )
    return f.type_alias(derived(cls, "sort_alias"), value, exported=True, doc=ctx.doc(doc))


def _filter_interface(ctx: Context, cls: IRClass, options: list[FilterOption]) -> n.Statement:
    members = [
        f.property_signature(o.name, o.type, optional=True, doc=ctx.doc(o.doc, 2)) for o in options
    ]
    members.append(
        f.property_signature(
            "filter",
            f.ref(runtime("Filter")),
            optional=True,
            doc=ctx.doc("Any other filter, combined with the options above.", 2),
        )
    )
    return f.interface(
        derived(cls, "filters"),
        *members,
        doc=ctx.doc(f"Filter options of `{derived(cls, 'api')}`: every option given must hold."),
    )


def _filter_function(cls: IRClass, options: list[FilterOption]) -> n.Statement:
    given = f.ident("options")
    builders: list[n.Expression] = []
    for o in options:
        if o.target is None:
            continue
        if o.spec is not None:
            builders.append(f.call(o.target, o.spec, f.member(given, o.name)))
        elif o.method == "range":
            assert o.low is not None
            bounds = f.obj(
                ("gte", f.member(given, o.low)), ("lte", f.member(given, o.name)), multiline=True
            )
            builders.append(f.call(f.member(o.target, "range"), bounds))
        else:
            builders.append(f.call(f.member(o.target, o.method), f.member(given, o.name)))
    builders.append(f.member(given, "filter"))
    filter_type = f.ref(runtime("Filter"))
    return f.function(
        derived(cls, "filter_function"),
        [f.param("options", f.ref(derived(cls, "filters")))],
        f.union(filter_type, f.undefined()),
        f.return_(f.call(f.reference(runtime("and")), *builders)),
        exported=False,
    )


def _api_class(ctx: Context, cls: IRClass) -> n.Statement:
    read = f.ref(ctx.refer(class_name(cls), cls, "api"))
    filters = f.ref(derived(cls, "filters"))
    sort = f.ref(derived(cls, "sort_alias"))
    if cls.writable:
        write = f.ref(ctx.refer(derived(cls, "write"), cls, "api"))
        base = f.ref(runtime("InstanceAPI"), write, read, filters, sort)
    else:
        base = f.ref(runtime("InstanceReadAPI"), read, filters, sort)
    noun = "edges" if cls.kind == "edge" else "nodes"
    view = cls.view
    note = f"The {noun} of the view `{view.space}:{view.external_id}/{view.version}`."
    if not cls.writable:
        note += " The view is read-only."
    first = first_text(cls.description, cls.display_name) or f"The {view.external_id} view."
    return f.class_(
        derived(cls, "api"),
        api_constructor(ctx, cls),
        *edge_accessors(ctx, cls),
        extends=base,
        doc=ctx.doc(f"{first}\n\n{note}"),
    )

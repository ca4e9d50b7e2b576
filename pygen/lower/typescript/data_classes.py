"""``src/dataClasses.ts`` (one file) or ``src/dataClasses/<view>.ts`` (a file per view): the
``ViewRef`` constants, enum unions, edge and reverse specs, and per view a read interface, a
write interface (writable views) and a ``ViewSpec``."""

from __future__ import annotations

from pygen.ir import IRClass, IREnum, IRList, IRPrimitive, IRProperty, IRReference, IRRelationship
from ts_emitter import factory as f
from ts_emitter import nodes as n

from .context import Context, about, first_text, new_view_ref, runtime
from .naming import class_name, derived, field_name, spec_constant
from .types import expandable, item_of, read_type, write_optional, write_type

__all__ = ["lower_data_classes", "lower_view_data"]


def _doc(model: str) -> str:
    return (
        f"Read and write interfaces of the views of {model}, and the specs the runtime "
        "reads and writes them by."
    )


def lower_data_classes(ctx: Context) -> n.SourceFile:
    """Build ``dataClasses.ts`` (one-file layout): the view constants, enums, connection specs,
    interfaces and specs of every view, and ``VIEWS``."""
    statements: list[n.Statement] = [_view_constant(cls) for cls in ctx.ir.classes]
    statements.extend(_enum(ctx, alias, prop) for alias, prop in ctx.enums.values())
    for cls in ctx.ir.classes:
        statements.extend(_connection_spec(ctx, cls, rel) for rel in _connections(cls))
    for cls in ctx.ir.classes:
        statements.extend(class_statements(ctx, cls))
    views = f.const(
        "VIEWS",
        f.array(*(f.ident(derived(cls, "view_spec")) for cls in ctx.ir.classes)),
        type=f.readonly_(f.array_of(f.ref(runtime("ViewSpec")))),
        exported=True,
        doc=ctx.doc(f"Every view of {ctx.ir.model.external_id}."),
    )
    statements.append(views)
    return f.source_file(*statements, header=ctx.module_doc(_doc(ctx.ir.model.external_id)))


def lower_view_data(ctx: Context, cls: IRClass) -> n.SourceFile:
    """Build ``dataClasses/<view>.ts`` (per-view layout): the view's constant, the enums it
    declares (those of the container properties it is the first to map), its connection specs,
    interfaces and spec. Other views' types are imported (``import type``); their
    ``ViewRef``s are written out (see :meth:`Context.view_ref`)."""
    doc = f"The read and write interfaces of `{class_name(cls)}` and its specs."
    statements: list[n.Statement] = [_view_constant(cls)]
    statements.extend(_enum(ctx, alias, prop) for alias, prop in ctx.enums_of(cls))
    statements.extend(_connection_spec(ctx, cls, rel) for rel in _connections(cls))
    statements.extend(class_statements(ctx, cls))
    return f.source_file(*statements, header=ctx.module_doc(doc))


def class_statements(ctx: Context, cls: IRClass) -> list[n.Statement]:
    """A class's read and write interfaces and view spec."""
    statements: list[n.Statement] = [_read_interface(ctx, cls)]
    if cls.writable:
        statements.append(_write_interface(ctx, cls))
    statements.append(_view_spec(ctx, cls))
    return statements


def _connections(cls: IRClass) -> list[IRRelationship]:
    return [rel for rel in cls.relationships if rel.kind != "direct"]


def _view_constant(cls: IRClass) -> n.Statement:
    return f.const(derived(cls, "view_constant"), new_view_ref(cls.view), exported=True)


def _enum(ctx: Context, alias: str, prop: IRProperty) -> n.Statement:
    item = item_of(prop)
    assert isinstance(item, IREnum)
    lines = [about(first_text(prop.description, prop.display_name), prop.id) + "."]
    if any(first_text(v.description, v.name) for v in item.values):
        lines.append("")
        lines.extend(
            f"- `{v.value}`: {first_text(v.description, v.name) or v.value}" for v in item.values
        )
    return f.type_alias(
        alias, f.string_union(*(v.value for v in item.values)), doc=ctx.doc("\n".join(lines))
    )


def _article(name: str) -> str:
    return "an" if name[:1].lower() in "aeiou" else "a"


def _bool(value: bool) -> n.Expression:
    return f.true_() if value else f.false_()


def _through(ctx: Context, rel: IRRelationship) -> tuple[IRClass, IRProperty | None]:
    """The class holding the direct relation a reverse relation follows back, and that
    property (None when the class does not list it)."""
    assert rel.kind == "reverse" and rel.through is not None and rel.target is not None
    source = ctx.classes[rel.target]  # transform keeps only reverse relations of known classes
    found = next((p for p in source.properties if p.id == rel.through.property), None)
    return source, found


def _connection_spec(ctx: Context, cls: IRClass, rel: IRRelationship) -> n.Statement:
    where = f"`{class_name(cls)}.{field_name(rel)}`"
    if rel.kind == "reverse":
        value, doc, spec_type = _reverse_spec(ctx, cls, rel)
    else:
        value, doc, spec_type = _edge_spec(ctx, cls, rel)
    return f.const(
        spec_constant(rel),
        value,
        type=f.ref(runtime(spec_type)),
        exported=True,
        doc=ctx.doc(f"{where}: {doc}"),
    )


def _reverse_spec(ctx: Context, cls: IRClass, rel: IRRelationship) -> tuple[n.Expression, str, str]:
    """``{ sourceView, through, multi, throughIsList }`` and its doc."""
    source, through = _through(ctx, rel)
    assert rel.through is not None
    shown = field_name(through) if through is not None else rel.through.property
    nodes = "nodes whose" if rel.multi else "node whose"
    value = f.obj(
        ("sourceView", ctx.view_ref(source, cls)),
        ("through", f.string_(rel.through.property)),
        ("multi", _bool(rel.multi)),
        ("throughIsList", _bool(through is not None and isinstance(through.type, IRList))),
        multiline=True,
    )
    doc = f"the `{class_name(source)}` {nodes} `{shown}` points here."
    return value, doc, "ReverseSpec"


def _edge_spec(ctx: Context, cls: IRClass, rel: IRRelationship) -> tuple[n.Expression, str, str]:
    """``{ edgeType, direction, edgeView, targetView, multi }`` and its doc."""
    assert rel.edge_type is not None and rel.direction is not None
    target = ctx.name_of(rel.target)
    if rel.multi:
        ends = f"edges to `{target}` nodes" if target else "edges to nodes"
    elif target:
        ends = f"one edge to {_article(target)} `{target}` node"
    else:
        ends = "one edge to a node"
    edge_class = ctx.name_of(rel.edge_class)
    properties = f", with `{edge_class}` properties" if edge_class else ""
    edge_view = ctx.view_constant(rel.edge_class, cls)
    target_view = ctx.view_constant(rel.target, cls)
    edge_type = f.obj(
        ("space", f.string_(rel.edge_type.space)),
        ("externalId", f.string_(rel.edge_type.external_id)),
    )
    value = f.obj(
        ("edgeType", edge_type),
        ("direction", f.string_(rel.direction)),
        ("edgeView", edge_view or f.null_()),
        ("targetView", target_view or f.null_()),
        ("multi", _bool(rel.multi)),
        multiline=True,
    )
    return value, f"{ends}{properties}.", "EdgeSpec"


def _members(cls: IRClass) -> list[IRProperty | IRRelationship]:
    """Stored properties, then edges and reverse relations, each in CDF id order."""
    return [*cls.properties, *_connections(cls)]


def _view_text(cls: IRClass) -> str:
    view = cls.view
    return f"`{view.space}:{view.external_id}/{view.version}`"


def _class_about(cls: IRClass) -> str:
    return first_text(cls.description, cls.display_name) or f"The {cls.view.external_id} view."


def _read_interface(ctx: Context, cls: IRClass) -> n.Statement:
    fields: list[n.TypeMember] = []
    for member in _members(cls):
        if isinstance(member, IRProperty):
            fields.append(
                f.property_signature(
                    field_name(member), read_type(ctx, member, cls), doc=_field_doc(ctx, member)
                )
            )
        else:
            fields.append(_read_connection(ctx, cls, member))
    note = f"Read from the view {_view_text(cls)}."
    if not cls.writable:
        note += " The view is read-only."
    base = "EdgeInstance" if cls.kind == "edge" else "NodeInstance"
    return f.interface(
        class_name(cls),
        *fields,
        extends=[f.ref(runtime(base))],
        doc=ctx.doc(f"{_class_about(cls)}\n\n{note}"),
    )


_REFERENCE_NOTES = {
    "timeseries": ("external id", "external ids"),
    "file": ("file external id", "file external ids"),
    "sequence": ("sequence external id", "sequence external ids"),
}
"""What a time series, file or sequence reference holds: its external id, as a string."""


def _field_doc(ctx: Context, prop: IRProperty) -> n.JSDoc | None:
    text = first_text(prop.description, prop.display_name)
    item = item_of(prop)
    note = _REFERENCE_NOTES.get(getattr(item, "kind", ""))
    if note is not None:
        held = note[1] if isinstance(prop.type, IRList) else note[0]
        text = f"{about(text, prop.id)} ({held})."
    return ctx.doc(text, 2)


def _read_connection(ctx: Context, cls: IRClass, rel: IRRelationship) -> n.TypeMember:
    """An edge connection or reverse relation: ``Expandable<Equipment>[]`` (an id, or the node
    when read with ``expand``), or for edges with properties ``ExpandedEdge<Connection,
    Equipment>[]`` (the edge, with the node at its other end in ``otherNode``)."""
    edge_class = ctx.class_of(rel.edge_class) if rel.kind == "edge" else None
    target = ctx.class_of(rel.target)
    one: n.TypeNode
    if edge_class is None:
        one = expandable(ctx, rel.target, cls)
    else:
        one = f.ref(ctx.refer(class_name(edge_class), edge_class, cls))
        if target is not None:
            node = f.ref(ctx.refer(class_name(target), target, cls))
            one = f.ref(runtime("ExpandedEdge"), one, node)
    value = f.array_of(one) if rel.multi else f.union(one, f.null())
    text = about(first_text(rel.description, rel.display_name), rel.id)
    if rel.kind == "reverse":
        source, through = _through(ctx, rel)
        assert rel.through is not None
        shown = field_name(through) if through is not None else rel.through.property
        text += f" (reverse of `{class_name(source)}.{shown}`; read with `expand`)."
    else:
        text += " (read with `expand`)."
    return f.property_signature(field_name(rel), value, optional=True, doc=ctx.doc(text, 2))


def _write_interface(ctx: Context, cls: IRClass) -> n.Statement:
    fields: list[n.TypeMember] = []
    for member in _members(cls):
        if isinstance(member, IRProperty):
            fields.append(
                f.property_signature(
                    field_name(member),
                    write_type(ctx, member, cls),
                    optional=write_optional(member),
                    doc=_field_doc(ctx, member),
                )
            )
        elif member.kind == "edge":
            fields.append(_write_edge(ctx, cls, member))
    note = f"Write form of the view {_view_text(cls)}."
    type_params: list[n.TypeParameter] = []
    if cls.kind == "edge":
        used = _first_use(ctx, cls)
        where = f" (as in `{used}`)" if used else ""
        note += (
            " `TEnd` is the write type of the node at the other end when the edge is written "
            f"inside a connection{where}."
        )
        type_params.append(
            f.type_param("TEnd", extends=f.ref(runtime("NodeWrite")), default=f.never())
        )
        base = f.ref(runtime("EdgeWrite"), f.ref("TEnd"))
    else:
        base = f.ref(runtime("NodeWrite"))
    return f.interface(
        derived(cls, "write"),
        *fields,
        extends=[base],
        type_params=type_params,
        doc=ctx.doc(f"{_class_about(cls)}\n\n{note}"),
    )


def _first_use(ctx: Context, edge: IRClass) -> str | None:
    for cls in ctx.ir.classes:
        for rel in _connections(cls):
            if rel.kind == "edge" and rel.edge_class == edge.view:
                return f"{class_name(cls)}.{field_name(rel)}"
    return None


def _write_edge(ctx: Context, cls: IRClass, rel: IRRelationship) -> n.TypeMember:
    options: list[n.TypeNode] = [f.ref(runtime("InstanceId"))]
    target = ctx.write_of(rel.target, cls)
    if target:
        options.append(f.ref(target))
    edge_class = ctx.class_of(rel.edge_class)
    if edge_class is not None and edge_class.writable:
        arguments = [f.ref(target)] if target else []
        edge_write = ctx.refer(derived(edge_class, "write"), edge_class, cls)
        options.append(f.ref(edge_write, *arguments))
    options.append(f.string())
    one = f.union(*options)
    value = f.readonly_(f.array_of(one)) if rel.multi else one
    text = about(first_text(rel.description, rel.display_name), rel.id) + "."
    return f.property_signature(field_name(rel), value, optional=True, doc=ctx.doc(text, 2))


def _node_type(cls: IRClass) -> list[tuple[str, n.Expression]]:
    """``nodeType`` of a node view whose filter requires one (the write default, as Python's
    ``node_type`` field)."""
    if cls.node_type is None or cls.kind == "edge":
        return []
    node = cls.node_type
    value = f.obj(("space", f.string_(node.space)), ("externalId", f.string_(node.external_id)))
    return [("nodeType", value)]


def _view_spec(ctx: Context, cls: IRClass) -> n.Statement:
    properties = [_property_spec(ctx, cls, prop) for prop in cls.properties]
    edges = [
        f.prop(field_name(rel), f.ident(spec_constant(rel)))
        for rel in _connections(cls)
        if rel.kind == "edge"
    ]
    reverse = [
        f.prop(field_name(rel), f.ident(spec_constant(rel)))
        for rel in _connections(cls)
        if rel.kind == "reverse"
    ]
    value = f.obj(
        ("view", ctx.view_ref(cls, cls)),
        ("instanceType", f.string_("edge" if cls.kind == "edge" else "node")),
        ("writable", _bool(cls.writable)),
        *_node_type(cls),
        f.prop("properties", f.obj(*properties, multiline=True)),
        f.prop("edges", f.obj(*edges)),
        f.prop("reverse", f.obj(*reverse)),
        multiline=True,
    )
    verb = "reads and writes" if cls.writable else "reads"
    return f.const(
        derived(cls, "view_spec"),
        value,
        type=f.ref(runtime("ViewSpec")),
        exported=True,
        doc=ctx.doc(f"How the runtime {verb} `{class_name(cls)}`."),
    )


def _property_spec(ctx: Context, cls: IRClass, prop: IRProperty) -> n.PropertyAssignment:
    """``name: { property: "name", type: "text", list: true, source: SITE_VIEW }``."""
    item = item_of(prop)
    kind: str
    if isinstance(item, IRPrimitive):
        kind = item.kind
    else:
        kind = "enum" if isinstance(item, IREnum) else "direct"
    entries: list[tuple[str, n.Expression]] = [
        ("property", f.string_(prop.id)),
        ("type", f.string_(kind)),
    ]
    if isinstance(prop.type, IRList):
        entries.append(("list", f.true_()))
    if isinstance(item, IRReference):
        source = ctx.view_constant(item.target, cls)
        if source is not None:
            entries.append(("source", source))
    return f.prop(field_name(prop), f.obj(*entries))

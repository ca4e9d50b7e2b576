"""Per view, the query class of queries across relations (``EquipmentQuery``) and the
``Literal`` of the properties it selects (``EquipmentSelectField``).

The class binds the runtime's ``QueryBuilder`` to the view: ``filter`` takes the view's typed
filter arguments, ``sort`` and ``select`` its ``Literal``s, and one property per relation to a
node class of the model (named by the name plan's ``query_hop``) returns the target's query
class one hop down, typed with ``Self`` as the hop above. Every statement here belongs to one
view, so whichever module the view's API goes to, its query class goes with it.
"""

from __future__ import annotations

import libcst as cst

from pygen.ir import IRClass, IRRelationship

from . import _cst
from .context import Context
from .imports import ImportCollector
from .naming import (
    class_name,
    client_attribute,
    field_name,
    filter_function,
    filters_name,
    list_name,
    query_hop,
    query_name,
    select_alias,
    sort_alias,
)
from .types import RUNTIME

__all__ = ["has_query", "query_class", "query_method", "select_names"]


def has_query(cls: IRClass) -> bool:
    """Whether the view gets a query class: every view. A query of an edge view starts from
    its edges (filters, sort, limit, select; edges follow no relations, so no hops)."""
    return True


def _noun(cls: IRClass) -> str:
    return "edges" if cls.kind == "edge" else "nodes"


def select_names(cls: IRClass) -> list[str]:
    """The field names a query of the view selects: every property, in CDF id order."""
    return [field_name(prop) for prop in sorted(cls.properties, key=lambda p: p.id)]


def select_alias_statements(
    ctx: Context, cls: IRClass, imports: ImportCollector
) -> list[cst.BaseStatement]:
    """``EquipmentSelectField = Literal["calibration", ...]`` (none when the view has no
    properties: its query class selects ``NoReturn``)."""
    names = select_names(cls)
    if not names:
        return []
    layout = ctx.layout(0)
    literal = _cst.subscript(imports.use("typing", "Literal"), *map(_cst.string, names))
    out: list[cst.BaseStatement] = [_cst.fit(_cst.assign(select_alias(cls), literal), layout)]
    if ctx.settings.docstrings:
        doc = f"The properties a query of {class_name(cls)} {_noun(cls)} selects (``select(...)``)."
        out.append(_cst.docstring(doc, layout))
    return out


def hops(ctx: Context, cls: IRClass) -> list[tuple[IRRelationship, IRClass]]:
    """The relations a query of ``cls`` follows: those to a node class of the model."""
    found = []
    for rel in cls.relationships:
        target = ctx.classes.get(rel.target) if rel.target is not None else None
        if target is not None and has_query(target) and rel.hop_names:
            found.append((rel, target))
    return found


def query_class(ctx: Context, cls: IRClass, imports: ImportCollector) -> list[cst.BaseStatement]:
    """The select alias and the query class of ``cls``. A query class of a view later in the
    model's order (or its own) is a forward reference, a string."""
    layout, inner, body_layout = ctx.layout(0), ctx.layout(1), ctx.layout(2)
    read = class_name(cls)
    type_vars = [imports.use(RUNTIME, name) for name in ("TRoot", "TList", "TUp")]
    selected = (
        _cst.name(select_alias(cls)) if select_names(cls) else imports.use("typing", "NoReturn")
    )
    base = _cst.subscript(
        imports.use(RUNTIME, "QueryBuilder"), *type_vars, _cst.name(sort_alias(cls)), selected
    )
    self_type = imports.use("typing_extensions", "Self")
    body: list[cst.BaseStatement] = []
    if ctx.settings.docstrings and cls.kind == "edge":
        lines = [
            f"A query of {read} edges; nothing is sent until ``list()``.",
            "",
            f"Start one with ``client.{client_attribute(cls)}.query()`` (or from an edge "
            "accessor, which keeps to its connection's edges): filters on the edge "
            "properties and ends, sort, limit and select. Edges follow no relations: to "
            "read the nodes at their ends, query the nodes and follow the edge connection "
            f"(its hop filters the edges with ``edge_filter``), or ``list(expand=1)``.",
        ]
        body.append(_cst.docstring("\n".join(lines), inner))
    elif ctx.settings.docstrings:
        lines = [
            f"A query of {read} nodes that can follow relations; nothing is sent until ``list()``.",
            "",
            f"Start one with ``client.{client_attribute(cls)}.query()``, or reach it from a "
            f"relation to {read}. At the root the filters choose the {read} nodes; at a hop, "
            "which of them each parent gets (parents are never dropped), and ``sort`` and "
            "``limit`` apply per parent. ``up()`` goes back to the hop above; ``list()``, "
            "anywhere, runs the whole query and returns the root's list.",
        ]
        body.append(_cst.docstring("\n".join(lines), inner))
    filter_type = imports.use(RUNTIME, "Filter")
    optional_filter = _cst.binary_or([filter_type, _cst.name("None")])
    filter_body: list[cst.BaseStatement] = []
    if ctx.settings.docstrings:
        doc = [
            f"Add conditions on {read} {_noun(cls)}; every one given must hold.",
            "",
            "Args:",
            "    filter: Any other filter, combined with the filter arguments.",
            f"    **filters: Filter arguments (:class:`{filters_name(cls)}`).",
        ]
        filter_body.append(_cst.docstring("\n".join(doc), body_layout))
    filtered = _cst.call(
        _cst.attribute(_cst.name("self"), "_filtered"),
        _cst.call(filter_function(cls), _cst.name("filters"), _cst.name("filter")),
    )
    filter_body.append(_cst.fit(_cst.return_(filtered), body_layout))
    members: list[cst.FunctionDef] = [
        _cst.function_def(
            "filter",
            [_cst.param("self"), _cst.param("filter", optional_filter, _cst.name("None"))],
            filter_body,
            returns=self_type,
            star_kwarg=_cst.param(
                "filters",
                _cst.subscript(
                    imports.use("typing_extensions", "Unpack"), _cst.name(filters_name(cls))
                ),
            ),
            layout=inner,
        )
    ]
    members.extend(_edge_filter_members(ctx, cls, imports))
    for rel, target in hops(ctx, cls):
        target_query = query_name(target)
        annotation = _cst.subscript(target_query, *type_vars[:2], self_type)
        above = ctx.defined_above(target.view, cls.view)
        returns: cst.BaseExpression = annotation if above else _cst.string(_cst.code(annotation))
        hop_body: list[cst.BaseStatement] = []
        if ctx.settings.docstrings:
            about = (rel.description or rel.display_name or rel.id).rstrip(".")
            hop_body.append(
                _cst.docstring(
                    f"{about}: a hop to {class_name(target)} nodes ({_kind(rel)}).", body_layout
                )
            )
        made = _cst.call(
            target_query,
            _cst.call(_cst.attribute(_cst.name("self"), "_hop"), _cst.string(field_name(rel))),
        )
        hop_body.append(_cst.fit(_cst.return_(made), body_layout))
        members.append(
            _cst.function_def(
                query_hop(rel),
                [_cst.param("self")],
                hop_body,
                returns=returns,
                decorators=("property",),
                layout=inner,
            )
        )
    body.extend(_cst.blank_before(m) for m in members)
    return [
        *select_alias_statements(ctx, cls, imports),
        _cst.class_def(query_name(cls), [base], body, layout),
    ]


def _edge_filter_members(
    ctx: Context, cls: IRClass, imports: ImportCollector
) -> list[cst.FunctionDef]:
    """``edge_filter`` taking the typed filter arguments of the edge views whose edges lead to
    ``cls`` (``**filters: Unpack[ConnectionFilters]``): one signature, or an overload per edge
    view when several do; none when no edges with properties lead here (the runtime's
    ``edge_filter(filter)`` stays). A filters class not defined above is a string."""
    edges = ctx.edge_classes_into.get(cls.view, [])
    if not edges:
        return []
    inner, body_layout = ctx.layout(1), ctx.layout(2)
    filter_type = imports.use(RUNTIME, "Filter")
    self_type = imports.use("typing_extensions", "Self")
    unpack = imports.use("typing_extensions", "Unpack")

    def params() -> list[cst.Param]:
        optional = _cst.binary_or([filter_type, _cst.name("None")])
        return [_cst.param("self"), _cst.param("filter", optional, _cst.name("None"))]

    def typed(edge: IRClass) -> cst.BaseExpression:
        annotation = _cst.subscript(unpack, _cst.name(filters_name(edge)))
        # a string unless defined above in this module (a view module binds it on first use)
        above = ctx.defined_above(edge.view, cls.view)
        return annotation if above else _cst.string(_cst.code(annotation))

    doc: list[cst.BaseStatement] = []
    if ctx.settings.docstrings:
        names = ", ".join(f":class:`{filters_name(edge)}`" for edge in edges)
        lines = [
            f"At a hop over edges to {class_name(cls)} nodes: conditions on the edges' own "
            "properties; every one given must hold.",
            "",
            "Args:",
            "    filter: Any other filter on the edges, combined with the filter arguments.",
            f"    **filters: The edge view's filter arguments ({names}).",
        ]
        doc.append(_cst.docstring("\n".join(lines), body_layout))
    builders = _cst.dict_(
        [(_cst.name(class_name(edge)), _cst.name(filter_function(edge))) for edge in edges]
    )
    call = _cst.call(
        _cst.attribute(_cst.name("self"), "_typed_edge_filter"),
        _cst.name("filter"),
        _cst.name("filters"),
        builders,
    )
    implementation = [*doc, _cst.fit(_cst.return_(call), body_layout)]
    if len(edges) == 1:
        kwargs = _cst.param("filters", typed(edges[0]))
        return [
            _cst.function_def(
                "edge_filter",
                params(),
                implementation,
                returns=self_type,
                star_kwarg=kwargs,
                layout=inner,
            )
        ]
    overload = imports.use("typing", "overload").value
    star_any = imports.use("typing", "Any")
    made = [
        _cst.function_def(
            "edge_filter",
            params(),
            [],  # a stub: ``...``
            returns=self_type,
            star_kwarg=_cst.param("filters", typed(edge)),
            decorators=(overload,),
            layout=inner,
        )
        for edge in edges
    ]
    made.append(
        _cst.function_def(
            "edge_filter",
            params(),
            implementation,
            returns=self_type,
            star_kwarg=_cst.param("filters", star_any),
            layout=inner,
        )
    )
    return made


def _kind(rel: IRRelationship) -> str:
    if rel.kind == "direct":
        return "a direct relation"
    if rel.kind == "reverse":
        return "a reverse direct relation"
    return "edges with properties" if rel.edge_class is not None else "edges"


def query_method(ctx: Context, cls: IRClass, imports: ImportCollector) -> cst.FunctionDef:
    """The API's ``query()``: the view's query class at the root."""
    inner = ctx.layout(2)
    read = class_name(cls)
    imports.add(".data_classes", read, list_name(cls))
    returns = _cst.subscript(
        query_name(cls), _cst.name(read), _cst.name(list_name(cls)), _cst.name("None")
    )
    body: list[cst.BaseStatement] = []
    if ctx.settings.docstrings:
        doc = (
            f"Start a query of {read} nodes: filters, sort, limit and select, and relations "
            f"to follow, each with its own; ``list()`` runs it (see :class:`{query_name(cls)}`)."
            if cls.kind != "edge"
            else f"Start a query of {read} edges: filters, sort, limit and select; ``list()`` "
            f"runs it (see :class:`{query_name(cls)}`)."
        )
        body.append(_cst.docstring(doc, inner))
    body.append(_cst.fit(_cst.return_(_cst.call(query_name(cls), _cst.name("self"))), inner))
    return _cst.function_def(
        "query", [_cst.param("self")], body, returns=returns, layout=ctx.layout(1)
    )

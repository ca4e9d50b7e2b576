"""Edge listing in ``api.ts``: the getters of a view's API that list an edge connection's edges.

Per edge connection with edge properties (a generated edge class), the name plan allocates an
accessor (role ``edge_accessor``, ``connectedToEdges``): a getter returning the edge view's API
made with the connection's ``EdgeSpec``, so every read of it keeps to that connection's edge
type. An edge view's API therefore takes the spec as an optional second constructor argument.
"""

from __future__ import annotations

from pygen.ir import IRClass
from ts_emitter import factory as f
from ts_emitter import nodes as n

from .context import Context, runtime
from .naming import class_name, derived, edge_accessor, field_name, spec_constant

__all__ = ["api_constructor", "edge_accessors"]


def api_constructor(ctx: Context, cls: IRClass) -> n.Constructor:
    """``constructor(client)`` passing the view spec and filter function to the runtime; an
    edge view's also takes the edge connection to keep to (``edges?: EdgeSpec``)."""
    params = [f.param("client", f.ref(runtime("InstanceClient")))]
    spec = ctx.value(derived(cls, "view_spec"), cls, "api")
    args: list[n.Expression] = [f.ident("client"), spec, f.ident(derived(cls, "filter_function"))]
    if cls.kind == "edge":
        params.append(f.param("edges", f.ref(runtime("EdgeSpec")), optional=True))
        args.append(f.ident("edges"))
    return f.constructor(params, f.expr(f.call(n.Super(), *args)))


def edge_accessors(ctx: Context, cls: IRClass) -> list[n.GetAccessor]:
    """One getter per edge connection of ``cls`` whose edges have a generated edge class."""
    getters = []
    for rel in cls.relationships:
        if rel.kind != "edge" or rel.edge_class is None or not rel.accessor_names:
            continue
        edge_class = ctx.class_of(rel.edge_class)
        if edge_class is None or edge_class.kind != "edge":
            continue
        edge_api = _api_reference(ctx, cls, edge_class)
        own, far = ("startNode", "endNode")
        if rel.direction == "inwards":
            own, far = far, own
        about = (rel.description or rel.display_name or rel.id).rstrip(".")
        doc = (
            f"The `{field_name(rel)}` edges of {class_name(cls)} nodes, with their "
            f"{class_name(edge_class)} properties.\n\n{about}. List, iterate, search, count and "
            f"sync them with filters on the edge properties; `{own}` is the {class_name(cls)} "
            f"node, `{far}` the node at the other end."
        )
        client = f.member(f.this(), "client")
        constant = ctx.value(spec_constant(rel), cls, "api")
        getters.append(
            f.getter(
                edge_accessor(rel),
                f.ref(edge_api),
                f.return_(f.new(_value(edge_api), client, constant)),
                doc=ctx.doc(doc, 2),
            )
        )
    return getters


def _api_reference(ctx: Context, cls: IRClass, edge_class: IRClass) -> str | n.Symbol:
    """The edge view's API class as seen from ``cls``'s API module."""
    name = derived(edge_class, "api")
    if not ctx.split or edge_class.view == cls.view:
        return name
    return n.Symbol(name, ctx.sibling(edge_class))


def _value(found: str | n.Symbol) -> n.Expression:
    return f.ident(found) if isinstance(found, str) else f.reference(found)

"""Members of a view's API class beyond list/iterate/search/count: ``sync`` and edge accessors.

``sync`` spells out the view's typed filters over ``InstanceAPI.sync`` and returns typed
batches. An edge accessor (one per edge connection with edge properties, named by the name
plan) is a property returning the edge view's API kept to that connection's edge type, so
``equipment.connected_to_edges.list(min_length_m=10, start_node=...)`` lists those edges.
"""

from __future__ import annotations

import libcst as cst

from pygen.ir import IRClass

from . import _cst
from .context import Context
from .imports import ImportCollector
from .naming import (
    api_name,
    class_name,
    edge_accessor,
    field_name,
    filter_function,
    filters_name,
    list_name,
    spec_constant,
)
from .types import RUNTIME

__all__ = ["edge_accessors", "sync_method"]


def sync_method(ctx: Context, cls: IRClass, imports: ImportCollector, noun: str) -> cst.FunctionDef:
    """``def sync(self, cursor=None, *, filter=None, chunk_size=1000, accept_missed_deletes=False,
    **filters) -> Iterator[SyncBatch[XList]]``."""
    layout, inner = ctx.layout(1), ctx.layout(2)
    read = class_name(cls)
    listed = _cst.name(list_name(cls))
    returns = _cst.subscript(
        imports.use("collections.abc", "Iterator"),
        _cst.subscript(imports.use(RUNTIME, "SyncBatch"), listed),
    )
    body: list[cst.BaseStatement] = []
    if ctx.settings.docstrings:
        lines = [
            f"Yield what changed in {read} {noun} since ``cursor``, batch by batch.",
            "",
            "Each batch has ``items`` (created or changed, as read objects), ``deleted`` (ids) "
            "and ``cursor``: persist it and pass it here later to get only what changed since. "
            "Without a cursor every instance comes first. Iteration ends when the view is "
            "caught up.",
            "",
            "Args:",
            "    cursor: Where a previous sync ended; ``None`` starts from the beginning.",
            "    filter: Any other filter, combined with the filter arguments.",
            "    chunk_size: Instances per batch, at most 2,000.",
            "    accept_missed_deletes: Continue from an expired cursor (deletes in between "
            "may be missed).",
            f"    **filters: Filter arguments (:class:`{filters_name(cls)}`); every one given "
            "must hold.",
            "",
            "Raises:",
            "    SyncCursorExpiredError: The cursor is older than the API keeps cursors (3 "
            "days); start over with ``cursor=None``.",
        ]
        body.append(_cst.docstring("\n".join(lines), inner))
    call = _cst.call(
        _cst.attribute(_cst.call("super"), "sync"),
        _cst.name("cursor"),
        filter=_cst.call(filter_function(cls), _cst.name("filters"), _cst.name("filter")),
        chunk_size=_cst.name("chunk_size"),
        accept_missed_deletes=_cst.name("accept_missed_deletes"),
    )
    body.append(_cst.fit(_cst.return_(call), inner))
    optional_str = _cst.binary_or([_cst.name("str"), _cst.name("None")])
    filter_type = _cst.binary_or([imports.use(RUNTIME, "Filter"), _cst.name("None")])
    return _cst.function_def(
        "sync",
        [_cst.param("self"), _cst.param("cursor", optional_str, _cst.name("None"))],
        body,
        returns=returns,
        kwonly=[
            _cst.param("filter", filter_type, _cst.name("None")),
            _cst.param("chunk_size", _cst.name("int"), _cst.int_(1000)),
            _cst.param("accept_missed_deletes", _cst.name("bool"), _cst.name("False")),
        ],
        star_kwarg=_cst.param(
            "filters",
            _cst.subscript(
                imports.use("typing_extensions", "Unpack"), _cst.name(filters_name(cls))
            ),
        ),
        layout=layout,
    )


def edge_accessors(ctx: Context, cls: IRClass, imports: ImportCollector) -> list[cst.FunctionDef]:
    """One property per edge connection of ``cls`` whose edges have a generated edge class.

    An edge view's API later in the model's order (or the class's own), or in another view's
    module, is referred to by a string (a forward reference), decided from the model's order
    and the layout so that every part of the module, built in one process or several, agrees.
    """
    layout, inner = ctx.layout(1), ctx.layout(2)
    accessors = []
    for rel in cls.relationships:
        if rel.kind != "edge" or rel.edge_class is None or not rel.accessor_names:
            continue
        edge_class = ctx.classes.get(rel.edge_class)
        if edge_class is None or edge_class.kind != "edge":
            continue
        edge_api = api_name(edge_class)
        above = ctx.defined_above(edge_class.view, cls.view)
        annotation: cst.BaseExpression = _cst.name(edge_api) if above else _cst.string(edge_api)
        constant = spec_constant(cls, rel)
        imports.add(".data_classes", constant)
        body: list[cst.BaseStatement] = []
        if ctx.settings.docstrings:
            member = field_name(rel)
            about = (rel.description or rel.display_name or rel.id).rstrip(".")
            ends = ("start_node", "end_node")
            own_end, far_end = ends if rel.direction == "outwards" else ends[::-1]
            lines = [
                f"The ``{member}`` edges of {class_name(cls)} nodes, with their "
                f"{class_name(edge_class)} properties.",
                "",
                f"{about}. List, iterate, search, count and sync them with filters on the edge "
                f"properties; ``{own_end}`` is the {class_name(cls)} node, ``{far_end}`` the "
                "node at the other end.",
            ]
            body.append(_cst.docstring("\n".join(lines), inner))
        call = _cst.call(
            edge_api, _cst.attribute(_cst.name("self"), "_client"), edges=_cst.name(constant)
        )
        body.append(_cst.fit(_cst.return_(call), inner))
        accessors.append(
            _cst.function_def(
                edge_accessor(cls, rel),
                [_cst.param("self")],
                body,
                returns=annotation,
                decorators=("property",),
                layout=layout,
            )
        )
    return accessors

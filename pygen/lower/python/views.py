"""Package layout: one module per view, ``views/<module>.py``, loaded on first use.

A view's module holds what ``data_classes.py`` and ``api.py`` of the single-file layout hold
for that view (the same per-view lowerings, grouped by view instead of by kind): the
``ViewRef`` constants of the views it names, its enum aliases, its connection specs, its write,
read and list classes, and its API. Names of other views' classes appear only in string
annotations, in an ``if TYPE_CHECKING:`` import (for type checkers and editors), and in the
module's ``__pygen_links__`` table, which the runtime (``pygen_runtime.lazy``) uses to
bind them on first use. So importing one view imports nothing else of the package, and no
module but the package index grows with the number of views.
"""

from __future__ import annotations

from collections import defaultdict

import libcst as cst

from pygen.ir import IRClass, IRList, IRModel, IRReference, IRRelationship, IRViewId

from . import _cst
from .api import api_body
from .context import Context
from .data_classes import (
    _assemble,
    _blank_before,
    _enum_aliases,
    _specs,
    _view_constants,
    data_classes_body,
)
from .imports import ImportCollector
from .naming import (
    LANGUAGE,
    api_name,
    class_name,
    filter_function,
    filters_name,
    query_name,
    spec_constant,
    write_name,
)
from .query_class import has_query, hops

__all__ = ["VIEWS", "lower_view", "view_modules", "view_path"]

VIEWS = "views"
"""The subpackage holding the view modules (its own names never meet a view module's)."""

VIEW_DOC = "The view ``{view}``: read, write and list classes, and its API."
VIEWS_DOC = "One module per view of {model}, each imported on first use."


def view_modules(ir: IRModel) -> dict[IRViewId, str]:
    """The module of each class, from the name plan (one class per module)."""
    return {module.classes[0]: module.names[LANGUAGE] for module in ir.modules}


def view_path(module: str) -> str:
    """``views.<module>``: the module's path relative to the package."""
    return f"{VIEWS}.{module}"


def lower_view(ctx: Context, cls: IRClass, modules: dict[IRViewId, str]) -> cst.Module:
    """The module of ``cls`` (``ctx`` is the model's context)."""
    view = ctx.for_view(cls)
    top = view.layout()
    imports = ImportCollector(local=False)
    typed, links = _foreign_names(view, cls)
    body: list[cst.BaseStatement] = []
    if typed:
        guard = imports.use("typing", "TYPE_CHECKING")
        lines = [
            _cst.fit(_cst.import_from(modules[target], sorted(names), relative=1), view.layout(1))
            for target, names in sorted(typed.items(), key=lambda item: modules[item[0]])
        ]
        body.append(_cst.if_(guard, lines))
    preamble = [
        *_view_constants(view, imports, top, _named_views(view, cls)),
        *_enum_aliases(view, imports, top, [cls]),
        *_specs(view, imports, top, [cls]),
    ]
    if preamble and body and isinstance(preamble[0], cst.SimpleStatementLine):
        preamble[0] = _blank_before(preamble[0])
    body.extend(preamble)
    body.extend(data_classes_body(view, [cls], imports))
    body.extend(api_body(view, [cls], imports))
    if links:
        table = _cst.dict_(
            [
                (
                    _cst.string(f".{modules[target]}"),
                    _cst.tuple_([_cst.string(name) for name in sorted(names)]),
                )
                for target, names in sorted(links.items(), key=lambda item: modules[item[0]])
            ]
        )
        body.append(_cst.fit(_cst.assign("__pygen_links__", table), top))
    label = f"{cls.view.space}:{cls.view.external_id}/{cls.view.version}"
    return _assemble(view, VIEW_DOC.replace("{view}", label), imports, body)


def _named_views(ctx: Context, cls: IRClass) -> list[IRClass]:
    """The classes whose ``ViewRef`` the module of ``cls`` names: its own, and the views its
    connection specs point to (each module defines the constants it uses), by view id."""
    views = {cls.view}
    for rel in cls.relationships:
        if rel.kind == "reverse" and rel.through is not None:
            holder = rel.through.view or rel.target
            views.update([holder] if holder is not None else [])
        elif rel.kind == "edge":
            views.update(v for v in (rel.edge_class, rel.target) if v is not None)
    named = [ctx.classes[view] for view in views if view in ctx.classes]
    return sorted(named, key=lambda c: c.view.key)


def _foreign_names(
    ctx: Context, cls: IRClass
) -> tuple[dict[IRViewId, set[str]], dict[IRViewId, set[str]]]:
    """The names the module of ``cls`` takes from other views' modules: those its annotations
    and accessors name (imported for type checkers), and those bound at run time (the same,
    plus the read class at the far end of an edge with properties, which expansion looks up).
    Mirrors what :mod:`.types`, :mod:`.data_classes`, :mod:`.api_members` and
    :mod:`.query_class` refer to."""
    typed: defaultdict[IRViewId, set[str]] = defaultdict(set)
    extra: defaultdict[IRViewId, set[str]] = defaultdict(set)
    classes = ctx.classes

    def read_target(view: IRViewId | None) -> None:
        target = classes.get(view) if view is not None else None
        if target is not None and target.kind != "edge":
            typed[target.view].add(class_name(target))

    def write_target(view: IRViewId | None) -> None:
        target = classes.get(view) if view is not None else None
        if cls.writable and target is not None and target.writable:
            typed[target.view].add(write_name(target))

    for prop in cls.properties:
        item = prop.type.item if isinstance(prop.type, IRList) else prop.type
        if isinstance(item, IRReference):
            read_target(item.target)
            write_target(item.target)
    for rel in cls.relationships:
        if rel.kind == "direct":
            continue
        edge_class = classes.get(rel.edge_class) if rel.kind == "edge" and rel.edge_class else None
        if edge_class is not None:
            typed[edge_class.view].add(class_name(edge_class))
            target = classes.get(rel.target) if rel.target is not None else None
            if target is not None and target.kind != "edge":
                extra[target.view].add(class_name(target))
            if edge_class.kind == "edge" and rel.accessor_names:
                typed[edge_class.view].add(api_name(edge_class))
        else:
            read_target(rel.target)
        if rel.kind == "edge":
            write_target(rel.target)
            write_target(rel.edge_class)
    if cls.kind == "edge":  # its edges' APIs find the node classes at either end among these
        for owner, rel in _connections_of(ctx, cls):
            if rel.direction == "outwards":  # what the edge view's own API reads the ends by
                extra[owner.view].add(spec_constant(owner, rel))
            for end in (owner, classes.get(rel.target) if rel.target is not None else None):
                if end is not None and end.kind != "edge":
                    extra[end.view].add(class_name(end))
    if has_query(cls):
        for _, target in hops(ctx, cls):  # a hop makes its target's query class
            typed[target.view].add(query_name(target))
        for edge in ctx.edge_classes_into.get(cls.view, []):  # the typed ``edge_filter``
            typed[edge.view].update((filters_name(edge), class_name(edge), filter_function(edge)))
    typed.pop(cls.view, None)
    extra.pop(cls.view, None)
    links = {view: set(names) for view, names in typed.items()}
    for view, names in extra.items():
        links.setdefault(view, set()).update(names)
    return dict(typed), links


def _connections_of(ctx: Context, edge_class: IRClass) -> list[tuple[IRClass, IRRelationship]]:
    """The edge connections (and the classes declaring them) with ``edge_class`` as edge view;
    the runtime's ``outwards_connections`` and ``class_for_view`` look their specs and end
    classes up in the edge class's module."""
    return ctx.edge_connections.get(edge_class.view, [])

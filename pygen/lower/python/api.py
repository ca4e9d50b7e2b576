"""Per view an ``InstanceAPI`` subclass whose methods spell out typed filters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import libcst as cst

from pygen.ir import IRClass, IREnum, IRList, IRPrimitive, IRProperty, IRReference

from . import _cst
from .api_members import edge_accessors, sync_method
from .context import Context
from .imports import ImportCollector
from .naming import (
    LANGUAGE,
    api_name,
    class_filter,
    class_name,
    client_attribute,
    field_name,
    filter_argument,
    filter_function,
    filters_name,
    list_name,
    sort_alias,
    spec_constant,
    view_constant,
    write_name,
)
from .query_class import has_query, query_class, query_method
from .types import RUNTIME, TypeMapper, enum_key

__all__ = ["api_body"]

_RANGED = frozenset({"int32", "int64", "float32", "float64", "timestamp", "date"})


@dataclass(frozen=True, slots=True)
class FilterParam:
    """One keyword filter argument: its name, annotation and doc, and the filter it builds:
    ``target.method(args.get(name))``, or for a range
    ``target.range(gte=args.get(low), lte=args.get(name))``; ``target`` is ``None`` for the
    lower bound of a range, which its upper bound's filter uses."""

    name: str
    annotation: cst.BaseExpression
    doc: str
    target: cst.BaseExpression | None
    method: str = "equals_or_in"
    low: str | None = None


def api_body(
    ctx: Context, classes: Sequence[IRClass], imports: ImportCollector
) -> list[cst.BaseStatement]:
    """Per class of ``classes``: the typed dict of its filter arguments, the function turning
    them into a filter, and the API class."""
    types = TypeMapper(imports, ctx.enum_aliases, ctx.classes)
    body: list[cst.BaseStatement] = []
    for cls in classes:
        params = _filter_params(ctx, cls, types, imports)
        body.extend(_sort_alias(ctx, cls, imports))
        body.append(_filters_class(ctx, cls, params, imports))
        body.append(_filter_function(ctx, cls, params, imports))
        if has_query(cls):
            body.extend(query_class(ctx, cls, imports))
        body.append(_api_class(ctx, cls, imports))
    return body


_BASE_SORT_NAMES = ("external_id", "space", "created_time", "last_updated_time", "version")


def sort_names(cls: IRClass) -> list[str]:
    """The field names the view's API sorts by: its single-valued text, number, boolean,
    timestamp, date and enum properties, then the instance fields every view has."""
    own = [field_name(prop) for prop in cls.sortable_properties()]
    return [*own, *_BASE_SORT_NAMES]


def _sort_alias(ctx: Context, cls: IRClass, imports: ImportCollector) -> list[cst.BaseStatement]:
    """``EquipmentSortField = Literal["name", "-name", ...]``: each sort name and its
    descending form, so a misspelt sort is a type error."""
    layout = ctx.layout(0)
    values = [form for name in sort_names(cls) for form in (name, f"-{name}")]
    literal = _cst.subscript(
        imports.use("typing", "Literal"), *[_cst.string(value) for value in values]
    )
    out: list[cst.BaseStatement] = [_cst.fit(_cst.assign(sort_alias(cls), literal), layout)]
    if ctx.settings.docstrings:
        doc = f"The names {class_name(cls)} sorts by; a leading ``-`` sorts descending."
        out.append(_cst.docstring(doc, layout))
    return out


def _filter_params(
    ctx: Context, cls: IRClass, types: TypeMapper, imports: ImportCollector
) -> list[FilterParam]:
    """The filter arguments of a view, named by the name plan (``filter_names`` in the IR):
    per property in CDF id order, then the relations, the edge ends, ``external_id_prefix``
    and ``space``."""
    view = _cst.name(view_constant(cls))
    imports.add(".data_classes", view_constant(cls))
    params: list[FilterParam] = []
    node = _cst.binary_or([imports.use(RUNTIME, "InstanceId"), _cst.name("str")])
    for prop in sorted(cls.properties, key=lambda p: p.id):
        if not prop.filter_names:
            continue
        name = field_name(prop)
        about = (prop.description or prop.display_name or prop.id).rstrip(".")
        target = _cst.call(_cst.attribute(view, "prop"), _cst.string(prop.id))
        given = prop.filter_names[LANGUAGE]
        item = prop.type
        if isinstance(item, IRList):
            assert isinstance(item.item, IRReference)
            params.extend(_multi_relation_params(prop, about, target, node, imports))
        elif isinstance(item, IRPrimitive) and item.kind == "text":
            params.append(
                FilterParam(
                    given["equals"],
                    _one_or_many(imports, _cst.name("str")),
                    f"{about}: this value, or any of these values.",
                    target,
                )
            )
            params.append(
                FilterParam(
                    given["prefix"],
                    _optional(_cst.name("str")),
                    f"``{name}`` starts with this text.",
                    target,
                    "prefix",
                )
            )
        elif isinstance(item, IRPrimitive) and item.kind in _RANGED:
            scalar = types.scalar(prop, item)
            low, high = given["min"], given["max"]
            params.append(FilterParam(low, _optional(scalar), f"{about}: at least this.", None))
            params.append(
                FilterParam(
                    high,
                    _optional(types.scalar(prop, item)),
                    f"``{name}`` is at most this.",
                    target,
                    "range",
                    low,
                )
            )
        elif isinstance(item, IRPrimitive) and item.kind == "boolean":
            params.append(
                FilterParam(
                    given["equals"], _optional(_cst.name("bool")), f"{about}: this value.", target
                )
            )
        elif isinstance(item, IREnum):
            params.append(
                FilterParam(
                    given["equals"],
                    _one_or_many(imports, types.scalar(prop, item)),
                    f"{about}: this value, or any of these values.",
                    target,
                )
            )
            imports.add(".data_classes", ctx.enum_aliases[enum_key(prop)])
        elif isinstance(item, IRReference):
            params.append(
                FilterParam(
                    given["equals"],
                    _one_or_many_or_filter(imports, node),
                    f"{about}: this node, or any of these nodes {_BARE}; or a filter on"
                    " the node (``nested``).",
                    target,
                    "references",
                )
            )
    params.extend(_connection_params(ctx, cls, imports))
    node_prop = imports.use(RUNTIME, "node_prop")
    kind = [_cst.string("edge")] if cls.kind == "edge" else []
    for end in _EDGE_ENDS if cls.kind == "edge" else ():
        where = "starts" if end == "start_node" else "ends"
        params.append(
            FilterParam(
                class_filter(cls, end),
                _one_or_many(imports, node),
                f"The edge {where} at this node, or any of these nodes {_BARE}.",
                _cst.call(node_prop, _cst.string(_EDGE_END_IDS[end]), *kind),
                "references",
            )
        )
    params.append(
        FilterParam(
            class_filter(cls, "external_id_prefix"),
            _optional(_cst.name("str")),
            "The external id starts with this text.",
            _cst.call(node_prop, _cst.string("externalId"), *kind),
            "prefix",
        )
    )
    params.append(
        FilterParam(
            class_filter(cls, "space"),
            _one_or_many(imports, _cst.name("str")),
            "The instance is in this space, or any of these spaces.",
            _cst.call(node_prop, _cst.string("space"), *kind),
        )
    )
    return params


_BARE = "(a bare external id is in the client's instance space)"
# the filter arguments of edge classes on the nodes at either end, and their CDF fields
_EDGE_ENDS = ("start_node", "end_node")
_EDGE_END_IDS = {"start_node": "startNode", "end_node": "endNode"}


def _multi_relation_params(
    prop: IRProperty,
    about: str,
    target: cst.BaseExpression,
    node: cst.BaseExpression,
    imports: ImportCollector,
) -> list[FilterParam]:
    """``<name>`` (``containsAny``) and ``<name>_all`` (``containsAll``) for a multi-valued
    direct relation."""
    sequence = _cst.subscript(imports.use("collections.abc", "Sequence"), node)
    return [
        FilterParam(
            filter_argument(prop, "equals"),
            _one_or_many_or_filter(imports, node),
            f"{about}: holds this node, or any of these nodes {_BARE}; or a filter"
            " on the nodes (resolved in two steps).",
            target,
            "references_any",
        ),
        FilterParam(
            filter_argument(prop, "all"),
            _optional(sequence),
            f"``{field_name(prop)}`` holds every one of these nodes.",
            target,
            "references_all",
        ),
    ]


def _optional(value: cst.BaseExpression) -> cst.BaseExpression:
    return _cst.binary_or([value, _cst.name("None")])


def _connection_params(ctx: Context, cls: IRClass, imports: ImportCollector) -> list[FilterParam]:
    """``<name>``: a filter on the nodes at the other end of each reverse relation and edge
    connection to a class of the model (``SITE_EQUIPMENT.matching(...)``)."""
    filter_type = _optional(imports.use(RUNTIME, "Filter"))
    params = []
    for rel in sorted(cls.relationships, key=lambda r: field_name(r)):
        if LANGUAGE not in rel.filter_names:  # the plan gives untyped relations none
            continue
        assert rel.target is not None
        target = ctx.classes[rel.target]
        constant = spec_constant(cls, rel)
        imports.add(".data_classes", constant)
        about = (rel.description or field_name(rel)).rstrip(".")
        params.append(
            FilterParam(
                filter_argument(rel, "matching"),
                filter_type,
                f"{about}: a filter on the related {class_name(target)} nodes; some must"
                " match (resolved in two steps).",
                _cst.name(constant),
                "matching",
            )
        )
    return params


def _one_or_many_or_filter(
    imports: ImportCollector, value: cst.BaseExpression
) -> cst.BaseExpression:
    """``OneOrMany[value] | Filter | None``: nodes, or a filter on the related nodes."""
    one_or_many = _cst.subscript(imports.use(RUNTIME, "OneOrMany"), value)
    return _cst.binary_or([one_or_many, imports.use(RUNTIME, "Filter"), _cst.name("None")])


def _one_or_many(imports: ImportCollector, value: cst.BaseExpression) -> cst.BaseExpression:
    one_or_many = _cst.subscript(imports.use(RUNTIME, "OneOrMany"), value)
    return _cst.binary_or([one_or_many, _cst.name("None")])


def _filters_class(
    ctx: Context, cls: IRClass, params: list[FilterParam], imports: ImportCollector
) -> cst.ClassDef:
    """``class EquipmentFilters(TypedDict, total=False)``: the filter arguments, declared once
    and taken by every method as ``**filters: Unpack[EquipmentFilters]``."""
    inner = ctx.layout(1)
    body: list[cst.BaseStatement] = []
    if ctx.settings.docstrings:
        noun = "edges" if cls.kind == "edge" else "nodes"
        lines = [
            f"Filter arguments for {class_name(cls)} {noun}: every one given must hold.",
            "",
            f"Every method of :class:`{api_name(cls)}` that finds {noun} takes them.",
            "",
            "Attributes:",
            *(f"    {p.name}: {p.doc}" for p in params),  # docstring() wraps long ones
        ]
        body.append(_cst.docstring("\n".join(lines), inner))
    fields = [_cst.fit(_cst.ann_assign(p.name, p.annotation), inner) for p in params]
    if body:
        fields[0] = _cst.blank_before(fields[0])
    body.extend(fields)
    bases: list[cst.BaseExpression | cst.Arg] = [
        imports.use("typing_extensions", "TypedDict"),
        _cst.arg(_cst.name("False"), "total"),
    ]
    return _cst.class_def(filters_name(cls), bases, body, ctx.layout())


def _filter_function(
    ctx: Context, cls: IRClass, params: list[FilterParam], imports: ImportCollector
) -> cst.FunctionDef:
    filter_type = imports.use(RUNTIME, "Filter")
    filters = _cst.name(filters_name(cls))
    builders: list[cst.BaseExpression] = []
    for p in params:
        if p.target is None:
            continue
        if p.method == "range":
            assert p.low is not None
            builders.append(
                _cst.call(
                    _cst.attribute(p.target, "range"),
                    _cst.arg(_given(p.low), "gte"),
                    _cst.arg(_given(p.name), "lte"),
                )
            )
        else:
            builders.append(_method(p.target, p.method, _given(p.name)))
    builders.append(_cst.name("filter"))
    check = _cst.expr_stmt(
        _cst.call(imports.use(RUNTIME, "check_filter_arguments"), _cst.name("args"), filters)
    )
    body = [
        check,
        _cst.fit(_cst.return_(_cst.call(imports.use(RUNTIME, "and_"), *builders)), ctx.layout(1)),
    ]
    return _cst.function_def(
        filter_function(cls),
        [_cst.param("args", filters), _cst.param("filter", _optional(filter_type))],
        body,
        returns=_optional(filter_type),
        layout=ctx.layout(),
    )


@lru_cache(maxsize=4096)
def _given(name: str) -> cst.Call:
    """``args.get("name")`` (one shared node per name)."""
    return _method(_cst.name("args"), "get", _cst.string(name))


def _method(target: cst.BaseExpression, method: str, *args: cst.BaseExpression) -> cst.Call:
    return _cst.call(_cst.attribute(target, method), *args)


def _api_class(ctx: Context, cls: IRClass, imports: ImportCollector) -> cst.ClassDef:
    inner = ctx.layout(1)
    read, listed = class_name(cls), list_name(cls)
    imports.add(".data_classes", read, listed)
    if cls.writable:
        imports.add(".data_classes", write_name(cls))
        write: cst.BaseExpression = _cst.name(write_name(cls))
    else:
        write = imports.use("typing", "NoReturn")
    base = _cst.subscript(
        imports.use(RUNTIME, "InstanceAPI"), write, _cst.name(read), _cst.name(listed)
    )
    noun = "edges" if cls.kind == "edge" else "nodes"
    body: list[cst.BaseStatement] = []
    if ctx.settings.docstrings:
        first = cls.description or cls.display_name or f"The {cls.view.external_id} view."
        note = f"The {noun} of the view ``{cls.view.space}:{cls.view.external_id}/{cls.view.version}``."
        if not cls.writable:
            note += " The view is read-only."
        body.append(_cst.docstring(f"{first}\n\n{note}", inner))
    class_vars = [
        _cst.assign("_view", _cst.name(view_constant(cls))),
        _cst.assign("_read_class", _cst.name(read)),
        _cst.assign("_list_class", _cst.name(listed)),
    ]
    if ctx.settings.docstrings:
        class_vars[0] = _cst.blank_before(class_vars[0])
    body.extend(class_vars)
    methods = [
        *_methods(ctx, cls, imports, noun),
        sync_method(ctx, cls, imports, noun),
        *([query_method(ctx, cls, imports)] if has_query(cls) else []),
        *edge_accessors(ctx, cls, imports),
    ]
    body.extend(_cst.blank_before(m) for m in methods)
    return _cst.class_def(api_name(cls), [base], body, ctx.layout())


EXAMPLE_CLIENT = "client"
"""The name the usage examples call the generated client by (docstring text, not code)."""


def _example(cls: IRClass, call: str, layout: _cst.Layout) -> list[str]:
    """The ``Example::`` section of an API method's docstring: the method called through the
    client's attribute for the view (from the name plan), e.g.
    ``client.work_order.list(limit=5)``; ``iterate`` gives a generator, so its example
    collects the pages. A line too long for the docstring loses its spaces (it holds no
    string with a space), as the docstring's wrapping would otherwise split the call."""
    text = f"{EXAMPLE_CLIENT}.{client_attribute(cls)}.{call}"
    if call.startswith("iterate("):
        text = f"pages = list({text})"
    if layout.indent + 4 + len(text) > layout.width:
        text = text.replace(" ", "")
    return ["", "Example::", "", f"    {text}"]


def _filter_call(cls: IRClass) -> cst.Call:
    return _cst.call(filter_function(cls), _cst.name("filters"), _cst.name("filter"))


def _methods(
    ctx: Context, cls: IRClass, imports: ImportCollector, noun: str
) -> list[cst.FunctionDef]:
    layout, inner = ctx.layout(1), ctx.layout(2)
    listed = _cst.name(list_name(cls))
    read = class_name(cls)
    filter_type = imports.use(RUNTIME, "Filter")
    filter_param = _cst.param("filter", _optional(filter_type), _cst.name("None"))
    filters_param = _cst.param(
        "filters",
        _cst.subscript(imports.use("typing_extensions", "Unpack"), _cst.name(filters_name(cls))),
    )
    sort_arg = _cst.subscript(imports.use(RUNTIME, "SortBy"), _cst.name(sort_alias(cls)))
    default_limit = imports.use(RUNTIME, "DEFAULT_LIMIT")
    filters_doc = (
        f"**filters: Filter arguments (:class:`{filters_name(cls)}`); every one given must hold."
    )
    first_sort = sort_names(cls)[0]
    sort_doc = f'sort: Field names to sort by (:data:`{sort_alias(cls)}`); ``"-{first_sort}"`` sorts descending.'
    methods = []

    def doc(
        summary: str, extra_before: list[str], extra_after: list[str], example: str
    ) -> list[cst.SimpleStatementLine]:
        if not ctx.settings.docstrings:
            return []
        lines = [summary, "", "Args:"]
        filter_doc = "filter: Any other filter, combined with the filter arguments."
        args = [*extra_before, filter_doc, *extra_after, filters_doc]
        lines.extend(f"    {line}" for line in args)
        if ctx.settings.examples:
            lines.extend(_example(cls, example, inner))
        return [_cst.docstring("\n".join(lines), inner)]

    def super_call(
        method: str, *positional: cst.BaseExpression, **kwargs: cst.BaseExpression
    ) -> cst.Call:
        target = _cst.attribute(_cst.call("super"), method)
        return _cst.call(target, *positional, filter=_filter_call(cls), **kwargs)

    methods.append(
        _cst.function_def(
            "list",
            [_cst.param("self")],
            [
                *doc(
                    f"List {read} {noun}, narrowed by the filter arguments.",
                    [],
                    [
                        sort_doc,
                        "limit: The most to return; ``None`` returns all.",
                        'expand: ``"none"`` reads properties only, ``"ids"`` also edges and',
                        "    reverse relations as ids, a depth typed nested objects (see",
                        "    ``Expand``).",
                    ],
                    "list(limit=5)",
                ),
                _cst.fit(
                    _cst.return_(
                        super_call(
                            "list",
                            sort=_cst.name("sort"),
                            limit=_cst.name("limit"),
                            expand=_cst.name("expand"),
                        )
                    ),
                    inner,
                ),
            ],
            returns=listed,
            kwonly=[
                filter_param,
                _cst.param("sort", sort_arg, _cst.name("None")),
                _cst.param("limit", _optional(_cst.name("int")), default_limit),
                _cst.param("expand", imports.use(RUNTIME, "ExpandArg"), _cst.string("none")),
            ],
            star_kwarg=filters_param,
            layout=layout,
        )
    )
    iterator = _cst.subscript(imports.use("collections.abc", "Iterator"), listed)
    methods.append(
        _cst.function_def(
            "iterate",
            [_cst.param("self"), _cst.param("chunk_size", _cst.name("int"), _cst.int_(1000))],
            [
                *doc(
                    f"Yield pages of {read} {noun}, fetching each page only when it is needed.",
                    ["chunk_size: Instances per page, at most 1,000."],
                    [
                        sort_doc,
                        "limit: The most to yield in all; ``None`` yields all.",
                        "cursor: Resume a listing where a previous page ended.",
                    ],
                    "iterate(chunk_size=10, limit=20)",
                ),
                _cst.fit(
                    _cst.return_(
                        super_call(
                            "iterate",
                            _cst.name("chunk_size"),
                            sort=_cst.name("sort"),
                            limit=_cst.name("limit"),
                            cursor=_cst.name("cursor"),
                        )
                    ),
                    inner,
                ),
            ],
            returns=iterator,
            kwonly=[
                filter_param,
                _cst.param("sort", sort_arg, _cst.name("None")),
                _cst.param("limit", _optional(_cst.name("int")), _cst.name("None")),
                _cst.param("cursor", _optional(_cst.name("str")), _cst.name("None")),
            ],
            star_kwarg=filters_param,
            layout=layout,
        )
    )
    literal = _cst.subscript(
        imports.use("typing", "Literal"), _cst.string("AND"), _cst.string("OR")
    )
    sequence_str = _cst.subscript(imports.use("collections.abc", "Sequence"), _cst.name("str"))
    methods.append(
        _cst.function_def(
            "search",
            [
                _cst.param("self"),
                _cst.param("query", _optional(_cst.name("str")), _cst.name("None")),
            ],
            [
                *doc(
                    f"Search {read} {noun} by free text, narrowed by the given filters.",
                    [
                        "query: The text to look for.",
                        "properties: Field names to search in; all text fields by default.",
                    ],
                    [
                        "operator: ``AND`` to require every word of the query, ``OR`` for any.",
                        "limit: The most to return, at most 1,000.",
                    ],
                    "search(limit=5)",
                ),
                _cst.fit(
                    _cst.return_(
                        super_call(
                            "search",
                            _cst.name("query"),
                            properties=_cst.name("properties"),
                            operator=_cst.name("operator"),
                            limit=_cst.name("limit"),
                        )
                    ),
                    inner,
                ),
            ],
            returns=listed,
            kwonly=[
                _cst.param("properties", _optional(sequence_str), _cst.name("None")),
                filter_param,
                _cst.param("operator", literal, _cst.string("OR")),
                _cst.param("limit", _cst.name("int"), default_limit),
            ],
            star_kwarg=filters_param,
            layout=layout,
        )
    )
    # super_call puts filter= first; search's positional query comes before it
    count_call = _cst.call(
        _cst.attribute(_cst.name("self"), "aggregate"),
        _cst.string("count"),
        filter=_filter_call(cls),
    )
    methods.append(
        _cst.function_def(
            "count",
            [_cst.param("self")],
            [
                *doc(f"Count the {read} {noun} that match the given filters.", [], [], "count()"),
                _cst.fit(_cst.assign("value", count_call), inner),
                _cst.fit(
                    _cst.return_(
                        _cst.call(
                            "int",
                            _cst.either(_cst.name("value"), _cst.int_(0)),
                        )
                    ),
                    inner,
                ),
            ],
            returns=_cst.name("int"),
            kwonly=[filter_param],
            star_kwarg=filters_param,
            layout=layout,
        )
    )
    return methods

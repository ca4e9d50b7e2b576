"""Data classes: per view a read, a write and a list class; enums; connection specs."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import libcst as cst

from pygen.ir import IRClass, IREnum, IRList, IRPrimitive, IRProperty, IRRelationship, IRViewId

from . import _cst
from .context import Context, members
from .imports import ImportCollector
from .naming import (
    class_name,
    field_name,
    list_name,
    shared_aliases,
    spec_constant,
    view_constant,
    write_name,
)
from .types import RUNTIME, TypeMapper, enum_key

__all__ = ["data_classes_body", "data_classes_preamble"]

_KINDS_NOTE = {"timeseries": "time series", "file": "file", "sequence": "sequence"}


def data_classes_preamble(ctx: Context, imports: ImportCollector) -> list[cst.BaseStatement]:
    """Module constants: a ``ViewRef`` per view, enum aliases, edge and reverse specs."""
    top = ctx.layout()
    return [
        *_view_constants(ctx, imports, top),
        *_enum_aliases(ctx, imports, top),
        *_specs(ctx, imports, top),
    ]


def data_classes_body(
    ctx: Context, classes: Sequence[IRClass], imports: ImportCollector
) -> list[cst.BaseStatement]:
    """The write, read and list classes of ``classes``."""
    types = TypeMapper(imports, ctx.enum_aliases, ctx.classes)
    body: list[cst.BaseStatement] = []
    for cls in classes:
        if cls.writable:
            body.append(_write_class(ctx, cls, types, imports))
        body.append(_read_class(ctx, cls, types, imports))
        body.append(_list_class(ctx, cls, imports))
    return body


def _assemble(
    ctx: Context, doc: str, imports: ImportCollector, body: list[cst.BaseStatement]
) -> cst.Module:
    """Header, docstring, imports and body, with black's blank lines between them."""
    top = ctx.layout()
    statements: list[cst.SimpleStatementLine | cst.BaseCompoundStatement] = [
        _cst.docstring(doc.format(model=", ".join(m.external_id for m in ctx.ir.models)), top)
    ]
    import_lines = imports.statements(top)
    for index, line in enumerate(import_lines):
        assert isinstance(line, cst.SimpleStatementLine)
        statements.append(_cst.blank_before(line) if index == 0 else line)
    previous_compound = False
    for index, statement in enumerate(body):
        compound = isinstance(statement, cst.ClassDef | cst.FunctionDef)
        if compound or previous_compound:
            blank = 2
        elif index == 0:
            blank = 1
        else:
            blank = statement_blank(statement)
        assert isinstance(statement, cst.SimpleStatementLine | cst.BaseCompoundStatement)
        statements.append(_cst.blank_before(statement, blank))
        previous_compound = compound
    return _cst.module(statements, header=_cst.comment_lines(ctx.header()))


def statement_blank(statement: cst.BaseStatement) -> int:
    """Blank lines before a simple statement: those that ask for one keep it."""
    return len(getattr(statement, "leading_lines", ()))


def _blank_before(statement: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
    return _cst.blank_before(statement)


def _view_constants(
    ctx: Context,
    imports: ImportCollector,
    layout: _cst.Layout,
    classes: Sequence[IRClass] | None = None,
) -> list[cst.BaseStatement]:
    view_ref = imports.use(RUNTIME, "ViewRef")
    return [
        _cst.fit(_cst.assign(view_constant(cls), _view_ref(view_ref, cls.view)), layout)
        for cls in (ctx.ir.classes if classes is None else classes)
    ]


def _view_ref(view_ref: cst.Name, view: IRViewId) -> cst.Call:
    return _cst.call(
        view_ref, _cst.string(view.space), _cst.string(view.external_id), _cst.string(view.version)
    )


def _enum_aliases(
    ctx: Context,
    imports: ImportCollector,
    layout: _cst.Layout,
    classes: Sequence[IRClass] | None = None,
) -> list[cst.BaseStatement]:
    out: list[cst.BaseStatement] = []
    done: set[tuple[str, str, str]] = set()
    for cls in ctx.ir.classes if classes is None else classes:
        for prop in cls.properties:
            item = prop.type.item if isinstance(prop.type, IRList) else prop.type
            if not isinstance(item, IREnum) or enum_key(prop) in done:
                continue
            done.add(enum_key(prop))
            literal = _cst.subscript(
                imports.use("typing", "Literal"), *[_cst.string(v.value) for v in item.values]
            )
            alias = _cst.fit(_cst.assign(ctx.enum_aliases[enum_key(prop)], literal), layout)
            out.append(_blank_before(alias))
            if ctx.settings.docstrings:
                out.append(_cst.docstring(_enum_doc(prop, item), layout))
    return out


def _enum_doc(prop: IRProperty, enum: IREnum) -> str:
    lines = [prop.description or prop.display_name or f"The values of {prop.id}."]
    described = [v for v in enum.values if v.description or v.name]
    if described:
        lines.append("")
        lines.extend(f"- ``{v.value}``: {v.description or v.name}" for v in described)
    return "\n".join(lines)


def _specs(
    ctx: Context,
    imports: ImportCollector,
    layout: _cst.Layout,
    classes: Sequence[IRClass] | None = None,
) -> list[cst.BaseStatement]:
    out: list[cst.BaseStatement] = []
    for cls in ctx.ir.classes if classes is None else classes:
        for rel in cls.relationships:
            if rel.kind == "reverse":
                out.append(
                    _cst.fit(
                        _cst.assign(spec_constant(cls, rel), _reverse_spec(ctx, rel, imports)),
                        layout,
                    )
                )
            elif rel.kind == "edge":
                out.append(
                    _cst.fit(
                        _cst.assign(spec_constant(cls, rel), _edge_spec(ctx, rel, imports)), layout
                    )
                )
    if out:
        out[0] = _blank_before(out[0])  # type: ignore[arg-type]
    return out


def view_expression(ctx: Context, view: IRViewId | None) -> cst.BaseExpression:
    """The constant of a view of the model, or ``None``.

    Generated code names no view outside the model: the SDK is used against a project where
    only the model's views are sure to exist, and a request naming another view fails (400).
    The IR resolves every reference to a class of the model or to ``None``.
    """
    if view is None:
        return _cst.name("None")
    cls = ctx.classes.get(view)
    if cls is None:
        raise ValueError(f"{view.key} is not a class of the model: the IR must resolve it")
    return _cst.name(view_constant(cls))


def _reverse_spec(ctx: Context, rel: IRRelationship, imports: ImportCollector) -> cst.Call:
    assert rel.through is not None
    kwargs: dict[str, cst.BaseExpression] = {}
    if not rel.multi:
        kwargs["multi"] = _cst.name("False")
    if _through_is_list(ctx, rel):
        kwargs["through_is_list"] = _cst.name("True")
    return _cst.call(
        imports.use(RUNTIME, "ReverseSpec"),
        _cst.string(rel.id),
        view_expression(ctx, rel.through.view or rel.target),
        _cst.string(rel.through.property),
        **kwargs,
    )


def _through_is_list(ctx: Context, rel: IRRelationship) -> bool:
    assert rel.through is not None
    holder = ctx.classes.get(rel.through.view) if rel.through.view is not None else None
    if holder is None:
        return False
    for prop in holder.properties:
        if prop.id == rel.through.property:
            return isinstance(prop.type, IRList)
    return False


def _edge_spec(ctx: Context, rel: IRRelationship, imports: ImportCollector) -> cst.Call:
    assert rel.edge_type is not None and rel.direction is not None
    edge_type = _cst.call(
        imports.use(RUNTIME, "InstanceId"),
        _cst.string(rel.edge_type.space),
        _cst.string(rel.edge_type.external_id),
    )
    kwargs: dict[str, cst.BaseExpression] = {}
    if not rel.multi:
        kwargs["multi"] = _cst.name("False")
    return _cst.call(
        imports.use(RUNTIME, "EdgeSpec"),
        _cst.string(rel.id),
        edge_type,
        _cst.string(rel.direction),
        view_expression(ctx, rel.edge_class),
        view_expression(ctx, rel.target),
        **kwargs,
    )


def _class_doc(cls: IRClass, line: str) -> str:
    first = cls.description or cls.display_name or f"The {cls.view.external_id} view."
    return f"{first}\n\n{line}"


def _view_label(cls: IRClass) -> str:
    return f"``{cls.view.space}:{cls.view.external_id}/{cls.view.version}``"


def _write_class(
    ctx: Context, cls: IRClass, types: TypeMapper, imports: ImportCollector
) -> cst.ClassDef:
    inner = ctx.layout(1)
    base = "EdgeWrite" if cls.kind == "edge" else "NodeWrite"
    class_vars = [_cst.assign("_view", _cst.name(view_constant(cls)))]
    relations = [field_name(p) for p in cls.properties if p.is_relation]
    if relations:
        class_vars.append(
            _cst.fit(
                _cst.assign("_direct_relations", _cst.tuple_([_cst.string(n) for n in relations])),
                inner,
            )
        )
    class_vars.extend(_spec_maps(cls, ("edge",), inner))
    fields: list[cst.SimpleStatementLine] = []
    if cls.node_type is not None and cls.kind != "edge":
        fields.extend(_node_type_field(ctx, cls, imports, inner))
    shared = shared_aliases(cls)
    for member in members(cls):
        if isinstance(member, IRRelationship) and member.kind == "reverse":
            continue
        fields.extend(_write_field(ctx, cls, member, types, imports, inner, shared))
    doc = f"Write form of the view {_view_label(cls)}."
    return _view_class(
        ctx, cls, write_name(cls), imports.use(RUNTIME, base), doc, class_vars, fields
    )


def _node_type_field(
    ctx: Context, cls: IRClass, imports: ImportCollector, layout: _cst.Layout
) -> list[cst.SimpleStatementLine]:
    """``node_type`` defaulting to the type the view's filter requires."""
    assert cls.node_type is not None
    instance_id = imports.use(RUNTIME, "InstanceId")
    default = _cst.call(
        instance_id, _cst.string(cls.node_type.space), _cst.string(cls.node_type.external_id)
    )
    value = _cst.call(imports.use("pydantic", "Field"), default, alias=_cst.string("type"))
    annotation = _cst.binary_or([instance_id, _cst.name("None")])
    line = _cst.fit(_cst.ann_assign("node_type", annotation, value), layout)
    if not ctx.settings.docstrings:
        return [line]
    doc = "The node's type; the view lists only nodes of this type."
    return [line, _cst.docstring(doc, layout)]


def _read_class(
    ctx: Context, cls: IRClass, types: TypeMapper, imports: ImportCollector
) -> cst.ClassDef:
    inner = ctx.layout(1)
    base = "Edge" if cls.kind == "edge" else "Node"
    class_vars = [_cst.assign("_view", _cst.name(view_constant(cls)))]
    if cls.writable:
        class_vars.append(_cst.assign("_write_class", _cst.name(write_name(cls))))
    class_vars.extend(_spec_maps(cls, ("edge", "reverse"), inner))
    fields: list[cst.SimpleStatementLine] = []
    view = _cst.name(view_constant(cls))
    for member in members(cls):
        fields.extend(_read_field(ctx, cls, member, view, types, imports, inner))
    doc = f"Read from the view {_view_label(cls)}."
    if not cls.writable:
        doc += " The view is read-only."
    return _view_class(
        ctx, cls, class_name(cls), imports.use(RUNTIME, base), doc, class_vars, fields
    )


def _view_class(
    ctx: Context,
    cls: IRClass,
    name: str,
    base: cst.BaseExpression,
    doc_line: str,
    class_vars: list[cst.SimpleStatementLine],
    fields: list[cst.SimpleStatementLine],
) -> cst.ClassDef:
    """A read or write class: docstring, class variables, then the fields, blank-separated."""
    body: list[cst.BaseStatement] = []
    if ctx.settings.docstrings:
        body.append(_cst.docstring(_class_doc(cls, doc_line), ctx.layout(1)))
    body.extend(_first_blank(class_vars, ctx.settings.docstrings))
    body.extend(_first_blank(fields, True))
    return _cst.class_def(name, [base], body)


def _spec_maps(
    cls: IRClass, kinds: tuple[str, ...], layout: _cst.Layout
) -> list[cst.SimpleStatementLine]:
    """``_edges = {...}`` and/or ``_reverse = {...}`` for the class's connections of ``kinds``."""
    maps = []
    for kind, target in (("edge", "_edges"), ("reverse", "_reverse")):
        rels = [rel for rel in cls.relationships if rel.kind == kind]
        if kind in kinds and rels:
            maps.append(_spec_map(target, cls, rels, layout))
    return maps


def _list_class(ctx: Context, cls: IRClass, imports: ImportCollector) -> cst.ClassDef:
    noun = "edges" if cls.kind == "edge" else "nodes"
    body: list[cst.BaseStatement] = []
    if ctx.settings.docstrings:
        body.append(_cst.docstring(f"A list of ``{class_name(cls)}`` {noun}.", ctx.layout(1)))
    base = _cst.subscript(imports.use(RUNTIME, "InstanceList"), _cst.name(class_name(cls)))
    return _cst.class_def(list_name(cls), [base], body, ctx.layout())


def _first_blank(
    statements: list[cst.SimpleStatementLine], blank: bool
) -> list[cst.SimpleStatementLine]:
    """Put one blank line before the first statement (when ``blank``)."""
    if statements and blank:
        statements[0] = _blank_before(statements[0])
    return statements


def _spec_map(
    target: str, cls: IRClass, rels: list[IRRelationship], layout: _cst.Layout
) -> cst.SimpleStatementLine:
    entries = [(_cst.string(field_name(rel)), _cst.name(spec_constant(cls, rel))) for rel in rels]
    return _cst.fit(_cst.assign(target, _cst.dict_(entries)), layout)


def _member_doc(ctx: Context, member: IRProperty | IRRelationship) -> str:
    text = member.description or member.display_name or member.id
    if isinstance(member, IRProperty):
        kind = _reference_kind(member)
        if kind is not None:
            plural = isinstance(member.type, IRList)
            what = f"{_KINDS_NOTE[kind]} external id{'s' if plural else ''}"
            text = f"{text.rstrip('.')} ({what})."
    elif member.kind == "reverse" and member.through is not None:
        holder = ctx.classes.get(member.through.view) if member.through.view else None
        owner = (
            class_name(holder)
            if holder is not None
            else (member.through.view.external_id if member.through.view else "?")
        )
        text = f"{text.rstrip('.')} (reverse of ``{owner}.{member.through.property}``)."
    return text


def _reference_kind(prop: IRProperty) -> str | None:
    item = prop.type.item if isinstance(prop.type, IRList) else prop.type
    if isinstance(item, IRPrimitive) and item.kind in _KINDS_NOTE:
        return item.kind
    return None


def _field_doc(
    ctx: Context, member: IRProperty | IRRelationship, layout: _cst.Layout
) -> list[cst.SimpleStatementLine]:
    if not ctx.settings.docstrings:
        return []
    return [_cst.docstring(_member_doc(ctx, member), layout)]


def _default_value(prop: IRProperty) -> cst.BaseExpression:
    value = prop.default
    if value is None:
        return _cst.name("None")
    if isinstance(value, bool):
        return _cst.name("True" if value else "False")
    if isinstance(value, int):
        return _cst.int_(value)
    if isinstance(value, float):
        return _cst.float_(value)
    if isinstance(value, str):
        return _cst.string(value)
    return _cst.name("None")  # objects as defaults are left to the server


def _write_field(
    ctx: Context,
    cls: IRClass,
    member: IRProperty | IRRelationship,
    types: TypeMapper,
    imports: ImportCollector,
    layout: _cst.Layout,
    shared: frozenset[str],
) -> list[cst.SimpleStatementLine]:
    name = field_name(member)
    if isinstance(member, IRProperty):
        annotation = types.write(member)
        required = member.required
        default: cst.BaseExpression | None = None if required else _default_value(member)
        if (
            isinstance(member.type, IRPrimitive)
            and member.type.kind == "json"
            and default is not None
        ):
            default = _cst.name("None")
    else:
        annotation = _edge_write_annotation(ctx, member, types, imports)
        default = _cst.name("None")
    value: cst.BaseExpression | None = default
    if name != member.id:
        field = imports.use("pydantic", "Field")
        args: list[cst.BaseExpression | cst.Arg] = [] if default is None else [default]
        args.append(_cst.arg(_cst.string(member.id), "alias"))
        if member.id in shared:  # given by name only (see shared_aliases)
            args.append(_cst.arg(_cst.string(name), "validation_alias"))
        value = _cst.call(field, *args)
    if isinstance(member, IRRelationship) or member.is_relation:  # may name a later class
        annotation = quote_forward(ctx, annotation, ctx.class_positions[write_name(cls)])
    line = _cst.fit(_cst.ann_assign(name, annotation, value), layout)
    return [line, *_field_doc(ctx, member, layout)]


def _edge_write_annotation(
    ctx: Context, rel: IRRelationship, types: TypeMapper, imports: ImportCollector
) -> cst.BaseExpression:
    items: list[cst.BaseExpression] = [
        imports.use(RUNTIME, "InstanceId"),
        *types.write_targets(rel.target),
    ]
    edge_class = ctx.classes.get(rel.edge_class) if rel.edge_class is not None else None
    if edge_class is not None and edge_class.writable:
        items.append(_cst.name(write_name(edge_class)))
    items.append(_cst.name("str"))  # a bare external id, in the client's instance space
    value = _cst.binary_or(items)
    if rel.multi:
        value = _cst.subscript("list", value)
    return _cst.binary_or([value, _cst.name("None")])


def _read_field(
    ctx: Context,
    cls: IRClass,
    member: IRProperty | IRRelationship,
    view: cst.Name,
    types: TypeMapper,
    imports: ImportCollector,
    layout: _cst.Layout,
) -> list[cst.SimpleStatementLine]:
    name = field_name(member)
    if isinstance(member, IRProperty):
        annotation = types.read(member)
        args: list[cst.BaseExpression] = [_cst.string(member.id)]
        if member.nullable:
            args.append(_cst.name("None"))
        value: cst.BaseExpression = _cst.call(_cst.attribute(view, "field"), *args)
    else:
        annotation = _relation_read_annotation(ctx, member, types, imports)
        value = _cst.name("None")
    annotation = quote_forward(ctx, annotation, ctx.class_positions[class_name(cls)])
    line = _cst.fit(_cst.ann_assign(name, annotation, value), layout)
    return [line, *_field_doc(ctx, member, layout)]


def quote_forward(
    ctx: Context, annotation: cst.BaseExpression, position: int
) -> cst.BaseExpression:
    """``annotation`` as a string when it names a class defined at or after ``position``.

    Data-class modules evaluate annotations at import (they do not use
    ``from __future__ import annotations``): pydantic would otherwise compile every annotation
    from its string, which was a third of the import time of a large SDK. Only forward
    references are left as strings, for pydantic to resolve when the class is first used.
    """
    positions = ctx.class_positions
    if any(positions.get(used, -1) >= position for used in _names_in(annotation)):
        return _cst.string(_cst.code(annotation))
    return annotation


@lru_cache(maxsize=1 << 12)
def _names_in(node: cst.BaseExpression) -> tuple[str, ...]:
    """The names an annotation is built from (``list[A | B] | None``: list, A, B, None), once
    per annotation node (they are shared: :func:`._cst.subscript`)."""
    kind = type(node)  # ``type() is``: libcst's ABCs make ``isinstance`` slow
    if kind is cst.Name:
        return (node.value,)  # type: ignore[attr-defined]
    if kind is cst.BinaryOperation:
        return _names_in(node.left) + _names_in(node.right)  # type: ignore[attr-defined]
    if kind is cst.Subscript:
        found = list(_names_in(node.value))  # type: ignore[attr-defined]
        for element in node.slice:  # type: ignore[attr-defined]
            if type(element.slice) is cst.Index:
                found.extend(_names_in(element.slice.value))
        return tuple(found)
    return ()


def _relation_read_annotation(
    ctx: Context, rel: IRRelationship, types: TypeMapper, imports: ImportCollector
) -> cst.BaseExpression:
    """Edges with properties read as the edge class; other edges and reverse relations as
    ``Expandable[Target]`` (ids, or objects when read with ``expand``), or ``InstanceId`` when
    the target is not a class of the model."""
    edge_class = (
        ctx.classes.get(rel.edge_class)
        if rel.kind == "edge" and rel.edge_class is not None
        else None
    )
    item: cst.BaseExpression = (
        _cst.name(class_name(edge_class))
        if edge_class is not None
        else types.expandable(rel.target) or imports.use(RUNTIME, "InstanceId")
    )
    if rel.multi:
        item = _cst.subscript("list", item)
    return _cst.binary_or([item, _cst.name("None")])

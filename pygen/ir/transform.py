"""IR -> IR: resolve references, flatten inheritance, order classes, and name everything.

:func:`transform` is pure and idempotent (``transform(transform(ir)) == transform(ir)``):

1. **Resolve parents**: a parent that is not a class of the model is dropped.
2. **Order**: parents before children, ties in (space, externalId, version) order.
3. **Flatten**: each class gets the properties and relationships of its ancestors that it
   does not list itself; every member's ``source_view`` names the ancestor that introduces it
   (a member is inherited when a parent has one with the same CDF id; the class's own
   definition wins).
4. **Resolve relationships**: a reverse relation whose direct relation is held by a view that
   is not a class of the model is left out (it cannot be read); a target that is not a class,
   or is a class used only for edges, becomes ``None`` (the lowering emits an untyped node
   reference); an edge class that is not a class, or is used only for nodes, becomes ``None``
   (edges without properties). Generated code names no view outside the model.
5. **Name**: :func:`pygen.naming.plan_names` gives every class, module and member a unique name
   per convention; one module per class.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from pygen._graph import topological_order
from pygen.naming import (
    DEFAULT_CONVENTIONS,
    ClassSpec,
    FilterShape,
    NamePlan,
    NamingConvention,
    plan_names,
    scalar_filter_shape,
)

from .nodes import (
    IRClass,
    IREnum,
    IRList,
    IRMetadata,
    IRModel,
    IRModule,
    IRProperty,
    IRReference,
    IRRelationship,
    IRType,
    IRViewId,
    LanguageMap,
)

__all__ = [
    "affected_classes",
    "retransform",
    "transform",
    "transform_with_plan",
    "with_classes",
]


def transform(
    ir: IRModel, conventions: Sequence[NamingConvention] = DEFAULT_CONVENTIONS
) -> IRModel:
    """Resolve, flatten, order and name ``ir`` (see the module docstring)."""
    return transform_with_plan(ir, conventions)[0]


def transform_with_plan(
    ir: IRModel, conventions: Sequence[NamingConvention] = DEFAULT_CONVENTIONS
) -> tuple[IRModel, NamePlan]:
    """:func:`transform`, and the name plan it named the classes with (which
    :func:`retransform` takes)."""
    index = {cls.view: cls for cls in ir.classes}
    index = {view: _drop_unreadable(cls, index) for view, cls in index.items()}
    parents = {
        view: tuple(dict.fromkeys(p for p in cls.parents if p in index and p != view))
        for view, cls in index.items()
    }
    order = topological_order(index, parents, key=lambda view: view.key)
    flat: dict[IRViewId, IRClass] = {}
    for view in order:
        flat[view] = _flatten(index[view], parents[view], flat)
    specs = [_spec(flat[view], index) for view in order]
    plan = plan_names(specs, conventions, ir.model.external_id)
    maps = _Maps()
    classes = tuple(_finish(flat[view], index, plan, maps) for view in order)
    modules = tuple(
        IRModule(names=LanguageMap.of(plan.modules.get(view.key, {})), classes=(view,))
        for view in order
    )
    transformed = attrs.evolve(
        ir,
        names=maps.nested(plan.model),
        classes=classes,
        modules=modules,
        metadata=IRMetadata(
            pygen_version=ir.metadata.pygen_version,
            source_hash=ir.metadata.source_hash,
            languages=tuple(convention.language for convention in conventions),
        ),
    )
    return transformed, plan


def affected_classes(
    ir: IRModel, changed: set[IRViewId]
) -> tuple[frozenset[IRViewId], frozenset[IRViewId]]:
    """Which classes of the transformed ``ir`` a change to the views ``changed`` reaches.

    Returns:
        The classes to build again (the changed ones that are classes, and every class
        inheriting from one: flattening copies members down), and the views whose parse
        that needs (those, and all their ancestors).
    """
    children: dict[IRViewId, list[IRViewId]] = {}
    for cls in ir.classes:
        for parent in cls.parents:
            children.setdefault(parent, []).append(cls.view)
    known = {cls.view: cls for cls in ir.classes}
    redo = _closure({view for view in changed if view in known}, children)
    parents = {view: list(cls.parents) for view, cls in known.items()}
    return frozenset(redo), frozenset(_closure(set(redo), parents))


def _closure(start: set[IRViewId], edges: dict[IRViewId, list[IRViewId]]) -> set[IRViewId]:
    seen = set(start)
    queue = list(start)
    while queue:
        for following in edges.get(queue.pop(), ()):
            if following not in seen:
                seen.add(following)
                queue.append(following)
    return seen


def retransform(
    ir: IRModel,
    plan: NamePlan,
    parsed: dict[IRViewId, IRClass],
    redo: frozenset[IRViewId],
    source_hash: str,
) -> IRModel:
    """The transformed ``ir`` with the classes ``redo`` built again from ``parsed`` (their
    new parse, and their ancestors'), named by ``plan``, the plan ``ir`` was named with.

    Right only when the model differs from the one ``ir`` came from in what naming,
    validation and resolving never read (descriptions, display names): then the classes,
    their order, parents, kinds and names are ``ir``'s, and only the members' text changes.
    ``redo`` and the views ``parsed`` must be :func:`affected_classes` of the changed views.
    """
    index = {cls.view: cls for cls in ir.classes}  # kinds and presence, as transform's index
    flat: dict[IRViewId, IRClass] = {}
    for cls in ir.classes:  # parents first: transform's order
        if cls.view in parsed:
            own = _drop_unreadable(parsed[cls.view], index)
            parents = tuple(dict.fromkeys(p for p in own.parents if p in index and p != cls.view))
            flat[cls.view] = _flatten(own, parents, flat)
    maps = _Maps()
    classes = tuple(
        _finish(flat[cls.view], index, plan, maps) if cls.view in redo else cls
        for cls in ir.classes
    )
    return with_classes(ir, [cls for cls in classes if cls.view in redo], source_hash)


def with_classes(ir: IRModel, classes: Sequence[IRClass], source_hash: str) -> IRModel:
    """``ir`` with ``classes`` in place of its classes of the same views, and ``source_hash``."""
    if not classes and source_hash == ir.metadata.source_hash:
        return ir
    replaced = {cls.view: cls for cls in classes}
    return attrs.evolve(
        ir,
        classes=tuple(replaced.get(cls.view, cls) for cls in ir.classes),
        metadata=attrs.evolve(ir.metadata, source_hash=source_hash),
    )


def _drop_unreadable(cls: IRClass, index: dict[IRViewId, IRClass]) -> IRClass:
    """Leave out the reverse relations that cannot be read: the view holding their direct
    relation (or, through a container, their source view) is not a class of the model.

    Reading one lists the nodes of that view, and a request naming a view that is not in the
    model fails; validation reports these (PYG036) and leaves them out of the filtered model.
    """
    kept = tuple(
        rel
        for rel in cls.relationships
        if rel.kind != "reverse" or _reverse_source(rel, index) is not None
    )
    if len(kept) == len(cls.relationships):
        return cls
    return attrs.evolve(cls, relationships=kept)


def _reverse_source(rel: IRRelationship, index: dict[IRViewId, IRClass]) -> IRViewId | None:
    assert rel.through is not None
    if rel.through.view is not None:
        return rel.through.view if rel.through.view in index else None
    return _node_class(rel.declared_target, index)


def _ancestors(
    parents: tuple[IRViewId, ...], flat: dict[IRViewId, IRClass]
) -> tuple[IRViewId, ...]:
    seen: dict[IRViewId, None] = {}
    for parent in parents:
        seen.setdefault(parent, None)
    for parent in parents:
        done = flat.get(parent)
        for ancestor in done.ancestors if done is not None else ():
            seen.setdefault(ancestor, None)
    return tuple(seen)


Member = tuple[IRProperty | None, IRRelationship | None]
"""A CDF property of a class: its stored part, its relationship part, or both (direct)."""


def _members(cls: IRClass) -> dict[str, Member]:
    members: dict[str, Member] = {prop.id: (prop, None) for prop in cls.properties}
    for rel in cls.relationships:
        members[rel.id] = (members.get(rel.id, (None, None))[0], rel)
    return members


def _source(member: Member) -> IRViewId:
    prop, rel = member
    if prop is not None:
        return prop.source_view
    assert rel is not None
    return rel.source_view


def _same_kind(a: Member, b: Member) -> bool:
    kind_a = a[1].kind if a[1] is not None else None
    kind_b = b[1].kind if b[1] is not None else None
    return (a[0] is None) == (b[0] is None) and kind_a == kind_b


def _inherit(member: Member, source: IRViewId) -> Member:
    prop, rel = member
    return (
        attrs.evolve(prop, source_view=source) if prop is not None else None,
        attrs.evolve(rel, source_view=source) if rel is not None else None,
    )


def _flatten(cls: IRClass, parents: tuple[IRViewId, ...], flat: dict[IRViewId, IRClass]) -> IRClass:
    """Merge in the members of already flattened parents (``flat`` holds them).

    A member the class lists itself keeps its definition; it counts as inherited (its
    ``source_view`` is the ancestor's) when a parent has a member of the same id and kind.
    """
    members = _members(cls)
    for parent in parents:
        done = flat.get(parent)
        if done is None:  # a parent on a cycle, not flattened yet: nothing to inherit
            continue
        for member_id, inherited in _members(done).items():
            own = members.get(member_id)
            if own is None:
                members[member_id] = inherited
            elif (
                _source(own) == cls.view
                and _source(inherited) != cls.view
                and _same_kind(own, inherited)
            ):
                members[member_id] = _inherit(own, _source(inherited))
    ordered = [members[key] for key in sorted(members)]
    return attrs.evolve(
        cls,
        parents=parents,
        ancestors=_ancestors(parents, flat),
        properties=tuple(prop for prop, _ in ordered if prop is not None),
        relationships=tuple(rel for _, rel in ordered if rel is not None),
    )


def _node_class(view: IRViewId | None, index: dict[IRViewId, IRClass]) -> IRViewId | None:
    cls = index.get(view) if view is not None else None
    return view if cls is not None and cls.kind != "edge" else None


def _edge_class(view: IRViewId | None, index: dict[IRViewId, IRClass]) -> IRViewId | None:
    cls = index.get(view) if view is not None else None
    return view if cls is not None and cls.kind != "node" else None


def _resolve_type(kind: IRType, index: dict[IRViewId, IRClass]) -> IRType:
    if isinstance(kind, IRList) and isinstance(kind.item, IRReference):
        item = attrs.evolve(kind.item, target=_node_class(kind.item.declared_target, index))
        return attrs.evolve(kind, item=item)
    if isinstance(kind, IRReference):
        return attrs.evolve(kind, target=_node_class(kind.declared_target, index))
    return kind


def _filter_shape(prop: IRProperty) -> FilterShape | None:
    """Which filter arguments the API has for a stored property (``None``: none)."""
    kind = prop.type
    if isinstance(kind, IRList):
        return "nodes" if isinstance(kind.item, IRReference) else None
    if isinstance(kind, IREnum | IRReference):
        return "value"
    return scalar_filter_shape(kind.kind)


def _filter_shapes(
    cls: IRClass, index: dict[IRViewId, IRClass]
) -> tuple[tuple[str, FilterShape], ...]:
    shapes: list[tuple[str, FilterShape]] = []
    for prop in cls.properties:
        shape = _filter_shape(prop)
        if shape is not None:
            shapes.append((prop.id, shape))
    for rel in cls.relationships:
        if rel.kind != "direct":
            typed = _node_class(rel.declared_target, index) is not None
            shapes.append((rel.id, "relation" if typed else "untyped_relation"))
    return tuple(shapes)


def _spec(cls: IRClass, index: dict[IRViewId, IRClass]) -> ClassSpec:
    fields = dict.fromkeys(prop.id for prop in cls.properties)
    fields.update(dict.fromkeys(rel.id for rel in cls.relationships))
    enums = []
    for prop in cls.properties:
        item = prop.type.item if isinstance(prop.type, IRList) else prop.type
        if isinstance(item, IREnum):
            container = prop.container
            enums.append(
                (prop.id, (container.space, container.external_id, prop.container_property))
            )
    return ClassSpec(
        key=cls.view.key,
        name=cls.view.external_id,
        kind=cls.kind,
        parents=tuple(parent.key for parent in cls.parents),
        fields=tuple(fields),
        connections=tuple(rel.id for rel in cls.relationships if rel.kind != "direct"),
        enums=tuple(enums),
        edge_accessors=tuple(
            rel.id
            for rel in cls.relationships
            if rel.kind == "edge" and rel.declared_edge_class is not None
        ),
        hops=tuple(rel.id for rel in cls.relationships if rel.declared_target is not None),
        filters=_filter_shapes(cls, index),
    )


_NO_NAMES: LanguageMap[str] = LanguageMap()


class _Maps:
    """The name maps of one transform, each distinct one built once and shared (a 1,000-view
    model has 57,000 and 7,000 distinct: each is pickled once by the generation cache and
    held once in memory)."""

    def __init__(self) -> None:
        self._flat: dict[tuple[tuple[str, str], ...], LanguageMap[str]] = {}
        self._nested: dict[tuple[object, ...], LanguageMap[LanguageMap[str]]] = {}

    def names(self, names: dict[str, str] | None) -> LanguageMap[str]:
        if not names:
            return _NO_NAMES
        key = tuple(names.items())
        found = self._flat.get(key)
        if found is None:
            found = self._flat[key] = LanguageMap(key)
        return found

    def nested(self, names: dict[str, dict[str, str]]) -> LanguageMap[LanguageMap[str]]:
        key = tuple((language, tuple(roles.items())) for language, roles in names.items())
        found = self._nested.get(key)
        if found is None:
            entries = tuple((language, self.names(roles)) for language, roles in names.items())
            found = self._nested[key] = LanguageMap(entries)
        return found


def _finish(cls: IRClass, index: dict[IRViewId, IRClass], plan: NamePlan, maps: _Maps) -> IRClass:
    """Resolve the class's references against ``index`` and give it its names."""
    members = plan.members.get(cls.view.key, {})
    names: dict[str, LanguageMap[str]] = {}
    for member_id, per_language in members.items():
        names[member_id] = maps.names(per_language)
    enums = plan.enums.get(cls.view.key, {})
    specs = plan.specs.get(cls.view.key, {})
    accessors = plan.accessors.get(cls.view.key, {})
    hops = plan.hops.get(cls.view.key, {})
    filters = plan.filters.get(cls.view.key, {})
    properties = tuple(
        attrs.evolve(
            prop,
            names=names[prop.id],
            enum_names=maps.names(enums.get(prop.id)),
            filter_names=maps.nested(filters.get(prop.id, {})),
            type=_resolve_type(prop.type, index) if prop.is_relation else prop.type,
        )
        for prop in cls.properties
    )
    relationships = tuple(
        attrs.evolve(
            rel,
            names=names[rel.id],
            spec_names=maps.names(specs.get(rel.id)),
            accessor_names=maps.names(accessors.get(rel.id)),
            hop_names=maps.names(hops.get(rel.id)),
            filter_names=maps.nested(filters.get(rel.id, {}) if rel.kind != "direct" else {}),
            target=_node_class(rel.declared_target, index),
            edge_class=_edge_class(rel.declared_edge_class, index) if rel.kind == "edge" else None,
        )
        for rel in cls.relationships
    )
    return attrs.evolve(
        cls,
        names=maps.names(plan.classes[cls.view.key]),
        derived_names=maps.nested(plan.derived.get(cls.view.key, {})),
        filter_names=maps.nested(plan.class_filters.get(cls.view.key, {})),
        properties=properties,
        relationships=relationships,
    )

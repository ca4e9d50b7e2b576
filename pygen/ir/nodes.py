"""The intermediate representation: frozen, validated, language-neutral nodes.

The IR holds CDF names and semantic types, never a Python or TypeScript type. The only
language-specific data are the generated *names*, which :func:`pygen.ir.transform` computes
with naming conventions and stores per language in a :class:`LanguageMap`
(``prop.names["python"] == "type_"``). Every node is a slotted, frozen attrs class
(``@attrs.frozen(kw_only=True)``) with tuples for sequences; ``__attrs_post_init__`` rejects
an inconsistent node where it is built. :mod:`pygen.ir.serialize` turns nodes into JSON and
back with cattrs. See ``docs/ir.md`` for the catalogue.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from itertools import pairwise
from typing import Any, Literal, TypeVar, get_args

import attrs

from pygen.naming import ClassKind, ViewKey

__all__ = [
    "PRIMITIVE_KINDS",
    "ClassKind",
    "Direction",
    "IRClass",
    "IRContainerId",
    "IRDataModelId",
    "IREnum",
    "IREnumValue",
    "IRList",
    "IRMetadata",
    "IRModel",
    "IRModule",
    "IRNodeId",
    "IRPrimitive",
    "IRProperty",
    "IRReference",
    "IRRelationship",
    "IRThrough",
    "IRType",
    "IRViewId",
    "LanguageMap",
    "PrimitiveKind",
    "RelationshipKind",
]

PrimitiveKind = Literal[
    "text",
    "boolean",
    "int32",
    "int64",
    "float32",
    "float64",
    "timestamp",
    "date",
    "json",
    "timeseries",
    "file",
    "sequence",
]
"""The scalar types of DMS (``timeseries``/``file``/``sequence`` are references to classic
CDF resources by external id)."""

PRIMITIVE_KINDS: tuple[PrimitiveKind, ...] = get_args(PrimitiveKind)

RelationshipKind = Literal["direct", "reverse", "edge"]
"""How a relationship is stored: a direct relation property, a reverse direct relation, or
edges."""

Direction = Literal["outwards", "inwards"]
"""The direction edges are followed in."""

_NUMERIC = frozenset({"int32", "int64", "float32", "float64"})
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

T = TypeVar("T")


def _fail(node: object, message: str) -> None:
    raise ValueError(f"invalid {type(node).__name__}: {message}")


SORTABLE_KINDS = frozenset(
    {"text", "boolean", "int32", "int64", "float32", "float64", "timestamp", "date"}
)
"""The primitive kinds the API sorts by (single values only)."""


# -- identifiers ----------------------------------------------------------------------------
@attrs.frozen(kw_only=True, order=True, repr=False, weakref_slot=False)
class IRViewId:
    """A view's identity; also the identity of the class generated from it."""

    space: str
    external_id: str
    version: str

    def __repr__(self) -> str:
        # attrs' text, without its recursion guard: the cache keys of the view modules are
        # digests of the IR's repr, where views are named tens of thousands of times
        return (
            f"IRViewId(space={self.space!r}, external_id={self.external_id!r}, "
            f"version={self.version!r})"
        )

    @property
    def key(self) -> ViewKey:
        """``(space, external_id, version)``: the sort key, and the key used by naming."""
        return (self.space, self.external_id, self.version)

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}(version={self.version})"


@attrs.frozen(kw_only=True, order=True, weakref_slot=False)
class IRNodeId:
    """A node's identity (the type of an edge)."""

    space: str
    external_id: str

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}"


@attrs.frozen(kw_only=True, order=True, weakref_slot=False)
class IRContainerId:
    """A container's identity."""

    space: str
    external_id: str

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}"


@attrs.frozen(kw_only=True, order=True, weakref_slot=False)
class IRDataModelId:
    """A data model's identity."""

    space: str
    external_id: str
    version: str

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}(version={self.version})"


@attrs.frozen(eq=False, repr=False, weakref_slot=False)
class LanguageMap(Mapping[str, T]):
    """An immutable, hashable mapping from language (``"python"``) to a value (a name).

    Entries are kept sorted by language, so equal maps compare and hash equal whatever order
    they were built in; a map also equals a ``dict`` with the same items. Build one with
    ``LanguageMap.of({"python": "type_"})``.
    """

    entries: tuple[tuple[str, T], ...] = ()

    def __attrs_post_init__(self) -> None:
        entries = self.entries
        if not isinstance(entries, tuple):
            entries = tuple(entries)
        languages = [language for language, _ in entries]
        if any(a >= b for a, b in pairwise(languages)):
            entries = tuple(sorted(entries, key=lambda entry: entry[0]))
            languages = [language for language, _ in entries]
            if len(set(languages)) != len(languages):
                _fail(self, f"a language appears twice: {languages}")
        object.__setattr__(self, "entries", entries)

    @classmethod
    def of(cls, mapping: Mapping[str, T]) -> LanguageMap[T]:
        """Build a map from any mapping."""
        return cls(tuple(mapping.items()))

    def __getitem__(self, language: str) -> T:
        for key, value in self.entries:
            if key == language:
                return value
        raise KeyError(language)

    def __iter__(self) -> Iterator[str]:
        return iter([language for language, _ in self.entries])

    def __len__(self) -> int:
        return len(self.entries)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LanguageMap):
            return self.entries == other.entries
        if isinstance(other, Mapping):
            return dict(self.entries) == dict(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.entries)

    def __repr__(self) -> str:
        # attrs' text, without its recursion guard (see IRViewId.__repr__)
        return f"LanguageMap(entries={self.entries!r})"


_DISTRIBUTION = re.compile(r"[a-z0-9][a-z0-9._-]{0,213}")


_CHECKED_NAMES: set[str] = set()
"""Names found to be identifiers (a model's names repeat: 3,000 distinct of 60,000 at 1,000
views); emptied when it grows past :data:`_CHECKED_LIMIT`."""
_CHECKED_LIMIT = 1 << 16


def _check_names(node: object, names: LanguageMap[str]) -> None:
    for language, name in names.entries:
        if type(name) is str and name in _CHECKED_NAMES:
            continue
        if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
            _fail(node, f"{language} name {name!r} is not an identifier")
        if len(_CHECKED_NAMES) >= _CHECKED_LIMIT:
            _CHECKED_NAMES.clear()
        _CHECKED_NAMES.add(name)


def _check_nested(node: object, names: LanguageMap[LanguageMap[str]]) -> None:
    for _, roles in names.entries:  # the entries, not Mapping.values (a lookup per language)
        _check_names(node, roles)


# -- types ----------------------------------------------------------------------------------
@attrs.frozen(kw_only=True, weakref_slot=False)
class IRPrimitive:
    """A scalar value.

    Attributes:
        kind: The DMS type.
        unit: External id of the value's unit in CDF's unit catalog (numbers only).
        max_text_size: Maximum size of a text value.
    """

    kind: PrimitiveKind
    unit: str | None = None
    max_text_size: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.kind not in PRIMITIVE_KINDS:
            _fail(self, f"unknown kind {self.kind!r}")
        if self.unit is not None and self.kind not in _NUMERIC:
            _fail(self, f"a unit on a {self.kind} value")
        if self.max_text_size is not None and (self.kind != "text" or self.max_text_size < 1):
            _fail(self, f"max_text_size {self.max_text_size} on a {self.kind} value")


@attrs.frozen(kw_only=True, weakref_slot=False)
class IREnumValue:
    """One value of an enum: the stored value, with its display name and description."""

    value: str
    name: str | None = None
    description: str | None = None


@attrs.frozen(kw_only=True, weakref_slot=False)
class IREnum:
    """One of a fixed set of text values; ``unknown_value`` is the fallback for new values."""

    values: tuple[IREnumValue, ...]
    unknown_value: str | None = None

    def __attrs_post_init__(self) -> None:
        keys = [value.value for value in self.values]
        if not keys:
            _fail(self, "no values")
        if len(set(keys)) != len(keys):
            _fail(self, f"duplicate values in {keys}")
        if self.unknown_value is not None and self.unknown_value not in keys:
            _fail(self, f"unknown_value {self.unknown_value!r} is not one of {keys}")


@attrs.frozen(kw_only=True, weakref_slot=False)
class IRReference:
    """A direct relation: a reference to a node, read through ``target`` when it is known.

    Attributes:
        target: The class the node is read as; ``None`` when unknown (no hint in the model,
            or the hinted view is not a class of this model; :func:`transform` resolves it).
        declared_target: The view the model names as target, whether or not it is a class.
    """

    target: IRViewId | None = None
    declared_target: IRViewId | None = None


@attrs.frozen(kw_only=True, weakref_slot=False)
class IRList:
    """A list of values, with an optional maximum size."""

    item: IRPrimitive | IREnum | IRReference
    max_size: int | None = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.item, IRPrimitive | IREnum | IRReference):
            _fail(self, f"a list of {type(self.item).__name__}")
        if self.max_size is not None and self.max_size < 1:
            _fail(self, f"max_size {self.max_size}")


IRType = IRPrimitive | IREnum | IRReference | IRList
"""The type of a stored property."""


# -- members --------------------------------------------------------------------------------
@attrs.frozen(kw_only=True, weakref_slot=False)
class IRProperty:
    """A property stored in a container (direct relations included).

    Attributes:
        id: The CDF property identifier (the key in the view's properties).
        type: The value's type.
        source_view: The view that introduces the property: the class itself, or the
            ancestor it is inherited from (set by :func:`transform`).
        container: The container holding the value.
        container_property: The property's identifier inside the container.
        names: The generated field name per language (empty before :func:`transform`).
        enum_names: Enums only: the name of the enum's ``Literal`` alias per language (shared
            by every property of the same container property).
        filter_names: Per language, the API's filter arguments on the property by kind
            (``equals``, ``prefix``, ``min``, ``max``, ``all``; see
            :data:`pygen.naming.FILTER_KINDS`): ``{"python": {"min": "min_size", ...}}``.
        display_name: The property's ``name`` in the model.
        description: The property's description.
        nullable: Whether the value may be missing.
        required: Whether a writer must give a value: not nullable, without a default and not
            auto-incremented.
        immutable: Whether the value can be set only once.
        auto_increment: Whether CDF assigns the value.
        default_json: The default value as canonical JSON text (``None``: no default).
    """

    id: str
    names: LanguageMap[str] = LanguageMap()
    enum_names: LanguageMap[str] = LanguageMap()
    filter_names: LanguageMap[LanguageMap[str]] = LanguageMap()
    display_name: str | None = None
    description: str | None = None
    type: IRType
    nullable: bool = True
    required: bool = False
    immutable: bool = False
    auto_increment: bool = False
    default_json: str | None = None
    container: IRContainerId
    container_property: str
    source_view: IRViewId

    def __attrs_post_init__(self) -> None:
        _check_names(self, self.names)
        _check_names(self, self.enum_names)
        _check_nested(self, self.filter_names)
        if self.required and (self.nullable or self.auto_increment or self.default_json):
            _fail(self, f"{self.id!r} is required but nullable, defaulted or auto-incremented")

    @property
    def default(self) -> Any:
        """The default value, decoded (``None`` when there is none)."""
        return None if self.default_json is None else json.loads(self.default_json)

    @property
    def is_relation(self) -> bool:
        """True for direct relations (single or list)."""
        item = self.type.item if isinstance(self.type, IRList) else self.type
        return isinstance(item, IRReference)


@attrs.frozen(kw_only=True, weakref_slot=False)
class IRThrough:
    """The direct relation a reverse relation follows back: a property of a view, or of a
    container (``view`` or ``container`` is set, not both)."""

    property: str
    view: IRViewId | None = None
    container: IRContainerId | None = None

    def __attrs_post_init__(self) -> None:
        if (self.view is None) == (self.container is None):
            _fail(self, "exactly one of view and container must be set")


@attrs.frozen(kw_only=True, weakref_slot=False)
class IRRelationship:
    """A way from one class to others: a direct relation, a reverse relation, or edges.

    A direct relation is also an :class:`IRProperty` (with an :class:`IRReference` type); the two
    share the CDF id and names. Reverse relations and edges are not stored in containers and
    appear only here.

    Attributes:
        id: The CDF property identifier.
        kind: ``direct``, ``reverse`` or ``edge``.
        multi: True for lists (list direct relations, multi reverse, multi edge).
        source_view: The view that introduces the relationship (see :class:`IRProperty`).
        target: The class of the nodes at the other end; ``None`` when unknown.
        declared_target: The view the model names, whether or not it is a class here.
        names: The generated field name per language.
        spec_names: Edges and reverse relations: the name of the module-level constant
            describing the connection, per language.
        accessor_names: Edges with edge properties: the name of the view API's accessor of
            the edges, per language.
        hop_names: Relations to a view: the name of the hop on the view's query class, per
            language.
        filter_names: Edges and reverse relations: per language, the API's filter argument
            on the nodes at the other end (kind ``matching``). A direct relation's filter
            arguments are its property's.
        display_name: The property's ``name`` in the model.
        description: The property's description.
        edge_type: Edges only: the node that types the edges.
        direction: Edges only: ``outwards`` or ``inwards``.
        edge_class: Edges only: the class of the edges' properties; ``None`` without.
        declared_edge_class: Edges only: the ``edgeSource`` view the model names.
        through: Reverse relations only: the direct relation followed back.
    """

    id: str
    names: LanguageMap[str] = LanguageMap()
    spec_names: LanguageMap[str] = LanguageMap()
    accessor_names: LanguageMap[str] = LanguageMap()
    hop_names: LanguageMap[str] = LanguageMap()
    filter_names: LanguageMap[LanguageMap[str]] = LanguageMap()
    display_name: str | None = None
    description: str | None = None
    kind: RelationshipKind
    multi: bool
    target: IRViewId | None = None
    declared_target: IRViewId | None = None
    edge_type: IRNodeId | None = None
    direction: Direction | None = None
    edge_class: IRViewId | None = None
    declared_edge_class: IRViewId | None = None
    through: IRThrough | None = None
    source_view: IRViewId

    def __attrs_post_init__(self) -> None:
        _check_names(self, self.names)
        _check_names(self, self.spec_names)
        _check_names(self, self.accessor_names)
        _check_names(self, self.hop_names)
        _check_nested(self, self.filter_names)
        edge_fields = (self.edge_type, self.direction, self.edge_class, self.declared_edge_class)
        if self.kind == "edge":
            if self.edge_type is None or self.direction is None:
                _fail(self, f"edge relationship {self.id!r} without edge_type or direction")
        elif any(value is not None for value in edge_fields):
            _fail(self, f"{self.kind} relationship {self.id!r} with edge fields")
        if self.kind == "reverse" and self.through is None:
            _fail(self, f"reverse relationship {self.id!r} without through")
        if self.kind != "reverse" and self.through is not None:
            _fail(self, f"{self.kind} relationship {self.id!r} with through")


# -- classes and the model ------------------------------------------------------------------
@attrs.frozen(kw_only=True, weakref_slot=False)
class IRClass:
    """A class generated from one view.

    Attributes:
        view: The view's identity.
        kind: ``node``, ``edge`` or ``both`` (from ``usedFor``).
        names: The generated class name per language.
        derived_names: Per language, the names made for the class besides its own (see
            :attr:`pygen.naming.NamePlan.derived`): ``write``, ``list``, ``api``, ``filters``,
            ``view_constant``, ``filter_function``, ``client_attribute`` ...
        filter_names: Per language, the API's filter arguments every class has, by kind:
            ``external_id_prefix`` and ``space``, and for edge classes ``start_node`` and
            ``end_node`` (TypeScript: ``externalIdPrefix`` ...).
        display_name: The view's ``name``.
        description: The view's description.
        writable: False for read-only views (no write class is generated).
        node_type: The node type the view's filter requires (``node.type == X``), which
            write objects of the class get by default.
        parents: The views it implements directly, in declared order (classes of this model
            only, after :func:`transform`).
        ancestors: Every class it inherits from, nearest first.
        properties: Its stored properties, inherited ones included, ordered by CDF id.
        relationships: Its relationships, inherited ones included, ordered by CDF id.
    """

    view: IRViewId
    names: LanguageMap[str] = LanguageMap()
    derived_names: LanguageMap[LanguageMap[str]] = LanguageMap()
    filter_names: LanguageMap[LanguageMap[str]] = LanguageMap()
    display_name: str | None = None
    description: str | None = None
    kind: ClassKind
    writable: bool = True
    node_type: IRNodeId | None = None
    parents: tuple[IRViewId, ...] = ()
    ancestors: tuple[IRViewId, ...] = ()
    properties: tuple[IRProperty, ...] = ()
    relationships: tuple[IRRelationship, ...] = ()

    def __attrs_post_init__(self) -> None:
        _check_names(self, self.names)
        _check_nested(self, self.derived_names)
        _check_nested(self, self.filter_names)
        property_ids = [prop.id for prop in self.properties]
        if len(set(property_ids)) != len(property_ids):
            _fail(self, f"{self.view}: duplicate property ids")
        relationship_ids = [rel.id for rel in self.relationships]
        if len(set(relationship_ids)) != len(relationship_ids):
            _fail(self, f"{self.view}: duplicate relationship ids")
        stored = set(property_ids)
        for rel in self.relationships:
            if (rel.kind == "direct") != (rel.id in stored):
                _fail(
                    self,
                    f"{self.view}: relationship {rel.id!r} ({rel.kind}) and the properties "
                    f"disagree (a direct relation is both a property and a relationship)",
                )
        if self.view in self.parents:
            _fail(self, f"{self.view} implements itself")

    @property
    def read_only(self) -> bool:
        """True when the view is not writable."""
        return not self.writable

    def property(self, prop_id: str) -> IRProperty:
        """The property with CDF id ``prop_id`` (``KeyError`` when there is none)."""
        for prop in self.properties:
            if prop.id == prop_id:
                return prop
        raise KeyError(f"{self.view} has no property {prop_id!r}")

    def relationship(self, rel_id: str) -> IRRelationship:
        """The relationship with CDF id ``rel_id`` (``KeyError`` when there is none)."""
        for rel in self.relationships:
            if rel.id == rel_id:
                return rel
        raise KeyError(f"{self.view} has no relationship {rel_id!r}")

    def sortable_properties(self) -> tuple[IRProperty, ...]:
        """The properties the API sorts by, in CDF id order: single-valued text, number,
        boolean, timestamp, date and enum properties (what both targets' sort types name)."""
        return tuple(
            prop
            for prop in self.properties
            if isinstance(prop.type, IREnum)
            or (isinstance(prop.type, IRPrimitive) and prop.type.kind in SORTABLE_KINDS)
        )

    def field_names(self, language: str) -> dict[str, str]:
        """CDF id -> generated name in ``language``, for properties and relationships."""
        names = {prop.id: prop.names[language] for prop in self.properties}
        names.update({rel.id: rel.names[language] for rel in self.relationships})
        return names


@attrs.frozen(kw_only=True, weakref_slot=False)
class IRModule:
    """A group of classes generated into one module (file): one class per module."""

    names: LanguageMap[str]
    classes: tuple[IRViewId, ...]

    def __attrs_post_init__(self) -> None:
        _check_names(self, self.names)
        if not self.classes:
            _fail(self, "a module without classes")


@attrs.frozen(kw_only=True, weakref_slot=False)
class IRMetadata:
    """Provenance of an IR.

    Attributes:
        pygen_version: The pygen version that built it.
        source_hash: sha256 of the canonical JSON of the input model
            (see :func:`pygen.ir.source_hash`).
        languages: The languages whose names the IR holds (empty before :func:`transform`).
    """

    pygen_version: str
    source_hash: str
    languages: tuple[str, ...] = ()


@attrs.frozen(kw_only=True, weakref_slot=False)
class IRModel:
    """A whole data model, ready for the generators.

    Attributes:
        model: The data model's identity (space, externalId, version).
        names: Per language, the default ``package`` and ``client`` (class) names (filled by
            :func:`transform`).
        name: The model's ``name``.
        description: The model's description.
        classes: Every class; after :func:`transform`, parents come before children, ties in
            (space, externalId, version) order.
        modules: How classes are grouped into modules (filled by :func:`transform`).
        metadata: Provenance.
        other_models: The other data models merged into this SDK, when it is generated from
            several (``model`` is the first); see :mod:`pygen.models_merge`.
    """

    model: IRDataModelId
    names: LanguageMap[LanguageMap[str]] = LanguageMap()
    name: str | None = None
    description: str | None = None
    metadata: IRMetadata
    classes: tuple[IRClass, ...]
    modules: tuple[IRModule, ...] = ()
    other_models: tuple[IRDataModelId, ...] = ()

    def __attrs_post_init__(self) -> None:
        for roles in self.names.values():
            # a distribution (npm package) name is no identifier: lower-case words and hyphens
            _check_names(
                self, LanguageMap.of({k: v for k, v in roles.items() if k != "distribution"})
            )
            if not _DISTRIBUTION.fullmatch(roles.get("distribution", "x")):
                _fail(self, f"distribution name {roles.get('distribution')!r} is not valid")
        views = [cls.view for cls in self.classes]
        if len(set(views)) != len(views):
            _fail(self, "two classes for the same view")
        known = set(views)
        in_modules = [view for module in self.modules for view in module.classes]
        if len(set(in_modules)) != len(in_modules):
            _fail(self, "a class is in two modules")
        if not set(in_modules) <= known:
            _fail(self, f"modules name unknown classes: {sorted(set(in_modules) - known)}")
        if self.metadata.languages and set(in_modules) != known:
            _fail(self, "after transform every class belongs to a module")

    @property
    def version(self) -> str:
        """The data model's version."""
        return self.model.version

    @property
    def models(self) -> tuple[IRDataModelId, ...]:
        """Every data model the SDK is generated from (``model`` first)."""
        return (self.model, *self.other_models)

    def class_index(self) -> dict[IRViewId, IRClass]:
        """The classes by view id."""
        return {cls.view: cls for cls in self.classes}

    def get_class(self, view: IRViewId) -> IRClass:
        """The class of ``view`` (``KeyError`` when there is none)."""
        for cls in self.classes:
            if cls.view == view:
                return cls
        raise KeyError(f"no class for {view} in {self.model}")

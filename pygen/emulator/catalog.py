"""The schema as the instance endpoints see it: spaces, containers and resolved views.

A :class:`Catalog` is an immutable snapshot built from the database and cached until the
schema changes. Resolving a view merges the properties it inherits through ``implements``
(a later entry in ``implements`` wins over an earlier one, the view's own properties win over
all), maps each mapped property to its container property, and derives ``writable``,
``usedFor`` and the mapped containers.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from pydantic import JsonValue

from pygen_runtime.client.models import (
    ContainerApply,
    ContainerId,
    ContainerProperty,
    ContainerReference,
    MappedPropertyApply,
    ReverseDirectRelationApply,
    ViewApply,
    ViewId,
    ViewPropertyApply,
)

from .errors import DMSError, bad_request
from .store import Store

__all__ = [
    "Catalog",
    "MappedTarget",
    "ResolvedView",
    "StoredContainer",
    "StoredView",
    "load_catalog",
]


@dataclass(frozen=True)
class StoredContainer:
    """A container with its database id and times."""

    id: int
    apply: ContainerApply
    created_time: int
    last_updated_time: int

    @property
    def ref(self) -> ContainerId:
        """The container's identifier."""
        return self.apply.as_id()

    @property
    def name(self) -> str:
        """``space:externalId``, for messages."""
        return f"{self.apply.space}:{self.apply.external_id}"

    @property
    def used_for(self) -> str:
        """``node`` (the default), ``edge`` or ``all``."""
        return self.apply.used_for or "node"


@dataclass(frozen=True)
class StoredView:
    """A view in its write form with its database id and times."""

    id: int
    apply: ViewApply
    created_time: int
    last_updated_time: int


@dataclass(frozen=True)
class MappedTarget:
    """Where a mapped view property is stored: a container and one of its properties."""

    container: StoredContainer
    property_id: str
    definition: ContainerProperty
    view_property: MappedPropertyApply


@dataclass
class ResolvedView:
    """A view with inherited properties merged in and mapped properties resolved."""

    stored: StoredView
    properties: dict[str, ViewPropertyApply]
    mapped: dict[str, MappedTarget]
    containers: list[StoredContainer]
    writable: bool
    used_for: str

    @property
    def id(self) -> ViewId:
        """The view's identifier."""
        return self.stored.apply.as_id()

    @property
    def filter(self) -> dict[str, JsonValue] | None:
        """The view's own filter (replaces the implicit ``hasData`` when set)."""
        return self.stored.apply.filter


@dataclass
class Catalog:
    """Spaces, containers and views at one schema generation."""

    spaces: set[str]
    containers: dict[ContainerId, StoredContainer]
    views: dict[ViewId, StoredView]
    _resolved: dict[ViewId, ResolvedView] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_db_id = {container.id: container for container in self.containers.values()}
        # plain-tuple indexes: hot paths look up by (space, externalId[, version]) without
        # building pydantic identifiers
        self._by_key = {(c.ref.space, c.ref.external_id): c for c in self.containers.values()}
        self._resolved_by_key: dict[tuple[str, str, str], ResolvedView] = {}

    def require_space(self, space: str, where: str) -> None:
        """Raise a 400 when ``space`` does not exist."""
        if space not in self.spaces:
            raise bad_request(
                f"{where}: space {space!r} does not exist", missing=[{"space": space}]
            )

    def container(self, ref: ContainerId, where: str) -> StoredContainer:
        """Return a container, or raise a 400 naming it as missing."""
        found = self._by_key.get((ref.space, ref.external_id))
        if found is None:
            raise bad_request(
                f"{where}: container {ref.space}:{ref.external_id} does not exist",
                missing=[{"space": ref.space, "externalId": ref.external_id}],
            )
        return found

    def container_by_id(self, db_id: int) -> StoredContainer:
        """Return a container by its database id."""
        return self._by_db_id[db_id]

    def view(self, ref: ViewId, where: str = "view") -> ResolvedView:
        """Return a resolved view, or raise a 400 naming it as missing."""
        key = (ref.space, ref.external_id, ref.version)
        resolved = self._resolved_by_key.get(key)
        if resolved is None:
            view_id = ViewId(space=ref.space, external_id=ref.external_id, version=ref.version)
            resolved = self._resolved_by_key[key] = self._resolve(view_id, where, ())
        return resolved

    def _resolve(self, ref: ViewId, where: str, stack: tuple[ViewId, ...]) -> ResolvedView:
        resolved = self._resolved.get(ref)
        if resolved is not None:
            return resolved
        if ref in stack:
            raise bad_request(f"{where}: view {ref} implements itself (through {stack[-1]})")
        stored = self.views.get(ref)
        if stored is None:
            raise bad_request(
                f"{where}: view {ref} does not exist",
                missing=[
                    {"space": ref.space, "externalId": ref.external_id, "version": ref.version}
                ],
            )
        properties: dict[str, ViewPropertyApply] = {}
        for parent in stored.apply.implements or []:
            inherited = self._resolve(
                parent.as_id(), f"{where}: implements of {ref}", (*stack, ref)
            )
            properties.update(inherited.properties)
        properties.update(stored.apply.properties)
        properties = dict(sorted(properties.items()))
        mapped: dict[str, MappedTarget] = {}
        for prop_id, prop in properties.items():
            if isinstance(prop, MappedPropertyApply):
                mapped[prop_id] = self._map(ref, prop_id, prop)
        containers = list(
            {target.container.id: target.container for target in mapped.values()}.values()
        )
        resolved = ResolvedView(
            stored=stored,
            properties=properties,
            mapped=mapped,
            containers=containers,
            writable=_writable(mapped, containers),
            used_for=_used_for(ref, containers),
        )
        self._resolved[ref] = resolved
        return resolved

    def _map(self, view: ViewId, prop_id: str, prop: MappedPropertyApply) -> MappedTarget:
        where = f"view {view} property {prop_id!r}"
        container = self.container(prop.container, where)
        definition = container.apply.properties.get(prop.container_property_identifier)
        if definition is None:
            raise bad_request(
                f"{where}: container {container.ref.space}:{container.ref.external_id} has no "
                f"property {prop.container_property_identifier!r}"
            )
        return MappedTarget(container, prop.container_property_identifier, definition, prop)

    def reverse_targets_list(self, prop: ReverseDirectRelationApply) -> bool | None:
        """Whether the direct relation a reverse relation follows is a list (None: unknown)."""
        source = prop.through.source
        try:
            if isinstance(source, ContainerReference):
                definition = self.container(source, "through").apply.properties.get(
                    prop.through.identifier
                )
            else:
                target = self.view(source.as_id(), "through").mapped.get(prop.through.identifier)
                definition = target.definition if target else None
        except DMSError:  # the other end may not exist (yet): not an error for a reverse relation
            return None
        return bool(getattr(definition.type, "list", False)) if definition else None


def _writable(mapped: dict[str, MappedTarget], containers: list[StoredContainer]) -> bool:
    """False for a view without containers, or one that leaves a required property unmapped."""
    if not containers:
        return False
    covered = {(target.container.id, target.property_id) for target in mapped.values()}
    for container in containers:
        for prop_id, definition in container.apply.properties.items():
            required = not definition.nullable and definition.default_value is None
            if (
                required
                and not definition.auto_increment
                and (container.id, prop_id) not in covered
            ):
                return False
    return True


def _used_for(view: ViewId, containers: list[StoredContainer]) -> str:
    """``all`` without containers; otherwise what every mapped container allows."""
    allowed = {"node", "edge"}
    for container in containers:
        allowed &= {"all": {"node", "edge"}, "edge": {"edge"}}.get(container.used_for, {"node"})
    if not allowed:
        raise bad_request(f"view {view} maps containers for nodes and containers for edges")
    return "all" if len(allowed) == 2 else allowed.pop()


def load_catalog(store: Store, conn: sqlite3.Connection) -> Catalog:
    """Return the catalog of the current schema (cached until the schema changes)."""
    cached = store.cache.get("catalog")
    if isinstance(cached, Catalog):
        return cached
    spaces = {row[0] for row in conn.execute("SELECT space FROM spaces")}
    containers = {}
    for db_id, body, created, updated in conn.execute(
        "SELECT id, body, created_time, last_updated_time FROM containers"
    ):
        apply = ContainerApply.model_validate(json.loads(body))
        containers[apply.as_id()] = StoredContainer(db_id, apply, created, updated)
    views = {}
    for db_id, body, created, updated in conn.execute(
        "SELECT id, body, created_time, last_updated_time FROM views"
    ):
        view = ViewApply.model_validate(json.loads(body))
        views[view.as_id()] = StoredView(db_id, view, created, updated)
    catalog = Catalog(spaces, containers, views)
    store.cache["catalog"] = catalog
    return catalog

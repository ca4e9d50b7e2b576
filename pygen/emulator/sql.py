"""Building SQL over the instance tables: parameters, join aliases and property expressions.

A :class:`Statement` collects named parameters for one SQL statement; a :class:`Scope` is one
row of ``instances`` (an alias) with the ``instance_data`` joins its property references need.
Property references (``["node", "externalId"]``, ``[space, "View/v1", prop]``,
``[space, Container, prop]``) become :class:`Expr` objects that know their SQL and type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pygen_runtime.client.models import ContainerId, PropertyType, ViewId

from .catalog import Catalog, ResolvedView, StoredContainer
from .errors import bad_request
from .identifiers import is_property_id
from .values import is_list

__all__ = ["BASE_PROPERTIES", "Expr", "Scope", "Statement", "balanced"]

# base property -> (column, kind); kind "direct" uses two columns (space, externalId)
BASE_PROPERTIES: dict[str, tuple[str, str]] = {
    "externalId": ("external_id", "text"),
    "space": ("space", "text"),
    "version": ("version", "int"),
    "createdTime": ("created_time", "int"),
    "lastUpdatedTime": ("last_updated_time", "int"),
    "instanceType": ("kind", "text"),
    "deletedTime": ("NULL", "int"),
    "type": ("type", "direct"),
    "startNode": ("start", "direct"),
    "endNode": ("end", "direct"),
}


@dataclass(frozen=True)
class Expr:
    """A property reference compiled to SQL.

    Attributes:
        sql: the value (for a direct relation, the space column; see ``pair``).
        kind: the value's type name (``text``, ``int``, ``float64``, ``timestamp``, ``direct`` ...).
        is_list: the property holds a list.
        pair: for a single direct relation, the SQL of its ``space`` and ``externalId``.
        each: for a list, the ``json_each(...)`` arguments that iterate it.
        prop_type: the container property type (None for base properties).
        label: the reference as written, for messages.
        raw: the whole stored value (JSON text for objects and lists); for base properties
            the same as ``sql``.
    """

    sql: str
    kind: str
    label: str
    is_list: bool = False
    pair: tuple[str, str] | None = None
    each: str | None = None
    prop_type: PropertyType | None = None
    raw: str | None = None

    @property
    def value_sql(self) -> str:
        """The SQL of the whole value (a direct relation as its JSON object text)."""
        return self.raw or self.sql


@dataclass
class Statement:
    """Parameters and alias counters of one SQL statement."""

    catalog: Catalog
    parameters: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    _counter: int = 0

    def param(self, value: Any) -> str:
        """Bind ``value`` and return its placeholder."""
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def alias(self, prefix: str) -> str:
        """Return a fresh table alias."""
        self._counter += 1
        return f"{prefix}{self._counter}"

    def scope(self, kind: str | None, view: ResolvedView | None = None) -> Scope:
        """Return a new row scope over ``instances``."""
        return Scope(self, self.alias("i"), kind, view)


@dataclass
class Scope:
    """One row of ``instances`` (``alias``) and the container joins its expressions use."""

    statement: Statement
    alias: str
    kind: str | None
    default_view: ResolvedView | None = None
    joins: dict[int, str] = field(default_factory=dict)

    def join_sql(self) -> str:
        """The ``LEFT JOIN`` clauses for every container referenced so far."""
        return "".join(
            f" LEFT JOIN instance_data {alias} ON {alias}.instance_id = {self.alias}.id"
            f" AND {alias}.container_id = {container_id}"
            for container_id, alias in self.joins.items()
        )

    def data_alias(self, container: StoredContainer) -> str:
        """The join alias of ``container``'s data for this row (joined on first use)."""
        alias = self.joins.get(container.id)
        if alias is None:
            alias = self.joins[container.id] = self.statement.alias("d")
        return alias

    def has_data(self, container: StoredContainer) -> str:
        """SQL that is true when this row has data in ``container``."""
        return (
            f"EXISTS (SELECT 1 FROM instance_data WHERE instance_id = {self.alias}.id"
            f" AND container_id = {container.id})"
        )

    def has_view_data(self, view: ResolvedView) -> str:
        """SQL that is true when this row has data in every container ``view`` maps."""
        if not view.containers:
            return "1"
        return "(" + " AND ".join(self.has_data(c) for c in view.containers) + ")"

    def property(self, path: Any) -> Expr:
        """Compile a property reference (a list of 1-3 strings)."""
        if not isinstance(path, list) or not all(isinstance(part, str) for part in path):
            raise bad_request(f"Invalid property reference {path!r}: expected a list of strings")
        label = repr(path)
        if len(path) == 1:
            if self.default_view is None:
                raise bad_request(
                    f"Invalid property reference {label}: give [space, view or container, property]"
                )
            return self._view_property(self.default_view, path[0], label)
        if len(path) == 2:
            return self._base_property(path[0], path[1], label)
        if len(path) == 3:
            space, source, prop = path
            if "/" in source:
                external_id, _, version = source.partition("/")
                view = self.statement.catalog.view(
                    ViewId(space=space, external_id=external_id, version=version),
                    f"property {label}",
                )
                return self._view_property(view, prop, label)
            container = self.statement.catalog.container(
                ContainerId(space=space, external_id=source), f"property {label}"
            )
            return self._container_property(container, prop, label)
        raise bad_request(f"Invalid property reference {label}: expected 1 to 3 elements")

    def _base_property(self, owner: str, name: str, label: str) -> Expr:
        if owner not in ("node", "edge"):
            raise bad_request(
                f"Invalid property reference {label}: two-element references must start with "
                "'node' or 'edge'"
            )
        if self.kind is not None and owner != self.kind:
            raise bad_request(
                f"Invalid property reference {label}: this request is for {self.kind}s"
            )
        found = BASE_PROPERTIES.get(name)
        if found is None or (owner == "node" and name in ("startNode", "endNode")):
            raise bad_request(
                f"Invalid property reference {label}: {name!r} is not a base property of {owner}s"
            )
        column, kind = found
        if kind == "direct":
            space, xid = f"{self.alias}.{column}_space", f"{self.alias}.{column}_xid"
            return Expr(space, "direct", label, pair=(space, xid))
        sql = column if column == "NULL" else f"{self.alias}.{column}"
        return Expr(sql, kind, label)

    def _view_property(self, view: ResolvedView, prop: str, label: str) -> Expr:
        target = view.mapped.get(prop)
        if target is None:
            what = "is not a mapped property" if prop in view.properties else "does not exist"
            raise bad_request(
                f"Invalid property reference {label}: property {prop!r} {what} in view {view.id}"
            )
        return self._container_property(target.container, target.property_id, label)

    def _container_property(self, container: StoredContainer, prop: str, label: str) -> Expr:
        definition = container.apply.properties.get(prop)
        if definition is None or not is_property_id(prop):
            raise bad_request(
                f"Invalid property reference {label}: container "
                f"{container.ref.space}:{container.ref.external_id} has no property {prop!r}"
            )
        alias = self.data_alias(container)
        path = f'$."{prop}"'
        sql = f"json_extract({alias}.props, '{path}')"
        prop_type = definition.type
        if is_list(prop_type):
            each = f"{alias}.props, '{path}'"
            return Expr(
                sql, prop_type.type, label, is_list=True, each=each, prop_type=prop_type, raw=sql
            )
        if prop_type.type == "direct":
            pair = (
                f"json_extract({alias}.props, '{path}.space')",
                f"json_extract({alias}.props, '{path}.externalId')",
            )
            return Expr(pair[0], "direct", label, pair=pair, prop_type=prop_type, raw=sql)
        return Expr(sql, prop_type.type, label, prop_type=prop_type)


def balanced(parts: list[str], operator: str) -> str:
    """``parts`` joined by ``operator`` as a balanced tree of parentheses.

    SQLite parses ``a AND b AND c ...`` into a tree as deep as the list is long and refuses
    trees deeper than 1000; a balanced tree is only log2(n) deep.
    """
    if len(parts) == 1:
        return parts[0]
    middle = len(parts) // 2
    return f"({balanced(parts[:middle], operator)} {operator} {balanced(parts[middle:], operator)})"

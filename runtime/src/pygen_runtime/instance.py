"""Base classes of generated read and write classes: nodes, edges, and their metadata.

Annotations here are evaluated when the module is imported (no
``from __future__ import annotations``): pydantic reads the fields of these bases again for every
generated subclass, and string annotations would be compiled each time (a tenth of a large
SDK's import time). Names defined further down are quoted.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from types import UnionType
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, JsonValue
from pydantic_core import to_jsonable_python

from .edge_ids import edge_external_id
from .filters import Filter, Related
from .ids import InstanceId, ViewRef
from .lazy import LinkedModel
from .notebook import data_frame, flat_row, html_object

if TYPE_CHECKING:
    import pandas
from .values import to_wire

__all__ = [
    "DataRecord",
    "Edge",
    "EdgeSpec",
    "EdgeWrite",
    "Instance",
    "InstanceWrite",
    "Node",
    "NodeWrite",
    "ReverseSpec",
]

Direction = Literal["outwards", "inwards"]


@dataclass(frozen=True, slots=True)
class EdgeSpec:
    """An edge connection of a view: its edge type, direction and edge-property view.

    Attributes:
        property: The CDF property identifier of the connection.
        edge_type: The node id every edge of this connection has as ``type``.
        direction: ``outwards`` (edges start here) or ``inwards`` (edges end here).
        edge_view: The view holding the edges' properties, or ``None`` for plain edges.
        target_view: The view of the nodes at the other end, or ``None`` when it is not in
            the model (the nodes are then untyped).
        multi: False for a single edge connection.
    """

    property: str
    edge_type: InstanceId
    direction: Direction
    edge_view: ViewRef | None
    target_view: ViewRef | None
    multi: bool = True

    def matching(self, filter: Filter | None) -> Filter | None:
        """A filter on the nodes with an edge of this connection to a node ``filter`` holds
        for (resolved in two steps when sent, see ``pygen_runtime.related``)."""
        return None if filter is None else Related("edge", filter, spec=self)


@dataclass(frozen=True, slots=True)
class ReverseSpec:
    """A reverse direct relation: the nodes of ``source_view`` whose ``through`` points here."""

    property: str
    source_view: ViewRef
    through: str
    multi: bool = True
    through_is_list: bool = False

    def matching(self, filter: Filter | None) -> Filter | None:
        """A filter on the nodes that a node of ``source_view`` ``filter`` holds for points
        at (resolved in two steps when sent, see ``pygen_runtime.related``)."""
        return None if filter is None else Related("reverse", filter, spec=self)


class DataRecord(BaseModel):
    """When and how often an instance was written."""

    model_config = ConfigDict(frozen=True)

    version: int
    created_time: datetime
    last_updated_time: datetime
    deleted_time: datetime | None = None


def _ms_to_datetime(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


class Instance(LinkedModel):
    """What every read instance has: identity, version and timestamps (epoch milliseconds).

    Generated classes add one field per view property, read straight from the nested wire
    form by ``VIEW.field(...)``. Properties the class does not know (from a newer version of the
    model) are ignored.
    """

    model_config = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        extra="ignore",
        defer_build=True,
        serialize_by_alias=False,
        # values read are mostly distinct (ids, names, times): caching them costs more than it saves
        cache_strings="keys",
    )

    _view: ClassVar[ViewRef]
    _edges: ClassVar[Mapping[str, EdgeSpec]] = {}
    _reverse: ClassVar[Mapping[str, ReverseSpec]] = {}
    _write_class: ClassVar["type[InstanceWrite] | None"] = None

    space: str
    external_id: str = Field(alias="externalId")
    version: int
    created_time: int = Field(alias="createdTime")
    last_updated_time: int = Field(alias="lastUpdatedTime")
    deleted_time: int | None = Field(None, alias="deletedTime")

    @property
    def id(self) -> InstanceId:
        """This instance's ``InstanceId``."""
        return InstanceId(self.space, self.external_id)

    @property
    def data_record(self) -> DataRecord:
        """Version and timestamps as a :class:`DataRecord` with datetimes."""
        return DataRecord(
            version=self.version,
            created_time=_ms_to_datetime(self.created_time),
            last_updated_time=_ms_to_datetime(self.last_updated_time),
            deleted_time=None if self.deleted_time is None else _ms_to_datetime(self.deleted_time),
        )

    def __repr_args__(self) -> Any:
        # expanded relations show as ``Site(space, external_id)``: the graph read may have
        # cycles, and a nested repr of every object reached would be huge
        for name, value in super().__repr_args__():
            yield name, _brief(value)

    @classmethod
    def view(cls) -> ViewRef:
        """The view this class reads."""
        return cls._view

    def dump(self, camel_case: bool = True) -> dict[str, Any]:
        """A flat JSON-ready dict: instance fields and properties side by side.

        Expanded relations are dumped nested; an object met again on the way down (a cycle in
        the graph read) is dumped as its id.
        """
        return _dump(self, camel_case, set())

    def to_pandas(self, camel_case: bool = False) -> "pandas.DataFrame":
        """A one-row ``pandas.DataFrame``, with the columns of ``InstanceList.to_pandas``.

        Needs pandas (``pip install pandas``), an optional dependency imported only here.
        """
        frame: pandas.DataFrame = data_frame([flat_row(self, camel_case)])
        return frame

    def _repr_html_(self) -> str:
        """The object as an HTML table, a row per field (Jupyter shows it); cells are escaped."""
        return html_object(self)

    def as_write(self) -> Any:
        """Return the write object for this instance (properties and relations copied).

        Raises:
            TypeError: the view is read-only (has no write class).
        """
        return self._to_write({})

    def _to_write(self, made: dict[int, Any]) -> Any:
        """``as_write`` with the write objects ``made`` so far (by ``id()`` of the read object;
        ``None`` while one is being made, so a cycle gives an id instead of recursing)."""
        write_class = self._write_class
        if write_class is None:
            raise TypeError(
                f"{type(self).__name__} is read-only: its view {self._view} is not writable"
            )
        made[id(self)] = None
        data: dict[str, Any] = {}
        values = self.__dict__
        fields = type(self).model_fields
        edges = self._edges
        for name in write_class.model_fields:
            if name in fields and name in values:  # a property not selected is absent
                spec = edges.get(name)
                if spec is not None and spec.direction == "inwards":
                    data[name] = _inward_edges(values[name], made)
                else:
                    data[name] = _as_write_value(values[name], made)
        other = values.get("other_node")
        if other is not None:  # an expanded edge: its far node is written with it
            for end in ("end_node", "start_node"):
                if values.get(end) == other.id:
                    data[end] = _as_write_value(other, made)
                    break
        if type(self).__dict__.get("_absent"):  # a selected read: only what was read is set
            written = write_class.model_construct(**data)
        else:
            written = write_class.model_validate(data)
        made[id(self)] = written
        return written


def _inward_edges(value: Any, made: dict[int, Any]) -> Any:
    """The write form of an inwards connection's edges with properties: in a connection an
    edge write's ``end_node`` is the node at the other end, here the edge's start node (as
    its write object when it was read expanded)."""
    if isinstance(value, list):
        return [_inward_edges(item, made) for item in value]
    if not isinstance(value, Edge):
        return _as_write_value(value, made)
    written = value._to_write(made)
    other = value.__dict__.get("other_node")
    far = _as_write_value(other, made) if other is not None else value.start_node
    return written.model_copy(update={"end_node": far})


def _as_write_value(value: Any, made: dict[int, Any]) -> Any:
    if isinstance(value, Instance):
        if value._write_class is None:
            return value.id
        if id(value) in made:
            done = made[id(value)]
            return value.id if done is None else done
        return value._to_write(made)
    if isinstance(value, list):
        return [_as_write_value(item, made) for item in value]
    return value


def _dump(instance: Instance, camel_case: bool, active: set[int]) -> dict[str, Any]:
    """``Instance.dump``: nested objects dumped in turn, one met again on the way down as its id."""
    values = instance.__dict__
    fields = type(instance).model_fields
    expanded = [name for name in fields if _holds_instance(values.get(name))]
    if not expanded:
        return instance.model_dump(mode="json", by_alias=camel_case)
    data = instance.model_dump(mode="json", by_alias=camel_case, exclude=set(expanded))
    active.add(id(instance))
    for name in expanded:
        info = fields[name]
        key = (info.serialization_alias or info.alias or name) if camel_case else name
        data[key] = _dump_value(values[name], camel_case, active)
    active.discard(id(instance))
    return data


def _dump_value(value: Any, camel_case: bool, active: set[int]) -> Any:
    if isinstance(value, list):
        return [_dump_value(item, camel_case, active) for item in value]
    if isinstance(value, Instance):
        if id(value) in active:
            return value.id.dump()
        return _dump(value, camel_case, active)
    if isinstance(value, InstanceId):
        return value.dump()
    return value


class _Brief:
    """How an expanded object shows inside another's repr: its class and id."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _brief(value: Any) -> Any:
    if isinstance(value, Instance):
        return _Brief(f"{type(value).__name__}({value.space!r}, {value.external_id!r})")
    if type(value) is list and any(isinstance(item, Instance) for item in value):
        return [_brief(item) for item in value]
    return value


def _holds_instance(value: Any) -> bool:
    if type(value) is list:
        return any(isinstance(item, Instance) for item in value)
    return isinstance(value, Instance)


class Node(Instance):
    """A read node. ``node_type`` is the node's optional ``type`` (a node id)."""

    instance_type: Literal["node"] = Field("node", alias="instanceType")
    node_type: InstanceId | None = Field(None, alias="type")


class Edge(Instance):
    """A read edge: ``edge_type``, ``start_node`` and ``end_node``, plus edge properties."""

    instance_type: Literal["edge"] = Field("edge", alias="instanceType")
    edge_type: InstanceId = Field(alias="type")
    start_node: InstanceId = Field(alias="startNode")
    end_node: InstanceId = Field(alias="endNode")
    other_node: Node | None = None
    """The node at the other end of a connection, read with ``expand`` (``None`` otherwise)."""


_BASE_WRITE_FIELDS = frozenset(
    {"space", "external_id", "existing_version", "node_type", "edge_type", "start_node", "end_node"}
)


class InstanceWrite(LinkedModel):
    """What every write object has. Generated classes add one field per writable property.

    Only the properties you set are sent: a property left out keeps its stored value (or the
    container default on create); a property set to ``None`` is cleared.
    """

    model_config = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        extra="forbid",
        defer_build=True,
        validate_assignment=False,
    )

    _view: ClassVar[ViewRef]
    _instance_type: ClassVar[Literal["node", "edge"]] = "node"
    _direct_relations: ClassVar[tuple[str, ...]] = ()
    _edges: ClassVar[Mapping[str, EdgeSpec]] = {}
    _plan: ClassVar["_WirePlan | None"] = None

    existing_version: int | None = Field(None, alias="existingVersion")

    @classmethod
    def view(cls) -> ViewRef:
        """The view this class writes."""
        return cls._view

    def dump(self) -> dict[str, Any]:
        """The wire form of this instance alone (nested objects appear as ids)."""
        raise NotImplementedError

    @classmethod
    def _wire_plan(cls) -> "_WirePlan":
        """How each property field goes on the wire, worked out once per class."""
        plan = cls.__dict__.get("_plan")
        if plan is None:
            plan = _WirePlan.of(cls)
            cls._plan = plan
        return plan

    def properties(self) -> dict[str, Any]:
        """The properties to send, keyed by CDF property id, as JSON values.

        Only fields that were set are included (``None`` clears a value). Direct relations are
        sent as ``{space, externalId}``, timestamps as ISO 8601 with an offset.
        """
        return to_jsonable_python(self._wire_properties())  # type: ignore[no-any-return]

    def _wire_properties(self) -> dict[str, Any]:
        """The properties to send, as values pydantic-core writes as CDF expects them
        (datetimes, dates and ids are left for its encoder, which is ~5x faster than Python)."""
        plan = type(self).__dict__.get("_plan") or self._wire_plan()
        values = self.__dict__
        given = self.__pydantic_fields_set__
        props = {key: values[name] for name, key in plan.plain if name in given}
        for name, key, convert in plan.converted:
            if name in given:
                props[key] = convert(values[name])
        return props

    def _wire(self) -> dict[str, Any]:
        """The wire item of this instance, in the form of :meth:`_wire_properties`."""
        raise NotImplementedError

    def nested(self) -> Iterator["InstanceWrite"]:
        """Write objects reachable from this one: direct-relation targets given as write
        objects, and edges (with their end nodes). Not recursive; see ``flatten``."""
        for name in self._direct_relations:
            value = getattr(self, name)
            for item in value if isinstance(value, list) else (value,):
                # InstanceId and None are the common case; skip the (slow) ABC isinstance
                if (
                    item is not None
                    and type(item) is not InstanceId
                    and isinstance(item, InstanceWrite)
                ):
                    yield item
        for name, spec in self._edges.items():
            value = getattr(self, name)
            if value is None:
                continue
            for item in value if isinstance(value, list) else [value]:
                yield from _edge_writes(self, spec, item)


@dataclass(frozen=True, slots=True)
class _WirePlan:
    """The property fields of a write class, split by how their values reach the wire.

    ``plain`` values (text, numbers, booleans, enums, dates, json, lists of them) are handed to
    pydantic-core's JSON encoder as they are; ``converted`` values (timestamps, relations,
    anything else) first go through a converter chosen once from the field's type, not per
    value.
    """

    plain: tuple[tuple[str, str], ...]
    converted: tuple[tuple[str, str, Callable[[Any], Any]], ...]
    source: dict[str, str]

    @classmethod
    def of(cls, write_class: type[InstanceWrite]) -> "_WirePlan":
        skip = {*_BASE_WRITE_FIELDS, *write_class._edges}
        relations = set(write_class._direct_relations)
        plain: list[tuple[str, str]] = []
        converted: list[tuple[str, str, Callable[[Any], Any]]] = []
        for name, field in write_class.model_fields.items():
            if name in skip:
                continue
            key = field.alias or name
            if name in relations:
                converted.append((name, key, _relation_value))
            elif _is_plain(field.annotation):
                plain.append((name, key))
            elif _holds(field.annotation, datetime):
                converted.append((name, key, _timestamp_value))
            else:
                converted.append((name, key, _json_value))
        view: ViewRef | None = getattr(write_class, "_view", None)
        return cls(tuple(plain), tuple(converted), {} if view is None else view.dump())


_JSON_NATIVE = frozenset({str, int, float, bool, type(None)})
_PLAIN_LEAVES = frozenset({*_JSON_NATIVE, date})
_PLAIN_FORMS = frozenset({Literal, Union, UnionType, list})


def _is_plain(annotation: Any) -> bool:
    """Whether pydantic-core writes every value of this type as CDF expects it."""
    if annotation in _PLAIN_LEAVES or annotation is JsonValue:
        return True
    origin = get_origin(annotation)
    if origin is Literal:
        return all(type(arg) in _JSON_NATIVE for arg in get_args(annotation))
    if origin in _PLAIN_FORMS:
        return all(_is_plain(arg) for arg in get_args(annotation))
    return False


def _holds(annotation: Any, kind: type) -> bool:
    """Whether ``kind`` appears in ``annotation`` (``datetime | None``, ``list[datetime]``)."""
    return annotation is kind or any(_holds(arg, kind) for arg in get_args(annotation))


def _timestamp_value(value: Any) -> Any:
    """Timestamps as CDF documents them: ISO 8601 with an offset and at most milliseconds.

    A whole-second aware datetime passes as it is (pydantic-core's encoder writes it, with its
    offset); a naive one is taken as UTC. With a fraction, Python writes exactly three digits
    (the encoder would write six); anything finer than a millisecond is cut.
    """
    if type(value) is datetime:
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        if value.microsecond:
            return value.isoformat(timespec="milliseconds")
        return value
    if type(value) is list:
        return [_timestamp_value(item) for item in value]
    return _json_value(value)


def _relation_value(value: Any) -> Any:
    """Direct relations: ids pass as they are, nested write objects become their ids."""
    if value is None or type(value) is InstanceId:
        return value
    if type(value) is list:
        return [_relation_value(item) for item in value]
    return _json_value(value)


def _json_value(value: Any) -> Any:
    """A property value as JSON (written by hand: ~3x faster than pydantic's serializer here)."""
    kind = type(value)
    if kind in _JSON_NATIVE or kind is dict:
        return value
    if kind is list:
        return [_json_value(item) for item in value]
    if kind is InstanceId:
        return {"space": value.space, "externalId": value.external_id}
    if kind is datetime:
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.isoformat(timespec="milliseconds")
    if kind is date:
        return value.isoformat()
    if isinstance(value, InstanceWrite):
        return InstanceId.of(value).dump()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    return to_wire(value)


class NodeWrite(InstanceWrite):
    """A node to create or update.

    ``space`` may be left out: ``upsert`` fills in the client's ``instance_space``.
    """

    space: str | None = None
    external_id: str = Field(alias="externalId")
    node_type: InstanceId | None = Field(None, alias="type")

    @property
    def id(self) -> InstanceId:
        """This node's ``InstanceId`` (``space`` must be set, or filled in by ``upsert``)."""
        if self.space is None:
            raise ValueError(
                f"node {self.external_id!r} has no space yet: set space, or upsert it through a "
                "client with an instance_space"
            )
        return InstanceId(self.space, self.external_id)

    def dump(self) -> dict[str, Any]:
        """The wire form of this node alone (nested objects appear as ids), as JSON values."""
        return to_jsonable_python(self._wire())  # type: ignore[no-any-return]

    def _wire(self) -> dict[str, Any]:
        values = self.__dict__
        plan = type(self).__dict__.get("_plan") or self._wire_plan()
        space = values["space"]
        if space is None:
            self.id  # noqa: B018 - raises the error that names the missing space
        item = {
            "instanceType": "node",
            "space": space,
            "externalId": values["external_id"],
            "sources": [{"source": plan.source, "properties": self._wire_properties()}],
        }
        if values["existing_version"] is not None:
            item["existingVersion"] = values["existing_version"]
        if values["node_type"] is not None:
            item["type"] = values["node_type"].dump()
        return item


class EdgeWrite(InstanceWrite):
    """An edge to create or update.

    Inside a node's edge connection only ``end_node`` (the node at the other end) is needed:
    the type, the start node, the space and a deterministic external id come from the
    connection. Standalone, give all of them.
    """

    _instance_type: ClassVar[Literal["node", "edge"]] = "edge"

    space: str | None = None
    external_id: str | None = Field(None, alias="externalId")
    edge_type: InstanceId | None = Field(None, alias="type")
    start_node: InstanceId | NodeWrite | str | None = Field(None, alias="startNode")
    end_node: InstanceId | NodeWrite | str = Field(alias="endNode")

    @property
    def id(self) -> InstanceId:
        """This edge's ``InstanceId`` (space and external id must be set)."""
        if self.space is None or self.external_id is None:
            raise ValueError("an edge outside a connection needs space and external_id")
        return InstanceId(self.space, self.external_id)

    def nested(self) -> Iterator["InstanceWrite"]:
        """As for every write object, and the start and end nodes when they are write
        objects (an edge written on its own, e.g. from ``as_write()`` of an edge read with the
        node at its far end)."""
        yield from super().nested()
        for end in (self.start_node, self.end_node):
            if isinstance(end, NodeWrite):
                yield end

    def dump(self) -> dict[str, Any]:
        """The wire form of this edge (start node, type, space and id must be set), as JSON
        values."""
        return to_jsonable_python(self._wire())  # type: ignore[no-any-return]

    def _wire(self) -> dict[str, Any]:
        if self.edge_type is None or self.start_node is None:
            raise ValueError(
                f"edge {self.external_id!r} needs edge_type and start_node when written on its own"
            )
        item: dict[str, Any] = {
            "instanceType": "edge",
            "space": self.id.space,
            "externalId": self.id.external_id,
            "type": self.edge_type.dump(),
            "startNode": InstanceId.of(self.start_node).dump(),
            "endNode": InstanceId.of(self.end_node).dump(),
        }
        if self.existing_version is not None:
            item["existingVersion"] = self.existing_version
        if getattr(self, "_view", None) is not None:
            item["sources"] = [
                {"source": self._wire_plan().source, "properties": self._wire_properties()}
            ]
        return item


class _PlainEdge(EdgeWrite):
    """An edge of a connection without edge properties."""


def _edge_writes(owner: InstanceWrite, spec: EdgeSpec, item: Any) -> Iterator[InstanceWrite]:
    owner_id = InstanceId.of(owner)
    if isinstance(item, EdgeWrite):
        edge = item
        other = item.end_node
    else:
        other = item
        edge = _PlainEdge.model_construct(end_node=other)
    other_id = InstanceId.of(other)
    start, end = (owner_id, other_id) if spec.direction == "outwards" else (other_id, owner_id)
    update: dict[str, Any] = {
        "edge_type": spec.edge_type,
        "start_node": start,
        "space": edge.space or owner_id.space,
        "external_id": edge.external_id or edge_external_id(start, spec.edge_type, end),
    }
    if spec.direction == "inwards":
        update["end_node"] = end
    yield edge.model_copy(update=update)
    if isinstance(other, NodeWrite):
        yield other

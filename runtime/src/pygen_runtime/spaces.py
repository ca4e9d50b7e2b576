"""The client's instance space, filled in where a write leaves the space out.

A write object may leave ``space`` out, and a relation (a direct relation, an edge connection,
an edge's end node) may be given as a bare external id. ``upsert`` resolves both with the
client's ``instance_space`` *before* anything is flattened, so the ids computed from them
(edge external ids, the ids direct relations are written as) already carry the space.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .ids import InstanceId
from .instance import EdgeWrite, InstanceWrite, NodeWrite

__all__ = ["resolve_spaces"]


class _Resolver:
    def __init__(self, instance_space: str | None) -> None:
        self.instance_space = instance_space

    def space(self, what: str) -> str:
        if self.instance_space is None:
            raise ValueError(
                f"{what}: give a space, or create the client with instance_space=... to "
                "write in that space by default"
            )
        return self.instance_space

    def node_id(self, value: Any, owner: InstanceWrite, field: str) -> Any:
        """A bare external id as an ``InstanceId`` in the instance space; anything else as is."""
        if isinstance(value, str):
            where = f"{type(owner).__name__}.{field} is the bare external id {value!r}"
            return InstanceId(self.space(where), value)
        return value


def resolve_spaces(objects: Iterable[InstanceWrite], instance_space: str | None) -> None:
    """Fill in ``instance_space`` in every write object reachable from ``objects``: as the
    ``space`` of objects that have none, and for relations given as bare external ids.

    Edges inside a node's edge connection keep no space of their own: they take the node's
    (see ``EdgeWrite``). The objects are changed in place.

    Raises:
        ValueError: something needs the instance space and the client has none.
    """
    resolver = _Resolver(instance_space)
    seen: set[int] = set()
    stack: list[tuple[InstanceWrite, bool]] = [(item, True) for item in objects]
    while stack:
        current, top = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        values = current.__dict__
        if values.get("space") is None and (top or isinstance(current, NodeWrite)):
            values["space"] = resolver.space(
                f"{type(current).__name__} {values.get('external_id')!r} has no space"
            )
        if isinstance(current, EdgeWrite):
            for name in ("start_node", "end_node"):
                values[name] = resolver.node_id(values[name], current, name)
                if isinstance(values[name], NodeWrite):
                    stack.append((values[name], False))
        for name in (*current._direct_relations, *current._edges):
            value = values.get(name)
            if value is None:
                continue
            many = isinstance(value, list)
            items = [resolver.node_id(item, current, name) for item in (value if many else [value])]
            values[name] = items if many else items[0]
            stack.extend((item, False) for item in items if isinstance(item, InstanceWrite))

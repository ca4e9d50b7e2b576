"""Small, deterministic graph helpers shared by validation, naming and the IR."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

__all__ = ["strongly_connected_components", "topological_order"]

K = TypeVar("K", bound=Hashable)


def topological_order(
    nodes: Iterable[K], parents: Mapping[K, Sequence[K]], *, key: Callable[[K], Any]
) -> list[K]:
    """Order ``nodes`` so that each comes after its parents; ties are broken by ``key``.

    Parents not among ``nodes`` are ignored. Nodes left on a cycle are appended in ``key``
    order, so the function always returns every node exactly once.
    """
    members = sorted(set(nodes), key=key)
    present = set(members)
    waiting = {
        node: len({p for p in parents.get(node, ()) if p in present and p != node})
        for node in members
    }
    children: dict[K, list[K]] = {node: [] for node in members}
    for node in members:
        for parent in {p for p in parents.get(node, ()) if p in present and p != node}:
            children[parent].append(node)
    heap = [(key(node), index, node) for index, node in enumerate(members) if waiting[node] == 0]
    position = {node: index for index, node in enumerate(members)}
    heapq.heapify(heap)
    order: list[K] = []
    while heap:
        _, _, node = heapq.heappop(heap)
        order.append(node)
        for child in children[node]:
            waiting[child] -= 1
            if waiting[child] == 0:
                heapq.heappush(heap, (key(child), position[child], child))
    if len(order) < len(members):
        done = set(order)
        order.extend(node for node in members if node not in done)
    return order


def strongly_connected_components(
    nodes: Iterable[K], edges: Mapping[K, Sequence[K]], *, key: Callable[[K], Any]
) -> list[list[K]]:
    """Tarjan's algorithm, iterative; components and their members come in ``key`` order.

    Edges to nodes outside ``nodes`` are ignored.
    """
    members = sorted(set(nodes), key=key)
    present = set(members)
    index_of: dict[K, int] = {}
    low: dict[K, int] = {}
    on_stack: set[K] = set()
    stack: list[K] = []
    components: list[list[K]] = []
    counter = 0
    for root in members:
        if root in index_of:
            continue
        work: list[tuple[K, Iterable[K]]] = []
        index_of[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work.append((root, iter(sorted({e for e in edges.get(root, ()) if e in present}, key=key))))
        while work:
            node, successors = work[-1]
            advanced = False
            for succ in successors:
                if succ not in index_of:
                    index_of[succ] = low[succ] = counter
                    counter += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append(
                        (
                            succ,
                            iter(sorted({e for e in edges.get(succ, ()) if e in present}, key=key)),
                        )
                    )
                    advanced = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index_of[succ])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index_of[node]:
                component: list[K] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component, key=key))
    return sorted(components, key=lambda component: key(component[0]))

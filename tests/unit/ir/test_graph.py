"""The deterministic graph helpers."""

from __future__ import annotations

from pygen._graph import strongly_connected_components, topological_order


def test_topological_order_puts_parents_first_and_breaks_ties_by_key() -> None:
    parents = {"c": ["a"], "b": ["c"], "d": [], "a": []}

    assert topological_order(parents, parents, key=lambda k: k) == ["a", "c", "b", "d"]


def test_topological_order_survives_cycles_and_unknown_parents() -> None:
    parents = {"a": ["b"], "b": ["a"], "c": ["zzz"], "d": ["d"]}

    assert topological_order(parents, parents, key=lambda k: k) == ["c", "d", "a", "b"]


def test_strongly_connected_components() -> None:
    edges = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"], "e": ["e"], "f": ["gone"]}

    components = strongly_connected_components(edges, edges, key=lambda k: k)

    assert components == [["a", "b", "c"], ["d"], ["e"], ["f"]]


def test_deep_chains_do_not_recurse() -> None:
    edges = {i: [i + 1] for i in range(5000)}
    edges[5000] = [0]

    (component,) = strongly_connected_components(edges, edges, key=lambda k: k)

    assert len(component) == 5001

"""Which classes a class names, and which name it: the language-neutral part of the keys of
the generation cache (``pygen.lower.python.cache_keys``, ``pygen.lower.typescript.cache_keys``).

A class *names* another when one of its properties is a relation to it, or one of its
relationships has it as the target, the edge class or the class of the property a reverse
relation follows back. A per-view module is made from its class and from what it takes of
the classes it names; some modules also read the classes naming theirs (an edge class's
module quotes the first connection using it).
"""

from __future__ import annotations

from collections.abc import Sequence

from pygen.ir import IRClass, IRList, IRReference, IRViewId

__all__ = ["named_by", "names"]


def names(cls: IRClass) -> set[IRViewId]:
    """The views ``cls`` names (its own view left out), whether classes of the model or not."""
    views: set[IRViewId] = set()
    for prop in cls.properties:
        item = prop.type.item if isinstance(prop.type, IRList) else prop.type
        if isinstance(item, IRReference) and item.target is not None:
            views.add(item.target)
    for rel in cls.relationships:
        views.update(v for v in (rel.target, rel.edge_class) if v is not None)
        if rel.through is not None and rel.through.view is not None:
            views.add(rel.through.view)
    views.discard(cls.view)
    return views


def named_by(
    classes: Sequence[IRClass], named: dict[IRViewId, set[IRViewId]]
) -> dict[IRViewId, list[IRViewId]]:
    """The classes naming each view, in model order (the order of ``classes``), from the
    views each class names (``named``, by :func:`names`)."""
    found: dict[IRViewId, list[IRViewId]] = {}
    for cls in classes:
        for view in named.get(cls.view, ()):
            found.setdefault(view, []).append(cls.view)
    return found

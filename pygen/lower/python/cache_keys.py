"""Cache keys of the view modules: what each module's text is made from, as one digest.

A view's module (:mod:`.views`) is lowered from its class, the classes it names (their
names, kinds, properties: a relation's annotation depends on them), the names of the
classes naming it and of the classes those name (an edge class's module lists the
connections using it and their far ends; a node class's the edge classes of the edges into
it), the module names, the
enum aliases of its properties, the settings, the model ids and versions of the header, and
the lowering's own code. The key hashes all of them, so a cached text is the text the
lowering would give.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from pygen.emit.ir_bytes import class_digest
from pygen.ir import IRClass, IRList, IRModel, IRReference, IRViewId

from .context import Context, PythonSettings
from .types import enum_key
from .views import view_modules

__all__ = ["view_keys"]


@lru_cache(maxsize=1)
def generator_fingerprint() -> str:
    """A digest of the Python lowering's source files (a changed generator misses)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _referenced(cls: IRClass) -> set[IRViewId]:
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


def _names_digest(cls: IRClass) -> bytes:
    """What another view's module may take from ``cls`` besides naming it in an annotation:
    its names, kind, and its relationships' names and ends (no text, no properties)."""
    relationships = [
        (
            rel.id,
            rel.kind,
            rel.names,
            rel.spec_names,
            rel.accessor_names,
            rel.hop_names,
            rel.target,
            rel.edge_class,
            rel.direction,
            rel.through,
        )
        for rel in cls.relationships
    ]
    text = repr((cls.view, cls.kind, cls.writable, cls.names, cls.derived_names, relationships))
    return hashlib.sha256(text.encode()).digest()


def view_keys(ir: IRModel, settings: PythonSettings) -> dict[IRViewId, str]:
    """The cache key of each view's module."""
    ctx = Context(ir, settings)
    modules = view_modules(ir)
    base = hashlib.sha256()
    base.update(generator_fingerprint().encode())
    base.update(repr(settings).encode())
    base.update(repr([(m.space, m.external_id, m.version) for m in ir.models]).encode())
    own = {
        cls.view: hashlib.sha256(f"{modules[cls.view]}\0".encode() + class_digest(cls)).digest()
        for cls in ir.classes
    }
    referenced = {cls.view: _referenced(cls) for cls in ir.classes}
    names = {cls.view: _names_digest(cls) for cls in ir.classes}
    naming: dict[IRViewId, set[IRViewId]] = {}  # the classes that name each view
    for view, targets in referenced.items():
        for target in targets:
            naming.setdefault(target, set()).add(view)
    keys = {}
    for cls in ir.classes:
        digest = base.copy()
        digest.update(own[cls.view])
        for view in sorted(referenced[cls.view], key=lambda v: v.key):
            digest.update(own.get(view, repr(view).encode()))
        # the classes naming it, and what those name: an edge class's module lists the
        # connections using it and their far ends, a node class's the edge classes of the
        # edges into it (its hop's edge_filter), in model order; by their names
        incoming = naming.get(cls.view, set())
        depends = set(incoming)
        for view in incoming:
            depends.update(referenced[view])
        depends -= referenced[cls.view] | {cls.view}
        for view in sorted(depends, key=lambda v: v.key):
            digest.update(names.get(view, repr(view).encode()))
        for edge in ctx.edge_classes_into.get(cls.view, []):
            digest.update(repr(edge.view.key).encode())
        for prop in cls.properties:
            alias = ctx.enum_aliases.get(enum_key(prop))
            if alias is not None:
                digest.update(alias.encode())
        keys[cls.view] = digest.hexdigest()
    return keys

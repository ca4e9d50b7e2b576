"""Cache keys of the per-view modules of the TypeScript SDK: what a view's
``src/dataClasses/<module>.ts`` and ``src/api/<module>.ts`` are made from, as one digest.

The two modules of a view are lowered from

* its class (all of it: names, properties, relationships, descriptions) and its module name;
* the classes it names (:func:`pygen.lower.view_deps.names`): their names, kinds, write
  interfaces, specs, the properties a reverse relation follows back, and their module names
  (the modules it imports from); all of each such class is hashed;
* the classes naming it, in model order: an edge class's module quotes the first connection
  using it (``Equipment.connectedTo``), so their names and relationships are hashed (not
  their text or properties);
* enum ownership: each enum alias of its properties, the class declaring it and that class's
  module (in the per-view layout the first class mapping a container property declares its
  alias, so an edit elsewhere can move it; the owner's module either declares or imports it);
* the settings, the layout, the model ids and versions, and the generator: the TypeScript
  lowering's sources, ts_emitter's, ``pygen/_text.py`` and the runtime's ``.ts`` files.

The key hashes all of them, so a cached text is the text the lowering would print. The cached
text leaves out the provenance header (it carries the model's source hash, which changes with
any edit): the header is put in front on every run.

A class is hashed through :data:`ClassDigest`, by default
:func:`pygen.emit.ir_bytes.class_digest`: the digest stored with the model's cache entry, or
the SHA-256 of the class's pickle (every field value).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from pygen.emit.ir_bytes import class_digest
from pygen.ir import IRClass, IREnum, IRViewId
from pygen.lower.view_deps import named_by, names

from .context import Context, enum_key
from .package import RUNTIME_SOURCES
from .types import item_of

__all__ = ["ClassDigest", "generator_fingerprint", "view_keys"]

ClassDigest = Callable[[IRClass], bytes]
"""A digest of everything a class holds (equal digests only for equal classes)."""


def _sources() -> Iterable[Path]:
    import pygen._text
    import pygen.lower.view_deps
    import ts_emitter

    yield from sorted(Path(__file__).resolve().parent.glob("*.py"))
    yield Path(pygen.lower.view_deps.__file__)
    yield Path(pygen._text.__file__)
    yield from sorted(Path(ts_emitter.__file__).resolve().parent.glob("*.py"))
    yield from sorted(RUNTIME_SOURCES.glob("*.ts"))


@lru_cache(maxsize=1)
def generator_fingerprint() -> str:
    """A digest of the files the TypeScript SDK's text comes from (a changed generator or
    runtime misses every entry)."""
    digest = hashlib.sha256()
    for path in _sources():
        digest.update(f"{path.parent.name}/{path.name}".encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _names_digest(cls: IRClass) -> bytes:
    """What a module may take from a class naming its own: names, kind, and its
    relationships' names and ends (no text, no properties)."""
    relationships = [
        (rel.id, rel.kind, rel.names, rel.spec_names, rel.target, rel.edge_class, rel.direction)
        for rel in cls.relationships
    ]
    text = repr((cls.view, cls.kind, cls.writable, cls.names, cls.derived_names, relationships))
    return hashlib.sha256(text.encode()).digest()


def view_keys(ctx: Context, digest: ClassDigest = class_digest) -> dict[IRViewId, str]:
    """The cache key of each view's two modules (per-view layout), by view."""
    ir = ctx.ir
    modules = ctx.modules
    base = hashlib.sha256()
    base.update(generator_fingerprint().encode())
    base.update(repr((ctx.settings, ctx.split)).encode())
    base.update(repr([(m.space, m.external_id, m.version) for m in ir.models]).encode())
    own = {cls.view: digest(cls) + modules[cls.view].encode() for cls in ir.classes}
    named = {cls.view: names(cls) for cls in ir.classes}
    naming = named_by(ir.classes, named)
    incoming = {
        view: _names_digest(ctx.classes[view]) for views in naming.values() for view in views
    }
    keys = {}
    for cls in ir.classes:
        key = base.copy()
        key.update(b"own\0" + own[cls.view])
        for view in sorted(named[cls.view], key=lambda v: v.key):
            found = own.get(view)
            key.update(b"names\0" + (found if found is not None else repr(view).encode()))
        for view in naming.get(cls.view, ()):
            key.update(b"named by\0" + incoming[view])
        for prop in cls.properties:
            if isinstance(item_of(prop), IREnum):
                owner = ctx.enum_owners[enum_key(prop)]
                alias = ctx.enums[enum_key(prop)][0]
                key.update(f"enum\0{alias}\0{owner.view.key}\0{modules[owner.view]}".encode())
        keys[cls.view] = key.hexdigest()
    return keys

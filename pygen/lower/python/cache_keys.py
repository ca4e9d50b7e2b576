"""Cache keys of the package's modules: what each module's text is made from, as one digest.

A view's module (:mod:`.views`) is lowered from its class, the classes it names (their
names, kinds, properties: a relation's annotation depends on them), the names of the
classes naming it and of the classes those name (an edge class's module lists the
connections using it and their far ends; a node class's the edge classes of the edges into
it), the module names, the
enum aliases of its properties, the settings, the model ids and versions of the header, and
the lowering's own code. The key hashes all of them, so a cached text is the text the
lowering would give.

The package index (``__init__.py``) and ``client.py`` are cached too. Both
start with the provenance header, whose model source hash changes with any change to the
model, so they are stored without it and given the run's header when taken (:class:`Keys`);
their keys hold what they read besides: the settings, the model's ids, name and
description, and per class in model order its view, module, names and derived names and
whether it is writable; the index also each enum alias with the module of its first class,
the client each class's description and display name. A property added to a view changes
neither; a view added, renamed or re-described (client) changes them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from pygen.emit.ir_bytes import class_digest
from pygen.ir import IRClass, IRModel, IRViewId
from pygen.lower import view_deps

from . import _cst
from .context import Context, PythonSettings
from .parallel import view_file
from .render import render_module
from .types import enum_key
from .views import view_modules

__all__ = ["Keys", "module_keys", "view_keys"]


@lru_cache(maxsize=1)
def generator_fingerprint() -> str:
    """A digest of the Python lowering's source files and of what decides which classes a
    key covers (``pygen.lower.view_deps``): a changed generator misses."""
    digest = hashlib.sha256()
    for path in [*sorted(Path(__file__).parent.glob("*.py")), Path(view_deps.__file__)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


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


@dataclass(frozen=True, slots=True)
class Keys:
    """The cache key of each cached module by path, and the header the shared ones are
    stored without.

    Attributes:
        files: Path (``<package>/views/pump.py``, ``<package>/client.py`` ...) -> key.
        header: The provenance header of the run (rendered comment lines).
        headless: The paths stored without ``header``.
    """

    files: dict[PurePosixPath, str]
    header: str
    headless: frozenset[PurePosixPath]

    def restored(self, path: PurePosixPath, stored: str) -> str:
        """The text of ``path`` from its cache entry."""
        return self.header + stored if path in self.headless else stored

    def stored(self, path: PurePosixPath, text: str) -> str | None:
        """What the cache keeps of ``path``'s ``text`` (``None``: nothing, the text does not
        start with the header)."""
        if path not in self.headless:
            return text
        return text[len(self.header) :] if text.startswith(self.header) else None


def module_keys(ctx: Context) -> Keys:
    """The keys of the view modules, the package index and the client of the model of
    ``ctx`` (package layout)."""
    ir, settings = ctx.ir, ctx.settings
    modules = view_modules(ir)
    files = {
        view_file(settings, modules[view]): key
        for view, key in view_keys(ir, settings, ctx).items()
    }
    shared = {
        PurePosixPath(settings.package) / f"{module}.py": key
        for module, key in _shared_keys(ctx, modules).items()
    }
    header = render_module(_cst.module([], header=_cst.comment_lines(ctx.header())))
    return Keys(files | shared, header, frozenset(shared))


def _base(ir: IRModel, settings: PythonSettings) -> hashlib._Hash:
    """A digest of the lowering's code, the settings and the models' ids."""
    base = hashlib.sha256()
    base.update(generator_fingerprint().encode())
    base.update(repr(settings).encode())
    base.update(repr([(m.space, m.external_id, m.version) for m in ir.models]).encode())
    return base


def _shared_keys(ctx: Context, modules: dict[IRViewId, str]) -> dict[str, str]:
    """The keys of the package index and the client, by module: what ``lower_package`` and
    ``lower_client`` read (module docstring)."""
    ir = ctx.ir
    model = repr((ir.model, ir.other_models, ir.name, ir.description, ir.names))
    index, client = _base(ir, ctx.settings), _base(ir, ctx.settings)
    for digest, name in ((index, "__init__"), (client, "client")):
        digest.update(f"\0{name}\0{model}".encode())
    for cls in ir.classes:
        names = repr((cls.view, modules[cls.view], cls.names, cls.derived_names, cls.writable))
        index.update(names.encode())
        client.update(f"{names}{(cls.description, cls.display_name)!r}".encode())
    aliases = ctx.enum_aliases
    owners: dict[tuple[str, str, str], IRViewId] = {}  # an alias is exported from its first view
    for cls in ir.classes:
        for prop in cls.properties:
            key = enum_key(prop)
            if key in aliases:
                owners.setdefault(key, cls.view)
    index.update(
        repr([(key, alias, modules[owners[key]]) for key, alias in aliases.items()]).encode()
    )
    return {"__init__": index.hexdigest(), "client": client.hexdigest()}


def view_keys(
    ir: IRModel, settings: PythonSettings, ctx: Context | None = None
) -> dict[IRViewId, str]:
    """The cache key of each view's module (``ctx``: the model's context, when made)."""
    ctx = ctx or Context(ir, settings)
    modules = view_modules(ir)
    base = _base(ir, settings)
    own = {
        cls.view: hashlib.sha256(f"{modules[cls.view]}\0".encode() + class_digest(cls)).digest()
        for cls in ir.classes
    }
    referenced = {cls.view: view_deps.names(cls) for cls in ir.classes}
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

"""The generation cache's model entries: a model's IR and validation result, kept so that
a run after a change to one view's documentation validates and builds only that view again.

Loading, validation and building the IR are most of a warm regeneration of a large model.
``pygen generate`` from one model file keeps their result in the generation cache
(:mod:`pygen.emit.cache`, kind ``model-ir``) under a key made of the model's **structure**,
a SHA-256 digest of:

- the model file's content with the documentation of each view and property left out:
  ``description`` and ``name`` (view and property) and a view's ``createdTime`` and
  ``lastUpdatedTime``;
- the settings of the run (:class:`~pygen.config.GeneratorConfig`, all of them but
  ``workers``);
- the generator: the path, size and modification time of every source file of ``pygen`` and
  ``pygen_runtime`` (an edited or upgraded generator misses), and pydantic's version.

Validation, the name plan and the resolving of references never read that documentation,
so a model with the same structure has the same validation result, classes, order and
names. The entry keeps each view's documentation as it was: a run whose documentation
differs reads and parses again only the views whose documentation changed (and their
ancestors), builds again those classes and the classes inheriting from them (flattening
copies members' descriptions down) with the stored name plan, and splices their canonical
JSON into the stored rest for the source hash. Any other change (a property, a type, a
parent, a view added, a setting) is another structure: the whole model is loaded,
validated and built, and its entry stored. A view that validation repaired, or that is
listed twice, is never rebuilt on its own (the whole model is).

Each run also keeps a small entry under the digest of the file's exact bytes (and the
settings and generator): which structure entry it used (by the random id that entry got
when stored) and the classes it rebuilt. The same file again (a second run, ``--check``
after ``generate``) takes its IR from there without parsing the file; an entry of the
structure stored again since (another id) makes it a miss.

Several model files (merged into one SDK) are cached by their exact bytes instead
(:func:`model_key`). A model from CDF or a ``DataModel`` object is never cached. Only a
valid model's result is kept (a model with errors is validated again, so its report is
always fresh). An entry is a pickle behind the cache's SHA-256 check: a torn or edited
entry is ignored and replaced, never used; an entry that fails to unpickle, or does not
fit the model, is a miss too.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import marshal
import os
import pickle
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pygen.config import GeneratorConfig
    from pygen.ir import IRClass, IRModel
    from pygen.ir.build import IRBuild
    from pygen.ir.hashing import CanonicalParts
    from pygen.naming import NamePlan, ViewKey
    from pygen.validation import ValidationResult

__all__ = [
    "ModelFile",
    "SourceFile",
    "load_exact",
    "load_ir",
    "load_model_ir",
    "model_key",
    "prepare",
    "read_source",
    "store_ir",
    "store_model_ir",
]

KIND = "model-ir"

_VIEW_DOCS = ("description", "name", "createdTime", "lastUpdatedTime")
_PROPERTY_DOCS = ("description", "name")

Docs = tuple[Any, ...] | None
"""One entry of a model's ``views``: its documentation values, then each property's
``(id, description, name)``; ``None`` for an entry that is not a mapping."""


@lru_cache(maxsize=1)
def generator_stamp() -> str:
    """A digest of the generator's source files (path, size, modification time)."""
    import pydantic

    import pygen
    import pygen_runtime

    digest = hashlib.sha256(pydantic.VERSION.encode())
    for package in (pygen, pygen_runtime):
        root = Path(package.__file__ or "").parent
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(f for f in files if f.endswith(".py")):
                path = Path(folder) / name
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


_NOT_READ = frozenset({"workers"})
"""Settings that never change what is generated (the output is byte for byte the same with
any number of worker processes), so they are not part of a key."""


def _settings_digest(config: GeneratorConfig) -> hashlib._Hash:
    digest = hashlib.sha256(generator_stamp().encode())
    digest.update(config.model_dump_json(exclude=set(_NOT_READ)).encode())
    return digest


# -- one model file: keyed by its structure ----------------------------------------------------
@dataclass(frozen=True, slots=True)
class ModelFile:
    """A model file read for the cache: its parsed document, its structure key and the
    documentation of each entry of its ``views``."""

    path: Path
    document: dict[Any, Any]
    key: str
    docs: tuple[Docs, ...]
    exact: str | None = None

    def released(self) -> ModelFile:
        """The same without the parsed document (what storing an entry needs)."""
        return dataclasses.replace(self, document={})


@dataclass(frozen=True, slots=True)
class _Entry:
    ir: IRModel
    validation: ValidationResult
    plan: NamePlan
    docs: tuple[Docs, ...]
    hash_parts: CanonicalParts
    unchanged: frozenset[ViewKey]
    id: str  # which entry of the structure an _Exact was made from
    digests: tuple[bytes, ...]  # of ir.classes (pygen.emit.ir_bytes.class_digest)


@dataclass(frozen=True, slots=True)
class _Exact:
    """A file's exact content: its IR is the entry ``structure`` (the one stored as
    ``base``) with ``classes`` in place of its own and ``source_hash``."""

    structure: str
    base: str
    classes: tuple[IRClass, ...]
    source_hash: str
    digests: tuple[bytes, ...]  # of classes


_REFERENCE_KEYS = frozenset({"type", "space", "externalId", "external_id", "version"})


_MISSING = ("<missing>",)  # no document value is a tuple: JSON and YAML give lists


def _blank(item: dict[Any, Any], keys: tuple[str, ...]) -> tuple[dict[Any, Any], tuple[Any, ...]]:
    """``item`` without ``keys``, and their values (:data:`_MISSING` where missing, which
    reads differently from ``null``; a value that is not text is kept with its type, so
    ``1`` and ``True`` differ)."""
    shape = dict(item)
    values = []
    for key in keys:
        value = shape.pop(key, _MISSING)
        values.append(
            value if value is None or type(value) is str else (type(value).__name__, value)
        )
    return shape, tuple(values)


def _split(view: Any) -> tuple[Any, Docs]:
    """A ``views`` entry's structure and documentation. The structure says whether the
    entry has the form of a reference (only identity keys), which its documentation keys
    decide too."""
    if not isinstance(view, dict):
        return view, None
    shape, docs = _blank(view, _VIEW_DOCS)
    properties = view.get("properties")
    if isinstance(properties, dict):
        shapes: dict[Any, Any] = {}
        described: list[Any] = []
        for prop_id, prop in properties.items():
            if isinstance(prop, dict):
                shapes[prop_id], values = _blank(prop, _PROPERTY_DOCS)
                described.append((prop_id, *values))
            else:
                shapes[prop_id] = prop
        shape["properties"] = shapes
        docs = (*docs, *described)
    return (set(view) <= _REFERENCE_KEYS, shape), docs


def _structure(shapes: Any) -> bytes:
    """The bytes the structure key hashes: ``marshal``'s (version 2, which writes every value
    in full, whatever shares it), else (a YAML date ...) ``repr``'s. Both tell ``1`` from
    ``"1"``, ``True`` from ``1`` and a list from a tuple (YAML keys and values)."""
    try:
        return b"marshal\0" + marshal.dumps(shapes, 2)
    except ValueError:  # a value marshal does not know
        return b"repr\0" + repr(shapes).encode("utf-8", "backslashreplace")


def _head(document: dict[Any, Any]) -> dict[Any, Any]:
    """A model document without its ``views``."""
    return {key: value for key, value in document.items() if key != "views"}


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The one model file of a run, read once: its bytes and their key."""

    path: Path
    data: bytes
    exact: str


def read_source(sources: Sequence[Any], config: GeneratorConfig) -> SourceFile | None:
    """The one model file of ``sources`` with the key of its exact bytes, or ``None`` (the
    cache is off, several sources or one that is not a file, or the file cannot be read:
    loading then reports it)."""
    from pygen.emit.cache import cache_folder

    if cache_folder() is None or len(sources) != 1 or not isinstance(sources[0], str | Path):
        return None
    path = Path(sources[0])
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest = _settings_digest(config)
    digest.update(b"\0exact\0")
    digest.update(data)
    return SourceFile(path, data, digest.hexdigest())


def load_exact(source: SourceFile) -> tuple[IRModel, ValidationResult] | None:
    """The IR and validation result of ``source`` when an earlier run of the same bytes
    left them (nothing parsed: a second run, or ``--check`` after ``generate``)."""
    from pygen.ir.transform import with_classes

    exact = _read(source.exact)
    if not isinstance(exact, _Exact):
        return None
    entry = _read_entry(exact.structure)
    if entry is None or entry.id != exact.base:
        return None  # the structure's entry was stored again since
    _remember(entry, exact.classes, exact.digests)
    return with_classes(entry.ir, exact.classes, exact.source_hash), entry.validation


def _remember(
    entry: _Entry, classes: Sequence[IRClass] = (), digests: Sequence[bytes] = ()
) -> None:
    """Register the digests of the entry's classes and of ``classes`` (see
    :func:`pygen.emit.ir_bytes.remember`)."""
    from pygen.emit.ir_bytes import remember

    remember([*entry.ir.classes, *classes], [*entry.digests, *digests])


def _store_exact(model: ModelFile, entry: _Entry, ir: IRModel, classes: Sequence[IRClass]) -> None:
    from pygen.emit.ir_bytes import class_digests

    digests = class_digests(classes)
    _remember(entry, classes, digests)
    if model.exact is not None:
        exact = _Exact(model.key, entry.id, tuple(classes), ir.metadata.source_hash, digests)
        _write(model.exact, exact)


def prepare(source: SourceFile, config: GeneratorConfig) -> ModelFile | None:
    """Parse ``source`` for the cache, or ``None`` when it holds no mapping with a list of
    views (loading then reports what is wrong).

    Raises:
        ParseError: the file cannot be parsed (as loading it would).
    """
    from pygen.model_file import read_document

    document = read_document(source.path, source.data)
    if not isinstance(document, dict) or not isinstance(document.get("views"), list):
        return None
    split = [_split(view) for view in document["views"]]
    digest = _settings_digest(config)
    digest.update(_structure((_head(document), [shape for shape, _ in split])))
    docs = tuple(docs for _, docs in split)
    return ModelFile(source.path, document, digest.hexdigest(), docs, source.exact)


def load_model_ir(model: ModelFile) -> tuple[IRModel, ValidationResult] | None:
    """The IR and validation result of ``model``, from the entry of its structure, or
    ``None`` (no entry, or one whose changed views cannot be built on their own)."""
    entry = _read_entry(model.key)
    if entry is None or len(entry.docs) != len(model.docs):
        return None
    dirty = [
        i for i, (old, new) in enumerate(zip(entry.docs, model.docs, strict=True)) if old != new
    ]
    if not dirty:
        _store_exact(model, entry, entry.ir, ())
        return entry.ir, entry.validation
    return _rebuild(entry, model, dirty)


def _rebuild(
    entry: _Entry, model: ModelFile, dirty: list[int]
) -> tuple[IRModel, ValidationResult] | None:
    """The entry's IR with the views at ``dirty`` (documentation changed) built again."""
    from pygen.ir import IRViewId, view_id
    from pygen.ir.hashing import canonical_parts
    from pygen.ir.parse import parse_view
    from pygen.ir.transform import affected_classes, retransform
    from pygen.model_file import parse_data_model
    from pygen_runtime.client.models import View
    from pygen_runtime.errors import ParseError

    keys = entry.hash_parts.keys
    changed = {IRViewId(space=s, external_id=e, version=v) for s, e, v in (keys[i] for i in dirty)}
    redo, needed = affected_classes(entry.ir, changed)
    if any(view.key not in entry.unchanged for view in changed | needed):
        return None  # listed twice, or repaired by validation: the whole model is built
    position = {key: index for index, key in enumerate(keys)}  # the unchanged are unique
    wanted = sorted({*dirty, *(position[view.key] for view in needed)})
    views = model.document["views"]
    try:
        part = parse_data_model({**_head(model.document), "views": [views[i] for i in wanted]})
    except ParseError:
        return None  # the full load reports it
    part_hash = canonical_parts(part)
    if part_hash is None or len(part_hash.views) != len(wanted):
        return None
    parsed = {
        view_id(view): parse_view(view)
        for view in part.views
        if isinstance(view, View) and view_id(view) in needed
    }
    if set(parsed) != needed:
        return None
    hash_parts = entry.hash_parts.with_views(dict(zip(wanted, part_hash.views, strict=True)))
    ir = retransform(entry.ir, entry.plan, parsed, redo, hash_parts.hash())
    _store_exact(model, entry, ir, [cls for cls in ir.classes if cls.view in redo])
    return ir, entry.validation


def store_model_ir(model: ModelFile, built: IRBuild) -> None:
    """Keep a valid model's IR, validation result and name plan under its structure key (a
    failure to pickle or write is ignored: the cache only saves time)."""
    from pygen.emit.ir_bytes import class_digests

    if not built.validation.is_valid or built.hash_parts is None:
        return
    entry = _Entry(
        ir=built.ir,
        validation=dataclasses.replace(built.validation, filtered_model=None),
        plan=built.plan,
        docs=model.docs,
        hash_parts=built.hash_parts,
        unchanged=built.unchanged,
        id=uuid.uuid4().hex,
        digests=class_digests(built.ir.classes),
    )
    _write(model.key, entry)
    _store_exact(model, entry, entry.ir, ())


def _read_entry(key: str) -> _Entry | None:
    entry = _read(key)
    if not isinstance(entry, _Entry) or len(getattr(entry, "digests", ())) != len(entry.ir.classes):
        return None
    _remember(entry)
    return entry


def _read(key: str) -> Any:
    from pygen.emit.cache import text_cache

    cache = text_cache(KIND)
    if cache is None:
        return None
    body = cache.get_bytes(key)
    if body is None:
        return None
    with contextlib.suppress(Exception):  # a stale or foreign pickle is a miss, never an error
        return pickle.loads(body)  # pygen's own entry, its digest checked
    return None


def _write(key: str, value: object) -> None:
    from pygen.emit.cache import text_cache

    cache = text_cache(KIND)
    if cache is None:
        return
    from pygen.emit.ir_bytes import dumps

    with contextlib.suppress(Exception):
        cache.put_bytes(key, dumps(value))


# -- several model files: keyed by their bytes -------------------------------------------------
def model_key(sources: Sequence[Any], config: GeneratorConfig) -> str | None:
    """The cache key of a run from several model files ``sources``, or ``None`` when the
    cache is off or a source is not a file (or cannot be read: loading then reports it)."""
    from pygen.emit.cache import cache_folder

    if cache_folder() is None:
        return None
    digest = _settings_digest(config)
    for source in sources:
        if not isinstance(source, str | Path):
            return None
        try:
            data = Path(source).read_bytes()
        except OSError:
            return None
        digest.update(f"\0{os.fspath(source)}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def load_ir(key: str) -> tuple[IRModel, ValidationResult] | None:
    """The IR and validation result stored under ``key``, or ``None``."""
    value = _read(key)
    if isinstance(value, tuple) and len(value) == 2:
        ir, validation = value
        return ir, validation
    return None


def store_ir(key: str, ir: IRModel, validation: ValidationResult) -> None:
    """Keep a valid model's IR and validation result under ``key``."""
    if validation.is_valid:
        _write(key, (ir, validation))

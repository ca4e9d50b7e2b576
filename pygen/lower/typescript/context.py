"""What every lowering module needs: the model, the settings, shared lookups and doc text."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Literal, TypeAlias

from pygen._text import escape_unprintable
from pygen.ir import IRClass, IREnum, IRList, IRModel, IRProperty, IRViewId
from ts_emitter import Symbol
from ts_emitter import factory as f
from ts_emitter import nodes as n

from .naming import class_name, derived, enum_alias

RUNTIME = "./runtime/index.js"
"""The module generated files import the runtime from."""

DATA_CLASSES = "./dataClasses.js"
API = "./api.js"
CLIENT = "./client.js"

DOC_WIDTH = 100
"""Doc comments are wrapped to this many columns (prettier leaves comments as they are)."""


_RUNTIME_FROM: ContextVar[str] = ContextVar("runtime_from", default=RUNTIME)


def runtime(name: str) -> Symbol:
    """A name the runtime exports (listed in ``TYPESCRIPT_RUNTIME_EXPORTS`` of the plan), as
    the module being lowered imports it (see :func:`nested`)."""
    return Symbol(name, _RUNTIME_FROM.get())


@contextmanager
def nested() -> Iterator[None]:
    """Lower a module one folder down (``src/api/<view>.ts``): it imports the runtime from
    ``../runtime/index.js``."""
    token = _RUNTIME_FROM.set("../runtime/index.js")
    try:
        yield
    finally:
        _RUNTIME_FROM.reset(token)


SPLIT_VIEWS = 200
"""From this many views on, each view gets files of its own (``src/dataClasses/<view>.ts``,
``src/api/<view>.ts``) and only ``index.ts`` and ``client.ts`` list the views (see
docs/typescript.md, "Large models")."""

Here: TypeAlias = "IRClass | Literal['api'] | None"
"""Where a name is used: the data classes module of a class (per-view layout), ``None`` for
``dataClasses.ts`` (one-file layout), or ``"api"`` for the API modules."""


@dataclass(frozen=True, slots=True)
class TypeScriptSettings:
    """The generator settings the TypeScript lowering uses.

    Attributes:
        pygen_version: Written into the header and ``PYGEN_VERSION``.
        docs: Doc comments from the model's descriptions.
        split_views: From this many views on, a file per view (``None``: never).
    """

    pygen_version: str = "0.0.0"
    docs: bool = True
    split_views: int | None = SPLIT_VIEWS


@dataclass
class Context:
    """The model being lowered and what is derived from it once."""

    ir: IRModel
    settings: TypeScriptSettings
    _classes: dict[IRViewId, IRClass] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._classes = self.ir.class_index()

    @cached_property
    def split(self) -> bool:
        """Whether each view gets modules of its own."""
        limit = self.settings.split_views
        return limit is not None and len(self.ir.classes) >= limit

    @cached_property
    def modules(self) -> dict[IRViewId, str]:
        """The module name of each class (the name plan's, ``equipmentSummary``)."""
        found = {}
        for module in self.ir.modules:
            for view in module.classes:
                found[view] = module.names["typescript"]
        return found

    def sibling(self, owner: IRClass) -> str:
        """``owner``'s per-view module as a module in the same folder imports it
        (``./equipmentSummary.js``; the name is the same in ``dataClasses/`` and ``api/``)."""
        return f"./{self.modules[owner.view]}.js"

    def refer(self, name: str, owner: IRClass, here: Here) -> str | Symbol:
        """``name``, declared in ``owner``'s data classes (its view constant, enums it owns,
        specs and interfaces), as seen from ``here``: plain in its own module, imported
        elsewhere (``../dataClasses/<owner>.js`` from an API module, ``./<owner>.js`` from
        another view's data classes, ``./dataClasses.js`` in the one-file layout)."""
        if here == "api":
            if not self.split:
                return Symbol(name, DATA_CLASSES)
            return Symbol(name, f"../dataClasses/{self.modules[owner.view]}.js")
        if not self.split or (here is not None and owner.view == here.view):
            return name
        return Symbol(name, self.sibling(owner))

    def value(self, name: str, owner: IRClass, here: Here) -> n.Expression:
        """A value use of ``name`` (see :meth:`refer`)."""
        found = self.refer(name, owner, here)
        return f.ident(found) if isinstance(found, str) else f.reference(found)

    def view_ref(self, cls: IRClass, here: Here) -> n.Expression:
        """The ``ViewRef`` of ``cls`` used in ``here``'s values: its constant, except in
        another view's data classes in the per-view layout, where it is written out
        (``new ViewRef(...)``, compared by value), so that the view modules import no values
        from each other and form no import cycle at run time."""
        if self.split and isinstance(here, IRClass) and here.view != cls.view:
            return new_view_ref(cls.view)
        return self.value(derived(cls, "view_constant"), cls, here)

    def enum_type(self, prop: IRProperty, here: Here) -> str | Symbol:
        """The string-literal union of an enum property, declared with the first class that
        maps its container property."""
        key = enum_key(prop)
        return self.refer(self.enums[key][0], self.enum_owners[key], here)

    @property
    def classes(self) -> dict[IRViewId, IRClass]:
        """Every class by view id."""
        return self._classes

    @cached_property
    def enums(self) -> dict[tuple[str, str, str], tuple[str, IRProperty]]:
        """One alias per enum container property (named after its first class), with the
        property that defines it, in class order."""
        return {key: (alias, prop) for key, (alias, prop, _) in self._enum_index.items()}

    @cached_property
    def enum_owners(self) -> dict[tuple[str, str, str], IRClass]:
        """The class declaring each enum alias: the first class mapping its container
        property (in the per-view layout, the alias lives in that class's module)."""
        return {key: owner for key, (_, _, owner) in self._enum_index.items()}

    def enums_of(self, cls: IRClass) -> list[tuple[str, IRProperty]]:
        """The enum aliases ``cls`` declares (with their properties), in property order."""
        return self._enums_by_class.get(cls.view, [])

    @cached_property
    def _enums_by_class(self) -> dict[IRViewId, list[tuple[str, IRProperty]]]:
        found: dict[IRViewId, list[tuple[str, IRProperty]]] = {}
        for alias, prop, owner in self._enum_index.values():
            found.setdefault(owner.view, []).append((alias, prop))
        return found

    @cached_property
    def _enum_index(self) -> dict[tuple[str, str, str], tuple[str, IRProperty, IRClass]]:
        found: dict[tuple[str, str, str], tuple[str, IRProperty, IRClass]] = {}
        for cls in self.ir.classes:
            for prop in cls.properties:
                item = prop.type.item if isinstance(prop.type, IRList) else prop.type
                if isinstance(item, IREnum):
                    found.setdefault(enum_key(prop), (enum_alias(prop), prop, cls))
        return found

    def header(self) -> list[str]:
        """The provenance lines every generated source file starts with (``//`` comments)."""
        model = self.ir.model
        return [
            f"Generated by pygen {self.settings.pygen_version} from "
            f"{model.space}:{model.external_id} (version {model.version}). Do not edit.",
            f"Model source hash: {self.ir.metadata.source_hash}",
        ]

    def module_doc(self, text: str) -> n.JSDoc:
        """The ``/** ... @module */`` comment after the header."""
        return n.JSDoc(text=wrap(text, 0), tags=(n.JSDocTag(tag="module"),))

    def doc(self, text: str | None, indent: int = 0) -> n.JSDoc | None:
        """A doc comment of ``text`` wrapped for a declaration ``indent`` columns deep;
        None without text or with docs off."""
        if not text or not text.strip() or not self.settings.docs:
            return None
        return n.JSDoc(text=wrap(text, indent))

    def class_of(self, view: IRViewId | None) -> IRClass | None:
        """The class of ``view`` when it is one of the model."""
        return None if view is None else self._classes.get(view)

    def write_of(self, view: IRViewId | None, here: Here) -> str | Symbol | None:
        """The write interface of ``view`` when it is a writable node class of the model."""
        cls = self.class_of(view)
        if cls is None or not cls.writable or cls.kind == "edge":
            return None
        return self.refer(derived(cls, "write"), cls, here)

    def view_constant(self, view: IRViewId | None, here: Here) -> n.Expression | None:
        """The ``ViewRef`` of ``view`` when it is a class of the model (see :meth:`view_ref`)."""
        cls = self.class_of(view)
        return None if cls is None else self.view_ref(cls, here)

    def name_of(self, view: IRViewId | None) -> str | None:
        """The read interface of ``view`` when it is a class of the model."""
        cls = self.class_of(view)
        return None if cls is None else class_name(cls)


def new_view_ref(view: IRViewId) -> n.Expression:
    """``new ViewRef("space", "externalId", "version")``."""
    return f.new(
        f.reference(runtime("ViewRef")),
        f.string_(view.space),
        f.string_(view.external_id),
        f.string_(view.version),
    )


def enum_key(prop: IRProperty) -> tuple[str, str, str]:
    """Enums are shared by every view mapping the same container property."""
    return (prop.container.space, prop.container.external_id, prop.container_property)


def first_text(*texts: str | None) -> str | None:
    """The first text that is not blank (a description of only spaces counts as none)."""
    return next((text for text in texts if text and text.strip()), None)


def about(text: str | None, fallback: str) -> str:
    """A description as the start of a sentence (no final full stop)."""
    return (text or fallback).strip().rstrip(".") or fallback


@lru_cache(maxsize=8192)
def wrap(text: str, indent: int) -> str:
    """``text`` wrapped for a doc comment ``indent`` columns deep: lines of at most
    ``DOC_WIDTH - indent - 7`` characters, so that a one-line text prints as ``/** text */``
    within :data:`DOC_WIDTH` and the lines of a longer one (`` * line``) fit too; paragraphs
    and list items (``- ``) keep their own lines. Unprintable characters are shown as escapes
    (``*/`` is escaped by ts_emitter). Cached: a description is wrapped for each module and
    member it documents (four times over on average)."""
    text = escape_unprintable(text.strip(), keep="\n")
    width = max(DOC_WIDTH - indent - 7, 20)
    lines: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            lines.append("")
            continue
        lines.extend(
            textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""]
        )
    return "\n".join(lines)

"""Lazy loading of a generated package's per-view modules.

A generated package keeps each view in a module of its own (``views/equipment.py``). Nothing
of a view runs until it is first used:

- the package's ``__init__`` exports every class through :func:`lazy_exports` (a module
  ``__getattr__``): ``from my_sdk import Equipment`` imports ``views/equipment.py`` then;
- the client's API attributes come from :class:`LazyAPIs`: ``client.equipment`` imports the
  module and creates the API on first access;
- a view module names the classes of other views only in string annotations and in a
  ``TYPE_CHECKING`` block (for type checkers and editors); at run time its table
  ``__pygen_links__`` says where they live, and :func:`link` binds them into the module the
  first time one of its classes is validated (pydantic builds the schema) or one of its APIs is
  created. So using a view imports the views it references directly, and those link theirs
  only when they are used in turn.

Loading a view module, binding its links and building a class's schema run in
:func:`~pygen_runtime._gc.gc_long_lived`: what they make stays for the life of the process,
and the collections that run meanwhile walk only that, not the whole heap again.
"""

from __future__ import annotations

import importlib
import sys
import threading
import weakref
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

from ._gc import gc_long_lived

if TYPE_CHECKING:
    from .instance_client import InstanceClient

__all__ = ["LazyAPIs", "LinkedModel", "lazy_exports", "link"]

_LINKED: weakref.WeakSet[ModuleType] = weakref.WeakSet()
"""The modules already linked (the module objects: a package imported again from elsewhere
under the same name is linked again)."""
_LOCK = threading.RLock()


def link(module_name: str) -> None:
    """Bind the names module ``module_name`` uses from other view modules (its
    ``__pygen_links__``: relative module -> names), importing those modules. Once per module;
    a module without the table (or still being imported) is left alone."""
    module = sys.modules.get(module_name)
    if module is None or module in _LINKED:
        return
    links: Mapping[str, tuple[str, ...]] | None = getattr(module, "__pygen_links__", None)
    if links is None:
        return
    with _LOCK, gc_long_lived():
        if module in _LINKED:
            return
        namespace = vars(module)
        for target, names in links.items():
            source = importlib.import_module(target, module.__package__)
            for name in names:
                namespace[name] = getattr(source, name)
        _LINKED.add(module)


def lazy_exports(
    package: str, modules: Mapping[str, tuple[str, ...]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` (PEP 562) for the names ``modules`` lists
    (relative module -> names it defines): a name is imported from its module on first access
    and kept in the package."""
    where = {name: module for module, names in modules.items() for name in names}
    namespace = vars(sys.modules[package])

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        with gc_long_lived():
            value = getattr(importlib.import_module(f".{module}", package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *where})

    return __getattr__, __dir__


class LazyAPIs:
    """Base of a generated client: each view's API is created on first access.

    The generated client declares one annotated attribute per view (what type checkers and
    editors see) and ``_apis``: attribute -> (module relative to the package, API class)."""

    _apis: ClassVar[Mapping[str, tuple[str, str]]] = {}
    _instances: InstanceClient

    if not TYPE_CHECKING:  # type checkers see the declared attributes only

        def __getattr__(self, name: str) -> Any:
            entry = type(self)._apis.get(name)
            if entry is None:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            module, class_name = entry
            package = type(self).__module__.rpartition(".")[0]
            with gc_long_lived():
                api = getattr(importlib.import_module(f".{module}", package), class_name)
                value = api(self._instances)
            self.__dict__[name] = value
            return value

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *type(self)._apis})


class _Building(threading.local):
    """Whether this thread is inside a generated class's schema build (a nesting depth)."""

    depth = 0


_BUILDING = _Building()


def _deferred(cls: type[BaseModel]) -> CoreSchema:
    """The schema another class's field gets for generated class ``cls``: its objects pass as
    they are, anything else is validated by ``cls`` itself when a value arrives (building
    ``cls``'s schema then, on its own). Serialized as the object's own class serializes."""

    def validate(value: Any, info: core_schema.ValidationInfo) -> Any:
        if isinstance(value, cls):
            return value
        return cls.model_validate(value, context=info.context)

    validate.__name__ = validate.__qualname__ = cls.__name__  # errors read ``Entity0Write()``
    return core_schema.with_info_plain_validator_function(validate)


class LinkedModel(BaseModel):
    """Base of the generated read and write classes: before pydantic builds a class's schema
    (first validation, or :meth:`model_rebuild`), the names its module takes from other view
    modules are bound (:func:`link`).

    A generated class named in another's field is not built inside that class's schema: the
    field defers to the class (:func:`_deferred`). So every class's schema is built on its
    own, one level deep, however long the chain or cycle of relations between the classes
    (pydantic would otherwise build a chain of 200 write classes nested in one call, past
    Python's recursion limit), and each is built once, not again inside every class that
    names it."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler, /
    ) -> CoreSchema:
        if _BUILDING.depth:
            return _deferred(cls)
        link(cls.__module__)
        _BUILDING.depth += 1
        try:
            with gc_long_lived():
                return handler(source)
        finally:
            _BUILDING.depth -= 1

    @classmethod
    def model_rebuild(
        cls,
        *,
        force: bool = False,
        raise_errors: bool = True,
        _parent_namespace_depth: int = 2,
        _types_namespace: Any = None,
    ) -> bool | None:
        """Bind the module's links (:func:`link`), then pydantic's ``model_rebuild``."""
        link(cls.__module__)
        with gc_long_lived():
            return super().model_rebuild(
                force=force,
                raise_errors=raise_errors,
                _parent_namespace_depth=_parent_namespace_depth + 1,
                _types_namespace=_types_namespace,
            )

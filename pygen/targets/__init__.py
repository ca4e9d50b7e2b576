"""The target registry: every language pygen generates, by name.

Built-in targets are modules imported only when asked for (each defines ``TARGET``); tests and
plugins add target objects with :func:`register_target`. ``pygen/api.py`` dispatches through
:func:`get_target` and never names a language. See ``docs/adding-a-target.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING

from pygen_runtime.errors import ConfigError

from .base import SyntaxTrees, Target

if TYPE_CHECKING:
    from pygen.config import GeneratorConfig
    from pygen.naming import NamingConvention

__all__ = [
    "ALL",
    "SyntaxTrees",
    "Target",
    "conventions_of",
    "get_target",
    "installed_names",
    "register_target",
    "resolve_languages",
    "target_names",
    "unregister_target",
]

ALL = "all"
"""The language value that stands for every installed target."""

_MODULES: dict[str, str] = {
    "python": "pygen.targets.python",
    "typescript": "pygen.targets.typescript",
}
"""Built-in targets: name -> the module that defines ``TARGET``, imported on first use."""

_LOADED: dict[str, Target] = {}
_REGISTERED: dict[str, Target] = {}


def target_names() -> tuple[str, ...]:
    """Every language the registry knows: the built-in ones, then the registered ones."""
    return (*_MODULES, *(name for name in _REGISTERED if name not in _MODULES))


def installed_names() -> tuple[str, ...]:
    """The languages whose target can be loaded (what ``all`` means): registered objects, and
    built-in targets whose module is present."""
    return tuple(name for name in target_names() if _installed(name))


def _installed(name: str) -> bool:
    if name in _REGISTERED or name in _LOADED:
        return True
    return find_spec(_MODULES[name]) is not None


def get_target(name: str) -> Target:
    """The target called ``name``.

    Raises:
        ConfigError: no target has that name (the message lists the known ones), or the
            target's module is missing from this installation.
    """
    registered = _REGISTERED.get(name)
    if registered is not None:
        return registered
    loaded = _LOADED.get(name)
    if loaded is not None:
        return loaded
    module_name = _MODULES.get(name)
    if module_name is None:
        raise ConfigError(_unknown(name))
    if not _installed(name):
        working = ", ".join(installed_names()) or "none"
        raise ConfigError(
            f"the {name} target is not available in this pygen: its module {module_name} is "
            f"missing; choose one of the installed languages ({working})"
        )
    target: Target = import_module(module_name).TARGET
    _LOADED[name] = target
    return target


def register_target(target: Target, *, replace: bool = False) -> None:
    """Add a target object under ``target.name`` (tests, plugins).

    Raises:
        ConfigError: the name is ``all``, not a lower-case identifier, or taken (unless
            ``replace``); or the target does not have the target interface.
    """
    name = getattr(target, "name", None)
    if not isinstance(name, str) or not name.isidentifier() or not name.islower():
        raise ConfigError(f"a target's name must be a lower-case identifier, got {name!r}")
    if name == ALL:
        raise ConfigError(f"{ALL!r} stands for every target; give the target another name")
    if not isinstance(target, Target):
        raise ConfigError(
            f"target {name!r} lacks the target interface (name, convention, build_ast, render, "
            "generate_files); see pygen.targets.base.Target"
        )
    if not replace and (name in _REGISTERED or name in _MODULES):
        raise ConfigError(f"a target named {name!r} exists already; pass replace=True")
    if target.convention.language != name:
        raise ConfigError(
            f"target {name!r} names things with the {target.convention.language!r} convention; "
            "the convention's language must be the target's name (the IR stores names by it)"
        )
    _REGISTERED[name] = target


def unregister_target(name: str) -> None:
    """Remove a target :func:`register_target` added (a built-in one comes back)."""
    _REGISTERED.pop(name, None)


def resolve_languages(value: str | Iterable[str] | object) -> tuple[str, ...]:
    """Normalise a language setting to target names in registry order, without duplicates.

    ``value`` is a name, a comma-separated string of names, ``all`` (every installed target),
    or a list, tuple or set of these. Case and spaces around names do not matter.

    Raises:
        ConfigError: an unknown name (the message lists the known ones), or nothing at all.
    """
    items: list[object] = (
        list(value) if isinstance(value, list | tuple | set | frozenset) else [value]
    )
    asked: set[str] = set()
    for item in items:
        if not isinstance(item, str):
            raise ConfigError(f"a language is a name such as 'python', got {item!r}")
        for part in item.split(","):
            name = part.strip().lower()
            if name == ALL:
                asked.update(installed_names())
            elif name:
                if name not in target_names():
                    raise ConfigError(_unknown(name))
                asked.add(name)
    if not asked:
        raise ConfigError(f"no language given; choose from {_choices()}")
    return tuple(name for name in target_names() if name in asked)


def conventions_of(
    languages: Iterable[str], config: GeneratorConfig | None = None
) -> tuple[NamingConvention, ...]:
    """The naming conventions of the targets ``languages`` name (loading them); with
    ``config``, those of targets with naming settings (a ``naming(config)`` method, as
    Python's ``generation.naming`` formats) follow them.

    Raises:
        ConfigError: as :func:`get_target`.
    """
    conventions = []
    for name in languages:
        target = get_target(name)
        naming = getattr(target, "naming", None)
        conventions.append(naming(config) if config is not None and naming else target.convention)
    return tuple(conventions)


def _choices() -> str:
    return ", ".join(target_names()) + f" or {ALL}"


def _unknown(name: str) -> str:
    return f"unknown language {name!r}; choose from {_choices()}"

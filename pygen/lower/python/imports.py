"""Imports as data: each lowering records what it references, the module renders them once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import libcst as cst

from . import _cst

__all__ = ["ImportCollector"]

_STDLIB = frozenset({"__future__", "builtins", "collections", "datetime", "typing"})
_THIRD_PARTY = frozenset(
    {"pydantic", "pygen_runtime", "typing_extensions"}
)  # the SDK's dependencies


class ImportCollector:
    """Collects ``from module import name`` pairs; renders them sorted and grouped like isort
    (future, standard library, third party, the package itself). Nothing unused is
    rendered because nothing is recorded that was not referenced."""

    def __init__(self, *, local: bool = True) -> None:
        """``local=False`` drops imports from the package's own modules (single-file output)."""
        self._names: defaultdict[str, set[str]] = defaultdict(set)
        self._local = local

    def add(self, module: str, *names: str) -> None:
        """Record that the module being built uses ``names`` from ``module`` (``.x``: relative)."""
        if self._local or not module.startswith("."):
            self._names[module].update(names)

    def use(self, module: str, name: str) -> cst.Name:
        """Record one name and return it as a node."""
        self.add(module, name)
        return _cst.name(name)

    def statements(self, layout: _cst.Layout) -> list[cst.SimpleStatementLine | cst.EmptyLine]:
        """The import statements, groups separated by one blank line."""
        groups: dict[int, list[cst.SimpleStatementLine]] = defaultdict(list)
        for module in sorted(self._names, key=_module_key):
            names = tuple(sorted(self._names[module], key=_name_key))
            groups[_group(module)].append(_import_line(module, names, layout))
        out: list[cst.SimpleStatementLine | cst.EmptyLine] = []
        for index, group in enumerate(groups[key] for key in sorted(groups)):
            for position, statement in enumerate(group):
                if index and not position:
                    statement = _cst.blank_before(statement)
                out.append(statement)
        return out

    def names(self) -> Iterable[tuple[str, frozenset[str]]]:
        """What was recorded, for tests."""
        return ((module, frozenset(names)) for module, names in sorted(self._names.items()))


@lru_cache(maxsize=1 << 12)
def _import_line(
    module: str, names: tuple[str, ...], layout: _cst.Layout
) -> cst.SimpleStatementLine:
    """``from module import names``, laid out; made once per distinct import (the modules of
    a package, one per view, mostly import the same runtime names)."""
    relative = len(module) - len(module.lstrip("."))
    statement = _cst.import_from(module.lstrip("."), list(names), relative=relative)
    return _cst.fit(statement, layout)


def _group(module: str) -> int:
    if module == "__future__":
        return 0
    root = module.split(".")[0]
    if root in _STDLIB:
        return 1
    if root in _THIRD_PARTY:
        return 2
    return 4


def _module_key(module: str) -> tuple[int, str]:
    return (_group(module), module)


def _name_key(name: str) -> tuple[int, str]:
    # isort's default "force_sort_within_sections=False, case_sensitive" order as ruff applies
    # it: CONSTANTS, then Classes, then functions
    if name.isupper():
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)

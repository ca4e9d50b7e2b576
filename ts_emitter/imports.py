"""Imports follow from use: collect the :class:`~ts_emitter.nodes.Symbol` values a file
references, decide ``import`` vs ``import type``, alias clashes, and sort.

A symbol used anywhere in a value position (an expression, ``typeof``, a class ``extends``)
is imported as a value; one used only in types gets ``import type``. Names declared or bound in
the file keep their spelling; an imported name that clashes gets the first free numeric suffix
(``Foo2``), in a deterministic order (by module, then name). Side-effect imports (no bindings)
come first, in the order given; the others are sorted by module (packages before relative
paths), then ``import type`` after ``import``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from ts_emitter import nodes as n
from ts_emitter.names import NameAllocator

__all__ = ["ResolvedImports", "resolve_imports"]


@dataclass(frozen=True, slots=True)
class ResolvedImports:
    """The import statements of a file and the local name of every imported symbol."""

    declarations: tuple[n.ImportDeclaration, ...]
    local_names: dict[n.Symbol, str]

    def name_of(self, symbol: n.Symbol) -> str:
        """The name to print for ``symbol``."""
        return self.local_names.get(symbol, symbol.name)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_LEAVES = (str, int, float, bool, type(None))


def field_names(cls: type) -> tuple[str, ...]:
    """The dataclass field names of ``cls`` (none for other classes), computed once."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = (
            tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else ()
        )
        _FIELD_NAMES[cls] = names
    return names


_BINDING_FIELDS: dict[type, str] = {
    n.Identifier: "name",
    n.Parameter: "name",
    n.TypeParameter: "name",
    n.VariableStatement: "name",
    n.FunctionDeclaration: "name",
    n.ClassDeclaration: "name",
    n.InterfaceDeclaration: "name",
    n.TypeAliasDeclaration: "name",
    n.EnumDeclaration: "name",
    n.ForOf: "name",
    n.ShorthandProperty: "name",
}


_SPECIAL = frozenset(
    {n.Symbol, n.Reference, n.TypeQuery, n.QualifiedName, n.TypeReference, n.Try,
     n.ClassDeclaration}
)  # fmt: skip
"""Classes :func:`_scan` treats apart; every other node is walked field by field."""


def _scan(root: object) -> tuple[dict[n.Symbol, bool], set[str]]:
    """One walk over ``root``: every imported symbol with whether some use of it is a value
    (an expression, ``typeof``, a class ``extends``), and every name the file declares, binds
    or references as a plain string."""
    uses: dict[n.Symbol, bool] = {}
    names: set[str] = set()
    stack: list[tuple[object, bool]] = [(root, False)]
    pop, push = stack.pop, stack.append
    while stack:
        node, value = pop()
        cls = type(node)
        if cls is tuple:
            assert isinstance(node, tuple)
            stack.extend([(child, False) for child in node if type(child) not in _LEAVES])
            continue
        binding = _BINDING_FIELDS.get(cls)
        if binding is not None:
            names.add(getattr(node, binding))
        skip = None
        if cls in _SPECIAL:
            if isinstance(node, n.Symbol):
                if node.module is None:
                    names.add(node.name)
                elif value or node not in uses:
                    uses[node] = value
                continue
            if isinstance(node, n.Reference):
                push((node.symbol, True))
                continue
            if isinstance(node, n.TypeQuery):
                _push_name(node.name, True, names, push)
                continue
            if isinstance(node, n.QualifiedName):
                if not isinstance(node.left, str):
                    push((node.left, value))
                continue
            if isinstance(node, n.TypeReference):
                _push_name(node.name, False, names, push)
                stack.extend([(arg, False) for arg in node.type_arguments])
                continue
            if isinstance(node, n.Try) and node.catch_name:
                names.add(node.catch_name)
            if isinstance(node, n.ClassDeclaration) and node.extends is not None:
                skip = "extends"
                _push_name(node.extends.name, True, names, push)
                stack.extend([(arg, False) for arg in node.extends.type_arguments])
        for name in _FIELD_NAMES.get(cls) or field_names(cls):
            if name != skip:
                child = getattr(node, name)
                if type(child) not in _LEAVES:
                    push((child, False))
    return uses, names


def _push_name(
    name: n.TypeName, value: bool, names: set[str], push: Callable[[tuple[object, bool]], None]
) -> None:
    if isinstance(name, str):
        names.add(name)
    else:
        push((name, value))


def _module_key(module: str) -> tuple[int, str]:
    return (1 if module.startswith(".") else 0, module)


def _sort_key(decl: n.ImportDeclaration) -> tuple[tuple[int, str], int, int, str]:
    kind = 0 if decl.namespace is not None else 1
    first = decl.default or decl.namespace or (decl.names[0].name if decl.names else "")
    return (_module_key(decl.module), int(decl.type_only), kind, first)


def resolve_imports(file: n.SourceFile) -> ResolvedImports:
    """Compute the import statements for ``file`` (explicit imports plus those its symbols
    need), deduplicated and sorted, and the local name of each symbol."""
    uses, taken = _scan(file.statements)
    explicit: dict[tuple[str, str, str], tuple[str, bool]] = {}
    for decl in file.imports:
        for spec in decl.names:
            explicit[(decl.module, "named", spec.name)] = (spec.local, decl.type_only)
        if decl.default:
            explicit[(decl.module, "default", "default")] = (decl.default, decl.type_only)
        if decl.namespace:
            explicit[(decl.module, "namespace", "*")] = (decl.namespace, decl.type_only)
        taken.update(local for local, _ in explicit.values())

    allocator = NameAllocator(taken)
    local_names: dict[n.Symbol, str] = {}
    generated: dict[tuple[str, bool], dict[str, list[tuple[n.Symbol, str]]]] = {}
    ordered = sorted(uses, key=lambda s: (_module_key(s.module or ""), s.kind, s.name))
    for symbol in ordered:
        module = symbol.module
        assert module is not None
        key = (module, symbol.kind, symbol.name if symbol.kind == "named" else
               ("default" if symbol.kind == "default" else "*"))  # fmt: skip
        if key in explicit:
            local, type_only = explicit[key]
            if type_only and uses[symbol]:
                raise ValueError(
                    f"{symbol.name!r} from {module!r} is used as a value but imported with "
                    "'import type' in SourceFile.imports"
                )
            local_names[symbol] = local
            continue
        suggestion = symbol.name
        local = allocator.allocate(suggestion, symbol)
        local_names[symbol] = local
        type_only = not uses[symbol]
        bucket = generated.setdefault((module, type_only), {})
        bucket.setdefault(symbol.kind, []).append((symbol, local))

    declarations: list[n.ImportDeclaration] = list(dict.fromkeys(file.imports))
    for (module, type_only), kinds in generated.items():
        specs = sorted(
            (
                n.ImportSpecifier(name=s.name, alias=None if local == s.name else local)
                for s, local in kinds.get("named", [])
            ),
            key=lambda spec: (spec.name.lower(), spec.name),
        )
        defaults = [local for _, local in kinds.get("default", [])]
        for _, local in kinds.get("namespace", []):
            declarations.append(
                n.ImportDeclaration(module=module, namespace=local, type_only=type_only)
            )
        if type_only and defaults and specs:
            declarations.append(
                n.ImportDeclaration(module=module, default=defaults.pop(0), type_only=True)
            )
        default = defaults.pop(0) if defaults else None
        if default is not None or specs:
            declarations.append(
                n.ImportDeclaration(
                    module=module, default=default, names=tuple(specs), type_only=type_only
                )
            )
        for extra in defaults:
            declarations.append(
                n.ImportDeclaration(module=module, default=extra, type_only=type_only)
            )
    side_effects = [d for d in declarations if not (d.default or d.namespace or d.names)]
    bindings = sorted((d for d in declarations if d not in side_effects), key=_sort_key)
    return ResolvedImports((*side_effects, *bindings), local_names)

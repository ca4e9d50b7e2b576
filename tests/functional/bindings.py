"""The names a Python module binds, per scope, read with ``ast``: to find a name bound twice."""

from __future__ import annotations

import ast
from collections import Counter

__all__ = ["duplicate_bindings"]


def _targets(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        return [name for element in target.elts for name in _targets(element)]
    return []


def _bound(statements: list[ast.stmt]) -> list[str]:
    """Names bound by ``statements`` in their own scope (``if`` blocks included)."""
    names: list[str] = []
    for statement in statements:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            names += [alias.asname or alias.name.split(".")[0] for alias in statement.names]
        elif isinstance(statement, ast.Assign):
            names += [name for target in statement.targets for name in _targets(target)]
        elif isinstance(statement, ast.AnnAssign | ast.AugAssign):
            names += _targets(statement.target) if isinstance(statement, ast.AnnAssign) else []
        elif isinstance(statement, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.append(statement.name)
        elif isinstance(statement, ast.If):
            names += _bound(statement.body) + _bound(statement.orelse)
    return names


def _self_attributes(function: ast.FunctionDef) -> list[str]:
    """``self.x = ...`` targets of a method."""
    names = []
    for node in ast.walk(function):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == "self"
                ):
                    names.append(target.attr)
    return names


def duplicate_bindings(source: str, path: str = "<generated>") -> dict[str, list[str]]:
    """Per scope (``<module>``, ``ClassName``, ``ClassName instance``), the names bound more
    than once. The module must compile."""
    tree = ast.parse(compile(source, path, "exec", ast.PyCF_ONLY_AST))
    scopes: dict[str, list[str]] = {"<module>": _bound(tree.body)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            members = _bound(node.body)
            scopes[node.name] = members
            # attributes set on instances share a namespace with the class's members
            instance = sorted(set(members))
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    instance += _self_attributes(item)
            scopes[f"{node.name} instance"] = instance
    found = {}
    for scope, names in scopes.items():
        repeated = sorted(name for name, count in Counter(names).items() if count > 1)
        if repeated:
            found[scope] = repeated
    return found

"""The package ``__init__.py``: the public names and the provenance constants."""

from __future__ import annotations

import libcst as cst

from . import _cst
from .context import Context
from .imports import ImportCollector
from .naming import class_name, list_name, write_name

__all__ = ["lower_package"]


def lower_package(ctx: Context) -> cst.Module:
    """Build ``__init__.py``."""
    ir = ctx.ir
    top = ctx.layout()
    imports = ImportCollector()
    imports.add(".client", ctx.settings.client_name)
    exported = [ctx.settings.client_name]
    for cls in ir.classes:
        names = [class_name(cls), list_name(cls)] + ([write_name(cls)] if cls.writable else [])
        imports.add(".data_classes", *names)
        exported.extend(names)
    for alias in sorted(set(ctx.enum_aliases.values())):
        imports.add(".data_classes", alias)
        exported.append(alias)
    first = ir.description or ir.name or ir.model.external_id
    doc = (
        f"Python SDK for the data model ``{ir.model.space}:{ir.model.external_id}`` "
        f"(version ``{ir.model.version}``).\n\n{first}"
    )
    statements: list[cst.SimpleStatementLine | cst.BaseCompoundStatement] = [
        _cst.docstring(doc, top)
    ]
    for index, line in enumerate(imports.statements(top)):
        assert isinstance(line, cst.SimpleStatementLine)
        statements.append(
            line.with_changes(leading_lines=_cst.blank_lines()) if index == 0 else line
        )
    statements.append(
        _cst.assign("__pygen_version__", _cst.string(ctx.settings.pygen_version)).with_changes(
            leading_lines=_cst.blank_lines()
        )
    )
    statements.append(_cst.assign("__model_version__", _cst.string(ir.model.version)))
    all_names = _cst.list_([_cst.string(n) for n in sorted(exported)])
    statements.append(
        _cst.fit(_cst.assign("__all__", all_names), top).with_changes(
            leading_lines=_cst.blank_lines()
        )
    )
    return _cst.module(statements, header=_cst.comment_lines(ctx.header()))

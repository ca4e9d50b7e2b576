"""The package ``__init__.py``: the runtime check, the public names and the provenance constants."""

from __future__ import annotations

import libcst as cst

from pygen.ir import IRClass

from . import _cst
from .context import Context, models_label
from .imports import ImportCollector, _name_key
from .naming import class_name, list_name, write_name
from .types import RUNTIME, enum_key
from .views import VIEWS_DOC, view_modules, view_path

RUNTIME_VERSIONS = "__runtime_versions__"
"""The module constant with the runtime range the SDK accepts (checked at import)."""
REQUIRE_RUNTIME = "require_runtime"

__all__ = ["exported_names", "lower_package", "lower_single_file", "lower_views_package"]


def exported_names(ctx: Context) -> list[str]:
    """The names a package exports: the client, every class, every enum alias."""
    names = [ctx.settings.client_name]
    for cls in ctx.ir.classes:
        names += [class_name(cls), list_name(cls)] + ([write_name(cls)] if cls.writable else [])
    names += sorted(set(ctx.enum_aliases.values()))
    return sorted(names)


def lower_single_file(ctx: Context) -> cst.Module:
    """Everything in one module: classes, APIs, the client, ``__all__`` and the constants."""
    from .api import api_body
    from .client import _client_class
    from .data_classes import _assemble, data_classes_body, data_classes_preamble

    imports = ImportCollector(local=False)
    imports.add("__future__", "annotations")
    body = [
        *runtime_check(ctx, imports.use(RUNTIME, REQUIRE_RUNTIME)),
        *data_classes_preamble(ctx, imports),
        *data_classes_body(ctx, ctx.ir.classes, imports),
        *api_body(ctx, ctx.ir.classes, imports),
        _client_class(ctx, imports),
        _cst.assign("__pygen_version__", _cst.string(ctx.settings.pygen_version)),
        *_version_constants(ctx),
        _cst.fit(
            _cst.assign("__all__", _cst.list_([_cst.string(n) for n in exported_names(ctx)])),
            ctx.layout(),
        ).with_changes(leading_lines=_cst.blank_lines()),
    ]
    doc = f"Python SDK for {models_label(ctx.ir)}."
    return _assemble(ctx, doc, imports, body)


def runtime_check(ctx: Context, require: cst.Name) -> list[cst.SimpleStatementLine]:
    """``__runtime_versions__ = ("0.1.0", "0.2")`` and ``require_runtime(__runtime_versions__,
    "<package>")``: the import fails with a clear message on a runtime outside the range."""
    lowest, below = ctx.settings.runtime_versions
    versions = _cst.tuple_([_cst.string(lowest), _cst.string(below)])
    check = _cst.call(require, _cst.name(RUNTIME_VERSIONS), _cst.string(ctx.settings.package))
    return [
        _cst.assign(RUNTIME_VERSIONS, versions),
        _cst.fit(_cst.expr_stmt(check), ctx.layout()),
    ]


def _version_constants(ctx: Context) -> list[cst.SimpleStatementLine]:
    """``__model_version__`` (the first model's); with several models also
    ``__model_versions__``: every model's version by ``space:externalId``."""
    ir = ctx.ir
    constants = [_cst.assign("__model_version__", _cst.string(ir.model.version))]
    if ir.other_models:
        versions = _cst.dict_(
            [(_cst.string(f"{m.space}:{m.external_id}"), _cst.string(m.version)) for m in ir.models]
        )
        constants.append(_cst.fit(_cst.assign("__model_versions__", versions), ctx.layout()))
    return constants


def lower_package(ctx: Context) -> cst.Module:
    """Build ``__init__.py``: the package index. Every class and enum alias is exported, from
    the module of its view, imported on first access (``lazy_exports``); type checkers see
    the same names through an ``if TYPE_CHECKING:`` import."""
    ir = ctx.ir
    imports = ImportCollector()
    imports.add(".client", ctx.settings.client_name)
    exported = [ctx.settings.client_name]
    by_module: dict[str, list[str]] = {}
    modules = view_modules(ir)
    for cls in ir.classes:
        names = [class_name(cls), list_name(cls)] + ([write_name(cls)] if cls.writable else [])
        by_module[modules[cls.view]] = names
    owners: dict[tuple[str, str, str], IRClass] = {}  # an alias is exported from its first view
    for cls in ir.classes:
        for prop in cls.properties:
            owners.setdefault(enum_key(prop), cls)
    for key, alias in ctx.enum_aliases.items():
        by_module[modules[owners[key].view]].append(alias)
    for module, names in by_module.items():
        by_module[module] = sorted(names, key=_name_key)
        exported.extend(names)
    typed = [
        _cst.fit(
            _cst.import_from(view_path(module), list(names), relative=1),
            ctx.layout(1),
        )
        for module, names in sorted(by_module.items())
    ]
    if not by_module:
        return _index(ctx, imports, exported, None)
    guard = imports.use("typing", "TYPE_CHECKING")
    exports = imports.use(RUNTIME, "lazy_exports")
    table = _cst.dict_(
        [
            (
                _cst.string(view_path(module)),
                _cst.tuple_([_cst.string(n) for n in names]),
            )
            for module, names in sorted(by_module.items())
        ]
    )
    lazy = _cst.fit(
        _cst.assign_names(
            ["__getattr__", "__dir__"], _cst.call(exports, _cst.name("__name__"), table)
        ),
        ctx.layout(1),
    )
    return _index(ctx, imports, exported, _cst.if_(guard, typed, [lazy]))


def _index(
    ctx: Context, imports: ImportCollector, exported: list[str], lazy: cst.If | None
) -> cst.Module:
    """The index module: docstring, imports, the lazy exports (``lazy``), the constants."""
    ir, top = ctx.ir, ctx.layout()
    first = ir.description or ir.name or ir.model.external_id
    doc = f"Python SDK for {models_label(ir)}.\n\n{first}"
    statements: list[cst.SimpleStatementLine | cst.BaseCompoundStatement] = [
        _cst.docstring(doc, top),
        _cst.import_from(RUNTIME, [REQUIRE_RUNTIME]).with_changes(leading_lines=_cst.blank_lines()),
    ]
    check = runtime_check(ctx, _cst.name(REQUIRE_RUNTIME))  # before anything else is imported
    statements.append(_cst.blank_before(check[0]))
    statements.extend(check[1:])
    for index, line in enumerate(imports.statements(top)):
        assert isinstance(line, cst.SimpleStatementLine)
        statements.append(_cst.blank_before(line) if index == 0 else line)
    if lazy is not None:
        statements.append(_cst.blank_before(lazy))
    statements.append(
        _cst.assign("__pygen_version__", _cst.string(ctx.settings.pygen_version)).with_changes(
            leading_lines=_cst.blank_lines()
        )
    )
    statements.extend(_version_constants(ctx))
    all_names = _cst.list_([_cst.string(n) for n in sorted(exported)])
    statements.append(
        _cst.fit(_cst.assign("__all__", all_names), top).with_changes(
            leading_lines=_cst.blank_lines()
        )
    )
    return _cst.module(statements, header=_cst.comment_lines(ctx.header()))


def lower_views_package(ctx: Context) -> cst.Module:
    """Build ``views/__init__.py``: a docstring; the view modules are imported one by one."""
    doc = VIEWS_DOC.format(model=", ".join(m.external_id for m in ctx.ir.models))
    header = _cst.comment_lines(ctx.header()[:1])  # no model hash: it changes with any view
    return _cst.module([_cst.docstring(doc, ctx.layout())], header=header)

"""``src/index.ts``: the SDK's public surface, the runtime's (``export *``), and the version
constants. In the per-view layout it re-exports each view's modules (``export *``: a view's
modules export exactly its public names; with ``client.ts``, the only files listing every
view)."""

from __future__ import annotations

from pygen.ir import IRClass
from ts_emitter import factory as f
from ts_emitter import nodes as n

from .context import API, CLIENT, DATA_CLASSES, RUNTIME, Context, first_text
from .naming import class_name, derived, model_name, spec_constant

__all__ = ["lower_index"]


def _sorted(names: list[str]) -> list[str]:
    return sorted(set(names), key=lambda name: (name.casefold(), name))


def _data_values(cls: IRClass) -> list[str]:
    """The values a view's data classes export: its view constant, spec and connection specs."""
    values = [derived(cls, "view_constant"), derived(cls, "view_spec")]
    return values + [spec_constant(rel) for rel in cls.relationships if rel.kind != "direct"]


def _data_types(cls: IRClass) -> list[str]:
    """The read interface and, for writable views, the write interface."""
    return [class_name(cls), *([derived(cls, "write")] if cls.writable else [])]


def _exports(ctx: Context) -> list[n.Statement]:
    """The re-exports of the generated modules."""
    ir = ctx.ir
    client = [
        f.export_from(CLIENT, *_sorted([model_name(ir, "client"), *(["VIEWS"] * ctx.split)])),
        f.export_from(CLIENT, model_name(ir, "client_options"), type_only=True),
    ]
    if ctx.split:
        modules = [ctx.modules[cls.view] for cls in ir.classes]
        statements: list[n.Statement] = [
            f.export_star(f"./{folder}/{module}.js")
            for module in modules
            for folder in ("api", "dataClasses")
        ]
        return statements + client
    values = ["VIEWS"] + [name for cls in ir.classes for name in _data_values(cls)]
    types = [alias for alias, _ in ctx.enums.values()]
    types += [name for cls in ir.classes for name in _data_types(cls)]
    apis = [derived(cls, "api") for cls in ir.classes]
    filters = [derived(cls, role) for cls in ir.classes for role in ("filters", "sort_alias")]
    return [
        f.export_from(API, *_sorted(apis)),
        f.export_from(API, *_sorted(filters), type_only=True),
        *client,
        f.export_from(DATA_CLASSES, *_sorted(values)),
        f.export_from(DATA_CLASSES, *_sorted(types), type_only=True),
    ]


def lower_index(ctx: Context) -> n.SourceFile:
    """Build ``index.ts``."""
    ir = ctx.ir
    statements: list[n.Statement] = [
        *_exports(ctx),
        f.export_star(RUNTIME),
        f.const(
            "PYGEN_VERSION",
            f.string_(ctx.settings.pygen_version),
            exported=True,
            doc=ctx.doc("The pygen version that generated this SDK."),
        ),
        f.const(
            "MODEL_VERSION",
            f.string_(ir.model.version),
            exported=True,
            doc=ctx.doc("The version of the data model this SDK was generated from."),
        ),
    ]
    model = ir.model
    first = first_text(ir.description, ir.name) or model.external_id
    doc = (
        f"TypeScript SDK for the data model `{model.space}:{model.external_id}` "
        f"(version `{model.version}`).\n\n{first}"
    )
    return f.source_file(*statements, header=ctx.module_doc(doc))

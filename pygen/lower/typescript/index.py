"""``src/index.ts``: the SDK's public surface, the runtime's (``export *``), and the version
constants."""

from __future__ import annotations

from ts_emitter import factory as f
from ts_emitter import nodes as n

from .context import API, CLIENT, DATA_CLASSES, RUNTIME, Context, first_text
from .naming import class_name, derived, model_name, spec_constant

__all__ = ["lower_index"]


def _sorted(names: list[str]) -> list[str]:
    return sorted(set(names), key=lambda name: (name.casefold(), name))


def lower_index(ctx: Context) -> n.SourceFile:
    """Build ``index.ts``."""
    ir = ctx.ir
    apis = [derived(cls, "api") for cls in ir.classes]
    filters = [derived(cls, role) for cls in ir.classes for role in ("filters", "sort_alias")]
    values = ["VIEWS"]
    types: list[str] = [alias for alias, _ in ctx.enums.values()]
    for cls in ir.classes:
        values += [derived(cls, "view_constant"), derived(cls, "view_spec")]
        values += [spec_constant(rel) for rel in cls.relationships if rel.kind != "direct"]
        types.append(class_name(cls))
        if cls.writable:
            types.append(derived(cls, "write"))
    statements: list[n.Statement] = [
        f.export_from(API, *_sorted(apis)),
        f.export_from(API, *_sorted(filters), type_only=True),
        f.export_from(CLIENT, model_name(ir, "client")),
        f.export_from(CLIENT, model_name(ir, "client_options"), type_only=True),
        f.export_from(DATA_CLASSES, *_sorted(values)),
        f.export_from(DATA_CLASSES, *_sorted(types), type_only=True),
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

"""``src/client.ts``: the client options type and the client class, one API per view on one
``InstanceClient``.

In the one-file layout the class declares a member per view and creates every API in its
constructor. In the per-view layout ``client.ts`` is, with ``index.ts``, the SDK's index: it
lists each view once, in the table ``APIS`` (client attribute -> the view's spec and API
class), from which come ``VIEWS`` and the client's view members (typed by the runtime's
``ViewAPIs``, created on first use by ``defineViewAPIs``).
"""

from __future__ import annotations

from pygen.ir import IRClass
from ts_emitter import Symbol
from ts_emitter import factory as f
from ts_emitter import nodes as n

from .context import API, DATA_CLASSES, Context, first_text, runtime
from .naming import derived, model_name

__all__ = ["lower_client"]

TABLE = "APIS"
"""The per-view layout's table of views (a fixed name the name plan keeps free)."""


def lower_client(ctx: Context) -> n.SourceFile:
    """Build ``client.ts``."""
    ir = ctx.ir
    options_name = model_name(ir, "client_options")
    options_type = f.type_alias(
        options_name,
        f.intersection(
            f.ref(runtime("HttpClientOptions")), f.ref(runtime("InstanceClientOptions"))
        ),
        doc=ctx.doc(
            "Where CDF is, how to authenticate, the instance space of bare external ids, "
            "and tuning."
        ),
    )
    instances = f.member(f.this(), "instances")
    members: list[n.ClassMember] = [
        f.property(
            "instances",
            f.ref(runtime("InstanceClient")),
            readonly=True,
            doc=ctx.doc("Writes and deletes across views; the transport every API shares.", 2),
        )
    ]
    views = f.ident("VIEWS") if ctx.split else f.reference(Symbol("VIEWS", DATA_CLASSES))
    body: list[n.Statement] = [
        f.expr(
            f.assign(
                instances,
                f.new(
                    f.reference(runtime("InstanceClient")),
                    f.new(f.reference(runtime("HttpClient")), f.ident("options")),
                    views,
                    f.ident("options"),
                ),
            )
        )
    ]
    if ctx.split:
        define = f.reference(runtime("defineViewAPIs"))
        body.append(f.expr(f.call(define, f.this(), instances, f.ident(TABLE))))
    else:
        for cls in ir.classes:
            api = Symbol(derived(cls, "api"), API)
            attribute = derived(cls, "client_attribute")
            members.append(
                f.property(attribute, f.ref(api), readonly=True, doc=ctx.doc(_about(cls), 2))
            )
            body.append(
                f.expr(f.assign(f.member(f.this(), attribute), f.new(f.reference(api), instances)))
            )
    members.append(f.constructor([f.param("options", f.ref(options_name))], *body))
    id_like = f.union(f.ref(runtime("IdLike")), f.keyword("object"))
    members.append(
        f.method(
            "delete",
            [f.param("items", f.union(id_like, f.readonly_(f.array_of(id_like))))],
            f.promise(f.ref(runtime("InstanceResult"))),
            f.return_(f.call(f.member(instances, "delete"), f.ident("items"))),
            doc=ctx.doc(
                "Delete nodes (and their edges) by id, bare external id (in `instanceSpace`), "
                "or object.",
                2,
            ),
        )
    )
    model = ir.model
    first = first_text(ir.description, ir.name) or model.external_id
    client = f.class_(
        model_name(ir, "client"),
        *members,
        doc=ctx.doc(
            f"{first}\n\nData model `{model.space}:{model.external_id}` version `{model.version}`."
        ),
    )
    doc = f"The client of {model.external_id}: one API per view, sharing one HTTP client."
    if not ctx.split:
        return f.source_file(options_type, client, header=ctx.module_doc(doc))
    return f.source_file(*_view_table(ctx), options_type, client, header=ctx.module_doc(doc))


def _about(cls: IRClass) -> str:
    return first_text(cls.description, cls.display_name) or f"The {cls.view.external_id} view."


def _view_table(ctx: Context) -> list[n.Statement]:
    """``APIS`` (each view's spec and API class by client attribute, one entry per view),
    ``VIEWS`` and the interface giving the client class its view members."""
    entries = []
    for cls in ctx.ir.classes:
        module = ctx.modules[cls.view]
        spec = Symbol(derived(cls, "view_spec"), f"./dataClasses/{module}.js")
        api = Symbol(derived(cls, "api"), f"./api/{module}.js")
        value = f.obj(("spec", f.reference(spec)), ("api", f.reference(api)))
        entries.append(f.prop(derived(cls, "client_attribute"), value, doc=ctx.doc(_about(cls), 2)))
    model = ctx.ir.model.external_id
    table = f.const(
        TABLE,
        f.obj(*entries, multiline=True),
        doc=ctx.doc(
            "Each view's spec and API class, by client attribute (the client creates a view's "
            "API when it is first used)."
        ),
    )
    views = f.const(
        "VIEWS",
        f.call(f.reference(runtime("viewSpecs")), f.ident(TABLE)),
        type=f.readonly_(f.array_of(f.ref(runtime("ViewSpec")))),
        exported=True,
        doc=ctx.doc(f"Every view of {model}."),
    )
    merged = f.interface(
        model_name(ctx.ir, "client"),
        extends=[f.ref(runtime("ViewAPIs"), f.typeof_(TABLE))],
        doc=ctx.doc(f"The API of each view of {model}, by client attribute."),
    )
    return [table, views, merged]

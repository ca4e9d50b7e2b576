"""``src/client.ts``: the client options type and the client class, one API per view on one
``InstanceClient``."""

from __future__ import annotations

from ts_emitter import Symbol
from ts_emitter import factory as f
from ts_emitter import nodes as n

from .context import API, DATA_CLASSES, Context, first_text, runtime
from .naming import derived, model_name

__all__ = ["lower_client"]


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
    body: list[n.Statement] = [
        f.expr(
            f.assign(
                instances,
                f.new(
                    f.reference(runtime("InstanceClient")),
                    f.new(f.reference(runtime("HttpClient")), f.ident("options")),
                    f.reference(Symbol("VIEWS", DATA_CLASSES)),
                    f.ident("options"),
                ),
            )
        )
    ]
    for cls in ir.classes:
        api = Symbol(derived(cls, "api"), API)
        attribute = derived(cls, "client_attribute")
        text = first_text(cls.description, cls.display_name) or f"The {cls.view.external_id} view."
        members.append(f.property(attribute, f.ref(api), readonly=True, doc=ctx.doc(text, 2)))
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
    return f.source_file(options_type, client, header=ctx.module_doc(doc))

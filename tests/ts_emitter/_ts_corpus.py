"""A realistic corpus of printed files: a small runtime, an SDK module of the shape pygen's
TypeScript lowering will generate (read/write interfaces with JSDoc, ``FooAPI extends
InstanceAPI<...>`` with async methods, an async iterator, filter-building object literals),
an index re-exporting it, and files exercising import aliasing and long signatures.

Every file is built with ``ts_emitter`` only; the test type-checks the set and runs prettier.
"""

from __future__ import annotations

from ts_emitter import Symbol, print_file
from ts_emitter import factory as f
from ts_emitter import nodes as n

RT = "./runtime/index.js"
CogniteClient = Symbol("CogniteClient", RT)
InstanceAPI = Symbol("InstanceAPI", RT)
ListOptions = Symbol("ListOptions", RT)
PageResponse = Symbol("PageResponse", RT)
NodeReference = Symbol("NodeReference", RT)
FilterDefinition = Symbol("FilterDefinition", RT)
buildFilter = Symbol("buildFilter", RT)
ClientDefault = Symbol("CogniteClient", RT, kind="default")
rt = Symbol("rt", RT, kind="namespace")

THROW = f.throw(f.new(f.ident("Error"), f.string_("not implemented")))
T = f.ref("T")


def runtime() -> n.SourceFile:
    """``runtime/index.ts``: the hand-written runtime the SDK imports."""
    return f.source_file(
        f.interface(
            "NodeReference",
            f.property_signature("space", f.string()),
            f.property_signature("externalId", f.string()),
            doc="A reference to a node in a space.",
        ),
        f.type_alias(
            "FilterDefinition",
            f.union(
                f.object_type(f.property_signature("equals", f.record(f.string(), f.unknown()))),
                f.object_type(
                    f.property_signature("in", f.record(f.string(), f.array_of(f.unknown())))
                ),
                f.object_type(f.property_signature("and", f.array_of(f.ref("FilterDefinition")))),
            ),
        ),
        f.interface(
            "ListOptions",
            f.property_signature("limit", f.number(), optional=True),
            f.property_signature("cursor", f.string(), optional=True),
            f.property_signature("filter", f.ref("FilterDefinition"), optional=True),
            f.property_signature("sort", f.array_of(f.keyof(T)), optional=True),
            type_params=[f.type_param("T")],
        ),
        f.interface(
            "PageResponse",
            f.property_signature("items", f.array_of(T)),
            f.property_signature("nextCursor", f.union(f.string(), f.null()), optional=True),
            type_params=[f.type_param("T")],
        ),
        f.class_(
            "CogniteClient",
            f.constructor([f.param("baseUrl", f.string(), accessibility="public", readonly=True)]),
            f.method(
                "post",
                [f.param("path", f.string()), f.param("body", f.unknown())],
                f.promise(T),
                THROW,
                type_params=[f.type_param("T")],
                is_async=True,
            ),
        ),
        n.ExportDeclaration(names=(n.ExportSpecifier(name="CogniteClient", alias="default"),)),
        f.class_(
            "InstanceAPI",
            f.constructor(
                [
                    f.param(
                        "client", f.ref("CogniteClient"), accessibility="protected", readonly=True
                    ),
                    f.param("view", f.string(), accessibility="protected", readonly=True),
                ]
            ),
            f.method(
                "retrieve",
                [f.param("externalIds", f.array_of(f.string()))],
                f.promise(f.ref("TList")),
                abstract=True,
            ),
            type_params=[
                f.type_param("TWrite"),
                f.type_param("TRead"),
                f.type_param("TList", extends=f.array_of(f.ref("TRead"))),
            ],
            abstract=True,
        ),
        f.function(
            "buildFilter",
            [f.param("conditions", f.record(f.string(), f.unknown()))],
            f.ref("FilterDefinition"),
            f.return_(f.obj(f.prop("equals", f.ident("conditions")))),
        ),
        header="Runtime used by the generated SDK.",
    )


def sdk() -> n.SourceFile:
    """``foo.ts``: the kind of module the TypeScript lowering generates."""
    foo, foo_write, foo_list = f.ref("Foo"), f.ref("FooWrite"), f.ref("FooList")
    this_client = f.member(f.this(), "client")
    list_options = f.param(
        "options",
        f.intersection(
            f.ref(ListOptions, foo),
            f.object_type(f.property_signature("includeTyping", f.boolean(), optional=True)),
        ),
        default=f.obj(),
    )
    body_filter = f.obj(
        f.prop("view", f.member(f.this(), "view")),
        f.prop(
            "filter",
            f.call(
                f.reference(buildFilter),
                f.obj(
                    f.prop(
                        "externalId",
                        f.member(f.ident("options"), "externalIdPrefix", optional=True),
                    ),
                    f.prop("data-set", f.element(f.ident("options"), f.string_("dataSet"))),
                    f.spread_props(f.member(f.ident("options"), "extra")),
                ),
            ),
        ),
        f.shorthand("limit"),
        f.prop("cursor", f.member(f.ident("options"), "cursor")),
        multiline=True,
    )
    return f.source_file(
        f.enum(
            "FooStatus",
            f.enum_member("Active", "active", doc="In use."),
            f.enum_member("Deprecated", "deprecated"),
            f.enum_member("needs-review", "needs_review"),
        ),
        f.type_alias(
            "FooKind",
            f.string_union(
                "equipment", "maintenance_order", "work_item", "operation", "notification"
            ),
            doc="The kinds of Foo.",
        ),
        f.interface(
            "FooWrite",
            f.property_signature("space", f.string(), doc="The space the node lives in."),
            f.property_signature("externalId", f.string()),
            f.property_signature(
                "name",
                f.string(),
                optional=True,
                doc=f.jsdoc("Display name.", deprecated="Use `title` instead."),
            ),
            f.property_signature("kind", f.ref("FooKind"), optional=True),
            f.property_signature("status", f.ref("FooStatus"), optional=True),
            f.property_signature("parent", f.union(f.ref(NodeReference), f.null()), optional=True),
            f.property_signature(
                "location", f.ref(n.QualifiedName(left=rt, right="NodeReference")), optional=True
            ),
            f.property_signature("tags", f.array_of(f.string()), optional=True, readonly=True),
            f.property_signature(
                "data-set",
                f.union(f.string(), f.number(), f.array_of(f.union(f.string(), f.number()))),
                optional=True,
            ),
            doc=f.jsdoc(
                "Write shape of the Foo view.\nSent when creating or updating nodes.",
                example='await client.foo.apply([{ space: "sp", externalId: "f1" }]);',
            ),
        ),
        f.interface(
            "Foo",
            f.property_signature("createdTime", f.number(), readonly=True),
            f.property_signature("lastUpdatedTime", f.number(), readonly=True),
            f.method_signature("toWrite", [], foo_write, doc="The write shape of this node."),
            extends=[foo_write],
            doc="Read shape of the Foo view.",
        ),
        f.type_alias("FooList", f.array_of(foo)),
        f.interface(
            "FooFilter",
            f.property_signature("externalIdPrefix", f.string(), optional=True),
            f.property_signature("dataSet", f.string(), optional=True),
            f.property_signature("extra", f.record(f.string(), f.unknown()), optional=True),
        ),
        f.class_(
            "FooAPI",
            f.constructor(
                [
                    f.param("client", f.ref(ClientDefault)),
                    f.param("viewExternalIdAndVersion", f.string()),
                ],
                f.expr(f.call(n.Super(), f.ident("client"), f.ident("viewExternalIdAndVersion"))),
            ),
            f.method(
                "retrieve",
                [f.param("externalIds", f.array_of(f.string()))],
                f.promise(foo_list),
                f.const(
                    "response",
                    f.await_(
                        f.call(
                            f.member(this_client, "post"),
                            f.template("/models/instances/byids?view=", f.member(f.this(), "view")),
                            f.obj(
                                f.prop(
                                    "items",
                                    f.call(
                                        f.member(f.ident("externalIds"), "map"),
                                        f.arrow(
                                            [f.param("externalId")],
                                            f.obj(
                                                f.prop("space", f.string_("sp")),
                                                f.shorthand("externalId"),
                                            ),
                                        ),
                                    ),
                                )
                            ),
                            type_args=[f.ref(PageResponse, foo)],
                        )
                    ),
                ),
                f.return_(f.member(f.ident("response"), "items")),
                is_async=True,
                doc=f.jsdoc(
                    "Retrieve Foo nodes by external id.",
                    params={"externalIds": "The nodes to fetch."},
                    returns="The nodes, in request order.",
                ),
            ),
            f.method(
                "list",
                [list_options, f.param("filter", f.ref("FooFilter"), default=f.obj())],
                f.promise(f.ref(PageResponse, foo)),
                f.const(
                    "limit", f.binary(f.member(f.ident("options"), "limit"), "??", f.number_(1000))
                ),
                f.const("options_", f.ident("filter")),
                f.if_(
                    f.binary(
                        f.binary(f.ident("limit"), "<=", f.number_(0)),
                        "||",
                        f.binary(f.ident("limit"), ">", f.number_(10000)),
                    ),
                    f.block(
                        f.throw(
                            f.new(
                                f.reference(Symbol("RangeError")),
                                f.template("limit must be in 1..10000, got ", f.ident("limit")),
                            )
                        )
                    ),
                ),
                f.return_(
                    f.call(
                        f.member(this_client, "post"),
                        f.string_("/models/instances/list"),
                        body_filter.__class__(
                            properties=tuple(
                                p
                                if not (isinstance(p, n.PropertyAssignment) and p.name == "filter")
                                else f.prop(
                                    "filter",
                                    f.call(
                                        f.reference(buildFilter),
                                        f.obj(
                                            f.prop(
                                                "externalId",
                                                f.member(
                                                    f.ident("options_"),
                                                    "externalIdPrefix",
                                                    optional=True,
                                                ),
                                            ),
                                            f.prop(
                                                "data-set",
                                                f.element(
                                                    f.ident("options_"), f.string_("dataSet")
                                                ),
                                            ),
                                            f.spread_props(f.member(f.ident("options_"), "extra")),
                                        ),
                                    ),
                                )
                                for p in body_filter.properties
                            ),
                            multiline=True,
                        ),
                        type_args=[f.ref(PageResponse, foo)],
                    )
                ),
                is_async=True,
            ),
            f.method(
                "iterate",
                [
                    f.param("filter", f.ref("FooFilter"), default=f.obj()),
                    f.param("chunkSize", f.number(), default=f.number_(1000)),
                ],
                f.async_iterable_iterator(foo),
                f.let("cursor", type=f.union(f.string(), f.null(), f.undefined())),
                n.ForOf(
                    name="_",
                    iterable=f.call(
                        f.member(f.ident("Array"), "from"),
                        f.obj(f.prop("length", f.number_(1_000_000))),
                    ),
                    body=f.block(
                        f.const(
                            "page",
                            f.await_(
                                f.call(
                                    f.member(f.this(), "list"),
                                    f.obj(
                                        f.prop("limit", f.ident("chunkSize")),
                                        f.prop(
                                            "cursor",
                                            f.binary(f.ident("cursor"), "??", f.undefined_()),
                                        ),
                                    ),
                                    f.ident("filter"),
                                )
                            ),
                        ),
                        f.expr(f.yield_(f.member(f.ident("page"), "items"), delegate=True)),
                        f.expr(
                            f.assign(f.ident("cursor"), f.member(f.ident("page"), "nextCursor"))
                        ),
                        f.if_(f.not_(f.ident("cursor")), f.block(f.return_())),
                    ),
                ),
                is_async=True,
                generator=True,
                doc="Iterate over all Foo nodes, a page at a time.",
            ),
            n.GetAccessor(
                name="viewId",
                return_type=f.string(),
                body=f.block(f.return_(f.member(f.this(), "view"))),
            ),
            extends=f.ref(InstanceAPI, foo_write, foo, foo_list),
            doc="Access Foo nodes.",
        ),
        f.function(
            "isFoo",
            [f.param("value", f.unknown())],
            f.boolean(),
            f.return_(
                f.and_(
                    f.binary(f.unary("typeof", f.ident("value")), "===", f.string_("object")),
                    f.binary(f.ident("value"), "!==", f.null_()),
                    f.binary(f.string_("createdTime"), "in", f.ident("value")),
                )
            ),
        ),
        f.const(
            "DEFAULT_FOO",
            f.satisfies(
                f.obj(
                    f.prop("space", f.string_("default-space")),
                    f.prop("externalId", f.string_("")),
                    f.prop("tags", f.array()),
                ),
                f.ref("FooWrite"),
            ),
            exported=True,
        ),
        f.const(
            "fooKinds",
            f.as_(
                f.array(
                    *(
                        f.string_(k)
                        for k in ("equipment", "maintenance_order", "work_item", "operation")
                    )
                ),
                f.array_of(f.ref("FooKind")),
            ),
            exported=True,
        ),
        header="Generated by pygen. Do not edit.",
    )


def long_signatures() -> n.SourceFile:
    """``long.ts``: signatures, heritage clauses and unions that must break."""
    long_params = [
        f.param("firstArgumentWithAVeryLongName", f.string()),
        f.param("secondArgumentWithAnotherLongName", f.number(), optional=True),
        f.param("rest", f.array_of(f.ref("Record", f.string(), f.unknown())), rest=True),
    ]
    return f.source_file(
        f.interface("Base", f.property_signature("id", f.string())),
        f.interface(
            "WithAVeryLongInterfaceNameNumberOne",
            f.property_signature("a", f.string(), optional=True),
        ),
        f.interface(
            "WithAVeryLongInterfaceNameNumberTwo",
            f.property_signature("b", f.string(), optional=True),
        ),
        f.interface(
            "CombinedInterfaceWithAnExtremelyLongName",
            extends=[
                f.ref("Base"),
                f.ref("WithAVeryLongInterfaceNameNumberOne"),
                f.ref("WithAVeryLongInterfaceNameNumberTwo"),
            ],
        ),
        f.class_(
            "ImplementationWithAVeryLongClassName",
            f.property("id", f.string(), init=f.string_("x")),
            f.property("a", f.string(), optional=True),
            f.property("b", f.string(), optional=True),
            f.method(
                "describe",
                long_params,
                f.promise(
                    f.ref("Map", f.string(), f.array_of(f.union(f.string(), f.number(), f.null())))
                ),
                THROW,
                is_async=True,
            ),
            n.SetAccessor(name="label", parameter=f.param("value", f.string()), body=f.block()),
            f.method(
                "withOptions",
                [
                    f.param(
                        "options",
                        f.object_type(
                            f.property_signature("timeoutMilliseconds", f.number()),
                            f.property_signature("retries", f.number()),
                            f.property_signature("signal", f.unknown(), optional=True),
                        ),
                    )
                ],
                f.void(),
            ),
            extends=None,
            implements=[
                f.ref("Base"),
                f.ref("WithAVeryLongInterfaceNameNumberOne"),
                f.ref("WithAVeryLongInterfaceNameNumberTwo"),
            ],
        ),
        f.type_alias(
            "Handler",
            f.type_fn(
                [
                    f.param(
                        "event",
                        f.union(f.string_union("created", "updated", "deleted"), f.ref("Base")),
                    ),
                    f.param("context", f.record(f.string(), f.unknown())),
                ],
                f.union(f.promise(f.void()), f.void()),
            ),
        ),
        f.type_alias(
            "Pick2",
            f.indexed(f.ref("T"), f.ref("K")),
            type_params=[
                f.type_param("T", extends=f.ref("Base")),
                f.type_param("K", extends=f.keyof(f.ref("T")), default=f.literal("id")),
            ],
        ),
        f.type_alias("Lookup", f.typeof_("lookupTable")),
        f.const(
            "lookupTable",
            f.obj(
                f.prop("alpha", f.number_(1)),
                f.prop("beta", f.number_(-2)),
                f.prop("gamma", f.number_(3.5)),
                f.prop("delta", f.array(*(f.number_(i * 7) for i in range(30)))),
            ),
            exported=True,
        ),
        f.function(
            "makeHandler",
            [
                f.param("prefixForAllMessages", f.string()),
                f.param("sink", f.type_fn([f.param("line", f.string())], f.void())),
            ],
            f.ref("Handler"),
            f.return_(
                f.arrow(
                    [f.param("event"), f.param("context")],
                    f.block(
                        f.expr(
                            f.call(
                                f.ident("sink"),
                                f.template(
                                    f.ident("prefixForAllMessages"),
                                    ": ",
                                    f.call(
                                        f.member(f.ident("JSON"), "stringify"), f.ident("event")
                                    ),
                                    " ",
                                    f.call(
                                        f.member(f.ident("JSON"), "stringify"), f.ident("context")
                                    ),
                                ),
                            )
                        ),
                    ),
                    is_async=True,
                )
            ),
        ),
    )


def clashes() -> dict[str, n.SourceFile]:
    """Files exercising alias allocation: ``Foo`` from two modules and a local ``Foo``."""
    a = f.source_file(f.interface("Foo", f.property_signature("a", f.string())), f.class_("Widget"))
    b = f.source_file(f.interface("Foo", f.property_signature("b", f.number())))
    use = f.source_file(
        f.interface(
            "Foo",
            f.property_signature("fromA", f.ref(Symbol("Foo", "./a.js"))),
            f.property_signature("fromB", f.ref(Symbol("Foo", "./b.js"))),
        ),
        f.const("widget", f.new(f.reference(Symbol("Widget", "./a.js"))), exported=True),
        imports=[f.import_("./side-effect.js")],
    )
    side = f.source_file(f.const("loaded", f.true_(), exported=True))
    return {"a.ts": a, "b.ts": b, "use.ts": use, "side-effect.ts": side}


def index() -> n.SourceFile:
    """``index.ts``: re-exports."""
    return f.source_file(
        f.export_star("./foo.js"),
        f.export_from(
            "./runtime/index.js", "NodeReference", "ListOptions", "PageResponse", type_only=True
        ),
        f.export_star("./runtime/index.js", namespace="runtime"),
        f.export_from("./long.js", "ImplementationWithAVeryLongClassName"),
    )


def corpus() -> dict[str, str]:
    """The printed corpus: relative path -> text."""
    trees = {
        "runtime/index.ts": runtime(),
        "foo.ts": sdk(),
        "long.ts": long_signatures(),
        "index.ts": index(),
        **clashes(),
    }
    return {path: print_file(tree) for path, tree in trees.items()}

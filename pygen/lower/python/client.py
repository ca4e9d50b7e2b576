"""``client.py``: the SDK's client class, one attribute per view API."""

from __future__ import annotations

import libcst as cst

from pygen.ir import IRModel

from . import _cst
from .context import Context
from .data_classes import _assemble
from .imports import ImportCollector
from .naming import api_name, client_attribute
from .types import RUNTIME
from .views import view_modules, view_path

__all__ = ["lower_client"]


def lower_client(ctx: Context) -> cst.Module:
    """Build the ``client`` module."""
    imports = ImportCollector()
    imports.add("__future__", "annotations")
    body: list[cst.BaseStatement] = []
    if ctx.ir.classes:
        modules = view_modules(ctx.ir)
        typed = [
            _cst.fit(
                _cst.import_from(view_path(modules[cls.view]), [api_name(cls)], relative=1),
                ctx.layout(1),
            )
            for cls in sorted(ctx.ir.classes, key=lambda c: modules[c.view])
        ]
        body.append(_cst.if_(imports.use("typing", "TYPE_CHECKING"), typed))
    body.append(_client_class(ctx, imports, lazy=True))
    return _assemble(
        ctx,
        "The client of {model}: one API per view, and writes across views.",
        imports,
        body,
    )


def _model_label(ir: IRModel) -> str:
    """``Data model ``sp:M`` version ``1``.`` (``Data models ...`` for a merged SDK)."""
    labels = [f"``{m.space}:{m.external_id}`` version ``{m.version}``" for m in ir.models]
    return f"Data model{'s' if len(labels) > 1 else ''} {', '.join(labels)}."


def _client_class(ctx: Context, imports: ImportCollector, lazy: bool = False) -> cst.ClassDef:
    """The client class; ``lazy``: each view's API is created on first access (the package
    layout, through ``LazyAPIs``), else in ``__init__``."""
    ir = ctx.ir
    inner, body_layout = ctx.layout(1), ctx.layout(2)
    pygen_client = imports.use("pygen_runtime.client", "PygenClient")
    any_ = imports.use("typing", "Any")
    init_body: list[cst.BaseStatement] = [
        _cst.assign("self._client", _cst.name("client")),
        _cst.fit(
            _cst.assign(
                "self._instances",
                _cst.call(
                    imports.use(RUNTIME, "InstanceClient"),
                    _cst.name("client"),
                    instance_space=_cst.name("instance_space"),
                    max_workers=_cst.name("max_workers"),
                ),
            ),
            body_layout,
        ),
    ]
    for cls in () if lazy else ir.classes:
        init_body.append(
            _cst.fit(
                _cst.assign(
                    f"self.{client_attribute(cls)}",
                    _cst.call(api_name(cls), _cst.attr("self._instances")),
                ),
                body_layout,
            )
        )
        if ctx.settings.docstrings:
            init_body.append(
                _cst.docstring(
                    cls.description or cls.display_name or cls.view.external_id, body_layout
                )
            )
    init = _cst.function_def(
        "__init__",
        [_cst.param("self"), _cst.param("client", pygen_client)],
        init_body,
        returns=_cst.name("None"),
        kwonly=[
            _cst.param(
                "instance_space",
                _cst.binary_or([_cst.name("str"), _cst.name("None")]),
                _cst.name("None"),
            ),
            _cst.param("max_workers", _cst.name("int"), _cst.int_(4)),
        ],
        layout=inner,
        evaluated=False,
    )
    from_env_body: list[cst.BaseStatement] = []
    if ctx.settings.docstrings:
        from_env_body.append(
            _cst.docstring(
                "Create a client from ``CDF_*`` environment variables (see ``PygenClient``).",
                body_layout,
            )
        )
    from_env_body.append(
        _cst.fit(
            _cst.return_(
                _cst.call(
                    "cls",
                    _cst.call(_cst.attribute(pygen_client, "from_environment")),
                    _cst.double_star(_cst.name("kwargs")),
                )
            ),
            body_layout,
        )
    )
    from_env = _cst.function_def(
        "from_environment",
        [_cst.param("cls")],
        from_env_body,
        returns=_cst.name(_client_name(ctx)),
        star_kwarg=_cst.param("kwargs", any_),
        layout=inner,
        decorators=["classmethod"],
        evaluated=False,
    )
    write = imports.use(RUNTIME, "InstanceWrite")
    upsert_body: list[cst.BaseStatement] = []
    if ctx.settings.docstrings:
        upsert_body.append(
            _cst.docstring(
                "Create or update instances of any view, with everything nested in them.\n\n"
                "Args:\n"
                "    items: Write objects of this model's views.\n"
                "    mode: ``update`` merges, ``replace`` resets left-out properties, ``create``\n"
                "        fails for instances that exist.",
                body_layout,
            )
        )
    upsert_body.append(
        _cst.fit(
            _cst.return_(
                _cst.call(
                    "self._instances.upsert",
                    _cst.name("items"),
                    mode=_cst.name("mode"),
                )
            ),
            body_layout,
        )
    )
    result = imports.use(RUNTIME, "InstanceResult")
    upsert = _cst.function_def(
        "upsert",
        [
            _cst.param("self"),
            _cst.param(
                "items",
                _cst.binary_or(
                    [write, _cst.subscript(imports.use("collections.abc", "Sequence"), write)]
                ),
            ),
        ],
        upsert_body,
        returns=result,
        kwonly=[_cst.param("mode", imports.use(RUNTIME, "UpsertMode"), _cst.string("update"))],
        layout=inner,
        evaluated=False,
    )
    delete_body: list[cst.BaseStatement] = []
    if ctx.settings.docstrings:
        delete_body.append(
            _cst.docstring(
                "Delete nodes (and their edges) by id, ``(space, external_id)``, or object.",
                body_layout,
            )
        )
    delete_body.append(
        _cst.fit(
            _cst.return_(
                _cst.call(
                    "self._instances.delete",
                    _cst.name("items"),
                )
            ),
            body_layout,
        )
    )
    delete = _cst.function_def(
        "delete",
        [_cst.param("self"), _cst.param("items", any_)],
        delete_body,
        returns=result,
        layout=inner,
        evaluated=False,
    )
    body: list[cst.BaseStatement] = []
    if ctx.settings.docstrings:
        first = ir.description or ir.name or ir.model.external_id
        body.append(
            _cst.docstring(
                f"{first}\n\n{_model_label(ir)}\n\n"
                "Args:\n"
                "    client: A configured ``PygenClient`` (CDF or the local emulator).\n"
                "    instance_space: The space of instances given by bare external id.\n"
                "    max_workers: Write and delete batches sent in parallel.",
                inner,
            )
        )
    if lazy:
        body.extend(_lazy_attributes(ctx, bool(body)))
    methods = [init, from_env, upsert, delete]
    body.extend(
        m.with_changes(leading_lines=_cst.blank_lines() if (body or i) else [])
        for i, m in enumerate(methods)
    )
    bases = [imports.use(RUNTIME, "LazyAPIs")] if lazy else []
    return _cst.class_def(_client_name(ctx), bases, body)


def _lazy_attributes(ctx: Context, after: bool) -> list[cst.SimpleStatementLine]:
    """``_apis``, the module and API class of each attribute, then the attributes as type
    checkers see them (created on first access)."""
    inner = ctx.layout(1)
    modules = view_modules(ctx.ir)
    table = _cst.dict_(
        [
            (
                _cst.string(client_attribute(cls)),
                _cst.tuple_(
                    [_cst.string(view_path(modules[cls.view])), _cst.string(api_name(cls))]
                ),
            )
            for cls in ctx.ir.classes
        ]
    )
    out = [_cst.fit(_cst.assign("_apis", table), inner)]
    for cls in ctx.ir.classes:
        out.append(_cst.ann_assign(client_attribute(cls), _cst.name(api_name(cls))))
        if ctx.settings.docstrings:
            out.append(
                _cst.docstring(cls.description or cls.display_name or cls.view.external_id, inner)
            )
    if after:
        out[0] = _cst.blank_before(out[0])
    if len(out) > 1:
        out[1] = _cst.blank_before(out[1])
    return out


def _client_name(ctx: Context) -> str:
    return ctx.settings.client_name

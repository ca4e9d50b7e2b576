"""``/instances/aggregate``: count, avg, min, max, sum and histogram, grouped by up to 5 properties.

Everything is computed in SQL (``GROUP BY`` over the view's container data). Property names are
the view's property ids; ``count`` also takes a base property (``externalId``, ``space``,
``version``, ``createdTime`` ...), as the API does. Groups are ordered by their values;
``limit`` caps the groups.
"""

from __future__ import annotations

import json
from typing import Any

from .catalog import ResolvedView, load_catalog
from .errors import bad_request
from .filters import read_conditions
from .requests import AggregateRequest, AggregateSpec
from .search import text_condition
from .sql import BASE_PROPERTIES, Expr, Scope, Statement
from .store import Store

__all__ = ["aggregate_instances"]

_NUMERIC = {"int32", "int64", "float32", "float64"}
_GROUPABLE = {"text", "direct", "int32", "int64", "float32", "float64", "boolean", "enum"}


def aggregate_instances(store: Store, request: AggregateRequest) -> dict[str, Any]:
    """Aggregates of the instances of ``view`` that match the filter and query."""
    with store.read() as conn:
        catalog = load_catalog(store, conn)
        view = catalog.view(request.view.as_id(), "view")
        statement = Statement(catalog)
        scope = statement.scope(request.instance_type, view)
        where = read_conditions(scope, request.instance_type, [view.id], request.filter)
        condition, _ = text_condition(scope, view, request.query, request.properties, "OR")
        if condition is not None:
            where.append(condition)
        groups = [_group_expr(scope, view, prop) for prop in request.group_by or []]
        specs = request.aggregates or []
        columns = [_aggregate_sql(scope, view, spec, request.instance_type) for spec in specs]
        group_sql = [expr.value_sql for expr in groups]
        selected = group_sql + [column for column in columns if column is not None] or ["COUNT(*)"]
        tail = (
            f" GROUP BY {', '.join(group_sql)} ORDER BY {', '.join(group_sql)} LIMIT {request.limit}"
            if groups
            else ""
        )
        base = f" FROM instances {scope.alias}{scope.join_sql()} WHERE {' AND '.join(where)}"
        rows = conn.execute(
            f"SELECT {', '.join(selected)}{base}{tail}", statement.params
        ).fetchall()
        histograms = [
            _histogram(conn, scope, view, spec, group_sql, base, statement.params)
            if spec.histogram
            else None
            for spec in specs
        ]
    items = []
    for row in rows:
        key = tuple(row[: len(groups)])
        values = iter(row[len(groups) :])
        results = []
        for spec, column, histogram in zip(specs, columns, histograms, strict=True):
            if histogram is not None:
                assert spec.histogram is not None
                buckets = [
                    {"start": start, "count": count} for start, count in histogram.get(key, [])
                ]
                results.append({"aggregate": "histogram", "property": spec.histogram.property,
                                "interval": spec.histogram.interval, "buckets": buckets})  # fmt: skip
            elif column is not None:
                results.append(_result(spec, next(values)))
        item: dict[str, Any] = {"instanceType": request.instance_type, "aggregates": results}
        if groups:
            item["group"] = {
                prop: _group_value(expr, value)
                for prop, expr, value in zip(request.group_by or [], groups, key, strict=True)
            }
        items.append(item)
    return {"items": items}


def _group_expr(scope: Scope, view: ResolvedView, prop: str) -> Expr:
    expr = _view_property(scope, view, prop, "groupBy")
    if expr.is_list or expr.kind not in _GROUPABLE:
        raise bad_request(
            f"groupBy: property {prop!r} of type {expr.kind}{' list' if expr.is_list else ''} cannot be grouped by"
        )
    return expr


def _view_property(scope: Scope, view: ResolvedView, prop: str, where: str) -> Expr:
    if prop not in view.mapped:
        raise bad_request(f"{where}: {prop!r} is not a mapped property of view {view.id}")
    return scope.property([prop])


def _aggregate_sql(scope: Scope, view: ResolvedView, spec: AggregateSpec, kind: str) -> str | None:
    chosen = spec.model_fields_set
    if len(chosen) != 1:
        raise bad_request(
            "aggregates: each aggregate has exactly one of count, avg, min, max, sum, histogram"
        )
    (name,) = chosen
    if name == "count":
        assert spec.count is not None
        prop = spec.count.property
        if prop is None:
            return "COUNT(*)"
        if prop in BASE_PROPERTIES and prop not in view.mapped:  # externalId, space, version ...
            return f"COUNT({scope.property([kind, prop]).value_sql})"
        return f"COUNT({_view_property(scope, view, prop, 'count').value_sql})"
    argument = getattr(spec, name)
    expr = _view_property(scope, view, argument.property, name)
    if expr.is_list or expr.kind not in _NUMERIC:
        raise bad_request(
            f"{name}: property {argument.property!r} is {expr.kind}; a number property is required"
        )
    if name == "histogram":
        return None
    return f"{name.upper()}({expr.sql})"


def _histogram(
    conn: Any,
    scope: Scope,
    view: ResolvedView,
    spec: AggregateSpec,
    group_sql: list[str],
    base: str,
    params: dict[str, Any],
) -> dict[tuple[Any, ...], list[tuple[float, int]]]:
    assert spec.histogram is not None
    expr = scope.property([spec.histogram.property])
    interval = spec.histogram.interval
    bucket = f"floor_({expr.sql} / {float(interval)!r})"
    columns = ", ".join([*group_sql, bucket, "COUNT(*)"])
    groups = ", ".join([*group_sql, bucket])
    sql = f"SELECT {columns}{base} AND {expr.sql} IS NOT NULL GROUP BY {groups} ORDER BY {groups}"
    found: dict[tuple[Any, ...], list[tuple[float, int]]] = {}
    for row in conn.execute(sql, params):
        key = tuple(row[: len(group_sql)])
        start = row[-2] * interval
        found.setdefault(key, []).append(
            (int(start) if float(start).is_integer() else start, row[-1])
        )
    return found


def _result(spec: AggregateSpec, value: Any) -> dict[str, Any]:
    (name,) = spec.model_fields_set
    argument = getattr(spec, name)
    result: dict[str, Any] = {"aggregate": name}
    if argument.property is not None:
        result["property"] = argument.property
    if value is not None:
        result["value"] = value
    return result


def _group_value(expr: Expr, value: Any) -> Any:
    if expr.kind == "direct" and isinstance(value, str):
        return json.loads(value)
    if expr.kind == "boolean" and value is not None:
        return bool(value)
    return value

"""The DMS filter language compiled to SQL (SQLite JSON functions over ``instance_data``).

``compile_filter(filter, scope)`` returns a boolean SQL expression for the row of ``scope``;
values are bound as parameters of the scope's statement. Every malformed filter is a 400 that
names the operator and what is wrong.
"""

from __future__ import annotations

from typing import Any

from pygen_runtime.client.models import ContainerId, ViewId

from .errors import bad_request
from .sql import Expr, Scope, balanced
from .store import dumps
from .values import check_node_reference, describe, normalize_date, normalize_timestamp

__all__ = ["compile_filter", "read_conditions", "view_membership"]

_BOUNDS = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
_RANGE_KINDS = {"text", "int", "int32", "int64", "float32", "float64", "timestamp", "date", "enum",
                "timeseries", "file", "sequence"}  # fmt: skip
_TEXT_KINDS = {"text", "enum", "timeseries", "file", "sequence"}


def compile_filter(spec: Any, scope: Scope) -> str:
    """Compile one filter object (``{"operator": body}``) to SQL."""
    if not isinstance(spec, dict) or len(spec) != 1:
        raise bad_request(
            f"Invalid filter {_short(spec)}: a filter is an object with exactly one operator key"
        )
    ((operator, body),) = spec.items()
    handler = _OPERATORS.get(operator)
    if handler is None:
        raise bad_request(
            f"Invalid filter: unknown operator {operator!r} (known: {', '.join(sorted(_OPERATORS))})"
        )
    return handler(body, scope)


def read_conditions(scope: Scope, kind: str, views: list[ViewId], spec: Any | None) -> list[str]:
    """The WHERE terms of a read: the instance kind, membership of each view, the filter."""
    if kind not in ("node", "edge"):
        raise bad_request(f"instanceType must be node or edge, got {kind!r}")
    conditions = [f"{scope.alias}.kind = '{kind}'"]
    conditions += [view_membership(view, scope) for view in views]
    if spec is not None:
        conditions.append(compile_filter(spec, scope))
    return conditions


def view_membership(view_id: ViewId, scope: Scope) -> str:
    """SQL that is true for instances read through a view: its filter, else ``hasData``."""
    view = scope.statement.catalog.view(view_id)
    if view.filter:
        inner = Scope(scope.statement, scope.alias, scope.kind, view, scope.joins)
        return compile_filter(view.filter, inner)
    return scope.has_view_data(view)


def _and(body: Any, scope: Scope) -> str:
    parts = [compile_filter(item, scope) for item in _filter_list("and", body)]
    return balanced(parts, "AND") if parts else "1"


def _or(body: Any, scope: Scope) -> str:
    parts = [compile_filter(item, scope) for item in _filter_list("or", body)]
    return balanced(parts, "OR") if parts else "0"


def _not(body: Any, scope: Scope) -> str:
    # true when the inner filter is false or null; ``IS NOT 1`` rather than
    # ``NOT COALESCE(..., 0)`` so each level nests one parenthesis, not three (SQLite's
    # parser allows about a hundred)
    return f"({compile_filter(body, scope)} IS NOT 1)"


def _filter_list(operator: str, body: Any) -> list[Any]:
    if not isinstance(body, list):
        raise bad_request(
            f"Invalid filter: {operator!r} takes a list of filters, got {describe(body)}"
        )
    return body


def _match_all(body: Any, scope: Scope) -> str:
    if body != {}:
        raise bad_request("Invalid filter: 'matchAll' takes an empty object")
    return "1"


def _equals(body: Any, scope: Scope) -> str:
    args = _args("equals", body, {"property", "value"})
    expr = scope.property(args["property"])
    value = _resolve(args["value"], "equals", scope)
    if isinstance(value, dict) and set(value) == {"property"}:
        other = scope.property(value["property"])
        return f"({expr.sql} = {other.sql})"
    if expr.pair is not None:
        ref = check_node_reference(value, f"equals {expr.label}")
        space, xid = expr.pair
        p_space, p_xid = (
            scope.statement.param(ref["space"]),
            scope.statement.param(ref["externalId"]),
        )
        return f"({space} = {p_space} AND {xid} = {p_xid})"
    if expr.is_list or expr.kind == "json":
        if isinstance(value, list | dict):
            normalized = (
                [_coerce(v, expr, "equals") for v in value]
                if expr.is_list and isinstance(value, list)
                else value
            )
            return f"({expr.sql} = json({scope.statement.param(dumps(normalized))}))"
        if expr.is_list:
            raise bad_request(
                f"Invalid filter: equals on list property {expr.label} needs a list value"
            )
    return f"({expr.sql} = {scope.statement.param(_coerce(value, expr, 'equals'))})"


def _in(body: Any, scope: Scope) -> str:
    args = _args("in", body, {"property", "values"})
    expr = scope.property(args["property"])
    values = _values("in", args["values"], scope)
    if expr.is_list:
        raise bad_request(
            f"Invalid filter: 'in' is for single-valued properties; use containsAny on {expr.label}"
        )
    if expr.pair is not None:
        refs = [check_node_reference(v, f"in {expr.label}") for v in values]
        space, xid = expr.pair
        return f"(({space}, {xid}) IN ({_pairs(scope, refs)}))"
    coerced = [_coerce(v, expr, "in") for v in values]
    return f"({expr.sql} IN (SELECT value FROM json_each({scope.statement.param(dumps(coerced))})))"


def _range(body: Any, scope: Scope) -> str:
    args = _args("range", body, {"property", *_BOUNDS}, required={"property"})
    expr = _ordered(scope.property(args["property"]), "range")
    bounds = _bounds("range", args)
    return (
        "("
        + " AND ".join(f"{expr.sql} {_BOUNDS[op]} {_bound(scope, expr, v)}" for op, v in bounds)
        + ")"
    )


def _overlaps(body: Any, scope: Scope) -> str:
    args = _args("overlaps", body, {"startProperty", "endProperty", *_BOUNDS},
                 required={"startProperty", "endProperty"})  # fmt: skip
    start = _ordered(scope.property(args["startProperty"]), "overlaps")
    end = _ordered(scope.property(args["endProperty"]), "overlaps")
    parts = [f"({start.sql} IS NOT NULL OR {end.sql} IS NOT NULL)"]
    for op, value in _bounds("overlaps", args):
        if op in ("lt", "lte"):  # the range starts before the upper bound
            parts.append(
                f"({start.sql} IS NULL OR {start.sql} {_BOUNDS[op]} {_bound(scope, start, value)})"
            )
        else:  # the range ends after the lower bound
            parts.append(
                f"({end.sql} IS NULL OR {end.sql} {_BOUNDS[op]} {_bound(scope, end, value)})"
            )
    return "(" + " AND ".join(parts) + ")"


def _prefix(body: Any, scope: Scope) -> str:
    args = _args("prefix", body, {"property", "value"})
    expr = scope.property(args["property"])
    value = _resolve(args["value"], "prefix", scope)
    if expr.is_list or expr.kind not in _TEXT_KINDS:
        raise bad_request(
            f"Invalid filter: 'prefix' needs a single-valued text property, {expr.label} is {expr.kind}"
        )
    if not isinstance(value, str):
        raise bad_request(f"Invalid filter: 'prefix' value must be a string, got {describe(value)}")
    placeholder = scope.statement.param(value)
    return f"(substr({expr.sql}, 1, length({placeholder})) = {placeholder})"


def _exists(body: Any, scope: Scope) -> str:
    args = _args("exists", body, {"property"})
    expr = scope.property(args["property"])
    return f"({expr.sql} IS NOT NULL)"


def _contains_any(body: Any, scope: Scope) -> str:
    return _contains("containsAny", body, scope)


def _contains_all(body: Any, scope: Scope) -> str:
    return _contains("containsAll", body, scope)


def _contains(operator: str, body: Any, scope: Scope) -> str:
    args = _args(operator, body, {"property", "values"})
    expr = scope.property(args["property"])
    values = _values(operator, args["values"], scope)
    if not expr.is_list or expr.each is None:
        raise bad_request(
            f"Invalid filter: {operator!r} is for list properties; {expr.label} is single-valued"
        )
    stmt = scope.statement
    if expr.kind == "direct":
        refs = [check_node_reference(v, f"{operator} {expr.label}") for v in values]
        same = (
            "json_extract(e.value, '$.space') = json_extract(v.value, '$.space') AND "
            "json_extract(e.value, '$.externalId') = json_extract(v.value, '$.externalId')"
        )
        wanted = stmt.param(dumps(refs))
        if operator == "containsAny":
            return f"EXISTS (SELECT 1 FROM json_each({expr.each}) e, json_each({wanted}) v WHERE {same})"
        return (
            f"NOT EXISTS (SELECT 1 FROM json_each({wanted}) v WHERE NOT EXISTS "
            f"(SELECT 1 FROM json_each({expr.each}) e WHERE {same}))"
        )
    wanted = stmt.param(dumps([_coerce(v, expr, operator) for v in values]))
    if operator == "containsAny":
        return f"EXISTS (SELECT 1 FROM json_each({expr.each}) e WHERE e.value IN (SELECT value FROM json_each({wanted})))"
    return (
        f"NOT EXISTS (SELECT 1 FROM json_each({wanted}) v WHERE v.value NOT IN "
        f"(SELECT e.value FROM json_each({expr.each}) e))"
    )


def _nested(body: Any, scope: Scope) -> str:
    args = _args("nested", body, {"scope", "filter"})
    expr = scope.property(args["scope"])
    if expr.pair is None:
        raise bad_request(
            f"Invalid filter: 'nested' scope {expr.label} must be a single direct relation"
        )
    inner = scope.statement.scope("node")
    condition = compile_filter(args["filter"], inner)
    space, xid = expr.pair
    return (
        f"EXISTS (SELECT 1 FROM instances {inner.alias}{inner.join_sql()} WHERE {inner.alias}.kind = 'node'"
        f" AND {inner.alias}.space = {space} AND {inner.alias}.external_id = {xid} AND {condition})"
    )


def _has_data(body: Any, scope: Scope) -> str:
    if not isinstance(body, list) or not body:
        raise bad_request(
            "Invalid filter: 'hasData' takes a non-empty list of view or container references"
        )
    parts = []
    catalog = scope.statement.catalog
    for ref in body:
        kind = ref.get("type") if isinstance(ref, dict) else None
        if kind == "container" and _keys_ok(ref, {"type", "space", "externalId"}):
            container = catalog.container(
                ContainerId(space=ref["space"], external_id=ref["externalId"]), "hasData"
            )
            parts.append(scope.has_data(container))
        elif kind == "view" and _keys_ok(ref, {"type", "space", "externalId", "version"}):
            view = catalog.view(
                ViewId(space=ref["space"], external_id=ref["externalId"], version=ref["version"]),
                "hasData",
            )
            parts.append(view_membership(view.id, scope))
        else:
            raise bad_request(
                f"Invalid filter: 'hasData' entry {_short(ref)} is not a view or container reference"
            )
    return balanced(parts, "AND")


def _instance_references(body: Any, scope: Scope) -> str:
    if not isinstance(body, list):
        raise bad_request(
            "Invalid filter: 'instanceReferences' takes a list of {space, externalId}"
        )
    refs = [check_node_reference(ref, "instanceReferences") for ref in body]
    return f"(({scope.alias}.space, {scope.alias}.external_id) IN ({_pairs(scope, refs)}))"


def _keys_ok(ref: dict[str, Any], keys: set[str]) -> bool:
    return set(ref) == keys and all(isinstance(ref[key], str) for key in keys)


def _pairs(scope: Scope, refs: list[dict[str, str]]) -> str:
    placeholder = scope.statement.param(dumps(refs))
    return (
        "SELECT json_extract(value, '$.space'), json_extract(value, '$.externalId') "
        f"FROM json_each({placeholder})"
    )


def _args(
    operator: str, body: Any, allowed: set[str], *, required: set[str] | None = None
) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise bad_request(f"Invalid filter: {operator!r} takes an object, got {describe(body)}")
    unknown = set(body) - allowed
    if unknown:
        raise bad_request(
            f"Invalid filter: {operator!r} has unknown field(s) {', '.join(sorted(unknown))}"
        )
    missing = (allowed if required is None else required) - set(body)
    if missing:
        raise bad_request(f"Invalid filter: {operator!r} is missing {', '.join(sorted(missing))}")
    return body


def _resolve(value: Any, operator: str, scope: Scope) -> Any:
    """Replace a ``{"parameter": name}`` value by the statement's parameter of that name."""
    if isinstance(value, dict) and set(value) == {"parameter"}:
        name = value["parameter"]
        parameters = scope.statement.parameters
        if not isinstance(name, str) or name not in parameters:
            raise bad_request(f"Invalid filter: {operator!r} refers to unknown parameter {name!r}")
        return parameters[name]
    return value


def _values(operator: str, values: Any, scope: Scope) -> list[Any]:
    values = _resolve(values, operator, scope)
    if not isinstance(values, list):
        raise bad_request(
            f"Invalid filter: {operator!r} values must be a list, got {describe(values)}"
        )
    return values


def _bounds(operator: str, args: dict[str, Any]) -> list[tuple[str, Any]]:
    if ("gt" in args and "gte" in args) or ("lt" in args and "lte" in args):
        raise bad_request(
            f"Invalid filter: {operator!r} cannot combine gt with gte, or lt with lte"
        )
    bounds = [(op, args[op]) for op in _BOUNDS if op in args]
    if not bounds:
        raise bad_request(f"Invalid filter: {operator!r} needs at least one of gt, gte, lt, lte")
    return bounds


def _bound(scope: Scope, expr: Expr, value: Any) -> str:
    value = _resolve(value, "range", scope)
    if isinstance(value, dict) and set(value) == {"property"}:
        return scope.property(value["property"]).sql
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise bad_request(
            f"Invalid filter: range bound must be a number or string, got {describe(value)}"
        )
    return scope.statement.param(_coerce(value, expr, "range"))


def _ordered(expr: Expr, operator: str) -> Expr:
    if expr.is_list or expr.kind not in _RANGE_KINDS:
        raise bad_request(
            f"Invalid filter: {operator!r} is not supported on {expr.label} ({expr.kind})"
        )
    return expr


def _coerce(value: Any, expr: Expr, operator: str) -> Any:
    """Bring a filter value into the stored form of the property (timestamps, dates, booleans)."""
    if expr.kind == "timestamp" and isinstance(value, str):
        stamp = normalize_timestamp(value)
        if stamp is None:
            raise bad_request(
                f"Invalid filter: {operator!r} on {expr.label}: {value!r} is not an ISO 8601 timestamp"
            )
        return stamp
    if expr.kind == "date" and isinstance(value, str) and normalize_date(value) is None:
        raise bad_request(
            f"Invalid filter: {operator!r} on {expr.label}: {value!r} is not a YYYY-MM-DD date"
        )
    if isinstance(value, dict | list) and expr.kind != "json":
        raise bad_request(
            f"Invalid filter: {operator!r} on {expr.label}: unexpected {describe(value)}"
        )
    return value


def _short(value: Any) -> str:
    text = dumps(value) if value is not None else "null"
    return text if len(text) <= 60 else text[:57] + "..."


_OPERATORS = {
    "and": _and,
    "or": _or,
    "not": _not,
    "matchAll": _match_all,
    "equals": _equals,
    "in": _in,
    "range": _range,
    "overlaps": _overlaps,
    "prefix": _prefix,
    "exists": _exists,
    "containsAny": _contains_any,
    "containsAll": _contains_all,
    "nested": _nested,
    "hasData": _has_data,
    "instanceReferences": _instance_references,
}

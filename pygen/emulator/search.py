"""``/instances/search``: free-text search over a view's text properties, with a filter.

The query is split into words (case-folded); a word matches an instance when it occurs in one
of the searched text properties (single or list). ``operator`` AND needs every word, OR any.
Results are ordered by the number of matching (word, property) pairs, best first, unless a
``sort`` is given. There is no cursor, as in the real API.
"""

from __future__ import annotations

import re
from typing import Any

from .catalog import ResolvedView, load_catalog
from .errors import bad_request
from .filters import read_conditions
from .listing import SortKey, select_page, sort_keys
from .reader import Selection, render, typing_for
from .requests import SearchRequest
from .sql import Scope, Statement, balanced
from .store import Store

__all__ = ["search_instances", "text_condition"]

_TEXT_TYPES = {"text"}


def search_instances(store: Store, request: SearchRequest) -> dict[str, Any]:
    """The best matches of ``query`` among the instances of ``view`` (at most ``limit``)."""
    if request.filter is not None and _uses_overlaps(request.filter):
        raise bad_request("Invalid filter: 'overlaps' is not available in search")
    with store.read() as conn:
        catalog = load_catalog(store, conn)
        view = catalog.view(request.view.as_id(), "view")
        statement = Statement(catalog)
        scope = statement.scope(request.instance_type, view)
        where = read_conditions(scope, request.instance_type, [view.id], request.filter)
        condition, score = text_condition(
            scope, view, request.query, request.properties, request.operator
        )
        if condition is not None:
            where.append(condition)
        keys = sort_keys(request.sort, scope)
        if score is not None and not request.sort:
            keys.insert(0, SortKey(score, descending=True))
        page = select_page(conn, scope, where, keys, request.limit, None)
        response: dict[str, Any] = {"items": render(conn, page.ids, [Selection(view)])}
        if request.include_typing:
            response["typing"] = typing_for(catalog, [view.id])
    return response


def text_condition(
    scope: Scope, view: ResolvedView, query: str | None, properties: list[str] | None, operator: str
) -> tuple[str | None, str | None]:
    """The SQL condition and relevance score of a text query (None, None without a query)."""
    words = re.findall(r"\w+", (query or "").casefold())
    searched = (
        properties
        if properties is not None
        else [
            prop_id
            for prop_id, target in view.mapped.items()
            if target.definition.type.type in _TEXT_TYPES
        ]
    )
    for prop_id in searched:
        target = view.mapped.get(prop_id)
        if target is None or target.definition.type.type not in _TEXT_TYPES:
            raise bad_request(f"properties: {prop_id!r} is not a text property of view {view.id}")
    if not words:
        return None, None
    if not searched:
        return "0", None
    matches = []
    for word in dict.fromkeys(words):
        placeholder = scope.statement.param(word)
        per_property = []
        for prop_id in searched:
            expr = scope.property([prop_id])
            if expr.is_list:
                per_property.append(
                    f"EXISTS (SELECT 1 FROM json_each({expr.each}) e WHERE instr(casefold(e.value), {placeholder}) > 0)"
                )
            else:
                per_property.append(f"COALESCE(instr(casefold({expr.sql}), {placeholder}) > 0, 0)")
        matches.append(per_property)
    word_hits = [balanced(hits, "OR") for hits in matches]
    score = balanced([hit for hits in matches for hit in hits], "+")
    return f"({balanced(word_hits, operator)})", f"({score})"


def _uses_overlaps(spec: Any) -> bool:
    if isinstance(spec, dict):
        return "overlaps" in spec or any(_uses_overlaps(value) for value in spec.values())
    if isinstance(spec, list):
        return any(_uses_overlaps(value) for value in spec)
    return False

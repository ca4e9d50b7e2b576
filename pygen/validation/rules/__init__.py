"""The validation rules, one function each, and the registry that orders them.

A rule is a function ``rule(ctx: ValidationContext) -> None``: it reads the model through the
context, reports issues with ``ctx.report`` and repairs through ``ctx.remove_view``,
``ctx.remove_property`` and ``ctx.edit``. Rules run in :data:`RULES` order, and each sees the
repairs of those before it: views on an inheritance cycle are gone before relations are
checked, so a relation to such a view is reported as pointing to a view that was left out.
"""

from __future__ import annotations

from collections.abc import Callable

from pygen.validation.context import ValidationContext

from .identifiers import check_identifiers
from .inheritance import (
    check_inheritance_cycles,
    check_inherited_properties,
    check_missing_parents,
    check_self_implements,
)
from .names import check_names
from .relations import check_direct_relations, check_edge_connections, check_reverse_relations
from .types import check_auto_increment, check_default_values, check_enum_values, check_list_sizes
from .views import (
    check_duplicate_views,
    check_empty_views,
    check_unknown_keys,
    check_used_for,
    check_view_references,
)

__all__ = ["RULES", "Rule"]

Rule = Callable[[ValidationContext], None]
"""A validation rule (see the module docstring)."""

RULES: tuple[Rule, ...] = (
    check_identifiers,  # PYG071, PYG072, PYG073, PYG074
    check_unknown_keys,  # PYG004
    check_view_references,  # PYG011
    check_duplicate_views,  # PYG010
    check_used_for,  # PYG013, PYG014
    check_self_implements,  # PYG021
    check_inheritance_cycles,  # PYG020
    check_missing_parents,  # PYG022
    check_enum_values,  # PYG040, PYG041
    check_list_sizes,  # PYG042, PYG043
    check_default_values,  # PYG044
    check_auto_increment,  # PYG045
    check_direct_relations,  # PYG030, PYG038
    check_edge_connections,  # PYG031, PYG032, PYG033, PYG038
    check_reverse_relations,  # PYG034, PYG035, PYG036, PYG037
    check_inherited_properties,  # PYG023
    check_empty_views,  # PYG012
    check_names,  # PYG050-PYG053, PYG060-PYG063
)
"""Every rule, in the order they run."""

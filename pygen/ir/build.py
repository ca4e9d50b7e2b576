"""Model -> (IR, validation result) in one call."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pygen.naming import DEFAULT_CONVENTIONS, NamePlan, NamingConvention, ViewKey
from pygen.validation import ValidationResult
from pygen.validation.selection import ViewSelection
from pygen_runtime.client.models import DataModel, View

from .hashing import CanonicalParts, canonical_parts
from .nodes import IRModel
from .parse import parse
from .transform import transform_with_plan

__all__ = ["IRBuild", "build_ir", "build_ir_parts"]


@dataclass(frozen=True, slots=True)
class IRBuild:
    """:func:`build_ir_parts`: the IR and the validation result, and what the generation
    cache keeps with them to build the IR again after a change to the documentation only.

    Attributes:
        ir: The IR.
        validation: The validation result.
        plan: The name plan the IR's names come from.
        hash_parts: The model's canonical JSON in parts (its source hash); ``None`` when it
            cannot be split.
        unchanged: The views validation kept exactly as the model gives them: listed once
            and not repaired (whether include/exclude_views then picked them or not).
    """

    ir: IRModel
    validation: ValidationResult
    plan: NamePlan
    hash_parts: CanonicalParts | None
    unchanged: frozenset[ViewKey]


def build_ir(
    model: DataModel,
    *,
    strict: bool = False,
    conventions: Sequence[NamingConvention] = DEFAULT_CONVENTIONS,
    selection: ViewSelection | None = None,
) -> tuple[IRModel, ValidationResult]:
    """Validate ``model``, then parse and transform the filtered model.

    The IR is built even when the result has errors (their broken parts are left out, and a
    model whose own identity is invalid gives an IR without classes); check
    ``result.is_valid`` (strict or not) before generating. The IR's source hash is that of
    ``model`` itself, not of the filtered copy.

    ``selection`` (``include_views`` / ``exclude_views``) is applied to the filtered model
    (see :mod:`pygen.validation.selection`); its issues are part of the result.
    """
    built = build_ir_parts(model, strict=strict, conventions=conventions, selection=selection)
    return built.ir, built.validation


def build_ir_parts(
    model: DataModel,
    *,
    strict: bool = False,
    conventions: Sequence[NamingConvention] = DEFAULT_CONVENTIONS,
    selection: ViewSelection | None = None,
) -> IRBuild:
    """:func:`build_ir`, with the name plan, the source hash's parts and the views taken
    as they are (see :class:`IRBuild`)."""
    from pygen.validation import DataModelValidator
    from pygen.validation.selection import select_views

    from .hashing import source_hash

    result = DataModelValidator(conventions=conventions).validate(model, strict=strict)
    validated = result.filtered_model
    if selection is not None:
        result = select_views(result, selection)
    filtered = result.filtered_model
    if validated is None or filtered is None:
        # the model's own identity is invalid (PYG070): an IR without classes
        validated = filtered = model.model_copy(update={"views": []})
    parts = canonical_parts(model)
    digest = parts.hash() if parts is not None else source_hash(model)
    ir, plan = transform_with_plan(parse(filtered, source_hash=digest), conventions)
    return IRBuild(ir, result, plan, parts, _unchanged(model, validated))


def _unchanged(model: DataModel, filtered: DataModel) -> frozenset[ViewKey]:
    """Views listed once in ``model`` whose filtered form is the very object read (validation
    copies a view before it repairs it)."""
    counts = Counter((view.space, view.external_id, view.version) for view in model.views)
    given = {id(view) for view in model.views}
    return frozenset(
        key
        for view in filtered.views
        if isinstance(view, View)
        and id(view) in given
        and counts[key := (view.space, view.external_id, view.version)] == 1
    )

"""Model -> (IR, validation result) in one call."""

from __future__ import annotations

from collections.abc import Sequence

from pygen.naming import DEFAULT_CONVENTIONS, NamingConvention
from pygen.validation import DataModelValidator, ValidationResult
from pygen.validation.selection import ViewSelection, select_views
from pygen_runtime.client.models import DataModel

from .hashing import source_hash
from .nodes import IRModel
from .parse import parse
from .transform import transform

__all__ = ["build_ir"]


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
    result = DataModelValidator(conventions=conventions).validate(model, strict=strict)
    if selection is not None:
        result = select_views(result, selection)
    filtered = result.filtered_model
    if filtered is None:  # the model's own identity is invalid (PYG070): an IR without classes
        filtered = model.model_copy(update={"views": []})
    ir = transform(parse(filtered, source_hash=source_hash(model)), conventions)
    return ir, result

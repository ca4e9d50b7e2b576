"""The validator: reads the model, runs every rule, returns issues and a filtered model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pygen.naming import DEFAULT_CONVENTIONS, NamingConvention
from pygen_runtime.client.models import DataModel

from .codes import CODES
from .context import MODEL_LOCATION, ValidationContext
from .issues import ValidationIssue, ValidationResult
from .loading import load_document
from .rules import RULES, Rule
from .rules.identifiers import model_identity_issues

__all__ = ["DataModelValidator", "validate"]

_BUG = "This is a bug in pygen; please report it together with the model file."


class DataModelValidator:
    """Checks a data model before generation; never raises on a bad model.

    Args:
        rules: The rules to run, in order (default: :data:`pygen.validation.rules.RULES`).
        conventions: The target languages whose naming rules are checked (default: Python and
            TypeScript).
    """

    def __init__(
        self,
        rules: Sequence[Rule] | None = None,
        *,
        conventions: Sequence[NamingConvention] = DEFAULT_CONVENTIONS,
    ) -> None:
        self.rules: tuple[Rule, ...] = tuple(RULES if rules is None else rules)
        self.conventions = tuple(conventions)

    def validate(
        self, model: DataModel | Mapping[str, Any], strict: bool = False
    ) -> ValidationResult:
        """Validate ``model``: a :class:`DataModel`, or parsed JSON/YAML of one.

        A document is read leniently: views and properties that cannot be read are reported
        (PYG002, PYG003) and left out, not raised. With ``strict``, warnings make the result
        invalid too.
        """
        try:
            loaded, read_issues = load_document(model)
        except Exception as exc:  # a bug, not a bad model: report it rather than raise
            return ValidationResult(
                issues=(_internal("reading the document", exc),),
                filtered_model=None,
                strict=strict,
            )
        if loaded is None:
            return ValidationResult(issues=tuple(read_issues), filtered_model=None, strict=strict)
        identity = model_identity_issues(loaded)
        if identity:  # PYG070: no filtered model, as for a document without an identity
            return ValidationResult(
                issues=(*identity, *read_issues),
                filtered_model=None,
                strict=strict,
                model_id=str(loaded.as_id()),
            )
        ctx = ValidationContext(loaded, conventions=self.conventions)
        ctx.issues.extend(read_issues)
        for rule in self.rules:
            try:
                rule(ctx)
            except Exception as exc:  # a bug, not a bad model: report it rather than raise
                ctx.issues.append(_internal(f"rule {getattr(rule, '__name__', rule)}", exc))
        return ctx.result(strict=strict)


def _internal(what: str, exc: Exception) -> ValidationIssue:
    entry = CODES["PYG000"]
    return ValidationIssue(
        code="PYG000",
        severity=entry.severity,
        message=f"Internal error in {what}: {type(exc).__name__}: {exc}",
        location=MODEL_LOCATION,
        suggestion=_BUG,
        can_auto_fix=False,
    )


def validate(model: DataModel | Mapping[str, Any], *, strict: bool = False) -> ValidationResult:
    """Validate ``model`` with the default rules (see :meth:`DataModelValidator.validate`)."""
    return DataModelValidator().validate(model, strict=strict)

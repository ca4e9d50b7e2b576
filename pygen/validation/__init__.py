"""Validation of data models before generation.

``DataModelValidator().validate(model)`` returns a :class:`ValidationResult`: issues with a
stable code (``PYG001`` ...), a severity, a location, a message and a suggestion, plus a
filtered copy of the model with the broken parts left out so generation can go on. It never
raises on a bad model. Codes and rules are documented in ``docs/validation.md``.
"""

from .codes import CODES, IssueCode
from .context import ValidationContext
from .issues import Severity, ValidationIssue, ValidationResult
from .loading import load_document
from .rules import RULES, Rule
from .validator import DataModelValidator, validate

__all__ = [
    "CODES",
    "RULES",
    "DataModelValidator",
    "IssueCode",
    "Rule",
    "Severity",
    "ValidationContext",
    "ValidationIssue",
    "ValidationResult",
    "load_document",
    "validate",
]

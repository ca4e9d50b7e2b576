"""Validation issues and the result of validating a data model."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from enum import Enum
from typing import IO, Any

from pygen._text import escape_unprintable
from pygen_runtime.client.models import DataModel

__all__ = ["Severity", "ValidationIssue", "ValidationResult"]


class Severity(str, Enum):
    """How bad an issue is.

    ``error``: the model is broken here; the broken part is left out of the filtered model.
    ``warning``: generation goes on with a documented fallback the user should know about.
    ``info``: worth knowing; nothing is lost.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for infos (the order summaries use)."""
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True, kw_only=True)
class ValidationIssue:
    """One finding about a data model.

    Attributes:
        code: Stable identifier (``PYG034``), documented in ``docs/validation.md``.
        severity: error, warning or info.
        message: What is wrong, naming the views and properties involved.
        location: Where: ``space/View/property``, ``space/View``, a document path such as
            ``views[3]`` when the view has no identity, or ``(model)``.
        suggestion: How to fix it in the model, when there is something to suggest.
        can_auto_fix: True when pygen repairs or works around the problem by itself (a rename,
            an ignored setting, a degraded type); False when something is dropped or there is
            nothing to repair.
    """

    code: str
    severity: Severity
    message: str
    location: str
    suggestion: str | None = None
    can_auto_fix: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (keys: code, severity, message, location, suggestion, can_auto_fix)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "location": self.location,
            "suggestion": self.suggestion,
            "can_auto_fix": self.can_auto_fix,
        }

    def __str__(self) -> str:
        text = f"{self.severity.value} {self.code} {self.location}: {self.message}"
        return f"{text} ({self.suggestion})" if self.suggestion else text


@dataclass(frozen=True, slots=True, kw_only=True)
class ValidationResult:
    """What :meth:`DataModelValidator.validate` found, and the model to generate from.

    Attributes:
        issues: Every issue, ordered by severity, then location, then code.
        filtered_model: A copy of the model with the broken parts removed (and ignored settings
            cleared), ready for :func:`pygen.ir.parse`. ``None`` only when the input was not a
            data model at all (issue PYG001). Views the validator did not change are shared with
            the input model: treat both as read-only.
        strict: Whether warnings count as errors for :attr:`is_valid`.
        model_id: ``space:externalId(version=...)`` of the model, when it has one.
    """

    issues: tuple[ValidationIssue, ...]
    filtered_model: DataModel | None
    strict: bool = False
    model_id: str | None = None

    @property
    def errors(self) -> tuple[ValidationIssue, ...]:
        """The issues of severity error."""
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[ValidationIssue, ...]:
        """The issues of severity warning."""
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    @property
    def infos(self) -> tuple[ValidationIssue, ...]:
        """The issues of severity info."""
        return tuple(i for i in self.issues if i.severity is Severity.INFO)

    @property
    def codes(self) -> tuple[str, ...]:
        """The code of every issue, in issue order (handy in tests)."""
        return tuple(issue.code for issue in self.issues)

    @property
    def is_valid(self) -> bool:
        """No errors; with ``strict``, no warnings either."""
        if self.errors:
            return False
        return not (self.strict and self.warnings)

    def by_code(self, code: str) -> tuple[ValidationIssue, ...]:
        """The issues with ``code``."""
        return tuple(issue for issue in self.issues if issue.code == code)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: model, valid, strict, counts and issues."""
        return {
            "model": self.model_id,
            "valid": self.is_valid,
            "strict": self.strict,
            "counts": {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "infos": len(self.infos),
            },
            "issues": [issue.to_dict() for issue in self.issues],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def format_summary(self, *, show_info: bool = True) -> str:
        """A readable report: issues grouped by severity, each with location and suggestion.

        Model text in it (ids in locations and messages) has its unprintable characters
        escaped (:mod:`pygen._text`): each issue stays on its lines, and control sequences
        never reach a terminal. :meth:`to_json` keeps the text exact.
        """
        views = len(self.filtered_model.inline_views) if self.filtered_model is not None else 0
        model = _shown(self.model_id, 200) if self.model_id else "(unreadable)"
        lines = [f"Data model {model}: {views} view(s) to generate"]
        groups = [
            ("Errors", self.errors),
            ("Warnings", self.warnings),
            ("Infos", self.infos if show_info else ()),
        ]
        for title, issues in groups:
            if not issues:
                continue
            lines.extend(["", f"{title} ({len(issues)})"])
            for issue in issues:
                lines.append(f"  {issue.code}  {_shown(issue.location)}")
                lines.append(f"          {_shown(issue.message)}")
                if issue.suggestion:
                    lines.append(f"          suggestion: {_shown(issue.suggestion)}")
        counts = (
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s), "
            f"{len(self.infos)} info(s)"
        )
        if self.is_valid:
            verdict = "valid"
        elif self.errors:
            verdict = "invalid"
        else:
            verdict = "invalid (strict: warnings count as errors)"
        lines.extend(["", f"Result: {verdict}; {counts}"])
        return "\n".join(lines) + "\n"

    def print_summary(self, file: IO[str] | None = None, *, show_info: bool = True) -> None:
        """Print :meth:`format_summary` (to stdout unless ``file`` is given)."""
        (file or sys.stdout).write(self.format_summary(show_info=show_info))


def _shown(text: str, limit: int = 2000) -> str:
    """Text for a terminal line: unprintable characters escaped, text over ``limit`` cut."""
    if len(text) > limit:
        text = f"{text[: limit // 2]}... ({len(text):,} characters)"
    return escape_unprintable(text)

"""View selection: ``include_views`` / ``exclude_views`` applied to a validated model.

A pattern is a glob on a view's externalId (``Cognite*``, ``Pump``), or ``space:glob`` to also
match the space (``cdf_cdm:*``). A view is kept when an include pattern matches it and no
exclude pattern does. Selection runs on the validated, filtered model, before the IR, and what
pointed at a left-out view degrades instead of failing (an info issue each, PYG090-PYG096):

- a direct relation becomes an untyped node reference (PYG091);
- an edge connection keeps untyped target nodes (PYG092); its edge-properties view, when left
  out, is dropped (PYG093);
- a reverse relation through (or to) a left-out view is left out (PYG094): it cannot be read
  without that view;
- a left-out parent is dropped from ``implements``; the view keeps the properties it inherited
  (PYG095).

Issues that validation found in left-out views are dropped with them: excluding a broken view
makes the model generate.
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from pygen.naming import ViewKey
from pygen_runtime.client.models import (
    ContainerReference,
    DataModel,
    DirectRelationType,
    EdgeConnection,
    MappedProperty,
    ReverseDirectRelation,
    View,
    ViewProperty,
)
from pygen_runtime.errors import ConfigError

from .codes import issue as _issue
from .context import MODEL_LOCATION, location, view_key
from .issues import ValidationIssue, ValidationResult

__all__ = ["ViewSelection", "select_views"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ViewSelection:
    """Which views to generate.

    Attributes:
        include: Patterns of views to keep (``*`` keeps every view).
        exclude: Patterns of views to leave out (wins over ``include``).
    """

    include: tuple[str, ...] = ("*",)
    exclude: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for option, patterns in (("include_views", self.include), ("exclude_views", self.exclude)):
            for pattern in patterns:
                _check_pattern(option, pattern)

    @classmethod
    def of(
        cls, include: Sequence[str] | None = None, exclude: Sequence[str] | None = None
    ) -> ViewSelection:
        """A selection from optional lists (an empty or missing ``include`` keeps every view).

        Raises:
            ConfigError: a pattern is empty or has an empty space or externalId part.
        """
        return cls(include=tuple(include or ("*",)), exclude=tuple(exclude or ()))

    @property
    def everything(self) -> bool:
        """Whether the selection keeps every view."""
        return "*" in self.include and not self.exclude

    def keeps(self, view: View) -> bool:
        """Whether ``view`` is selected."""
        return _any_match(self.include, view) and not _any_match(self.exclude, view)


def _check_pattern(option: str, pattern: str) -> None:
    space, _, external_id = pattern.rpartition(":")
    if not pattern.strip() or not external_id or (":" in pattern and not space):
        raise ConfigError(
            f"{option}: {pattern!r} is not a view pattern; write a glob on the view's "
            "externalId ('Pump', 'Cognite*') or space:glob ('cdf_cdm:*')"
        )


def _matches(pattern: str, view: View) -> bool:
    space, colon, external_id = pattern.rpartition(":")
    if colon and not fnmatch.fnmatchcase(view.space, space):
        return False
    return fnmatch.fnmatchcase(view.external_id, external_id)


def _any_match(patterns: Iterable[str], view: View) -> bool:
    return any(_matches(pattern, view) for pattern in patterns)


def select_views(result: ValidationResult, selection: ViewSelection) -> ValidationResult:
    """``result`` with only the selected views in its filtered model, and the issues of the
    selection (PYG090-PYG096) in place of those of the left-out views.

    The input is not modified; views the selection does not touch are shared with it.
    """
    model = result.filtered_model
    if model is None or selection.everything:
        return result
    views = model.inline_views
    kept = [view for view in views if selection.keeps(view)]
    gone = {view_key(view): view for view in views if not selection.keeps(view)}
    issues = _unmatched(selection, views)
    if gone:
        names = sorted({f"{key[0]}:{key[1]}" for key in gone})
        issues.append(
            _issue(
                "PYG090",
                MODEL_LOCATION,
                f"{len(names)} view(s) left out by include_views/exclude_views: "
                f"{', '.join(names)}.",
            )
        )
    index = {view_key(view): view for view in views}
    selected = [_degrade(view, gone, index, issues) for view in kept]
    gone_places = {f"{key[0]}/{key[1]}" for key in gone} - {
        f"{view.space}/{view.external_id}" for view in kept
    }
    remaining = [issue for issue in result.issues if not _inside(issue.location, gone_places)]
    ordered = sorted(
        [*remaining, *issues], key=lambda i: (i.severity.rank, i.location, i.code, i.message)
    )
    filtered: DataModel = model.model_copy(update={"views": selected})
    return replace(result, issues=tuple(ordered), filtered_model=filtered)


def _inside(where: str, places: set[str]) -> bool:
    head, _, rest = where.partition("/")
    second = rest.partition("/")[0]
    return f"{head}/{second}" in places


def _unmatched(selection: ViewSelection, views: list[View]) -> list[ValidationIssue]:
    """PYG096 for each pattern that matches no view of the model."""
    issues = []
    names = sorted({view.external_id for view in views})
    for option, patterns in (
        ("include_views", selection.include),
        ("exclude_views", selection.exclude),
    ):
        for pattern in patterns:
            if any(_matches(pattern, view) for view in views):
                continue
            close = difflib.get_close_matches(pattern.rpartition(":")[2], names, n=3)
            issues.append(
                _issue(
                    "PYG096",
                    MODEL_LOCATION,
                    f"{option} pattern {pattern!r} matches no view of the model.",
                    f"Did you mean {' or '.join(close)}?" if close else None,
                )
            )
    return issues


def _degrade(
    view: View,
    gone: dict[ViewKey, View],
    index: dict[ViewKey, View],
    issues: list[ValidationIssue],
) -> View:
    """``view`` with everything that points at a left-out view degraded (a copy if changed)."""
    parents = list(view.implements or ())
    left_out = [ref for ref in parents if view_key(ref) in gone]
    properties = dict(view.properties)
    for ref in left_out:
        inherited = _flattened(view_key(ref), index)
        for prop_id, prop in inherited.items():
            properties.setdefault(prop_id, prop)
        issues.append(
            _issue(
                "PYG095",
                location(view),
                f"{view.external_id} implements {ref.external_id}, which is left out by the "
                f"view selection; the parent is dropped and {view.external_id} keeps the "
                f"properties it inherited.",
            )
        )
    changed = bool(left_out)
    for prop_id in sorted(properties):
        prop = properties[prop_id]
        new = _degrade_property(view, prop_id, prop, gone, issues)
        if new is not prop:
            changed = True
            if new is None:
                del properties[prop_id]
            else:
                properties[prop_id] = new
    if not changed:
        return view
    implements = [ref for ref in parents if view_key(ref) not in gone]
    return view.model_copy(
        update={"properties": properties, "implements": implements or None}
    )


def _flattened(key: ViewKey, index: dict[ViewKey, View]) -> dict[str, ViewProperty]:
    """A view's properties with those of its ancestors it does not list (cycle-safe)."""
    found: dict[str, ViewProperty] = {}
    queue, seen = [key], set()
    while queue:
        current = queue.pop(0)
        view = index.get(current)
        if current in seen or view is None:
            continue
        seen.add(current)
        for prop_id, prop in view.properties.items():
            found.setdefault(prop_id, prop)
        queue.extend(view_key(ref) for ref in view.implements or ())
    return found


def _degrade_property(
    view: View,
    prop_id: str,
    prop: ViewProperty,
    gone: dict[ViewKey, View],
    issues: list[ValidationIssue],
) -> ViewProperty | None:
    """The property as generated without the left-out views (``None``: left out)."""
    where = location(view, prop_id)
    if isinstance(prop, MappedProperty) and isinstance(prop.type, DirectRelationType):
        target = prop.target_view
        if target is None or view_key(target) not in gone:
            return prop
        issues.append(
            _issue(
                "PYG091",
                where,
                f"Direct relation {prop_id!r} points to {target.external_id}, which is left "
                f"out by the view selection; it is generated as an untyped node reference.",
            )
        )
        untyped = prop.type.model_copy(update={"source": None})
        return prop.model_copy(update={"type": untyped, "source": None})
    if isinstance(prop, EdgeConnection):
        new: EdgeConnection = prop
        if view_key(prop.source) in gone:
            issues.append(
                _issue(
                    "PYG092",
                    where,
                    f"Edge connection {prop_id!r} points to {prop.source.external_id}, which "
                    f"is left out by the view selection; its target nodes are untyped.",
                )
            )
        if prop.edge_source is not None and view_key(prop.edge_source) in gone:
            issues.append(
                _issue(
                    "PYG093",
                    where,
                    f"The edge properties of {prop_id!r} are read through "
                    f"{prop.edge_source.external_id}, which is left out by the view selection; "
                    f"the connection is generated without edge properties.",
                )
            )
            new = prop.model_copy(update={"edge_source": None})
        return new
    if isinstance(prop, ReverseDirectRelation):
        through = prop.through.source
        holders = [prop.source] if isinstance(through, ContainerReference) else [through]
        missing = [ref for ref in [*holders, prop.source] if view_key(ref) in gone]
        if not missing:
            return prop
        issues.append(
            _issue(
                "PYG094",
                where,
                f"Reverse relation {prop_id!r} goes through "
                f"{prop.through.source.external_id}.{prop.through.identifier} to "
                f"{prop.source.external_id}; {missing[0].external_id} is left out by the view "
                f"selection, so the reverse relation is left out.",
            )
        )
        return None
    return prop

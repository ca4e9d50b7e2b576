"""The working state of one validation run, shared by the rules.

Rules read the model through the context and repair it through the context: removing a view or
a property, or editing a view, makes a private copy of that view on first change, so the input
model is never modified and views no rule touched are not copied.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pygen.naming import DEFAULT_CONVENTIONS, ClassKind, NamingConvention, ViewKey
from pygen_runtime.client.models import DataModel, View, ViewId, ViewProperty

from .codes import issue
from .issues import ValidationIssue, ValidationResult

__all__ = [
    "MODEL_LOCATION",
    "ValidationContext",
    "ViewIdentity",
    "class_kind",
    "location",
    "view_key",
]

MODEL_LOCATION = "(model)"
"""The location of issues about the model as a whole."""


class ViewIdentity(Protocol):
    """Anything with a view's identity: views, view ids, view references."""

    @property
    def space(self) -> str: ...

    @property
    def external_id(self) -> str: ...

    @property
    def version(self) -> str: ...


def view_key(view: ViewIdentity) -> ViewKey:
    """``(space, externalId, version)`` of a view or view reference."""
    return (view.space, view.external_id, view.version)


def location(view: ViewIdentity | ViewKey, prop: str | None = None) -> str:
    """``space/View`` or ``space/View/property``."""
    space, external_id = (
        (view[0], view[1]) if isinstance(view, tuple) else (view.space, view.external_id)
    )
    base = f"{space}/{external_id}"
    return f"{base}/{prop}" if prop is not None else base


def class_kind(view: View) -> ClassKind:
    """``usedFor`` as a class kind: node, edge, or both (``all``)."""
    if view.used_for == "edge":
        return "edge"
    if view.used_for == "all":
        return "both"
    return "node"


class ValidationContext:
    """The model being validated, the issues found so far, and the repairs made."""

    def __init__(
        self,
        model: DataModel,
        *,
        conventions: Sequence[NamingConvention] = DEFAULT_CONVENTIONS,
    ) -> None:
        self.original = model
        self.conventions = tuple(conventions)
        self.issues: list[ValidationIssue] = []
        self.removed: dict[ViewKey, str] = {}
        """Views left out so far, with the code that removed them."""
        self._entries = list(model.views)
        self._copies: dict[int, View] = {}
        self._index: dict[ViewKey, View] | None = None
        self._flat: dict[ViewKey, dict[str, ViewProperty]] = {}
        self._ancestors: dict[ViewKey, tuple[ViewKey, ...]] = {}
        self._inherited: dict[ViewKey, frozenset[str]] | None = None

    # -- reading ---------------------------------------------------------------------------
    @property
    def model_id(self) -> str:
        """The model's identifier as text."""
        return str(self.original.as_id())

    @property
    def views(self) -> list[View]:
        """The inline views still in the model, in model order (duplicates included)."""
        return [entry for entry in self._entries if isinstance(entry, View)]

    @property
    def references(self) -> list[ViewId]:
        """The entries of ``views`` that are references, not definitions."""
        return [entry for entry in self._entries if not isinstance(entry, View)]

    def index(self) -> dict[ViewKey, View]:
        """The inline views by key (the first copy of a duplicated view)."""
        if self._index is None:
            index: dict[ViewKey, View] = {}
            for view in self.views:
                index.setdefault(view_key(view), view)
            self._index = index
        return self._index

    def parents(self, key: ViewKey) -> list[ViewKey]:
        """Keys of the views ``key`` implements that are in the model (itself excluded)."""
        view = self.index().get(key)
        if view is None:
            return []
        index = self.index()
        return list(
            dict.fromkeys(
                view_key(ref)
                for ref in view.implements or ()
                if view_key(ref) in index and view_key(ref) != key
            )
        )

    def ancestors(self, key: ViewKey) -> tuple[ViewKey, ...]:
        """Every view ``key`` inherits from, nearest first, each once (cycle-safe)."""
        if key not in self._ancestors:
            seen: dict[ViewKey, None] = {}
            queue = list(self.parents(key))
            while queue:
                current = queue.pop(0)
                if current in seen or current == key:
                    continue
                seen[current] = None
                queue.extend(self.parents(current))
            self._ancestors[key] = tuple(seen)
        return self._ancestors[key]

    def flattened(self, key: ViewKey) -> dict[str, ViewProperty]:
        """The view's properties with those of its ancestors it does not list (own first)."""
        if key not in self._flat:
            view = self.index().get(key)
            props: dict[str, ViewProperty] = dict(view.properties) if view is not None else {}
            for ancestor in self.ancestors(key):
                ancestor_view = self.index()[ancestor]
                for prop_id, prop in ancestor_view.properties.items():
                    props.setdefault(prop_id, prop)
            self._flat[key] = props
        return self._flat[key]

    def inherited_ids(self) -> dict[ViewKey, frozenset[str]]:
        """For each view, the properties it lists that a parent has too (reported there).
        Kept until the next repair (seven rules ask; treat it as read-only)."""
        if self._inherited is None:
            inherited: dict[ViewKey, frozenset[str]] = {}
            for key, view in self.index().items():
                parent_ids: set[str] = set()
                for parent in self.parents(key):
                    parent_ids.update(self.flattened(parent))
                inherited[key] = frozenset(parent_ids & set(view.properties))
            self._inherited = inherited
        return self._inherited

    # -- reporting -------------------------------------------------------------------------
    def report(
        self,
        code: str,
        where: str,
        message: str,
        suggestion: str | None = None,
    ) -> None:
        """Record an issue; severity and ``can_auto_fix`` come from the code catalogue."""
        self.issues.append(issue(code, where, message, suggestion))

    # -- repairing -------------------------------------------------------------------------
    def _changed(self) -> None:
        self._index = None
        self._inherited = None
        self._flat.clear()
        self._ancestors.clear()

    def _position(self, view: View) -> int:
        current = self._copies.get(id(view), view)
        for position, entry in enumerate(self._entries):
            if entry is current:
                return position
        raise KeyError(f"{location(view)} is no longer in the model")

    def edit(self, view: View) -> View:
        """Return a private, writable copy of ``view`` that replaces it in the model.

        Call it before changing a view; calling it again (with the original or the copy)
        returns the same copy.
        """
        if id(view) in self._copies:
            return self._copies[id(view)]
        if any(copy is view for copy in self._copies.values()):
            return view
        position = self._position(view)
        copy = view.model_copy(deep=True)
        self._copies[id(view)] = copy
        self._entries[position] = copy
        self._changed()
        return copy

    def remove_view(self, view: View, code: str) -> None:
        """Leave ``view`` (this copy of it) out of the filtered model."""
        position = self._position(view)
        del self._entries[position]
        self._changed()
        key = view_key(view)
        if key not in self.index():
            self.removed[key] = code

    def replace_property(self, view: View, prop_id: str, prop: ViewProperty) -> None:
        """Put ``prop`` in place of the property ``prop_id`` of ``view`` in the filtered model."""
        self.edit(view).properties[prop_id] = prop
        self._changed()

    def remove_property(self, view: View, prop_id: str) -> None:
        """Leave the property ``prop_id`` of ``view`` out of the filtered model."""
        copy = self.edit(view)
        copy.properties.pop(prop_id, None)
        self._changed()

    # -- result ----------------------------------------------------------------------------
    def filtered_model(self) -> DataModel:
        """The model with every repair applied (unchanged views are shared with the input)."""
        return self.original.model_copy(update={"views": list(self._entries)})

    def result(self, *, strict: bool) -> ValidationResult:
        """The issues, ordered, and the filtered model."""
        issues = sorted(
            self.issues,
            key=lambda i: (i.severity.rank, i.location, i.code, i.message),
        )
        return ValidationResult(
            issues=tuple(issues),
            filtered_model=self.filtered_model(),
            strict=strict,
            model_id=self.model_id,
        )

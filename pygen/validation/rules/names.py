"""Rule about generated names: renames, reserved words, runtime names, clashes (PYG050-053).

The names come from :func:`pygen.naming.plan_names`, the same function the IR transform uses,
so the report matches what generation will do.
"""

from __future__ import annotations

from collections import defaultdict

from pygen.naming import ClassSpec, NameEvent, NameEventKind, ViewKey, plan_names
from pygen.validation.context import ValidationContext, class_kind, location

__all__ = ["check_names", "class_specs"]

_CODES: dict[NameEventKind, str] = {
    "renamed": "PYG050",
    "reserved": "PYG051",
    "runtime": "PYG052",
    "clash": "PYG053",
}


def class_specs(ctx: ValidationContext) -> list[ClassSpec]:
    """What naming needs to know about each view still in the model."""
    specs = []
    for key, view in ctx.index().items():
        specs.append(
            ClassSpec(
                key=key,
                name=view.external_id,
                kind=class_kind(view),
                parents=tuple(ctx.parents(key)),
                fields=tuple(ctx.flattened(key)),
            )
        )
    return specs


def check_names(ctx: ValidationContext) -> None:
    """PYG050-PYG053: names that change beyond casing in some target language."""
    plan = plan_names(class_specs(ctx), ctx.conventions)
    labels = {c.language: c.label for c in ctx.conventions}
    grouped: defaultdict[tuple[NameEventKind, str, ViewKey, str | None], list[NameEvent]]
    grouped = defaultdict(list)
    for event in plan.events:
        grouped[(event.kind, event.role, event.view, event.field)].append(event)
    for (kind, role, view, field), events in grouped.items():
        where = location(view, field) if field is not None else location(view)
        ctx.report(
            _CODES[kind], where, _message(kind, role, events, labels), _suggestion(kind, role)
        )


def _what(role: str, events: list[NameEvent]) -> str:
    original = events[0].original
    if role == "member":
        return f"Property {original!r}"
    if role == "module":
        return f"The module of class {original}"
    return f"View {original!r}"


def _names(events: list[NameEvent], labels: dict[str, str]) -> str:
    return ", ".join(f"{e.name} ({labels.get(e.language, e.language)})" for e in events)


def _languages(events: list[NameEvent], labels: dict[str, str]) -> str:
    return " and ".join(labels.get(e.language, e.language) for e in events)


def _message(
    kind: NameEventKind, role: str, events: list[NameEvent], labels: dict[str, str]
) -> str:
    what = _what(role, events)
    names = _names(events, labels)
    if kind == "renamed":
        return f"{what} is not an identifier as it is; it is named {names}."
    if kind == "reserved":
        return f"{what} is reserved in {_languages(events, labels)}; it is named {names}."
    if kind == "runtime":
        return (
            f"{what} is a name the pygen runtime uses in {_languages(events, labels)}; "
            f"it is named {names}."
        )
    conflicts = sorted({e.conflict or "?" for e in events})
    return f"{what} clashes with {' and '.join(conflicts)} after conversion; it is named {names}."


def _suggestion(kind: NameEventKind, role: str) -> str | None:
    if kind == "clash":
        return "Rename one of the two in the model to keep both names stable."
    if kind == "runtime":
        return "Rename the property in the model if the escaped name is unwelcome."
    return None

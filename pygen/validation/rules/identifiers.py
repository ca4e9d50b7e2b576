"""Rules about identifiers: ids CDF would refuse are left out before anything is generated
(PYG070-PYG074). The patterns and lengths are in :mod:`pygen.validation.identifiers`."""

from __future__ import annotations

from collections.abc import Callable

from pygen.validation.codes import CODES
from pygen.validation.context import MODEL_LOCATION, ValidationContext, location
from pygen.validation.identifiers import (
    DMS_EXTERNAL_ID,
    ENUM_VALUE,
    PROPERTY_ID,
    SPACE,
    VERSION,
    node_external_id_problem,
    shown,
)
from pygen.validation.issues import ValidationIssue
from pygen_runtime.client.models import (
    ContainerReference,
    DataModel,
    DirectRelationType,
    EdgeConnection,
    EnumType,
    MappedProperty,
    ReverseDirectRelation,
    View,
    ViewProperty,
    ViewReference,
)

__all__ = ["check_identifiers", "model_identity_issues"]

_PATTERNS = "See the identifier rules in docs/validation.md (the DMS API's patterns and limits)."


def model_identity_issues(model: DataModel) -> list[ValidationIssue]:
    """PYG070: the data model's own space, externalId or version is not a valid identifier.

    Nothing can be generated from such a model (its ids name the package and every file), so
    the validator returns no filtered model.
    """
    problems = [
        problem
        for problem in (
            SPACE.problem(model.space),
            DMS_EXTERNAL_ID.problem(model.external_id),
            VERSION.problem(model.version),
        )
        if problem is not None
    ]
    if not problems:
        return []
    entry = CODES["PYG070"]
    return [
        ValidationIssue(
            code="PYG070",
            severity=entry.severity,
            message=f"The data model's identity is not valid: {'; '.join(problems)}.",
            location=MODEL_LOCATION,
            suggestion=_PATTERNS,
            can_auto_fix=entry.can_auto_fix,
        )
    ]


def check_identifiers(ctx: ValidationContext) -> None:
    """PYG071-PYG074: views, properties, references and enum values with invalid ids."""
    positions = {id(entry): index for index, entry in enumerate(ctx.original.views)}
    for view in list(ctx.views):
        problems = _identity_problems(view)
        if problems:
            where = f"views[{positions.get(id(view), '?')}]"
            ctx.report(
                "PYG071",
                where,
                f"View {_view_label(view)} is left out: {'; '.join(problems)}.",
                _PATTERNS,
            )
            ctx.remove_view(view, "PYG071")
            continue
        for prop_id, prop in list(view.properties.items()):
            _check_property(ctx, view, prop_id, prop)


def _check_property(ctx: ValidationContext, view: View, prop_id: str, prop: ViewProperty) -> None:
    problem = PROPERTY_ID.problem(prop_id)
    if problem is not None:
        where = location(view, _as_location(prop_id))
        ctx.report("PYG072", where, f"Property left out: {problem}.", _PATTERNS)
        ctx.remove_property(view, prop_id)
        return
    where = location(view, prop_id)
    references = _reference_problems(prop)
    if references:
        ctx.report(
            "PYG073",
            where,
            f"Property {prop_id!r} is left out: {'; '.join(references)}.",
            _PATTERNS,
        )
        ctx.remove_property(view, prop_id)
        return
    kind = prop.type if isinstance(prop, MappedProperty) else None
    if isinstance(kind, EnumType):
        bad = [ENUM_VALUE.problem(value) for value in kind.values]
        found = [problem for problem in bad if problem is not None]
        if found:
            more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
            ctx.report(
                "PYG074",
                where,
                f"Enum property {prop_id!r} is left out: {'; '.join(found[:3])}{more}.",
                _PATTERNS,
            )
            ctx.remove_property(view, prop_id)


def _identity_problems(view: View | ViewReference) -> list[str]:
    found = (SPACE.problem(view.space), DMS_EXTERNAL_ID.problem(view.external_id))
    problems = [problem for problem in found if problem is not None]
    version = VERSION.problem(view.version)
    return problems if version is None else [*problems, version]


def _as_location(prop_id: str) -> str:
    """The id as it is when it reads well in a location, else quoted and escaped."""
    plain = 0 < len(prop_id) <= 60 and prop_id.isprintable() and prop_id.strip() == prop_id
    return prop_id if plain else shown(prop_id)


def _view_label(view: View) -> str:
    return f"{shown(view.space, 30)}/{shown(view.external_id, 40)}"


Check = Callable[[object], "str | None"]
"""Why a value is not a valid identifier of some kind, or ``None`` (``IdentifierRule.problem``)."""


def _edge_type_id(value: object) -> str | None:
    return node_external_id_problem(value, "edge type externalId")


def _reference_problems(prop: ViewProperty) -> list[str]:
    """What is wrong with the ids a property refers to (containers, views, edge types)."""
    return [
        f"{label}: {problem}" if label else problem
        for check, value, label in _reference_ids(prop)
        if (problem := check(value)) is not None
    ]


def _reference_ids(prop: ViewProperty) -> list[tuple[Check, object, str]]:
    """The ids a property refers to, in the order their problems are told: each with its
    check and the label its problem is told with."""
    ids: list[tuple[Check, object, str]] = []
    if isinstance(prop, MappedProperty):
        _container_ids(ids, prop.container, "container")
        ids.append(
            (PROPERTY_ID.problem, prop.container_property_identifier, "containerPropertyIdentifier")
        )
        if isinstance(prop.type, DirectRelationType) and prop.type.container is not None:
            _container_ids(ids, prop.type.container, "required container")
        target = prop.target_view
        if target is not None:
            _view_ids(ids, target, "target view")
    elif isinstance(prop, EdgeConnection):
        ids.append((SPACE.problem, prop.type.space, "edge type"))
        ids.append((_edge_type_id, prop.type.external_id, ""))
        _view_ids(ids, prop.source, "target view")
        if prop.edge_source is not None:
            _view_ids(ids, prop.edge_source, "edge properties view")
    elif isinstance(prop, ReverseDirectRelation):
        _view_ids(ids, prop.source, "source view")
        through = prop.through.source
        if isinstance(through, ContainerReference):
            _container_ids(ids, through, "through container")
        else:
            _view_ids(ids, through, "through view")
        ids.append((PROPERTY_ID.problem, prop.through.identifier, "through identifier"))
    return ids


def _container_ids(
    ids: list[tuple[Check, object, str]], ref: ContainerReference, what: str
) -> None:
    ids.append((SPACE.problem, ref.space, what))
    ids.append((DMS_EXTERNAL_ID.problem, ref.external_id, what))


def _view_ids(ids: list[tuple[Check, object, str]], ref: ViewReference, what: str) -> None:
    ids.append((SPACE.problem, ref.space, what))
    ids.append((DMS_EXTERNAL_ID.problem, ref.external_id, what))
    ids.append((VERSION.problem, ref.version, what))

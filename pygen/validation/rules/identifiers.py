"""Rules about identifiers: ids CDF would refuse are left out before anything is generated
(PYG070-PYG074). The patterns and lengths are in :mod:`pygen.validation.identifiers`."""

from __future__ import annotations

from collections.abc import Iterator

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
    references = list(_reference_problems(prop))
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


def _reference_problems(prop: ViewProperty) -> Iterator[str]:
    """What is wrong with the ids a property refers to (containers, views, edge types)."""
    if isinstance(prop, MappedProperty):
        yield from _container_problems(prop.container, "container")
        problem = PROPERTY_ID.problem(prop.container_property_identifier)
        if problem is not None:
            yield f"containerPropertyIdentifier: {problem}"
        if isinstance(prop.type, DirectRelationType) and prop.type.container is not None:
            yield from _container_problems(prop.type.container, "required container")
        target = prop.target_view
        if target is not None:
            yield from _view_reference_problems(target, "target view")
    elif isinstance(prop, EdgeConnection):
        space = SPACE.problem(prop.type.space)
        if space is not None:
            yield f"edge type: {space}"
        external_id = node_external_id_problem(prop.type.external_id, "edge type externalId")
        if external_id is not None:
            yield external_id
        yield from _view_reference_problems(prop.source, "target view")
        if prop.edge_source is not None:
            yield from _view_reference_problems(prop.edge_source, "edge properties view")
    elif isinstance(prop, ReverseDirectRelation):
        yield from _view_reference_problems(prop.source, "source view")
        through = prop.through.source
        if isinstance(through, ContainerReference):
            yield from _container_problems(through, "through container")
        else:
            yield from _view_reference_problems(through, "through view")
        problem = PROPERTY_ID.problem(prop.through.identifier)
        if problem is not None:
            yield f"through identifier: {problem}"


def _container_problems(ref: ContainerReference, what: str) -> Iterator[str]:
    for problem in (SPACE.problem(ref.space), DMS_EXTERNAL_ID.problem(ref.external_id)):
        if problem is not None:
            yield f"{what}: {problem}"


def _view_reference_problems(ref: ViewReference, what: str) -> Iterator[str]:
    for problem in _identity_problems(ref):
        yield f"{what}: {problem}"

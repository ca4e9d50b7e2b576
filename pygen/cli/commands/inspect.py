"""``pygen inspect``: show a data model's views, properties, relations and inheritance, or
(``--format ir-json``) the IR ``pygen generate`` builds from it, as JSON."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from pygen.cli.errors import friendly_errors
from pygen.cli.options import (
    ConfigOption,
    ExcludeViewOption,
    IncludeViewOption,
    LanguageOption,
    ModelArgument,
    ModelFileOption,
    QuietOption,
    SpaceArgument,
    VersionOption,
    model_flags,
    settings,
    sources_and_settings,
)
from pygen.cli.progress import progress_display
from pygen.cli.terminal import json_text, line

if TYPE_CHECKING:
    from pygen.config import GeneratorConfig
    from pygen_runtime.client.models import DataModel, View, ViewProperty


class InspectFormat(str, Enum):
    """What ``pygen inspect`` prints."""

    text = "text"
    ir_json = "ir-json"


def inspect(
    space: SpaceArgument = None,
    model: ModelArgument = None,
    version: VersionOption = None,
    model_file: ModelFileOption = None,
    config_file: ConfigOption = None,
    include_view: IncludeViewOption = None,
    exclude_view: ExcludeViewOption = None,
    view: Annotated[
        list[str] | None,
        typer.Option("--view", help="Show the properties of this view only (repeatable)."),
    ] = None,
    properties: Annotated[
        bool,
        typer.Option("--properties/--no-properties", help="List each view's properties."),
    ] = True,
    quiet: QuietOption = False,
    output_format: Annotated[
        InspectFormat,
        typer.Option(
            "--format",
            help="text for people; ir-json: the IR generate builds (names of --language), "
            "as versioned JSON for plugins (see docs/ir.md).",
        ),
    ] = InspectFormat.text,
    language: LanguageOption = None,
) -> None:
    """Print a data model (SPACE MODEL -v VERSION in CDF, or -f FILE): its views, their
    properties with types, relations and inheritance; or its IR as JSON (--format ir-json)."""
    from pygen.api import load_model
    from pygen.models_merge import merge_models
    from pygen.validation.selection import ViewSelection
    from pygen_runtime.client.models import View

    with friendly_errors():
        overrides = model_flags(
            model_file, space, model, version, space_flag="SPACE", model_flag="MODEL"
        )
        if language:
            overrides["generation.language"] = (language, "-l/--language")
        project = settings(config_file, overrides)
        sources, config = sources_and_settings(
            project, config_file, progress_display(quiet), include_view, exclude_view
        )
        models = [load_model(source) for source in sources]
        data_model = models[0] if len(models) == 1 else merge_models(models)
        if output_format is InspectFormat.ir_json:
            _print_ir(data_model, config)
            return
    selection = ViewSelection.of(config.include_views, config.exclude_views)
    if not selection.everything:
        kept = [v for v in data_model.views if not isinstance(v, View) or selection.keeps(v)]
        data_model = data_model.model_copy(update={"views": kept})
    for text in render(data_model, views=view or (), properties=properties):
        typer.echo(line(text))  # model text with control sequences escaped


def _print_ir(model: DataModel, config: GeneratorConfig) -> None:
    """The IR as :func:`pygen.ir.ir_to_json` writes it; a model with errors gives the IR
    without its broken parts, and says so on stderr."""
    from pygen.api import build_ir
    from pygen.ir import ir_to_json

    ir, result = build_ir(model, config)
    typer.echo(json_text(ir_to_json(ir, indent=2)), nl=False)
    if result.errors:
        typer.echo(
            f"warning: the model has {len(result.errors)} error(s); their parts are left out "
            "of the IR (pygen validate lists them)",
            err=True,
        )


def render(
    model: DataModel, *, views: list[str] | tuple[str, ...] = (), properties: bool = True
) -> list[str]:
    """The lines ``pygen inspect`` prints (the model id line, ``N view(s)``, then details)."""
    inline = model.inline_views
    lines = [f"{model.as_id()}  {model.name or ''}".rstrip(), f"{len(inline)} view(s)"]
    if not inline:
        return lines
    lines.extend(["", *_table(inline)])
    if properties:
        chosen = [v for v in inline if not views or v.external_id in views]
        unknown = sorted(set(views) - {v.external_id for v in inline})
        if unknown:
            lines.extend(["", f"no view named {', '.join(unknown)} in this model"])
        for item in chosen:
            lines.extend(["", *_view_details(item, inline)])
    tree = _inheritance(inline)
    if tree:
        lines.extend(["", "Inheritance", *tree])
    return lines


def _table(views: list[View]) -> list[str]:
    rows = [("VIEW", "VERSION", "USED FOR", "WRITABLE", "PROPS", "IMPLEMENTS")]
    for view in views:
        rows.append(
            (
                view.external_id,
                view.version,
                view.used_for,
                "yes" if view.writable else "no",
                str(len(view.properties)),
                ", ".join(ref.external_id for ref in view.implements or ()) or "-",
            )
        )
    shown = [[line(cell) for cell in row] for row in rows]  # aligned as printed
    widths = [max(len(row[i]) for row in shown) for i in range(len(shown[0]))]
    out = []
    for row in shown:
        cells = [
            cell.rjust(widths[i]) if i == 4 else cell.ljust(widths[i]) for i, cell in enumerate(row)
        ]
        out.append(("  " + "  ".join(cells)).rstrip())
    return out


def _inherited_from(view: View, views: list[View]) -> dict[str, str]:
    """Property id -> the nearest ancestor (externalId) that also has it."""
    by_id = {(v.space, v.external_id, v.version): v for v in views}
    found: dict[str, str] = {}
    queue = [(ref.space, ref.external_id, ref.version) for ref in view.implements or ()]
    seen = {(view.space, view.external_id, view.version)}
    while queue:
        key = queue.pop(0)
        parent = by_id.get(key)
        if key in seen or parent is None:
            continue
        seen.add(key)
        for prop_id in parent.properties:
            found.setdefault(prop_id, parent.external_id)
        queue.extend((r.space, r.external_id, r.version) for r in parent.implements or ())
    return found


def _view_details(view: View, views: list[View]) -> list[str]:
    header = f"{view.external_id} ({view.used_for}{'' if view.writable else ', read-only'})"
    if view.implements:
        header += " implements " + ", ".join(ref.external_id for ref in view.implements)
    lines = [header]
    if not view.properties:
        return [*lines, "  (no properties)"]
    inherited = _inherited_from(view, views)
    rows = []
    for prop_id in sorted(view.properties):
        prop = view.properties[prop_id]
        notes = _notes(prop)
        if prop_id in inherited:
            notes.append(f"from {inherited[prop_id]}")
        rows.append((line(prop_id), line(_describe(prop)), line(", ".join(notes))))
    name_width = max(len(row[0]) for row in rows)
    type_width = max(len(row[1]) for row in rows)
    for prop_id, kind, note in rows:
        lines.append(f"  {prop_id:<{name_width}}  {kind:<{type_width}}  {note}".rstrip())
    return lines


def _describe(prop: ViewProperty) -> str:
    """A short type description: ``text``, ``int64[]``, ``enum(a|b)``, ``direct -> Pump`` ..."""
    from pygen_runtime.client.models import (
        DirectRelationType,
        EdgeConnection,
        EnumType,
        ListablePropertyType,
        MappedProperty,
    )

    if isinstance(prop, MappedProperty):
        kind = prop.type
        suffix = "[]" if isinstance(kind, ListablePropertyType) and kind.list else ""
        if isinstance(kind, EnumType):
            values = sorted(kind.values)
            shown = "|".join(values[:4]) + (f"|+{len(values) - 4}" if len(values) > 4 else "")
            return f"enum({shown})"
        if isinstance(kind, DirectRelationType):
            target = prop.target_view
            return f"direct{suffix}" + (f" -> {target.external_id}" if target else "")
        return f"{kind.type}{suffix}"
    multi = "[]" if prop.is_list else ""
    if isinstance(prop, EdgeConnection):
        text = f"edge{multi} -> {prop.source.external_id}"
        if prop.direction == "inwards":
            text = f"edge{multi} <- {prop.source.external_id}"
        return text
    return f"reverse{multi} <- {prop.through.source.external_id}.{prop.through.identifier}"


def _notes(prop: ViewProperty) -> list[str]:
    from pygen_runtime.client.models import EdgeConnection, MappedProperty

    notes: list[str] = []
    if isinstance(prop, MappedProperty):
        if not prop.nullable:
            defaulted = prop.default_value is not None or prop.auto_increment
            notes.append("not null" if defaulted else "required")
        if prop.immutable:
            notes.append("immutable")
        if prop.auto_increment:
            notes.append("auto-increment")
        if prop.default_value is not None:
            text = repr(prop.default_value)
            notes.append(f"default {text if len(text) <= 20 else text[:17] + '...'}")
    elif isinstance(prop, EdgeConnection):
        notes.append(f"type {prop.type.space}:{prop.type.external_id}")
        if prop.edge_source is not None:
            notes.append(f"edge properties {prop.edge_source.external_id}")
    return notes


def _inheritance(views: list[View]) -> list[str]:
    """The implements hierarchy as an ASCII tree (only views that take part in it)."""
    by_key = {(v.space, v.external_id, v.version): v for v in views}
    children: dict[tuple[str, str, str], list[tuple[str, str, str]]] = {}
    has_parent: set[tuple[str, str, str]] = set()
    for key, view in by_key.items():
        for ref in view.implements or ():
            parent = (ref.space, ref.external_id, ref.version)
            if parent in by_key and parent != key:
                children.setdefault(parent, []).append(key)
                has_parent.add(key)
    roots = sorted(key for key in children if key not in has_parent)
    lines: list[str] = []

    def walk(
        key: tuple[str, str, str], prefix: str, last: bool, path: frozenset[tuple[str, str, str]]
    ) -> None:
        branch = "`-- " if last else "+-- "
        lines.append(f"  {prefix}{branch}{key[1]}" if prefix or path else f"  {key[1]}")
        if key in path:
            return
        below = sorted(children.get(key, []))
        deeper = prefix + ("    " if last else "|   ") if path else ""
        for index, child in enumerate(below):
            walk(child, deeper, index == len(below) - 1, path | {key})

    for root in roots:
        walk(root, "", True, frozenset())
    return lines

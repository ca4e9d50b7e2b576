"""``pygen inspect``: show a data model's views and their properties."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import friendly_errors


def inspect(
    model_file: Path = typer.Option(
        ..., "--model-file", "-m", help="A data model file (JSON or YAML) with inline views."
    ),
) -> None:
    """Print the views of a data model with their property counts."""
    from pygen.model_file import load_data_model

    with friendly_errors():
        model = load_data_model(model_file)
    views = model.inline_views
    typer.echo(f"{model.as_id()}  {model.name or ''}".rstrip())
    typer.echo(f"{len(views)} view(s)")
    width = max((len(view.external_id) for view in views), default=4)
    for view in views:
        typer.echo(f"  {view.external_id:<{width}}  {len(view.properties):>3} properties")

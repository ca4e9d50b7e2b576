"""The commented ``pygen.yaml`` that ``pygen init`` writes: every key with its default (or the
value given), its environment variable, and the model to start from.

The keys, defaults and variables come from :class:`PygenConfig` and
:data:`pygen.config.environment.ENVIRONMENT`, so the file always matches what pygen reads;
values are written as JSON scalars, which YAML reads as they are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .environment import ENVIRONMENT
from .project import REFERENCE_FORMS, ModelSource, PygenConfig

__all__ = ["starter_text"]

_NOTES = {
    "client.base_url": "the CDF cluster URL",
    "client.project": "the CDF project",
    "generation.output_dir": "where the SDK is written",
    "generation.language": "the target language",
    "generation.package_name": "default: the model's externalId in snake_case",
    "generation.client_name": "default: the model's externalId in PascalCase + Client",
    "generation.layout": "package or single-file",
    "generation.format": "none (already black-stable) or black",
    "generation.strict": "validation warnings stop generation too",
    "generation.workers": "default: one process per core, up to 4",
    "generation.naming.class_format": "PascalCase, camelCase or snake_case",
    "generation.naming.method_format": "snake_case or camelCase",
    "generation.naming.property_format": "snake_case or camelCase",
    "generation.style.indent": "Python: four spaces only (black's layout)",
    "generation.features.type_hints": "must stay true",
    "generation.features.examples": "a usage example in each API method's docstring",
}


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _lines(data: dict[str, Any], path: str, depth: int) -> list[str]:
    variables = dict(ENVIRONMENT)
    out: list[str] = []
    pad = "  " * depth
    for key, value in data.items():
        here = f"{path}.{key}" if path else key
        if isinstance(value, dict):
            out.append(f"{pad}{key}:")
            out.extend(_lines(value, here, depth + 1))
            continue
        notes = [note for note in (_NOTES.get(here), variables.get(here)) if note]
        comment = f"  # {'; '.join(notes)}" if notes else ""
        if value is None:
            out.append(f"{pad}# {key}:{comment}")
        else:
            out.append(f"{pad}{key}: {_scalar(value)}{comment}")
    return out


def starter_text(
    model: ModelSource,
    *,
    base_url: str | None = None,
    project: str | None = None,
    output_dir: Path | None = None,
) -> str:
    """The text of a starter pygen.yaml for ``model`` (a file or a CDF model); ``base_url``
    and ``project`` fill ``client`` when known, ``output_dir`` replaces the default."""
    defaults = PygenConfig().model_dump(mode="json")
    if output_dir is not None:
        defaults["generation"]["output_dir"] = str(output_dir)
    client = defaults["client"]
    client.pop("credentials")
    client.update(base_url=base_url, project=project)
    source: dict[str, Any] = (
        {"file": str(model.file)}
        if model.file is not None
        else {"space": model.space, "external_id": model.external_id, "version": model.version}
    )
    source.update(include_views=model.include_views, exclude_views=model.exclude_views)
    lines = [
        "# pygen.yaml: the settings of pygen generate, validate and inspect.",
        "# Precedence, key by key: command-line flag > environment variable > this file > default.",
        "# Every key is described in docs/config.md; the comments name each key's variable.",
        "",
        "client:  # only used for models fetched from CDF",
        *_lines(client, "client", 1),
        f"  # credentials are references ({REFERENCE_FORMS}), never secrets;",
        "  # left out, CDF_TOKEN or CDF_CLIENT_ID/CDF_CLIENT_SECRET/CDF_TOKEN_URL/CDF_SCOPES are read",
        "  # credentials:",
        '  #   token: "env:CDF_TOKEN"',
        "",
        "generation:",
        *_lines(defaults["generation"], "generation", 1),
        "",
        "model:  # a file, or space/external_id/version in CDF; a list for several models",
        *_lines(source, "model", 1),
    ]
    return "\n".join(lines) + "\n"

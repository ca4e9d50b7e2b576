"""Reading data-model files (JSON or YAML) into typed models.

The file format is what the API returns for a data model with ``inlineViews=true`` (see
``tests/data/models``). Errors name the file, the path inside it and what was expected.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pydantic

from pygen_runtime.client.models import DataModel
from pygen_runtime.errors import ParseError

__all__ = [
    "format_location",
    "load_data_model",
    "read_document",
    "read_model_document",
    "with_read_defaults",
]

_TIMESTAMPS = (("createdTime", "created_time"), ("lastUpdatedTime", "last_updated_time"))
_REFERENCE_KEYS = frozenset({"type", "space", "externalId", "external_id", "version"})


def read_document(path: str | Path, data: bytes | None = None) -> Any:
    """Parse a JSON or YAML file into plain Python data (``data``: its bytes, already read).

    Raises:
        ParseError: the file is missing, unreadable, or not valid JSON/YAML, or nests too
            deeply or expands to too many values (:data:`MAX_DEPTH`, :data:`MAX_VALUES`);
            the message names the file and, for syntax errors, the line and column.
    """
    file = Path(path)
    try:
        # a byte order mark is not content
        text = file.read_text("utf-8-sig") if data is None else data.decode("utf-8-sig")
    except FileNotFoundError:
        raise ParseError(f"{file}: no such file", source=str(file)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ParseError(f"{file}: cannot read the file ({exc})", source=str(file)) from None
    try:
        document = _parse(file, text)
    except RecursionError:
        raise _too_deep(file) from None
    if file.suffix.lower() != ".json" or _json_values_bound(text) > MAX_VALUES:
        _check_shape(document, file)
    else:  # JSON cannot expand: its text bounds the values, so only the depth is left
        _check_depth(document, file)
    return document


def read_model_document(path: str | Path) -> dict[Any, Any]:
    """:func:`read_document` of a file that must hold one mapping (a data model), as the
    validator reads it leniently.

    Raises:
        ParseError: as :func:`read_document`, or the file holds something else than a mapping.
    """
    document = read_document(path)
    if not isinstance(document, dict):
        raise ParseError(
            f"{path}: expected a mapping with space, externalId, version and views, "
            f"got {type(document).__name__}",
            source=str(path),
        )
    return document


def _parse(file: Path, text: str) -> Any:
    if file.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ParseError(
                f"{file}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}", source=str(file)
            ) from None
    import yaml  # only for YAML: a JSON model (or pygen --help) does not pay for the import

    # the C loader is ~10x faster on large models; fall back where libyaml is missing
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # a safe loader (CSafeLoader or SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ParseError(f"{file}{where}: invalid YAML: {problem}", source=str(file)) from None


def with_read_defaults(data: Mapping[Any, Any]) -> dict[Any, Any]:
    """A copy of a data-model or view mapping with ``createdTime``/``lastUpdatedTime`` filled in.

    The API always sends both; a hand-written model file need not. A missing one becomes ``0``
    (the epoch: "unknown"), so every reader of model files (``pygen validate``, ``generate``,
    ``inspect``, ``pygen emulator --load``) accepts the same files.
    """
    out = dict(data)
    for camel, snake in _TIMESTAMPS:
        if camel not in out and snake not in out:
            out[camel] = 0
    return out


def _with_defaults(document: dict[Any, Any]) -> dict[Any, Any]:
    """The document with :func:`with_read_defaults` applied to the model and its inline views."""
    out = with_read_defaults(document)
    views = out.get("views")
    if isinstance(views, list):
        out["views"] = [
            with_read_defaults(view)
            if isinstance(view, Mapping) and not set(view) <= _REFERENCE_KEYS
            else view
            for view in views
        ]
    return out


MAX_DEPTH = 200
"""Deepest nesting a model file may have (real models nest about a dozen levels)."""
MAX_VALUES = 5_000_000
"""Most values a model file may expand to (a 1,000-view model has about 200,000)."""


def _check_shape(document: Any, file: Path) -> None:
    """Refuse a document that nests too deeply or expands to too many values: YAML aliases
    can make a small file expand to billions of values (a "billion laughs" file), which
    every later step would walk. Stops at the first limit it reaches."""
    if not isinstance(document, dict | list):
        return
    stack: list[tuple[Any, int]] = [(document, 0)]
    count = 1  # the document itself
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value
        count += len(children)  # scalars are counted here, never stacked
        if count > MAX_VALUES:
            raise ParseError(
                f"{file}: expands to more than {MAX_VALUES:,} values (YAML anchors and "
                "aliases repeating each other?); not a data model",
                source=str(file),
            )
        if children and depth >= MAX_DEPTH:
            raise _too_deep(file)
        stack.extend((item, depth + 1) for item in children if isinstance(item, dict | list))


def _json_values_bound(text: str) -> int:
    """At least as many as the values :func:`_check_shape` counts in the JSON ``text``: each
    value in a container is its first or follows a comma (commas and brackets inside
    strings only raise the bound)."""
    return 1 + text.count(",") + text.count("[") + text.count("{")


def _too_deep(file: Path) -> ParseError:
    return ParseError(
        f"{file}: nested too deeply to be a data model (more than {MAX_DEPTH} levels)",
        source=str(file),
    )


def _check_depth(document: Any, file: Path) -> None:
    """:func:`_check_shape`'s depth limit alone, level by level (a third of its time): for
    parsed JSON, whose values the text already bounds (:func:`_json_values_bound`)."""
    level = [document] if type(document) is dict or type(document) is list else []
    depth = 0
    while level:
        if depth >= MAX_DEPTH and any(level):
            raise _too_deep(file)
        below: list[Any] = []
        for value in level:
            children = value.values() if type(value) is dict else value
            below.extend([item for item in children if type(item) is dict or type(item) is list])
        level = below
        depth += 1


def format_location(loc: tuple[int | str, ...], document: Any) -> str:
    """Turn a pydantic error location into a document path such as ``views[3].properties.foo``.

    pydantic inserts union tags (``text``, ``mapped`` ...) into locations; they are skipped by
    walking the document alongside the location and keeping only the steps that exist in it.
    """
    parts: list[str] = []
    current = document
    last = len(loc) - 1
    for index, step in enumerate(loc):
        if isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            parts.append(f"[{step}]")
            current = current[step]
        elif isinstance(current, dict) and step in current:
            parts.append(f".{_key(step)}" if parts else _key(step))
            current = current[step]
        elif index == last:
            # not in the document: a required key that is missing; name it
            parts.append(f".{_key(step)}" if parts else _key(step))
        # otherwise the step is a union tag pydantic inserted: skip it
    return "".join(parts) or "<document>"


def _key(step: int | str) -> str:
    """A key as it reads in a path; one from the document that is not plain text (a line
    break, a control character, a very long key) is quoted and escaped."""
    text = str(step)
    if text.isprintable() and 0 < len(text) <= 60 and "." not in text:
        return text
    shown = text if len(text) <= 60 else f"{text[:50]}..."
    return json.dumps(shown)


def load_data_model(path: str | Path) -> DataModel:
    """Load a data model with inline views from a JSON or YAML file.

    Raises:
        ParseError: the file cannot be read, or does not describe a data model; the message names
            the file, the path inside it (e.g. ``views[3].properties.foo.type``) and what was
            expected.
    """
    document = read_document(path)
    return parse_data_model(document, source=str(path))


def parse_data_model(document: Any, *, source: str = "<data>") -> DataModel:
    """Validate already-parsed data into a :class:`DataModel` (see :func:`load_data_model`)."""
    if not isinstance(document, dict):
        raise ParseError(
            f"{source}: expected a mapping with space, externalId, version and views, "
            f"got {type(document).__name__}",
            source=source,
        )
    try:
        return DataModel.model_validate(_with_defaults(document))
    except pydantic.ValidationError as exc:
        lines = []
        first_location: str | None = None
        for error in exc.errors()[:10]:
            location = format_location(error["loc"], document)
            first_location = first_location or location
            lines.append(f"  {location}: {error['msg']}{_got(error)}")
        more = exc.error_count() - len(lines)
        if more > 0:
            lines.append(f"  ... and {more} more")
        raise ParseError(
            f"{source}: not a valid data model ({exc.error_count()} error(s)):\n"
            + "\n".join(lines),
            source=source,
            location=first_location,
        ) from None


def _got(error: Any) -> str:
    if error["type"] == "missing":
        return ""
    value = error.get("input")
    text = json.dumps(value, default=str)
    got = f" (got {text[:60] + '...' if len(text) > 60 else text})"
    if error["type"] == "string_type" and isinstance(value, bool | int | float):
        # YAML reads an unquoted 1.10 as the number 1.1, 123 as 123, yes as true
        got += "; YAML read it as a number or boolean: quote it in the file ('1.10')"
    return got

"""Base class shared by every model of the data-modeling API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

__all__ = ["DMSModel", "unknown_fields"]


class DMSModel(BaseModel):
    """A pydantic model of an API object: snake_case attributes, camelCase on the wire.

    Unknown keys are kept (``extra="allow"``) so that objects from a newer API version survive a
    round trip; :func:`unknown_fields` lists them for callers that want to be strict.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        extra="allow",
        frozen=False,
        defer_build=True,
    )

    def dump(self, camel_case: bool = True) -> dict[str, Any]:
        """Return the JSON-ready wire form; keys left unset (``None``) are omitted."""
        return self.model_dump(mode="json", by_alias=camel_case, exclude_none=True)


def unknown_fields(obj: object, path: str = "") -> list[str]:
    """Return the paths (``views[3].properties.foo.bar``) of keys no model declares."""
    found: list[str] = []
    if isinstance(obj, BaseModel):
        for key in sorted(obj.model_extra or {}):
            found.append(f"{path}.{key}" if path else key)
        for name, field in type(obj).model_fields.items():
            key = field.alias or name
            found.extend(unknown_fields(getattr(obj, name), f"{path}.{key}" if path else key))
    elif isinstance(obj, dict):
        for key, value in obj.items():
            found.extend(unknown_fields(value, f"{path}.{key}"))
    elif isinstance(obj, list | tuple):
        for index, value in enumerate(obj):
            found.extend(unknown_fields(value, f"{path}[{index}]"))
    return found

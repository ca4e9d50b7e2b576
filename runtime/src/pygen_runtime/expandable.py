"""``Expandable[Site]``: a relation that reads back as an id, or as the typed object when expanded.

For a type checker ``Expandable[Site]`` is ``InstanceId | Site``. At run time it is
``Annotated[InstanceId, Target(Site)]``: pydantic validates the wire value exactly as a plain
``InstanceId`` (no union to try per object, so plain reads cost what they did), and the
expansion reads the target class from the annotation's metadata.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, Union, get_args, get_origin

from .ids import InstanceId

__all__ = ["Expandable", "Target", "target_of"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Target:
    """The read class an expandable relation leads to (annotation metadata)."""

    cls: type[Any]


if TYPE_CHECKING:
    Expandable = Union[InstanceId, T]  # noqa: UP007 - a generic alias needs Union here
else:

    class Expandable:
        """``Expandable[Site]``: ``InstanceId | Site`` (see the module docstring)."""

        def __class_getitem__(cls, target: type[Any]) -> Any:
            return Annotated[InstanceId, Target(target)]


def target_of(annotation: Any) -> type[Any] | None:
    """The class of the first ``Expandable[...]`` inside ``annotation`` (or ``None``)."""
    stack = [annotation]
    while stack:
        current = stack.pop()
        if get_origin(current) is Annotated:
            for meta in current.__metadata__:
                if isinstance(meta, Target):
                    return meta.cls
        stack.extend(get_args(current))
    return None

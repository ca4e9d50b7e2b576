"""Identifiers the runtime and generated SDKs pass around: views and instances."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import AliasPath, ConfigDict, Field
from pydantic.dataclasses import dataclass as pydantic_dataclass

if TYPE_CHECKING:
    from .filters import Prop

__all__ = ["BareId", "InstanceId", "ViewRef"]


@pydantic_dataclass(
    frozen=True,
    config=ConfigDict(validate_by_name=True, validate_by_alias=True, serialize_by_alias=True),
)
class InstanceId:
    """A node or edge identifier: ``InstanceId(space, external_id)``.

    Direct relations read back as ``InstanceId``; the wire form is ``{space, externalId}``.
    Where an id is accepted, a ``(space, external_id)`` tuple usually works too.
    """

    space: str
    external_id: str = Field(alias="externalId")

    def dump(self) -> dict[str, str]:
        """Return the wire form ``{"space": ..., "externalId": ...}``."""
        return {"space": self.space, "externalId": self.external_id}

    @classmethod
    def of(cls, value: InstanceId | tuple[str, str] | Any) -> InstanceId:
        """Coerce an ``InstanceId``, a ``(space, external_id)`` tuple, or an instance to an id."""
        if isinstance(value, InstanceId):
            return value
        if isinstance(value, tuple) and len(value) == 2:
            return cls(value[0], value[1])
        if isinstance(value, str):
            raise TypeError(
                f"{value!r} is a bare external id: give InstanceId(space, external_id), or write "
                "through a client with an instance_space"
            )
        space, external_id = getattr(value, "space", None), getattr(value, "external_id", None)
        if isinstance(space, str) and isinstance(external_id, str):
            return cls(space, external_id)
        raise TypeError(f"expected an InstanceId or a (space, external_id) tuple, got {value!r}")


@dataclass(frozen=True, slots=True)
class BareId:
    """A node given by external id alone, in a relation filter: it stands for
    ``InstanceId(instance_space, external_id)`` and is resolved with the client's instance
    space when the filter is sent."""

    external_id: str

    def resolve(self, instance_space: str | None) -> InstanceId:
        """The node id in ``instance_space``.

        Raises:
            ValueError: there is no instance space to resolve it with.
        """
        if instance_space is None:
            raise ValueError(
                f"{self.external_id!r} is a bare external id: give InstanceId(space, "
                "external_id), or create the client with instance_space=..."
            )
        return InstanceId(instance_space, self.external_id)


@dataclass(frozen=True, slots=True)
class ViewRef:
    """A view: ``space``, ``external_id`` and ``version``.

    Generated classes declare their view once (``_view = ViewRef(...)``) and derive wire paths
    from it: where properties sit in a read instance, and how filters name a property.
    """

    space: str
    external_id: str
    version: str

    @property
    def source_key(self) -> str:
        """``externalId/version``: the key of this view's properties in a read instance."""
        return f"{self.external_id}/{self.version}"

    def dump(self) -> dict[str, str]:
        """The wire form of a view reference (with ``type: "view"``)."""
        return {
            "type": "view",
            "space": self.space,
            "externalId": self.external_id,
            "version": self.version,
        }

    def property_path(self, identifier: str) -> list[str]:
        """The filter/sort path of one of this view's properties."""
        return [self.space, self.source_key, identifier]

    def prop(self, identifier: str) -> Prop:
        """A filter builder for one of this view's properties."""
        from .filters import Prop

        return Prop((self.space, self.source_key, identifier))

    def field(self, identifier: str, default: Any = ..., **kwargs: Any) -> Any:
        """A pydantic field read from this view's properties in a read instance.

        ``name: str = VIEW.field("name")`` reads ``properties[space]["View/v1"]["name"]``
        straight from the JSON in pydantic's core, and dumps as ``name``.
        """
        return Field(
            default,
            validation_alias=AliasPath("properties", self.space, self.source_key, identifier),
            serialization_alias=identifier,
            **kwargs,
        )

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}/{self.version}"

"""Results of ``POST /models/instances/aggregate``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, JsonValue, Tag

from ._base import DMSModel

__all__ = [
    "AggregateResult",
    "AggregatedNumber",
    "AggregatedValue",
    "Histogram",
    "HistogramBucket",
]


class AggregatedNumber(DMSModel):
    """One numeric aggregate: ``count``, ``sum``, ``avg``, ``min`` or ``max`` of a property."""

    aggregate: str
    property: str | None = None
    value: int | float | None = None


class HistogramBucket(DMSModel):
    """One bucket of a histogram: its lower bound and how many values fall in it."""

    start: float
    count: int


class Histogram(DMSModel):
    """A histogram of a numeric property with a fixed bucket ``interval``."""

    aggregate: Literal["histogram"] = "histogram"
    property: str
    interval: float
    buckets: list[HistogramBucket] = Field(default_factory=list)


def _aggregate_kind(value: Any) -> str:
    kind = value.get("aggregate") if isinstance(value, dict) else getattr(value, "aggregate", None)
    return "histogram" if kind == "histogram" else "number"


AggregatedValue = Annotated[
    Annotated[AggregatedNumber, Tag("number")] | Annotated[Histogram, Tag("histogram")],
    Discriminator(_aggregate_kind),
]
"""A numeric aggregate or a histogram, told apart by ``aggregate``."""


class AggregateResult(DMSModel):
    """One item of an aggregate response: a group (when ``groupBy`` was given) and its values."""

    instance_type: Literal["node", "edge"] = "node"
    group: dict[str, JsonValue] | None = None
    aggregates: list[AggregatedValue] = Field(default_factory=list)

    def value(self, aggregate: str, property: str | None = None) -> int | float | None:
        """Return the value of a numeric aggregate (``result.value("avg", "pressure")``).

        Raises:
            KeyError: no such aggregate in this result, naming the ones present.
        """
        for item in self.aggregates:
            if (
                isinstance(item, AggregatedNumber)
                and item.aggregate == aggregate
                and (property is None or item.property == property)
            ):
                return item.value
        present = [f"{item.aggregate}({item.property or ''})" for item in self.aggregates]
        raise KeyError(f"no {aggregate}({property or ''}) in this result; present: {present}")

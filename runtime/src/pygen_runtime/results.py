"""Results of writes and pages of reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pygen_runtime.errors import PygenError

from .ids import InstanceId

__all__ = ["FailedBatch", "InstanceOperationError", "InstanceResult", "Page"]

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    """One page of a listing: the items and the cursor of the next page (``None`` at the end)."""

    items: T
    cursor: str | None


@dataclass
class InstanceResult:
    """What an upsert or delete did, instance by instance."""

    created: list[InstanceId] = field(default_factory=list)
    updated: list[InstanceId] = field(default_factory=list)
    unchanged: list[InstanceId] = field(default_factory=list)
    deleted: list[InstanceId] = field(default_factory=list)

    def merge(self, other: InstanceResult) -> None:
        """Add another result's ids to this one."""
        self.created.extend(other.created)
        self.updated.extend(other.updated)
        self.unchanged.extend(other.unchanged)
        self.deleted.extend(other.deleted)

    def __len__(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged) + len(self.deleted)


@dataclass
class FailedBatch:
    """A batch the API refused: the error and the wire items it held."""

    error: Exception
    items: list[dict[str, Any]]

    @property
    def ids(self) -> list[InstanceId]:
        """The ids of the instances in this batch."""
        return [InstanceId(item["space"], item["externalId"]) for item in self.items]


class InstanceOperationError(PygenError):
    """Some batches of an upsert or delete failed; nothing is silently lost.

    Attributes:
        result: What the batches that succeeded did.
        failed: The batches that failed, each with its error and items.
    """

    def __init__(self, operation: str, result: InstanceResult, failed: list[FailedBatch]) -> None:
        self.result = result
        self.failed = failed
        count = sum(len(batch.items) for batch in failed)
        first = failed[0].error if failed else None
        super().__init__(
            f"{operation}: {len(failed)} batch(es) with {count} instance(s) failed "
            f"({len(result)} succeeded); first error: {first}"
        )

"""``sync()`` of the example SDK against the emulator: full load, changes, deletes, resume, expiry.

This module writes and deletes, so it has its own emulator (the fixtures are module-scoped).
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from pygen.emulator import LocalCDF
from pygen_runtime import InstanceId, SyncCursorExpiredError

from .conftest import INSTANCE_SPACE, sample_items


def drain(batches: Any) -> tuple[list[Any], list[InstanceId], str]:
    """All items, all deleted ids and the last cursor of a sync."""
    items: list[Any] = []
    deleted: list[InstanceId] = []
    cursor = ""
    for batch in batches:
        items += batch.items
        deleted += batch.deleted
        cursor = batch.cursor
    return items, deleted, cursor


SITES = sorted(i["externalId"] for i in sample_items() if i["externalId"].startswith("site:"))


def test_sync_loads_everything_then_only_changes_and_deletes(sdk: Any, example_sdk: Any) -> None:
    batches = list(sdk.site.sync(chunk_size=2))
    assert all(len(batch.items) <= 2 for batch in batches) and len(batches) >= 2
    items, deleted, cursor = drain(batches)
    assert sorted(item.external_id for item in items) == SITES
    assert all(isinstance(item, example_sdk.Site) for item in items) and deleted == []
    assert isinstance(cursor, str) and cursor

    assert drain(sdk.site.sync(cursor))[:2] == ([], [])  # caught up: nothing new

    changed = sdk.site.retrieve(SITES[0]).as_write()
    changed.name = "Renamed site"
    sdk.site.upsert(changed)
    sdk.site.upsert(example_sdk.SiteWrite(external_id="site:new", name="New", code="NEW-1"))
    sdk.site.delete(SITES[1])
    items, deleted, later = drain(sdk.site.sync(cursor))
    assert [(i.external_id, i.name) for i in items] == [(SITES[0], "Renamed site"), ("site:new", "New")]  # fmt: skip
    assert deleted == [InstanceId(INSTANCE_SPACE, SITES[1])]
    # the persisted cursor resumes exactly after what was received
    assert drain(sdk.site.sync(later))[:2] == ([], [])


def test_sync_takes_the_typed_filters(sdk: Any) -> None:
    items, _, _ = drain(sdk.equipment.sync(status="maintenance"))
    assert items and all(item.status == "maintenance" for item in items)
    with pytest.raises(TypeError, match="did you mean"):
        list(sdk.equipment.sync(stat="maintenance"))


def test_an_expired_cursor_raises_an_error_that_says_how_to_start_over(
    sdk: Any, local_cdf: LocalCDF
) -> None:
    _, _, cursor = drain(sdk.work_order.sync())
    assert local_cdf.store is not None
    local_cdf.store.sync_cursor_lifetime_ms = 1
    try:
        time.sleep(0.01)
        with pytest.raises(SyncCursorExpiredError) as raised:
            list(sdk.work_order.sync(cursor))
        message = str(raised.value)
        assert "sync(cursor=None)" in message and "accept_missed_deletes=True" in message
        assert raised.value.cursor == cursor
        assert drain(sdk.work_order.sync(cursor, accept_missed_deletes=True))[:2] == ([], [])
    finally:
        local_cdf.store.sync_cursor_lifetime_ms = 3 * 24 * 3600 * 1000

"""Sharing work between this process and forked children (``pygen._workers``)."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from pygen._workers import (
    QUEUED,
    made_in_child,
    make_in_child,
    release_free_memory,
    share_work,
    task_ranges,
)

_OFFSET = 0


def _setup(offset: int) -> None:
    global _OFFSET
    _OFFSET = offset


def _there(task: int) -> tuple[int, int, int]:
    """Run in a child: the task, what the child was set up with, and who ran it."""
    return task, _OFFSET, os.getpid()


def _fails(task: int) -> tuple[int, int, int]:
    raise ValueError(f"task {task} failed in a child")


def test_every_task_is_done_once_by_this_process_and_the_children() -> None:
    events: list[str] = []
    children: list[int] = []

    def here(task: int) -> tuple[int, int, int]:
        events.append("task")
        children.append(len(multiprocessing.active_children()))
        return task, 10, os.getpid()

    results = list(
        share_work(range(40), 3, here, _there, (_setup, (10,)), lambda: events.append("first"))
    )

    assert sorted(task for task, _, _ in results) == list(range(40))
    assert {offset for _, offset, _ in results} == {10}  # each child was set up
    ran = {pid for _, _, pid in results}
    assert os.getpid() in ran and len(ran) > 1  # this process worked too
    assert events[0] == "first" and events.count("first") == 1
    # workers - 1 children: no process sits idle holding a copy of the parent
    assert max(children) == 2


def test_children_get_their_next_task_while_this_process_is_busy() -> None:
    """Tasks are handed to the children as each of theirs is done, not when this process next
    looks: here ``first()`` keeps it busy while the child does nearly all of them."""

    def here(task: int) -> tuple[int, int, int]:
        return task, 0, os.getpid()

    results = list(share_work(range(20), 2, here, _there, (_setup, (0,)), lambda: time.sleep(1)))

    by_child = [task for task, _, pid in results if pid != os.getpid()]
    assert len(by_child) > 2 * QUEUED


@pytest.mark.parametrize("tasks", [[], [7]])
def test_one_worker_or_one_task_runs_here_without_children(tasks: list[int]) -> None:
    first: list[int] = []

    def here(task: int) -> tuple[int, int, int]:
        assert not multiprocessing.active_children()
        return task, 0, os.getpid()

    for workers in (1, 4):
        results = list(
            share_work(tasks, workers, here, _there, (_setup, (0,)), lambda: first.append(1))
        )
        assert results == [(task, 0, os.getpid()) for task in tasks]
    assert first == [1, 1]


def test_a_failed_task_in_a_child_is_raised_here() -> None:
    def here(task: int) -> tuple[int, int, int]:
        return task, 0, os.getpid()

    with pytest.raises(ValueError, match="failed in a child"):
        list(share_work(range(10), 2, here, _fails, (_setup, (0,))))
    assert not multiprocessing.active_children()


def test_task_ranges_cover_every_item_once() -> None:
    for count, workers in ((0, 2), (1, 4), (45, 2), (1000, 2), (1000, 4), (7, 1)):
        ranges = task_ranges(count, workers, 8)
        assert [i for start, stop in ranges for i in range(start, stop)] == list(range(count))
        assert len(ranges) <= max(1, workers) * 8


def _resident_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_free_heap_pages_are_given_back_before_forking() -> None:
    """Freed allocations between live ones stay resident until the allocator is asked to give
    them back (a forked child would start out with them)."""
    blocks = [bytes(2000) + bytes([i % 256]) for i in range(30_000)]  # ~60 MB of C heap
    keep = blocks[::50]  # a live block every 100 kB: the heap cannot shrink from its top
    del blocks
    before = _resident_mb()
    release_free_memory()
    assert _resident_mb() < before - 30
    assert len(keep) == 600


class _Counter:
    """A child's worker: counts how often it was made in this process."""

    made = 0

    def __init__(self, offset: int) -> None:
        type(self).made += 1
        self.offset = offset

    def __call__(self, task: int) -> tuple[int, int, int]:
        return task, self.offset + type(self).made, os.getpid()


def _broken(offset: int) -> _Counter:
    raise ValueError(f"cannot make a worker with {offset}")


def test_a_child_makes_its_worker_once_at_its_first_task() -> None:
    def here(task: int) -> tuple[int, int, int]:
        return task, -1, os.getpid()

    setup = (make_in_child, (_Counter, 100))
    results = list(share_work(range(30), 3, here, made_in_child, setup))
    assert sorted(task for task, _, _ in results) == list(range(30))
    in_children = [(offset, pid) for _, offset, pid in results if pid != os.getpid()]
    assert in_children  # the children ran some, each with the worker it made once
    assert {offset for offset, _ in in_children} == {101}
    assert _Counter.made == 0  # never made here


def test_a_worker_a_child_cannot_make_fails_its_task_here() -> None:
    def here(task: int) -> tuple[int, int, int]:
        time.sleep(0.05)
        return task, -1, os.getpid()

    with pytest.raises(ValueError, match="cannot make a worker with 7"):
        list(share_work(range(10), 2, here, made_in_child, (make_in_child, (_broken, 7))))

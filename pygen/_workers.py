"""Worker processes for generating large models: how many, and how the work is shared between
this process and forked children (fork where the platform has it, so workers inherit the
imported generator and the IR instead of importing and receiving them again).

Memory is what this module is careful with. A forked child starts out with every page its
parent has resident at the fork counted in its own RSS (shared until written), so:

- with ``workers`` processes wanted, ``workers - 1`` children are forked and this process is
  the last worker (no process sits idle holding a copy of the generator and the IR);
- free memory the allocator kept (the DMS models were just dropped) is handed back to the
  system before the fork, so no child starts out with it;
- each result is handed to the caller as soon as it is done, and tasks are small, so no
  process holds more than a few views' output.

Shared by the Python and TypeScript lowerings; imports neither (a TypeScript run must not
import libcst).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import queue
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

__all__ = [
    "TASKS_PER_PROCESS",
    "default_workers",
    "made_in_child",
    "make_in_child",
    "process_pool",
    "release_free_memory",
    "share_work",
    "task_ranges",
]

Task = TypeVar("Task")
Result = TypeVar("Result")

QUEUED = 2
"""Tasks each child holds (one running, one waiting, so it never waits for the next); the rest
stay here for whichever process is free first."""


TASKS_PER_PROCESS = 8
"""Tasks per process a lowering cuts its views into: the processes finish within a task (~60
views at 1,000) of each other."""


def default_workers() -> int:
    """Worker processes: the usable cores, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def task_ranges(
    count: int, workers: int, per_worker: int = TASKS_PER_PROCESS
) -> list[tuple[int, int]]:
    """``count`` items cut into contiguous ``(start, stop)`` ranges, about ``per_worker`` per
    worker: small enough that the processes finish together, large enough that handing them
    out costs nothing."""
    size = max(1, -(-count // (max(1, workers) * per_worker)))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def release_free_memory() -> None:
    """Give the memory the C allocator holds free back to the system (glibc's
    ``malloc_trim``; elsewhere nothing). Dropping the DMS models leaves ~10 MB of free heap
    pages at 1,000 views that would otherwise stay resident, here and in every forked child."""
    if not sys.platform.startswith("linux"):  # pragma: no cover - not on Linux
        return
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):  # pragma: no cover - not glibc (musl has no trim)
        return
    trim(0)


def share_work(
    tasks: Sequence[Task],
    workers: int,
    here: Callable[[Task], Result],
    there: Callable[[Task], Result],
    setup: tuple[Callable[..., None], tuple[Any, ...]],
    first: Callable[[], None] | None = None,
) -> Iterator[Result]:
    """The result of every task, each as soon as it is done (in no fixed order), worked on by
    ``workers`` processes: this one and ``workers - 1`` forked children.

    Children take tasks from the front of ``tasks`` (``there``, a module-level function, after
    ``setup[0](*setup[1])`` once per child), each handed the next as soon as one of theirs is
    done; this process first runs ``first()`` (the work only it does, while the children
    start), then takes tasks from the back (``here``). With one worker, or one task,
    everything runs here.

    Raises:
        Whatever a task raised (the first one met); the tasks not started are dropped.
    """
    if workers <= 1 or len(tasks) <= 1:
        if first is not None:
            first()
        for task in tasks:
            yield here(task)
        return
    children = min(workers - 1, len(tasks) - 1)
    left = deque(tasks)
    lock = threading.Lock()
    finished: queue.SimpleQueue[Future[Result]] = queue.SimpleQueue()
    handed = 0
    release_free_memory()
    pool = process_pool(children, *setup)

    def hand_out(done: Future[Result] | None = None) -> None:
        """Hand the next task from the front to the children (again from the pool's thread as
        each of theirs is done, so none waits for this process to look)."""
        nonlocal handed
        if done is not None:
            finished.put(done)
        with lock:
            if not left:
                return
            task = left.popleft()
            handed += 1
        try:
            future = pool.submit(there, task)
        except RuntimeError as exc:  # the pool broke (a child died) or is shut down
            future = Future()
            future.set_exception(exc)
            finished.put(future)
            return
        future.add_done_callback(hand_out)

    try:
        for _ in range(children * QUEUED):
            hand_out()  # the first forks the children
        if first is not None:
            first()
        taken = 0
        while True:
            while not finished.empty():
                taken += 1
                yield finished.get().result()
            with lock:
                mine = left.pop() if left else None
                expected = handed
            if mine is not None:
                yield here(mine)
            elif taken < expected:
                taken += 1
                yield finished.get().result()
            else:
                return
    finally:
        with lock:
            left.clear()
        pool.shutdown(wait=True, cancel_futures=True)


class _Pending:
    """How a child makes its worker, until its first task makes it."""

    def __init__(self, make: Callable[..., Callable[[Any], Any]], args: tuple[Any, ...]) -> None:
        self.make = make
        self.args = args


_CHILD: _Pending | Callable[[Any], Any] | None = None
"""In a child of :func:`share_work` set up with :func:`make_in_child`: its worker."""


def make_in_child(make: Callable[..., Callable[[Any], Any]], *args: Any) -> None:
    """A ``setup`` for :func:`share_work`: each child runs its tasks with ``make(*args)``, made
    at its first task (an error making it is that task's error, raised in this process)."""
    global _CHILD
    _CHILD = _Pending(make, args)


def made_in_child(task: Any) -> Any:
    """The ``there`` that goes with :func:`make_in_child`: ``task`` run by this child's worker."""
    global _CHILD
    if isinstance(_CHILD, _Pending):
        _CHILD = _CHILD.make(*_CHILD.args)
    assert _CHILD is not None, "child not set up with make_in_child"
    return _CHILD(task)


def process_pool(
    workers: int, initializer: Callable[..., None], initargs: tuple[Any, ...]
) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes, each set up once with ``initializer(*initargs)``."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=initializer, initargs=initargs
    )

"""What runs on a Dask worker: a batch of items through the function the API handed over,
each item under a time limit.

Kept apart from the client side (``engine.py``) so that a worker unpickling a task imports
only this module and the function's own, never the client's cluster handling.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Outcome(Generic[R]):
    """One item's result, or that it ran out of time (``result`` is then None)."""

    result: R | None
    timed_out: bool


@dataclass(frozen=True, slots=True)
class Batch(Generic[R]):
    """A task's results in the order of its items, and the worker that ran it (the client
    restarts a worker left with a thread stuck on a file that hung)."""

    outcomes: list[Outcome[R]]
    worker: str | None

    @property
    def stuck(self) -> bool:
        return any(o.timed_out for o in self.outcomes)


def run_batch(fn: Callable[[T], R], items: Sequence[T], timeout: float) -> Batch[R]:
    """``fn`` over ``items`` on this worker, each in a thread given ``timeout`` seconds.

    Python cannot stop a thread, so an item over its time is given up, not killed: its
    outcome says it timed out, the batch goes on, and the client restarts this worker once
    the batch is back (which ends the stuck thread). Readers that hang in native code
    (pdfium, onnxruntime) release the GIL, so the clock here keeps running; a hang holding
    the GIL (a regular expression backtracking) stops the worker's heartbeat instead, and the
    scheduler's worker time-to-live ends it (the item then counts as a worker crash).
    """
    outcomes: list[Outcome[R]] = []
    for item in items:
        box: list[R] = []
        errors: list[BaseException] = []
        thread = threading.Thread(target=call, args=(fn, item, box, errors), daemon=True, name="gongkai-item")
        thread.start()
        thread.join(timeout)
        if thread.is_alive():
            outcomes.append(Outcome(None, True))
        elif errors:
            raise errors[0]
        else:
            outcomes.append(Outcome(box[0], False))
    return Batch(outcomes, worker_address())


def call(fn: Callable[[T], R], item: T, box: list[R], errors: list[BaseException]) -> None:
    """``fn(item)`` into ``box``, or what it raised into ``errors`` (the thread's body)."""
    try:
        box.append(fn(item))
    except BaseException as e:  # noqa: BLE001 - re-raised in the task's own thread
        errors.append(e)


def worker_address() -> str | None:
    """The address of the Dask worker running this task (None outside one: a direct call)."""
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except ValueError:
        return None


def ping(item: object) -> object:
    """A task that does nothing (gives its item back): what the benchmark times to measure
    the scheduler's own cost per task."""
    return item

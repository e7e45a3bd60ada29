"""What runs on a Dask worker: a batch of items through the function the API handed over,
each item under a time limit.

Kept apart from the client side (``engine.py``) so that a worker unpickling a task imports
only this module and the function's own, never the client's cluster handling.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

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


@dataclass(frozen=True, slots=True)
class Fanout(Generic[R]):
    """What ``fn`` may give for an item instead of its result: the item's work split into
    ``parts`` (calls without arguments: a scan's pages), each run as a task of its own under
    the time limit, then ``join(*their results)`` as one more task, whose result is the
    item's. ``labels`` name the parts for people (第 3 页), in the reason a part that times
    out or kills its worker gives for the item. The parts' results go from worker to
    worker, never through the client."""

    parts: list[Callable[[], Any]]
    join: Callable[..., R]
    labels: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Joined(Generic[R]):
    """A fanned-out item's end: the join's batch of one, or ``late``, the part that ran out
    of time (the join was then not run); ``stuck``, the workers left with a thread running
    on (to be restarted)."""

    batch: Batch[R] | None
    late: int | None
    stuck: list[str]


def run_join(join: Callable[..., R], timeout: float, *parts: Batch[Any]) -> Joined[R]:
    """``join`` over the results of the parts (each a ``run_batch`` of one), under the time
    limit; not run if a part ran out of time."""
    stuck = [p.worker for p in parts if p.stuck and p.worker]
    late = next((k for k, p in enumerate(parts) if p.stuck), None)
    if late is not None:
        return Joined(None, late, stuck)
    batch = run_batch(join, [[p.outcomes[0].result for p in parts]], timeout, spread=True)
    return Joined(batch, None, stuck + ([batch.worker] if batch.stuck and batch.worker else []))


def invoke(part: Callable[[], R]) -> R:
    """A part of a fanned-out item, called (what ``run_batch`` maps over a part's task)."""
    return part()


def run_batch(fn: Callable[..., R], items: Sequence[Any], timeout: float, spread: bool = False) -> Batch[R]:
    """``fn`` over ``items`` on this worker, each in a thread given ``timeout`` seconds
    (``spread``: each item is a list of arguments).

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
        args = tuple(item) if spread else (item,)
        thread = threading.Thread(target=call, args=(fn, args, box, errors), daemon=True, name="gongkai-item")
        thread.start()
        thread.join(timeout)
        if thread.is_alive():
            outcomes.append(Outcome(None, True))
        elif errors:
            raise errors[0]
        else:
            outcomes.append(Outcome(box[0], False))
    return Batch(outcomes, worker_address())


def call(fn: Callable[..., R], args: tuple[Any, ...], box: list[R], errors: list[BaseException]) -> None:
    """``fn(*args)`` into ``box``, or what it raised into ``errors`` (the thread's body)."""
    try:
        box.append(fn(*args))
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

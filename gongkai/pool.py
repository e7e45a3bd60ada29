"""Worker processes for batch work: a bounded, ordered map over a process pool that
survives a worker dying on one item.

The audit (and later engines) call ``in_order``; it knows nothing of reports, only of
items and the function applied to them, so it imports nothing of gongkai's.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


# The cyclic garbage collector's thresholds for batch work (CPython's default: 700, 10, 10).
# A report is tens of thousands of small objects made and dropped, few of them in cycles; at
# the default the collector ran every 700 allocations and a full collection every 70 000,
# each walking every object alive (the rule catalog, a batch of reports and their documents):
# 1.8 ms of an audit's ≈ 17 ms a report, 0.55 ms with these and ``gc.freeze``.
BATCH_GC_THRESHOLDS = (10_000, 10, 10)
# Items handed to the pool ahead of the one whose result is awaited, per worker. The consumer
# (the audit writing a batch of results in one transaction, ≈ 0.1 s) must not leave the
# workers idle meanwhile, nor hold many finished results: a few dozen small ones each.
IN_FLIGHT = 4


class _BatchGC:
    """How many batches run in this process (the collector's settings are the process's: the
    web app audits uploads in threads), and the thresholds to restore when the last ends."""

    lock = threading.Lock()
    running = 0
    before: tuple[int, ...] = ()
    frozen = False  # objects were frozen before (by the program): left so


@contextmanager
def batch_gc() -> Iterator[None]:
    """Collect garbage less often while a batch runs, and never walk what was alive when it
    started (modules, the rule catalog: ``gc.freeze``); as before once the last batch
    running in this process ends (batches in several threads share the setting)."""
    with _BatchGC.lock:
        if not _BatchGC.running:
            _BatchGC.before, _BatchGC.frozen = gc.get_threshold(), gc.get_freeze_count() > 0
            gc.freeze()
            gc.set_threshold(*BATCH_GC_THRESHOLDS)
        _BatchGC.running += 1
    try:
        yield
    finally:
        with _BatchGC.lock:
            _BatchGC.running -= 1
            if not _BatchGC.running:
                gc.set_threshold(*_BatchGC.before)
                if not _BatchGC.frozen:
                    gc.unfreeze()


def worker_start(parent: int) -> None:
    """Workers leave Ctrl-C to the parent, which stops the run between two transactions,
    and end when the parent is gone: a `kill -9` of the audit must not leave them behind
    (they would wait on the task queue for ever, holding the parent's stdout and stderr).
    They collect garbage at batch work's pace (``BATCH_GC_THRESHOLDS``)."""
    gc.set_threshold(*BATCH_GC_THRESHOLDS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=end_with, args=(parent,), daemon=True, name="gongkai-orphan-watch").start()


def end_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def waves(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last shorter), read as they are asked for."""
    rest = iter(items)
    while wave := list(itertools.islice(rest, size)):
        yield wave


def in_order(fn: Callable[[T], R], items: Iterable[T], jobs: int, crashed: Callable[[T], R]) -> Iterator[R]:
    """``map(fn, items)`` over ``jobs`` worker processes, in order, with a bounded number
    of items in flight (memory stays flat however many sources there are; ``items`` is read
    as the work goes, and no pool is started for fewer than two).

    A worker that dies (a native library crashing the interpreter on one source) breaks the
    pool: the item at the head is then run again alone, and if it breaks a pool of its own
    too, ``crashed(item)`` stands for its result; the other pending items go to a new pool.
    """
    rest = iter(items)
    first = list(itertools.islice(rest, 2))
    if jobs == 1 or len(first) <= 1:
        yield from map(fn, itertools.chain(first, rest))
        return
    rest = itertools.chain(first, rest)
    pool = new_pool(jobs)
    pending: deque[tuple[T, Future[R]]] = deque()
    try:
        while True:
            pending.extend((item, pool.submit(fn, item)) for item in itertools.islice(rest, jobs * IN_FLIGHT - len(pending)))
            if not pending:
                return
            item, future = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                result = alone(fn, item, crashed)
                pool = new_pool(jobs)
                pending = deque((waiting, pool.submit(fn, waiting)) for waiting, _ in pending)
            yield result
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def new_pool(jobs: int) -> ProcessPoolExecutor:
    # spawned, not forked: a worker starts clean (no copy of the parent's database connections),
    # and its parent is the audit process itself, whose end it watches for
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), initializer=worker_start,
                               initargs=(os.getpid(),))


def alone(fn: Callable[[T], R], item: T, crashed: Callable[[T], R]) -> R:
    """``fn(item)`` in a pool of its own: ``crashed(item)`` if the item kills that one too."""
    pool = new_pool(1)
    try:
        return pool.submit(fn, item).result()
    except BrokenProcessPool:
        return crashed(item)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


@contextmanager
def interrupt_after() -> Iterator[None]:
    """Hold a Ctrl-C that arrives inside the block until the block is done, then raise it.

    A KeyboardInterrupt raised in the middle of a database write (psycopg in pipeline mode,
    say) leaves the connection unusable and its rollback fails with a second error that hides
    the first; the audit wraps each source's transaction in this, so Ctrl-C always stops the
    run between two transactions. Signal handlers belong to the main thread: elsewhere the
    block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if held:
        raise KeyboardInterrupt

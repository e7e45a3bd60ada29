"""Which executor runs the audit's first pass (read → extract → check per source): the local
process pool (``gongkai.pool``) or a Dask cluster (``gongkai.distributed``).

Both are handed the same function and items and give one result per item; the audit stores
them the same way whichever ran them. The local pool gives them in order, Dask as they
finish (the store's result does not depend on the order: each source is its own rows).
The second pass (cross-year and corpus rules) runs in the audit's process on either engine:
C004's LSH bands are grouped by the database (``store/lsh.py``), not shuffled on a cluster.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from gongkai.errors import UsageError
from gongkai.pool import in_order, waves

if TYPE_CHECKING:
    from gongkai.distributed import Fanout

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "dask")
# Sources cheap enough to go many to a Dask task: text and web pages under CHEAP_BYTES (a
# text report reads, extracts and checks in ≈ 12 ms; a PDF page or an OCR'd scan costs
# 10-1000 times that and goes alone).
CHEAP_SUFFIXES = frozenset({".txt", ".text", ".htm", ".html", ".shtml", ".xhtml", ".md"})
CHEAP_BYTES = 512 * 1024
# Items a Dask run plans and submits at a time (their tasks held by the scheduler and by this
# process): a national run is hundreds of thousands.
DASK_WAVE = 5000


def check_engine(engine: str, scheduler: str | None) -> None:
    """UsageError for an unknown engine, or a scheduler address given to the local one."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise UsageError("a scheduler address is for the dask engine only (engine='dask')")


def is_cheap(file: tuple[str, str, str, int]) -> bool:
    """A walked file (as walked, stored as, sha256, size) that goes in a batch of many (of a
    chained URL, ``zip://a.txt::file:///x.zip``, the member's name counts)."""
    name = file[1].partition("::")[0]
    return os.path.splitext(name)[1].lower() in CHEAP_SUFFIXES and file[3] <= CHEAP_BYTES


def run(engine: str, fn: Callable[[T], R], items: Iterable[T], *, jobs: int, crashed: Callable[[T], R],
        failed: Callable[[T, str], R], cheap: Callable[[T], bool], scheduler: str | None = None,
        timeout: float | None = None, splits: Callable[[T], R | Fanout[R]] | None = None) -> Iterator[R]:
    """``fn`` over ``items`` on ``engine``: ``jobs`` local processes, or a Dask cluster (the
    one at ``scheduler``, else a ``LocalCluster`` of ``jobs`` workers, started only if there
    is work). ``crashed(item)`` stands for an item that kills the local pool, ``failed(item,
    reason)`` for one that times out or keeps killing Dask workers (the reason in Chinese).
    On Dask, ``splits`` (``fn`` that may split an item into tasks: a scan into its pages)
    runs instead of ``fn``, giving the same results. ``items`` is read as the work goes: on
    Dask, ``DASK_WAVE`` of them planned and submitted at a time."""
    if engine == "local":
        yield from in_order(fn, items, jobs, crashed)
        return
    planned = waves(items, DASK_WAVE)
    first = next(planned, None)
    if first is None:
        return
    from gongkai.distributed import TIMEOUT, as_done, connect

    with connect(scheduler, jobs) as client:
        for wave in itertools.chain([first], planned):
            yield from as_done(splits or fn, wave, failed, client=client, cheap=cheap,
                               timeout=TIMEOUT if timeout is None else timeout)

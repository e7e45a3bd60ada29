"""The client side of the Dask engine: a map over a Dask cluster that never loses an item,
never gives one twice and never waits for ever on one.

Like ``pool.in_order`` it knows nothing of reports: the API hands it the function to run,
the items (paths, never file contents: the workers read the files themselves, so no bytes
pass through the scheduler) and which items are cheap. Cheap items go ``PER_TASK`` to a task
(a task's round trip through scheduler, worker and client costs more than reading a short
text report: ≈ 14 ms measured on a loaded two-core machine, docs/performance.md);
the others go one to a task, so that a slow PDF holds up no one else's result.

What can go wrong with an item, and what the caller gets for it:

- it takes longer than ``timeout`` seconds: ``failed(item, TIMED_OUT)``, and the worker
  that was left running it is restarted (``tasks.run_batch``);
- it kills its worker (a native reader crashing, or the worker going over its memory limit,
  at which the nanny ends it): Dask runs it again elsewhere, up to the scheduler's
  ``allowed-failures`` (3 by default); a batch that keeps killing workers is split and
  each of its items run alone, and an item that still does is ``failed(item, CRASHED)``;
- a worker killed from outside (a machine lost, ``kill -9``) is the same case: what it
  was running is run again on the others;
- it was split (``fn`` gave a ``Fanout``: a scan's pages) and one part times out or keeps
  killing workers: ``failed(item, reason)``, the reason naming the part (``PART_TIMED_OUT``,
  ``PART_CRASHED``).

The caller alone stores results (the store is written by one process, as in the local
audit), so "exactly once" rests on this iterator giving each item's result once: it keeps
the indices it has given and drops a late duplicate.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import urlsplit

from gongkai.distributed.tasks import Batch, Fanout, Joined, invoke, run_batch, run_join
from gongkai.errors import UsageError

if TYPE_CHECKING:
    from distributed import Client, Future

T = TypeVar("T")
R = TypeVar("R")

PER_TASK = 20  # cheap items per task
TIMEOUT = 600.0  # seconds an item may take: OCR reads a scanned page in 7-14 s of CPU, so 40-80 pages
MEMORY_LIMIT = "2GiB"  # per worker of a LocalCluster: the nanny restarts a worker at 95 % of it
IN_FLIGHT = 8  # tasks submitted per worker thread: enough to hide the round trip, and the client's memory stays flat
CONNECT_SECONDS = 10
TIMED_OUT = "处理超时：超过 {seconds:g} 秒仍未读完，已跳过（文件可能异常，可单独用 gongkai check 检查）"
CRASHED = "读取此文件使工作进程多次崩溃（原生库故障或超出内存上限），已跳过"
PART_TIMED_OUT = "{part}处理超时：超过 {seconds:g} 秒仍未完成，整份文件已跳过（可单独用 gongkai check 检查）"
PART_CRASHED = "{part}使工作进程多次崩溃（原生库故障或超出内存上限），整份文件已跳过"


@contextmanager
def connect(scheduler: str | None, workers: int, memory_limit: str = MEMORY_LIMIT) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a ``LocalCluster`` of ``workers``
    single-threaded worker processes with ``memory_limit`` each, closed on the way out.
    UsageError (in Chinese, naming the address) if the scheduler cannot be reached or has no
    worker."""
    from distributed import Client, LocalCluster

    if scheduler:
        refused(scheduler)
        try:
            client = Client(scheduler, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError, ValueError, TypeError) as e:  # TypeError: tls:// without its TLS settings
            raise UsageError(f"无法连接 Dask 调度器 {scheduler}：{e}") from e
        with client:
            try:  # a scheduler without workers would hold every task for ever
                client.wait_for_workers(1, timeout=CONNECT_SECONDS)
            except TimeoutError as e:
                raise UsageError(f"Dask 调度器 {scheduler} 没有可用的工作进程（{CONNECT_SECONDS} 秒内无 worker 加入）") from e
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, memory_limit=memory_limit, processes=True,
                      dashboard_address=":0",  # any free port: never a clash with another cluster
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def refused(scheduler: str) -> None:
    """UsageError at once when nothing listens at a ``tcp://`` scheduler's address (a
    mistyped port), its host name does not resolve or its port is no port: Dask's client
    would keep trying for ``CONNECT_SECONDS``. Other protocols (tls, ucx …) are left to it."""
    parsed = urlsplit(scheduler)
    try:
        port = parsed.port
    except ValueError as e:  # not a number, or out of range
        raise UsageError(f"无法连接 Dask 调度器 {scheduler}：端口无效（{e}）") from e
    if parsed.scheme != "tcp" or not parsed.hostname or not port:
        return
    try:
        socket.create_connection((parsed.hostname, port), timeout=CONNECT_SECONDS).close()
    except OSError as e:  # refused, a name that does not resolve, no answer in time
        raise UsageError(f"无法连接 Dask 调度器 {scheduler}：{e}") from e


def plan(items: Sequence[T], cheap: Callable[[T], bool], per_task: int = PER_TASK) -> list[list[int]]:
    """The items' indices grouped into tasks: each costly item alone (first, so that the
    longest tasks start early and the cheap batches fill the gaps), cheap ones ``per_task``
    to a task."""
    costly = [[i] for i, item in enumerate(items) if not cheap(item)]
    light = [i for i, item in enumerate(items) if cheap(item)]
    return costly + [light[k:k + per_task] for k in range(0, len(light), per_task)]


@dataclass(slots=True)
class Pending:
    """A task in flight: the items it runs, and for a fanned-out item its Fanout and the
    parts its join waits on (held here so that Dask keeps their results until the join has
    them)."""

    indices: list[int]
    fanout: Fanout[Any] | None = None
    parts: list[Future] = field(default_factory=list)
    suspects: list[int] = field(default_factory=list)  # a probe: parts to run alone, the first in flight

    @property
    def weight(self) -> int:
        return 1 + len(self.parts)


def as_done(fn: Callable[[T], R | Fanout[R]], items: Sequence[T], failed: Callable[[T, str], R], *, client: Client,
            cheap: Callable[[T], bool] = lambda _: False, timeout: float = TIMEOUT) -> Iterator[R]:
    """``fn`` over ``items`` on the cluster of ``client``: each item's result once, in the
    order they finish, with at most ``IN_FLIGHT`` tasks per worker thread submitted at a time.

    ``fn``, ``failed`` and the items must pickle (module-level functions, plain data); an
    exception ``fn`` raises is raised here, as ``map`` would. ``fn`` may give a ``Fanout``
    for an item (a scan to be read page by page): its parts are submitted as tasks (ahead of
    the items still queued: a split item's parts and join go first), and the item's result is
    its join's; a part that times out or keeps killing workers fails the item, the part named.
    """
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    tasks = plan(items, cheap)
    tasks.reverse()  # popped from the end
    window = IN_FLIGHT * max(1, sum(client.nthreads().values()))
    running: dict[Future, Pending] = {}
    given: set[int] = set()
    fanned: set[int] = set()
    retried: set[int] = set()  # split items run again after their probes all came back whole
    done = as_completed(with_results=True, raise_errors=False)  # results fetched as tasks finish

    def submit(indices: list[int]) -> None:
        future = client.submit(run_batch, fn, [items[i] for i in indices], timeout, pure=False)
        running[future] = Pending(indices)
        done.add(future)

    def fan_out(i: int, fanout: Fanout[R]) -> None:
        parts = [client.submit(run_batch, invoke, [part], timeout, pure=False, priority=1) for part in fanout.parts]
        future = client.submit(run_join, fanout.join, timeout, *parts, pure=False, priority=1)
        running[future] = Pending([i], fanout, parts)
        done.add(future)

    def probe(i: int, fanout: Fanout[R], suspects: list[int]) -> None:
        future = client.submit(run_batch, invoke, [fanout.parts[suspects[0]]], timeout, pure=False, priority=1)
        running[future] = Pending([i], fanout, suspects=suspects)
        done.add(future)

    def fill() -> None:
        while tasks and sum(p.weight for p in running.values()) < window:
            submit(tasks.pop())

    fill()
    try:
        for future, value in done:
            pending = running.pop(future)
            if future.status == "cancelled":  # dropped by the scheduler (a restart): run it again
                if pending.suspects and pending.fanout is not None:
                    probe(pending.indices[0], pending.fanout, pending.suspects)
                elif pending.fanout is not None:
                    fan_out(pending.indices[0], pending.fanout)
                else:
                    submit(pending.indices)
                continue
            if pending.fanout is not None and (suspects := dead_parts(future, value, pending)):
                probe(pending.indices[0], pending.fanout, suspects)  # each dead part alone, in turn
                continue
            if pending.fanout is not None and pending.suspects and came_back_whole(future, value):
                if len(pending.suspects) > 1:  # not this one: the next
                    probe(pending.indices[0], pending.fanout, pending.suspects[1:])
                    continue
                if pending.indices[0] not in retried:  # none alone: they died of another's crash
                    retried.add(pending.indices[0])
                    fan_out(pending.indices[0], pending.fanout)
                    continue
            if future.status == "error" and len(pending.indices) > 1 and isinstance(value[1], KilledWorker):
                for i in pending.indices:  # one of them kills workers: find it by running each alone
                    submit([i])
                continue
            for i, result in outcomes(client, future, value, pending, timeout):
                if i in given:
                    continue
                if isinstance(result, Fanout):
                    if i not in fanned:  # (a first task run twice splits its item once)
                        fanned.add(i)
                        fan_out(i, result)
                    continue
                given.add(i)
                yield failed(items[i], result.reason) if isinstance(result, Failure) else cast(R, result)
            fill()
    finally:
        client.cancel(list(running) + [p for pending in running.values() for p in pending.parts])


@dataclass(frozen=True, slots=True)
class Failure:
    """Why an item is given up on (in Chinese)."""

    reason: str


def dead_parts(future: Future, value: Any, pending: Pending) -> list[int]:
    """The parts of a split item whose join died of a worker's death, when more than one part
    died: a worker's death fails every task it was running, so each is then run alone, one
    after another, to find the one that kills. Empty for a probe, for an item that did not
    die, and when only one part died (that one is named)."""
    from distributed.scheduler import KilledWorker

    if pending.suspects or future.status != "error" or not isinstance(value[1], KilledWorker):
        return []
    dead = [k for k, p in enumerate(pending.parts) if p.status == "error"]
    return dead if len(dead) > 1 else []


def came_back_whole(future: Future, value: Any) -> bool:
    """A task of one item that finished in its time (a probe of a part: not the killer)."""
    return future.status == "finished" and not value.outcomes[0].timed_out


def outcomes(client: Client, future: Future, value: Any, pending: Pending, timeout: float) -> list[tuple[int, Any]]:
    """What a finished task gives for each of its items (a batch that killed its workers
    is one item here: the caller runs a larger one again item by item): a result (or a
    Fanout), or a Failure. Restarts the workers a task left with a thread stuck on an item
    that hung."""
    from distributed.scheduler import KilledWorker

    i = pending.indices[0]
    if future.status == "error" and not isinstance(value[1], KilledWorker):  # fn raised: as map would
        raise value[1].with_traceback(value[2])
    if pending.suspects:  # a probe that ends the search
        part = label(pending, pending.suspects[0])
        if future.status == "error":  # it killed workers again, alone
            return [(i, Failure(PART_CRASHED.format(part=part)))]
        probed: Batch[Any] = value
        if probed.stuck and probed.worker:
            restart(client, probed.worker)
        if probed.outcomes[0].timed_out:
            return [(i, Failure(PART_TIMED_OUT.format(part=part, seconds=timeout)))]
        return [(i, Failure(CRASHED))]  # run again whole, it died again, yet no part alone does
    if future.status == "error":
        dead = next((k for k, p in enumerate(pending.parts) if p.status == "error"), None)
        return [(i, Failure(CRASHED if dead is None else PART_CRASHED.format(part=label(pending, dead))))]
    if pending.fanout is not None:  # a fanned-out item's join
        joined: Joined[Any] = value
        for worker in joined.stuck:
            restart(client, worker)
        if joined.late is not None:
            return [(i, Failure(PART_TIMED_OUT.format(part=label(pending, joined.late), seconds=timeout)))]
        value = joined.batch
    batch: Batch[Any] = value
    if batch.stuck and batch.worker:
        restart(client, batch.worker)
    return [(k, Failure(TIMED_OUT.format(seconds=timeout)) if o.timed_out else o.result)
            for k, o in zip(pending.indices, batch.outcomes, strict=True)]


def label(pending: Pending, part: int) -> str:
    """A part of a fanned-out item as people call it (第 3 页), or its number."""
    labels = pending.fanout.labels if pending.fanout is not None else []
    return labels[part] if part < len(labels) else f"第 {part + 1} 部分"


def restart(client: Client, worker: str) -> None:
    """Restart a worker left with a thread stuck on an item that hung, so that it stops
    spending CPU and memory on it; a worker without a nanny (nothing to restart it) is left
    as it is: its thread runs on, but the run goes on without it."""
    try:
        client.restart_workers([worker], raise_for_error=False)
    except (ValueError, OSError, TimeoutError) as e:
        logging.getLogger(__name__).warning("could not restart worker %s: %s", worker, e)

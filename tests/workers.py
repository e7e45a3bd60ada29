"""Jobs for the worker-pool tests, in a module of their own: a spawned worker imports the
module of the function it runs, and this one imports nothing."""

from __future__ import annotations

import os


def dies_on_three(n: int) -> int:
    """Kill the worker's process on one input, as a native reader crashing would."""
    if n == 3:
        os._exit(1)
    return n * 10


def hangs_on_three(n: int) -> int:
    """Never finish on one input (as a reader stuck on a pathological file would), sleeping
    the way a native call does: without holding the GIL."""
    if n == 3:
        import time

        time.sleep(3600)
    return n * 10


def worker_pid(_: object = None) -> int:
    """The process id of the worker a task runs on."""
    return os.getpid()



def split_when_even(n: int) -> object:
    """An odd item's result at once (n × 10); an even one split into n parts (k × 10 each),
    joined by their sum: what a scan's pages are to the audit."""
    if n % 2:
        return n * 10
    from functools import partial

    from gongkai.distributed import Fanout

    return Fanout([partial(dies_on_three, k) for k in range(n)], add_up, [f"第 {k + 1} 页" for k in range(n)])


def a_page_beside_a_killer(n: int) -> object:
    """Item n split into two parts that run side by side on one worker: a slow, harmless
    第 1 页 (n × 10, after a second) and a 第 2 页 that kills the worker."""
    from functools import partial

    from gongkai.distributed import Fanout

    return Fanout([partial(slow, n), partial(dies_on_three, 3)], add_up, ["第 1 页", "第 2 页"])


def slow(n: int) -> int:
    import time

    time.sleep(1)
    return n * 10


def add_up(*parts: int) -> int:
    return sum(parts)

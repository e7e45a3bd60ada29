"""``pool.batch_gc``: the garbage collector's settings during batch work are the process's,
so batches running in several threads at once (the web app audits uploads in threads) share
them, and the last one to end restores what was there before, unfrozen."""

from __future__ import annotations

import gc
import threading

from gongkai.pool import BATCH_GC_THRESHOLDS, batch_gc


def test_batches_in_threads_share_the_setting_and_the_last_restores_it():
    before = gc.get_threshold()
    inside: list[tuple[int, ...]] = []
    entered = threading.Barrier(4)
    leave = [threading.Event() for _ in range(3)]

    def batch(i: int) -> None:
        with batch_gc():
            inside.append(gc.get_threshold())
            entered.wait(timeout=10)
            leave[i].wait(timeout=10)

    threads = [threading.Thread(target=batch, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    entered.wait(timeout=10)  # all three inside
    assert gc.get_freeze_count() > 0
    for i in (2, 0):  # two end: the third still runs at batch pace
        leave[i].set()
        threads[i].join(timeout=10)
    assert gc.get_threshold() == BATCH_GC_THRESHOLDS
    leave[1].set()
    threads[1].join(timeout=10)
    assert inside == [BATCH_GC_THRESHOLDS] * 3
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_batch_that_raises_restores_the_setting():
    before = gc.get_threshold()
    try:
        with batch_gc():
            raise RuntimeError("a batch failing")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0

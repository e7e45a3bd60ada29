"""The distributed engine (issue 16): the audit's tasks on a Dask cluster.

Only this package imports Dask. Like ``gongkai.pool`` it is an executor: the API hands it
the function to run and the items, and stores what comes back itself. ``connect`` gives a
client of a scheduler (or of a ``LocalCluster``), ``as_done`` maps over it (``engine.py``);
``tasks.py`` is what runs on the workers.
"""

from __future__ import annotations

from gongkai.distributed.engine import (
    CRASHED,
    MEMORY_LIMIT,
    PART_CRASHED,
    PART_TIMED_OUT,
    TIMED_OUT,
    TIMEOUT,
    as_done,
    connect,
    plan,
)
from gongkai.distributed.tasks import Fanout

__all__ = ["CRASHED", "MEMORY_LIMIT", "PART_CRASHED", "PART_TIMED_OUT", "TIMED_OUT", "TIMEOUT", "Fanout", "as_done",
           "connect", "plan"]

"""Jobs for the worker-pool tests, in a module of their own: a spawned worker imports the
module of the function it runs, and this one imports nothing."""

from __future__ import annotations

import os


def dies_on_three(n: int) -> int:
    """Kill the worker's process on one input, as a native reader crashing would."""
    if n == 3:
        os._exit(1)
    return n * 10

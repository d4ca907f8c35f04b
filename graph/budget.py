"""A query's time budget: long analyses call :meth:`Budget.check` in their loops and stop with
LimitExceeded, naming the budget, once it is spent. Python cannot interrupt a thread from outside, so the
check is cooperative; the loops that can grow with the graph (paths, cliques, triads, tension ranking,
subgraphs) carry one.

>>> Budget(None).check()  # no budget: never stops
>>> b = Budget(0.0)
>>> b.check()
Traceback (most recent call last):
...
graph.errors.LimitExceeded: query time (seconds) exceeds the limit of 0.0
"""

from __future__ import annotations

import time

from graph.errors import LimitExceeded


class Budget:
    __slots__ = ("seconds", "deadline")

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise LimitExceeded("query time (seconds)", self.seconds or 0.0)


UNLIMITED = Budget(None)

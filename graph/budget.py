"""A query's time budget: long analyses call :meth:`Budget.check` in their loops and stop with
LimitExceeded, naming the budget, once it is spent. Python cannot interrupt a thread from outside, so the
check is cooperative; the loops that can grow with the graph (paths, cliques, triads, tension ranking,
subgraphs) carry one. The clock starts at the first check, which each analysis makes as it begins: time a
request spends queued for a worker thread is not counted against it.

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
        self.deadline: float | None = None  # set by the first check

    def check(self) -> None:
        if self.seconds is None:
            return
        now = time.monotonic()
        if self.deadline is None:
            self.deadline = now + self.seconds
        if now >= self.deadline:
            raise LimitExceeded("query time (seconds)", self.seconds)


UNLIMITED = Budget(None)

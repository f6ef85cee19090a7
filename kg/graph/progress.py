"""How the long graph steps say how far they are: the builder's progress hook, seen from below.

At a million papers writing the graph tables takes a quarter of an hour and the overview page a minute or
two; their passes report per shard and per row so the build's bars can show rate and time left
(kg.builder.Progress has this shape).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

# (stage, items done, items in all or None while unknown)
StageProgress = Callable[[str, int, int | None], None]
Item = TypeVar("Item")
# Rows between two reports of a long write: often enough for a steady rate, rare enough to cost nothing.
REPORT_EVERY = 100_000


def no_progress(stage: str, done: int, total: int | None) -> None:
    """The hook of a caller that shows none."""


def reported(items: Iterable[Item], stage: str, total: int, progress: StageProgress, done: list[int]) -> Iterator[Item]:
    """`items` unchanged, adding each to `done[0]` (shared by the iterables of one stage) and reporting
    every REPORT_EVERY items."""
    for item in items:
        done[0] += 1
        if done[0] % REPORT_EVERY == 0:
            progress(stage, done[0], total)
        yield item

"""How long steps say how far they are: the progress hook of a build, defined where its lowest user is.

At a million papers writing the graph tables takes a quarter of an hour and the overview page a minute or
two; their passes report per shard and per row so the build's bars can show rate and time left.
kg.builder.Progress is this hook.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

# (stage, items done, items in all or None while unknown)
StageProgress = Callable[[str, int, int | None], None]
Item = TypeVar("Item")
# Items between two reports of a long pass: often enough for a steady rate, rare enough to cost nothing.
REPORT_EVERY = 100_000


def no_progress(stage: str, done: int, total: int | None) -> None:
    """The hook of a caller that shows none."""


class StageCount:
    """Items done of a stage whose total is known: reported at the start, each time the count passes a
    multiple of REPORT_EVERY, and complete at `finish`."""

    def __init__(self, progress: StageProgress, stage: str, total: int) -> None:
        self._progress, self._stage, self._total, self.done = progress, stage, total, 0
        progress(stage, 0, total)

    def add(self, count: int = 1) -> None:
        before, self.done = self.done, self.done + count
        if self.done // REPORT_EVERY > before // REPORT_EVERY:
            self._progress(self._stage, min(self.done, self._total), self._total)

    def counted(self, items: Iterable[Item]) -> Iterator[Item]:
        """`items` unchanged, each one added."""
        for item in items:
            self.add()
            yield item

    def finish(self) -> None:
        self._progress(self._stage, self._total, self._total)

"""Progress bars for long commands: one line per stage, with the rate and the time left where known."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn,
)
from rich.text import Text

# (stage, items done, items in all or None while unknown); the builder's and the fetchers' hooks.
StageReport = Callable[[str, int, int | None], None]


class RateColumn(ProgressColumn):
    """'12.5/s, ETA 0:01:04' for a stage of known size; nothing while no rate is known yet."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if not speed:
            return Text("")
        rate = f"{speed:.1f}/s" if speed < 100 else f"{speed:,.0f}/s"
        left = task.time_remaining
        eta = f", ETA {datetime.timedelta(seconds=round(left))}" if left is not None and not task.finished else ""
        return Text(rate + eta, style="progress.data.speed")


@contextmanager
def stage_progress(console: Console, *, disable: bool = False) -> Iterator[StageReport]:
    """A report(stage, done, total) function drawing one bar per stage on `console` until the block ends."""
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), RateColumn())
    with Progress(*columns, console=console, disable=disable, transient=True) as bars:
        tasks: dict[str, int] = {}

        def report(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield report

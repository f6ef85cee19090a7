"""Two passes that may run at once: the node table's and the edge table's writes of the streamed graph.

Each writes its own file, and the second reads only files, so a PairRunner may run the second, pickled,
in another process while the first runs here (kg.shards.spawned_pair, in an out-of-core build: the edge
table is about two thirds of the writing). The default runs them one after the other, here. Whoever runs
them, the files are the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

Result = TypeVar("Result")
# The pass that runs here: called with `poll`, which it calls now and then so that the other pass's
# counts reach `on_count` while it runs.
Here = Callable[[Callable[[], None]], None]
# The other pass: called with `count(n)`, n more of its items done; what it returns comes back. It and
# what it returns pickle (kg.graph.streamed.graph_tables.EdgeTable).
There = Callable[[Callable[[int], None]], Result]


class PairRunner(Protocol):
    def __call__(self, here: Here, there: There[Result], on_count: Callable[[int], None]) -> Result:
        """Run both passes; return what `there` returned. `on_count(n)` hears of the items `there` did."""
        ...


def one_after_the_other(here: Here, there: There[Result], on_count: Callable[[int], None]) -> Result:
    """The PairRunner of a single process: `here`, then `there`, each count passed on as it comes."""
    here(lambda: None)
    return there(on_count)

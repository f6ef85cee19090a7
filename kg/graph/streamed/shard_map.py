"""Where the per-shard steps of the streamed graph run: here, or spread over processes or a Dask cluster.

A per-shard step is a module-level function of (shared, shard): `shared` holds the read-only inputs every
shard needs (the corpus, the gazetteer, the entity index), sent once to each worker, and the step returns
a small result (what it wrote goes to files). A ShardMap runs the step for every shard and gives the
results back in shard order, so the tables are the same bytes whoever ran the steps. The steps that
touch files need the folders they name on every worker (a shared mount across hosts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

Result = TypeVar("Result")
ShardStep = Callable[[Any, int], Result]


class ShardMap(Protocol):
    def map(self, step: ShardStep[Result], shared: Any, shards: Sequence[int]) -> Iterator[Result]:
        """`step(shared, shard)` for every shard of `shards`, the results in that order."""
        ...


class InProcess:
    """Every step here, one shard after the other, each when its result is asked for."""

    def map(self, step: ShardStep[Result], shared: Any, shards: Sequence[int]) -> Iterator[Result]:
        for shard in shards:
            yield step(shared, shard)

"""The corpus the out-of-core build reads: deduplicated papers and their extractions, cut into shards.

Every corpus-wide step of the streamed graph reads the corpus one shard at a time, in order, and never
joins shards, so at most one shard (tens of thousands of papers) is in memory at once whatever the corpus
size; the shard store streams even that one, a row group at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from kg.extract.types import Extraction
from kg.records import PaperRecord


@runtime_checkable
class ShardedCorpus(Protocol):
    """A deduplicated corpus cut into shards; paper order = the in-memory build's (dedup's first-seen order)."""

    def shard_count(self) -> int: ...

    def papers(self, shard: int) -> Iterable[tuple[str, PaperRecord]]:
        """(paper id, merged record) of one shard's papers."""
        ...

    def extractions(self, shard: int) -> Iterable[Extraction]:
        """One extraction per paper of `papers(shard)`, in the same order."""
        ...


@runtime_checkable
class DerivedFiles(Protocol):
    """A corpus that keeps what a pass derives from one shard's extractions, for later passes and builds."""

    def derived(self, shard: int, name: str, tag: str) -> bytes | None:
        """The bytes kept as `name` of shard `shard` under `tag`, if they were derived from the shard's
        current extractions; else None."""
        ...

    def keep_derived(self, shard: int, name: str, tag: str, data: bytes) -> None:
        """Keep `data` as `name` of shard `shard`, derived under `tag` from its current extractions."""
        ...


class ListCorpus:
    """A ShardedCorpus over lists already in memory: for tests and builds small enough to hold."""

    def __init__(self, papers: Sequence[tuple[str, PaperRecord]], extractions: Sequence[Extraction],
                 shard_size: int) -> None:
        if len(papers) != len(extractions):
            raise ValueError(f"{len(papers)} papers but {len(extractions)} extractions")
        for (paper_id, _), extraction in zip(papers, extractions):
            if extraction.paper_id != paper_id:
                raise ValueError(f"extraction of {extraction.paper_id!r} stands where {paper_id!r}'s belongs")
        if shard_size < 1:
            raise ValueError(f"shard_size must be at least 1, not {shard_size}")
        self._papers = list(papers)
        self._extractions = list(extractions)
        self._shard_size = shard_size

    def shard_count(self) -> int:
        return -(-len(self._papers) // self._shard_size)

    def _range(self, shard: int) -> slice:
        if not 0 <= shard < self.shard_count():
            raise IndexError(f"shard {shard} of {self.shard_count()}")
        return slice(shard * self._shard_size, (shard + 1) * self._shard_size)

    def papers(self, shard: int) -> list[tuple[str, PaperRecord]]:
        return self._papers[self._range(shard)]

    def extractions(self, shard: int) -> list[Extraction]:
        return self._extractions[self._range(shard)]

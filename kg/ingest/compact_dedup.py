"""Deduplication of a corpus larger than memory: `Deduplicator`'s papers, with the records on disk.

The same rules (kg.ingest.dedup's PaperMatcher) decide which paper each record joins, over 64-bit hashes
of the lookup keys. In memory: one Identity per paper (hashes, plus the DOIs as written for papers that
have one) and one index entry per distinct key: a few hundred bytes per paper, growing linearly with
the papers (benchmarks/sharded_ingest.py measures it). Each record is written, with its paper number, to
the spill file of its paper's bucket (`bucket_size` consecutive papers of first-seen order). A paper
never moves once numbered, so when the input ends every bucket is merged on its own: `buckets()` holds
one bucket's records at a time.

It can go on from an earlier run's matcher (kg.shards keeps its state with the papers): the earlier papers
keep their numbers, this run spills only its own records, and `changed_buckets` merges them into the
earlier papers of the buckets they joined (a paper is the left fold of its records, so that equals
merging all of them afresh) and leaves every other bucket alone.

Two different keys with the same 64-bit hash would be taken for one key; among the ~3 million keys of a
million papers the chance of any such pair is about 2e-7.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from kg.ingest.dedup import PaperMatcher, merge, paper_key
from kg.records import PaperRecord

SPILL_PATTERN = "bucket-{:05d}.jsonl"
_WRITE_BUFFER_BYTES = 1 << 16


def key_hash(text: str) -> int:
    """A lookup key's 64-bit hash: the same in every run (unlike `hash`), so a build is reproducible."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


class CompactDeduplicator:
    """Collects records like Deduplicator, spilling them under `spill_dir`; read the papers back with
    `buckets()`. Use it as a context manager: the spill files are deleted on the way out.

    `matcher`: an earlier run's (PaperMatcher.restored over key_hash) to go on from; `merged` counts this
    run's merges only.
    """

    def __init__(self, spill_dir: Path, bucket_size: int, matcher: PaperMatcher[int] | None = None) -> None:
        if bucket_size < 1:
            raise ValueError(f"bucket_size must be at least 1, not {bucket_size}")
        self._spill_dir = spill_dir
        self._bucket_size = bucket_size
        self._matcher: PaperMatcher[int] = matcher if matcher is not None else PaperMatcher(key_hash)
        self._earlier = len(self._matcher)  # papers of the earlier run: their records are not in the spills
        self._spills: dict[int, TextIO] = {}  # bucket -> its spill file, for the buckets this run added to
        self.merged = 0

    def __enter__(self) -> CompactDeduplicator:
        self._spill_dir.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self._close_spills()
        for bucket in self._spills:
            self._spill_path(bucket).unlink(missing_ok=True)

    def add(self, record: PaperRecord) -> bool:
        """Add a record; True when it was merged into a paper already seen."""
        position, merged = self._matcher.add(record)
        self.merged += merged
        bucket = position // self._bucket_size
        spill = self._spills.get(bucket)
        if spill is None:
            spill = self._spills[bucket] = self._spill_path(bucket).open(
                "w", encoding="utf-8", buffering=_WRITE_BUFFER_BYTES)
        spill.write(f"{position}\t{record.model_dump_json()}\n")
        return merged

    @property
    def matcher(self) -> PaperMatcher[int]:
        """The matcher as the records added so far left it (its state is what a later run goes on from)."""
        return self._matcher

    def bucket_count(self) -> int:
        return -(-len(self._matcher) // self._bucket_size)

    def buckets(self) -> Iterator[list[tuple[str, PaperRecord]]]:
        """(paper id, merged paper) of each bucket in turn, first-seen order, as Deduplicator.papers_with_ids
        gives them. Ends the input: no `add` after this. Each bucket's spill file is deleted once read."""
        if self._earlier:
            raise ValueError("a deduplicator that goes on from an earlier run gives changed_buckets() only")
        for _, papers in self.changed_buckets(_no_earlier_papers):
            yield papers

    def changed_buckets(
        self, earlier: Callable[[int], list[PaperRecord]]
    ) -> Iterator[tuple[int, list[tuple[str, PaperRecord]]]]:
        """(bucket, its (paper id, merged paper)s) of each bucket this run added a record to, in order: a
        bucket that holds earlier papers starts from `earlier(bucket)`, those papers as the earlier run
        merged them. Ends the input, and deletes each spill file once read, as `buckets()`."""
        self._close_spills()
        for bucket in sorted(self._spills):
            first = bucket * self._bucket_size
            kept = earlier(bucket) if first < self._earlier else []
            known = max(0, min(self._bucket_size, self._earlier - first))
            if len(kept) != known:  # the papers are not those the matcher was left by
                raise ValueError(f"bucket {bucket}: {len(kept)} earlier papers, the matcher knows {known}")
            path = self._spill_path(bucket)
            papers = self._merged_bucket(path, first, kept)
            path.unlink()
            yield bucket, [(paper_key(paper), paper) for paper in papers]

    def _merged_bucket(self, path: Path, first: int, kept: list[PaperRecord]) -> list[PaperRecord]:
        papers: list[PaperRecord | None] = [*kept]
        papers += [None] * (min(self._bucket_size, len(self._matcher) - first) - len(kept))
        with path.open(encoding="utf-8") as spill:
            for line in spill:
                position, _, text = line.partition("\t")
                record = PaperRecord.model_validate_json(text)
                row = int(position) - first
                kept = papers[row]
                papers[row] = record if kept is None else merge(kept, record)
        assert all(paper is not None for paper in papers), f"{path}: a paper has no record"
        return papers  # type: ignore[return-value]

    def _spill_path(self, bucket: int) -> Path:
        return self._spill_dir / SPILL_PATTERN.format(bucket)

    def _close_spills(self) -> None:
        for spill in self._spills.values():
            spill.close()

    def __len__(self) -> int:
        return len(self._matcher)


def _no_earlier_papers(bucket: int) -> list[PaperRecord]:
    raise AssertionError(f"bucket {bucket}: a deduplicator without an earlier run has no earlier papers")

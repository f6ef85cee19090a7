"""Deduplication of a corpus larger than memory: `Deduplicator`'s papers, with the records on disk.

The same rules (kg.ingest.dedup's PaperMatcher) decide which paper each record joins, over 64-bit hashes
of the lookup keys. In memory: one Identity per paper (hashes, plus the DOIs as written for papers that
have one) and one index entry per distinct key: a few hundred bytes per paper, growing linearly with
the papers (benchmarks/sharded_ingest.py measures it). Each record is written, with its paper number, to
the spill file of its paper's bucket (`bucket_size` consecutive papers of first-seen order). A paper
never moves once numbered, so when the input ends every bucket is merged on its own: `buckets()` holds
one bucket's records at a time.

Two different keys with the same 64-bit hash would be taken for one key; among the ~3 million keys of a
million papers the chance of any such pair is about 2e-7.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
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
    `buckets()`. Use it as a context manager: the spill files are deleted on the way out."""

    def __init__(self, spill_dir: Path, bucket_size: int) -> None:
        if bucket_size < 1:
            raise ValueError(f"bucket_size must be at least 1, not {bucket_size}")
        self._spill_dir = spill_dir
        self._bucket_size = bucket_size
        self._matcher: PaperMatcher[int] = PaperMatcher(key_hash)
        self._spills: list[TextIO] = []
        self.merged = 0

    def __enter__(self) -> CompactDeduplicator:
        self._spill_dir.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self._close_spills()
        for bucket in range(self.bucket_count()):
            self._spill_path(bucket).unlink(missing_ok=True)

    def add(self, record: PaperRecord) -> bool:
        """Add a record; True when it was merged into a paper already seen."""
        position, merged = self._matcher.add(record)
        self.merged += merged
        bucket = position // self._bucket_size
        if bucket == len(self._spills):
            self._spills.append(self._spill_path(bucket).open("w", encoding="utf-8", buffering=_WRITE_BUFFER_BYTES))
        self._spills[bucket].write(f"{position}\t{record.model_dump_json()}\n")
        return merged

    def bucket_count(self) -> int:
        return -(-len(self._matcher) // self._bucket_size)

    def buckets(self) -> Iterator[list[tuple[str, PaperRecord]]]:
        """(paper id, merged paper) of each bucket in turn, first-seen order, as Deduplicator.papers_with_ids
        gives them. Ends the input: no `add` after this. Each bucket's spill file is deleted once read."""
        self._close_spills()
        for bucket in range(self.bucket_count()):
            path = self._spill_path(bucket)
            papers = self._merged_bucket(path, bucket * self._bucket_size)
            path.unlink()
            yield [(paper_key(paper), paper) for paper in papers]

    def _merged_bucket(self, path: Path, first: int) -> list[PaperRecord]:
        papers: list[PaperRecord | None] = [None] * min(self._bucket_size, len(self._matcher) - first)
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
        for spill in self._spills:
            spill.close()

    def __len__(self) -> int:
        return len(self._matcher)

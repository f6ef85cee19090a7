"""Sharded ingest: every source read into a ShardStore's papers shards, deduplicated, in bounded memory.

The same reading, selection, rejects and counts as kg.builder's in-memory ingest (tested equal), with
kg.ingest.compact_dedup in place of Deduplicator: in memory are its per-paper identities and key index
(linear in the papers, a few hundred bytes each) and one shard while it is merged and written. The
rejects go to `rejects.jsonl` in the store as they come (kg.stage_files' format), not into a list.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.builder import Progress, StrictModeError, doi_conflicts, no_progress
from kg.ingest import local_files, read_sources
from kg.ingest.compact_dedup import CompactDeduplicator
from kg.ingest.selection import KEEP_ALL, LeftOut, Selection
from kg.records import PaperRecord, Reject
from kg.shards.store import PARTIAL_SUFFIX, ShardStore, file_sha256
from kg.stage_files import write_rejects
from kg.workspace import KgOutputs

REJECTS_JSONL = "rejects.jsonl"
SPILL_FOLDER = "spill"


@dataclass
class IngestCounts:
    """The figures kg.builder.BuildResult reports of an ingest; entries_read = papers + duplicates_merged
    + rejected + filtered_out."""

    entries_read: int = 0
    papers: int = 0
    duplicates_merged: int = 0
    rejected: int = 0
    files_rejected: int = 0
    filtered_out: int = 0  # BuildResult reports it only when the selection filters
    # Papers whose records named different DOIs: {"paper": id, "dois": [the kept doi, the others...]}.
    doi_conflicts: list[dict[str, object]] = field(default_factory=list)


def ingest(
    sources: Sequence[str],
    store: ShardStore,
    *,
    fmt: str | None = None,
    strict: bool = False,
    selection: Selection = KEEP_ALL,
    progress: Progress = no_progress,
) -> IngestCounts:
    """Read `sources` into `store` (its papers shards written anew) and return the counts.

    Raises StrictModeError on the first reject when `strict`. Rejects are in `store.folder / REJECTS_JSONL`.
    When the store holds a complete ingest of the same sources, byte for byte, with the same settings (a
    build killed after its ingest, run again), that one is kept and nothing is read.
    """
    settings = {"sources": list(sources), "format": fmt, "strict": strict, "selection": selection.as_dict(),
                "files": _fingerprints(sources)}
    earlier = store.completed_ingest(settings) if settings["files"] is not None else None
    if earlier is not None and rejects_path(store).is_file():
        counts = IngestCounts(**earlier)
        kept = counts.papers + counts.duplicates_merged
        progress("ingest", kept, kept)
        return counts
    store.start_ingest(settings)
    counts = IngestCounts()
    items = read_sources(sources, fmt, skip=KgOutputs(), selection=selection)
    with CompactDeduplicator(store.folder / SPILL_FOLDER, store.shard_size) as dedup:
        partial_rejects = store.folder / (REJECTS_JSONL + PARTIAL_SUFFIX)
        write_rejects(partial_rejects, _records_into(dedup, items, counts, strict, selection, progress))
        os.replace(partial_rejects, rejects_path(store))
        for shard, papers in enumerate(dedup.buckets()):
            store.write_papers(shard, papers)
            counts.doi_conflicts += doi_conflicts(papers)
            progress("shard papers", shard + 1, dedup.bucket_count())
        counts.papers = len(dedup)
        counts.duplicates_merged = dedup.merged
    counts.entries_read = counts.papers + counts.duplicates_merged + counts.rejected + counts.filtered_out
    (store.folder / SPILL_FOLDER).rmdir()
    store.finish_ingest(asdict(counts))
    return counts


def _records_into(
    dedup: CompactDeduplicator, items: Iterable[PaperRecord | Reject | LeftOut], counts: IngestCounts,
    strict: bool, selection: Selection, progress: Progress,
) -> Iterator[Reject]:
    """Adds every kept record to `dedup`, counting as kg.builder's ingest does; yields the rejects."""
    read = 0
    for item in items:
        if isinstance(item, LeftOut):  # judged by the reader on its raw row (the arXiv snapshot)
            counts.filtered_out += 1
        elif isinstance(item, Reject):  # kg.ingest has already logged it
            if strict:
                raise StrictModeError(f"{item.source}:{item.line if item.line is not None else '-'}: {item.reason}")
            if item.line is None:
                counts.files_rejected += 1
            else:
                counts.rejected += 1
            yield item
        elif not selection.keeps(item):
            counts.filtered_out += 1
        else:
            read += 1
            dedup.add(item)
            progress("ingest", read, None)
    progress("ingest", read, read)


def _fingerprints(sources: Sequence[str]) -> list[list[object]] | None:
    """(file, size, sha256) of every file the sources name, in reading order (a missing one: size -1);
    None when a source is a URL (not fingerprinted: its ingest is always done again)."""
    files = local_files(sources, KgOutputs())
    if files is None:
        return None
    found: list[list[object]] = []
    for file in files:
        path = Path(file)
        found.append([file, path.stat().st_size, file_sha256(path)] if path.is_file() else [file, -1, ""])
    return found


def rejects_path(store: ShardStore) -> Path:
    """The rejects of the store's last ingest, one JSON line each (kg.stage_files.write_rejects)."""
    return store.folder / REJECTS_JSONL

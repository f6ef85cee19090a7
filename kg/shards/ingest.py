"""Sharded ingest: every source read into a ShardStore's papers shards, deduplicated, in bounded memory.

The same reading, selection, rejects and counts as kg.builder's in-memory ingest (tested equal), with
kg.ingest.compact_dedup in place of Deduplicator: in memory are its per-paper identities and key index
(linear in the papers, a few hundred bytes each) and one shard while it is merged and written. The
rejects go to `rejects.jsonl` in the store as they come (kg.stage_files' format), not into a list.
Every complete ingest leaves the deduplicator's state in the store (kg.shards.matcher_state), so that
an update whose earlier sources are unchanged reads only its new ones (kg.shards.continued_ingest).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import asdict

from kg.builder import Progress, doi_conflicts, no_progress
from kg.ingest import read_sources
from kg.ingest.compact_dedup import CompactDeduplicator
from kg.ingest.selection import KEEP_ALL, Selection
from kg.shards.continued_ingest import continue_ingest
from kg.shards.matcher_state import save_matcher
from kg.shards.reading import (
    REJECTS_JSONL, SPILL_FOLDER, IngestCounts, emptied_spill, fingerprints, records_into, rejects_path,
)
from kg.shards.store import PARTIAL_SUFFIX, ShardStore
from kg.stage_files import write_rejects
from kg.workspace import KgOutputs

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
    build killed after its ingest, run again), that one is kept and nothing is read; when it holds one of
    the first of these sources (an update), only the others are read and only the shards they change
    are written.
    """
    settings = {"sources": list(sources), "format": fmt, "strict": strict, "selection": selection.as_dict(),
                "files": fingerprints(sources)}
    earlier = store.completed_ingest(settings) if settings["files"] is not None else None
    if earlier is not None and rejects_path(store).is_file():
        counts = IngestCounts(**earlier)
        kept = counts.papers + counts.duplicates_merged
        progress("ingest", kept, kept)
        return counts
    continued = continue_ingest(store, settings, strict=strict, selection=selection, progress=progress)
    if continued is not None:
        return continued
    store.start_ingest(settings)
    counts = IngestCounts()
    conflict_shards: list[int] = []
    items = read_sources(sources, fmt, skip=KgOutputs(), selection=selection)
    with CompactDeduplicator(emptied_spill(store), store.shard_size) as dedup:
        partial_rejects = store.folder / (REJECTS_JSONL + PARTIAL_SUFFIX)
        write_rejects(partial_rejects, records_into(dedup, items, counts, strict, selection, progress))
        os.replace(partial_rejects, rejects_path(store))
        for shard, papers in enumerate(dedup.buckets()):
            store.write_papers(shard, papers)
            conflicts = doi_conflicts(papers)
            counts.doi_conflicts += conflicts
            conflict_shards += [shard] * len(conflicts)
            progress("shard papers", shard + 1, dedup.bucket_count())
        counts.papers = len(dedup)
        counts.duplicates_merged = dedup.merged
        save_matcher(store, dedup.matcher)
    counts.count_entries()
    (store.folder / SPILL_FOLDER).rmdir()
    store.finish_ingest(asdict(counts), conflict_shards)
    return counts

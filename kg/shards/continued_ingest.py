"""An ingest that goes on from the store's last complete one: `kg build DAY --update OUT --out-of-core`
reads the day's sources only, not every source again.

It applies when the last ingest completed with the same format, `--strict` and selection, and its
sources, with their files byte for byte (size and sha256), are the first of this run's. The
deduplicator's state it ended with (kg.shards.matcher_state) is loaded, the new sources are read into it,
and a record that joins an earlier paper is merged into that paper as its shard holds it (a paper is the
left fold of its records, and a shard's Parquet round trip is lossless, so this equals a fresh ingest's
merge). Only the shards that took a record are written again, in place; every other shard's file,
sha256 and ledger entry stay, and with them its extractions. The counts, the rejects (the earlier ones,
then the new) and doi_conflicts (in paper order) are a fresh ingest's.

Anything else (a changed or gone earlier file, other settings, a URL source, a missing or damaged
state file, an ingest killed half way) is left to the full ingest, with the reason logged. Killed while
it runs, it leaves an incomplete ingest whose ledger lists only files that match it (the store's
write_papers takes a shard out of the ledger while its file is replaced), so the next run ingests afresh.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kg.builder import Progress, doi_conflicts
from kg.ingest import local_files, read_sources
from kg.ingest.compact_dedup import CompactDeduplicator
from kg.ingest.dedup import PaperMatcher
from kg.ingest.selection import Selection
from kg.shards.matcher_state import load_matcher, save_matcher
from kg.shards.reading import REJECTS_JSONL, SPILL_FOLDER, IngestCounts, emptied_spill, records_into, rejects_path
from kg.shards.store import PARTIAL_SUFFIX, ShardStore, ShardStoreError
from kg.stage_files import write_rejects
from kg.workspace import KgOutputs

log = logging.getLogger(__name__)

_NEW_REJECTS = "rejects-new.jsonl" + PARTIAL_SUFFIX  # this run's rejects, before the earlier ones join them


def continue_ingest(
    store: ShardStore, settings: dict[str, Any], *, strict: bool, selection: Selection, progress: Progress,
) -> IngestCounts | None:
    """The counts of this run's ingest (`settings` as kg.shards.ingest makes them) gone on from the store's
    last one, or None when it cannot go on from it: the caller ingests everything."""
    earlier = store.last_ingest()
    reason = _why_not(store, earlier, settings)
    if reason is None and earlier is not None:
        try:
            matcher = load_matcher(store)
        except ShardStoreError as error:
            reason = f"the deduplicator's state cannot be read ({error})"
        else:
            new_sources = settings["sources"][len(earlier["settings"]["sources"]):]
            log.debug("ingest: going on from the store's last ingest, reading %s", ", ".join(new_sources))
            return _go_on(store, settings, earlier, matcher, new_sources, strict, selection, progress)
    log.debug("ingest: every source is read again: %s", reason)
    return None


def _why_not(store: ShardStore, earlier: dict[str, Any] | None, settings: dict[str, Any]) -> str | None:
    """Why this run cannot go on from the `earlier` ingest, or None when it can."""
    if earlier is None:
        return "the store holds no complete ingest"
    if settings["files"] is None:
        return "a source is a URL (its files are not fingerprinted)"
    before = earlier["settings"]
    changed = [name for name in ("format", "strict", "selection") if before.get(name) != settings[name]]
    if changed:
        return f"{', '.join(changed)} differ from the last ingest's"
    count = len(before["sources"])
    if settings["sources"][:count] != before["sources"] or len(settings["sources"]) == count:
        return "the sources are not the last ingest's followed by new ones"
    # The files of the earlier sources as they are now: the first of this run's fingerprints.
    files = len(local_files(before["sources"], KgOutputs()) or [])
    if settings["files"][:files] != before["files"]:
        return "a file of the last ingest changed, is gone, or a folder of it holds other files"
    if not rejects_path(store).is_file():
        return f"the store's {REJECTS_JSONL} is gone"
    if "conflict_shards" not in earlier:
        return "the last ingest was made by a kg that kept no state to go on from"
    return None


def _go_on(
    store: ShardStore, settings: dict[str, Any], earlier: dict[str, Any], matcher: PaperMatcher[int],
    new_sources: Sequence[str], strict: bool, selection: Selection, progress: Progress,
) -> IngestCounts:
    counts = IngestCounts()
    items = read_sources(new_sources, settings["format"], skip=KgOutputs(), selection=selection)
    store.delete_partials()
    with CompactDeduplicator(emptied_spill(store), store.shard_size, matcher) as dedup:
        new_rejects = store.folder / _NEW_REJECTS
        write_rejects(new_rejects, records_into(dedup, items, counts, strict, selection, progress))
        store.reopen_ingest(settings)  # from here on a kill leaves an incomplete ingest: the next one is full
        _append(rejects_path(store), new_rejects)
        changed: dict[int, list[dict[str, object]]] = {}
        for shard, papers in dedup.changed_buckets(lambda shard: [paper for _, paper in store.papers(shard)]):
            store.write_papers(shard, papers)
            changed[shard] = doi_conflicts(papers)
            progress("shard papers", len(changed), None)
        progress("shard papers", len(changed), len(changed))
        save_matcher(store, dedup.matcher)
        total = _added(IngestCounts(**earlier["counts"]), counts, papers=len(dedup), merged=dedup.merged)
    (store.folder / SPILL_FOLDER).rmdir()
    total.doi_conflicts, conflict_shards = _conflicts_in_order(store, earlier, changed)
    store.finish_ingest(asdict(total), conflict_shards)
    return total


def _append(rejects: Path, new: Path) -> None:
    """`rejects` followed by `new` (this run's) in place of `rejects`: written beside it, then renamed."""
    partial = rejects.with_name(rejects.name + PARTIAL_SUFFIX)
    with partial.open("wb") as out:
        for part in (rejects, new):
            with part.open("rb") as source:
                shutil.copyfileobj(source, out)
    os.replace(partial, rejects)
    new.unlink()


def _added(earlier: IngestCounts, new: IngestCounts, *, papers: int, merged: int) -> IngestCounts:
    """The counts of the earlier ingest and this run's together (doi_conflicts aside)."""
    total = IngestCounts(papers=papers, duplicates_merged=earlier.duplicates_merged + merged,
                         rejected=earlier.rejected + new.rejected,
                         files_rejected=earlier.files_rejected + new.files_rejected,
                         filtered_out=earlier.filtered_out + new.filtered_out)
    total.count_entries()
    return total


def _conflicts_in_order(
    store: ShardStore, earlier: dict[str, Any], changed: dict[int, list[dict[str, object]]],
) -> tuple[list[dict[str, object]], list[int]]:
    """doi_conflicts in paper order, and the shard of each: a changed shard's as its papers are now, every
    other shard's as the earlier ingest found them."""
    kept: dict[int, list[dict[str, object]]] = {}
    for conflict, shard in zip(earlier["counts"]["doi_conflicts"], earlier["conflict_shards"]):
        kept.setdefault(shard, []).append(conflict)
    conflicts: list[dict[str, object]] = []
    shards: list[int] = []
    for shard in range(store.shard_count()):
        found = changed[shard] if shard in changed else kept.get(shard, [])
        conflicts += found
        shards += [shard] * len(found)
    return conflicts, shards

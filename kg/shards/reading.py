"""What a full ingest (kg.shards.ingest) and one that goes on from the last (kg.shards.continued_ingest)
share: the counts, records read into the deduplicator and counted as kg.builder's ingest counts them,
the sources' fingerprints and the rejects file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.builder import Progress, StrictModeError
from kg.ingest import local_files
from kg.ingest.compact_dedup import CompactDeduplicator
from kg.ingest.selection import LeftOut, Selection
from kg.records import PaperRecord, Reject
from kg.shards.store import ShardStore, file_sha256
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

    def count_entries(self) -> None:
        """Set entries_read from the counts it adds up."""
        self.entries_read = self.papers + self.duplicates_merged + self.rejected + self.filtered_out


def records_into(
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


def fingerprints(sources: Sequence[str]) -> list[list[object]] | None:
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


def emptied_spill(store: ShardStore) -> Path:
    """The store's spill folder without the files a killed ingest left there (an ingest removes it when done)."""
    folder = store.folder / SPILL_FOLDER
    if folder.is_dir():
        for leftover in folder.iterdir():
            leftover.unlink()
    return folder


def rejects_path(store: ShardStore) -> Path:
    """The rejects of the store's last ingest, one JSON line each (kg.stage_files.write_rejects)."""
    return store.folder / REJECTS_JSONL

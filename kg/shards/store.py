"""The shard store of an out-of-core build: papers and extractions as Parquet shards, and their ledger.

A folder (the build passes OUT/.shards/) holds `papers-00042.parquet` (the merged PaperRecords of papers
42*S .. 43*S-1 of first-seen order, with their ids), `extractions-00042.parquet` (one row per paper of
that shard: its id, its extraction input's sha256 and the extraction as kg.extract.serialize's JSON)
and `ledger.json`: for each shard its file's row count and sha256, the input range its papers were
first seen in, and for extractions the MadeWith they were made with and the papers file they came from.
The ledger also holds the last ingest: its settings (the sources' fingerprints among them), whether it
completed, its counts, and the files of the deduplicator's state it ended with (kg.shards.matcher_state),
from which an update's ingest goes on (kg.shards.continued_ingest).
Every file is written beside its name (`.partial`) and renamed once complete and synced, then entered
in the ledger; a file the ledger does not list, or whose sha256 differs, is not the store's.

Beside them, files derived from an extraction shard for the graph's passes (`entity-facts-00042.derived`,
kg.graph.streamed.entities): a cache, outside the ledger, each with a header naming the extraction file's
sha256 it was derived from, the deriving code's tag, and its own size and sha256; it is used only when all
of them still hold.

Parquet rather than compressed JSON Lines: typed columns that pyarrow, DuckDB and Dask read directly,
and smaller and faster to read back (benchmarks/sharded_ingest.py measures both on one shard).
In memory: the ledger (a few hundred bytes per shard) and, while one is read or written, one shard.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kg.extract.serialize import extraction_from_dict, extraction_to_dict
from kg.extract.types import Extraction
from kg.records import PaperRecord

LEDGER_JSON = "ledger.json"
PAPERS = "papers"
EXTRACTIONS = "extractions"
PARTIAL_SUFFIX = ".partial"
DERIVED_SUFFIX = ".derived"
# Rows converted and written at a time: a shard's rows are never all in Arrow and dict form at once.
ROW_GROUP_ROWS = 10_000
# Bumped when a shard's columns or the ledger's layout change: a ledger of another layout is not read.
LAYOUT = 1

_TEXTS = pa.list_(pa.string())
PAPERS_SCHEMA = pa.schema([
    ("id", pa.string()), ("title", pa.string()), ("abstract", pa.string()), ("arxiv_id", pa.string()),
    ("doi", pa.string()), ("other_dois", _TEXTS), ("url", pa.string()), ("published", pa.string()),
    ("authors", _TEXTS), ("categories", _TEXTS), ("links", _TEXTS), ("upvotes", pa.int64()), ("sources", _TEXTS),
])
EXTRACTIONS_SCHEMA = pa.schema([("paper_id", pa.string()), ("input", pa.string()), ("extraction", pa.string())])


class ShardStoreError(Exception):
    """A shard the ledger lists is missing or not what was written (the message says which)."""


def shard_name(kind: str, shard: int) -> str:
    return f"{kind}-{shard:05d}.parquet"


class ShardStore:
    """The shards under `folder`, `shard_size` papers each; a kg.graph.streamed.corpus.ShardedCorpus."""

    def __init__(self, folder: Path, shard_size: int) -> None:
        if shard_size < 1:
            raise ValueError(f"shard_size must be at least 1, not {shard_size}")
        self.folder = folder
        self.shard_size = shard_size
        self._ledger = self._read_ledger()

    # ---- ShardedCorpus

    def shard_count(self) -> int:
        return len(self._ledger[PAPERS])

    def papers_in(self, shard: int) -> int:
        """How many papers shard `shard` holds (from the ledger)."""
        return self._entry(PAPERS, shard)["rows"]

    def papers(self, shard: int) -> Iterator[tuple[str, PaperRecord]]:
        """The shard's papers in order, read a row group at a time (a whole shard of records is never
        in memory); a file missing or not whole is raised here, before the first."""
        return (_paper(row) for rows in self._rows(PAPERS, shard, None) for row in rows)

    def extractions(self, shard: int) -> Iterator[Extraction]:
        """The shard's extractions in order, read a row group at a time (checked as papers() is)."""
        return (extraction_from_dict(json.loads(row["extraction"]))
                for rows in self._rows(EXTRACTIONS, shard, ["extraction"]) for row in rows)

    # ---- kg.graph.streamed.corpus.DerivedFiles

    def derived(self, shard: int, name: str, tag: str) -> bytes | None:
        path = self._derived_path(shard, name)
        extractions = self._ledger[EXTRACTIONS].get(str(shard))
        if extractions is None or not path.is_file() or path.is_symlink():
            return None
        with path.open("rb") as handle:
            try:
                header = json.loads(handle.readline())
            except ValueError:
                return None
            data = handle.read()
        return data if header == _derived_header(extractions["sha256"], tag, data) else None

    def keep_derived(self, shard: int, name: str, tag: str, data: bytes) -> None:
        extractions = self._ledger[EXTRACTIONS].get(str(shard))
        if extractions is None:
            raise ValueError(f"shard {shard} has no extractions to derive {name} from")
        header = _derived_header(extractions["sha256"], tag, data)
        path = self._derived_path(shard, name)
        partial = path.with_name(path.name + PARTIAL_SUFFIX)
        with partial.open("wb") as out:
            out.write(json.dumps(header, sort_keys=True).encode() + b"\n")
            out.write(data)
        os.replace(partial, path)

    def _derived_path(self, shard: int, name: str) -> Path:
        return self.folder / f"{name}-{shard:05d}{DERIVED_SUFFIX}"

    # ---- writing

    def start_ingest(self, settings: dict[str, object]) -> None:
        """Forget the papers shards (a new ingest writes them all again) and delete files a killed run
        left half-written. Extraction shards stay listed: each is reused only for a byte-equal papers shard."""
        self.delete_partials()
        self._ledger[PAPERS] = []
        self._ledger["ingest"] = {"settings": settings, "complete": False}
        self._write_ledger()

    def delete_partials(self) -> None:
        """Delete the files a killed run was writing (none of them is in the ledger)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for partial in self.folder.glob(f"*{PARTIAL_SUFFIX}"):
            if partial.is_file() and not partial.is_symlink():
                partial.unlink()

    def write_papers(self, shard: int, papers: Sequence[tuple[str, PaperRecord]]) -> None:
        """Papers shard number `shard`: its papers in first-seen order, with their ids. The next shard, or
        one the ledger lists, replaced: that one is out of the ledger until its new file is in place, so a
        kill never leaves the ledger listing a file that does not match it."""
        if shard > self.shard_count() or not papers:
            raise ValueError(f"papers shard {shard} ({len(papers)} papers) written after {self.shard_count()} shards")
        later = self._ledger[PAPERS][shard + 1:]
        if shard < self.shard_count():
            del self._ledger[PAPERS][shard:]
            self._write_ledger()
        rows = ({"id": paper_id, **record.model_dump()} for paper_id, record in papers)
        entry = self._write(shard_name(PAPERS, shard), PAPERS_SCHEMA, rows)
        entry["input"] = {"first": _first_source(papers[0][1]), "last": _first_source(papers[-1][1])}
        self._ledger[PAPERS] += [entry, *later]
        self._write_ledger()

    def reopen_ingest(self, settings: dict[str, object]) -> None:
        """Start an ingest that goes on from the complete one (kg.shards.continued_ingest): its papers shards
        stay listed, write_papers replaces those that change; the deduplicator's state leaves the ledger.
        Killed before finish_ingest, it leaves an incomplete ingest: the next one starts afresh."""
        self._ledger["ingest"] = {"settings": settings, "complete": False}
        self._write_ledger()

    def finish_ingest(self, counts: dict[str, object], conflict_shards: list[int]) -> None:
        """Mark the ingest complete, with its counts and the shard of each of its doi_conflicts; extraction
        shards of shards no longer there are dropped."""
        for shard in [key for key in self._ledger[EXTRACTIONS] if int(key) >= self.shard_count()]:
            self._drop_extractions(shard)
        self._ledger["ingest"].update(complete=True, counts=counts, conflict_shards=conflict_shards)
        self._write_ledger()

    def write_state(self, name: str, schema: pa.Schema, rows: Iterable[dict]) -> None:
        """File `name` of the running ingest's state (kg.shards.matcher_state), entered in its ledger record."""
        entry = self._write(name, schema, rows)
        self._ledger["ingest"].setdefault("state", {})[name] = entry
        self._write_ledger()

    def last_ingest(self) -> dict[str, Any] | None:
        """The ledger's record of the last ingest if it completed (settings, counts, conflict_shards and
        state), else None."""
        ingest = self._ledger.get("ingest") or {}
        return ingest if ingest.get("complete") else None

    def state_batches(self, name: str) -> Iterator[dict[str, list]]:
        """The complete ingest's state file `name`, a row group at a time as lists by column.

        Raises ShardStoreError when the ledger has no such file, or the file is missing or not what was written.
        """
        entry = ((self.last_ingest() or {}).get("state") or {}).get(name)
        if entry is None:
            raise ShardStoreError(f"{self.folder / name}: not in the ledger's complete ingest")
        path = self.folder / entry["file"]
        if not path.is_file() or path.is_symlink() or file_sha256(path) != entry["sha256"]:
            raise ShardStoreError(f"{path}: missing, or not the file the ledger lists")
        for batch in pq.ParquetFile(path).iter_batches(batch_size=ROW_GROUP_ROWS):
            yield batch.to_pydict()

    def completed_ingest(self, settings: dict[str, Any]) -> dict[str, Any] | None:
        """The counts of the last ingest if it completed with exactly these settings, else None."""
        last = self.last_ingest()
        return last["counts"] if last is not None and last["settings"] == settings else None

    def extractions_done(self, shard: int, made_with: dict[str, object]) -> bool:
        """Whether shard `shard` has an extraction shard made with `made_with` from its current papers file,
        whole on disk."""
        entry = self._ledger[EXTRACTIONS].get(str(shard))
        if entry is None or entry["made_with"] != made_with or entry["papers_sha256"] != self._entry(PAPERS, shard)["sha256"]:
            return False
        path = self.folder / entry["file"]
        return path.is_file() and not path.is_symlink() and file_sha256(path) == entry["sha256"]

    def earlier_extractions(self, shard: int, made_with: dict[str, object], keys: dict[str, str]) -> dict[str, Extraction]:
        """What the shard's extraction file, whatever papers file it came from, holds for papers whose
        input is unchanged (`keys`: paper id -> input key), if made with `made_with` and whole on disk:
        after an update re-cut a shard, only its new or changed papers need extracting."""
        entry = self._ledger[EXTRACTIONS].get(str(shard))
        if entry is None or entry["made_with"] != made_with:
            return {}
        path = self.folder / entry["file"]
        if not path.is_file() or path.is_symlink() or file_sha256(path) != entry["sha256"]:
            return {}
        table = pq.read_table(path)
        rows = zip(table.column("paper_id").to_pylist(), table.column("input").to_pylist(),
                   table.column("extraction").to_pylist())
        return {paper_id: extraction_from_dict(json.loads(text)) for paper_id, key, text in rows
                if keys.get(paper_id) == key}

    def write_extractions(self, shard: int, rows: Sequence[tuple[str, Extraction]], made_with: dict[str, object]) -> None:
        """Extraction shard `shard`: (input key, extraction) of each paper of papers(shard), in its order."""
        table_rows = ({"paper_id": extraction.paper_id, "input": key,
                       "extraction": json.dumps(extraction_to_dict(extraction), ensure_ascii=False, sort_keys=True)}
                      for key, extraction in rows)
        entry = self._write(shard_name(EXTRACTIONS, shard), EXTRACTIONS_SCHEMA, table_rows)
        entry.update(made_with=made_with, papers_sha256=self._entry(PAPERS, shard)["sha256"])
        self._ledger[EXTRACTIONS][str(shard)] = entry
        self._write_ledger()

    def checkpoint_path(self, shard: int) -> Path:
        """Where extraction of shard `shard` keeps its finished papers until the shard is written (kg.checkpoint)."""
        return self.folder / f"{EXTRACTIONS}-{shard:05d}.checkpoint.jsonl"

    # ---- inside

    def _entry(self, kind: str, shard: int) -> dict:
        try:
            return self._ledger[PAPERS][shard] if kind == PAPERS else self._ledger[EXTRACTIONS][str(shard)]
        except (IndexError, KeyError):
            raise IndexError(f"no {kind} shard {shard} in {self.folder / LEDGER_JSON}") from None

    def _rows(self, kind: str, shard: int, columns: list[str] | None) -> Iterator[list[dict[str, Any]]]:
        """The rows of a shard file, ROW_GROUP_ROWS at a time; checked now to be there and of the listed
        length."""
        entry = self._entry(kind, shard)
        path = self.folder / entry["file"]
        if not path.is_file():
            raise ShardStoreError(f"{path}: listed in the ledger but missing")
        file = pq.ParquetFile(path)
        if file.metadata.num_rows != entry["rows"]:
            raise ShardStoreError(f"{path}: {file.metadata.num_rows} rows, the ledger says {entry['rows']}")
        return (batch.to_pylist() for batch in file.iter_batches(batch_size=ROW_GROUP_ROWS, columns=columns))

    def _write(self, name: str, schema: pa.Schema, rows: Iterable[dict]) -> dict:
        """Write `rows` beside file `name` in row groups of ROW_GROUP_ROWS (one group's rows converted
        at a time), sync, rename; the ledger entry of the file (not yet entered)."""
        partial = self.folder / (name + PARTIAL_SUFFIX)
        written = 0
        rows = iter(rows)
        with pq.ParquetWriter(partial, schema, compression="zstd") as writer:
            while group := list(itertools.islice(rows, ROW_GROUP_ROWS)):
                writer.write_table(pa.Table.from_pylist(group, schema=schema))
                written += len(group)
        _sync(partial)
        digest = file_sha256(partial)
        os.replace(partial, self.folder / name)
        return {"file": name, "rows": written, "sha256": digest}

    def _drop_extractions(self, shard: str) -> None:
        entry = self._ledger[EXTRACTIONS].pop(shard)
        (self.folder / entry["file"]).unlink(missing_ok=True)
        for derived in self.folder.glob(f"*-{int(shard):05d}{DERIVED_SUFFIX}"):
            derived.unlink()

    def _read_ledger(self) -> dict:
        empty = {"layout": LAYOUT, "shard_size": self.shard_size, PAPERS: [], EXTRACTIONS: {}}
        path = self.folder / LEDGER_JSON
        if not path.is_file() or path.is_symlink():
            return empty
        try:
            ledger = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            return empty
        if ledger.get("layout") != LAYOUT or ledger.get("shard_size") != self.shard_size:
            return empty  # shards cut another way hold other papers under the same numbers
        return ledger

    def _write_ledger(self) -> None:
        partial = self.folder / (LEDGER_JSON + PARTIAL_SUFFIX)
        partial.write_text(json.dumps(self._ledger, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        _sync(partial)
        os.replace(partial, self.folder / LEDGER_JSON)


def _derived_header(extractions_sha256: str, tag: str, data: bytes) -> dict[str, object]:
    """What a derived file's first line says of it: what it was derived from and by, and its data."""
    return {"extractions": extractions_sha256, "tag": tag, "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest()}


def _first_source(record: PaperRecord) -> str | None:
    """Where the record a paper was first seen as was read ("path:line")."""
    return record.sources[0] if record.sources else None


def _sync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def file_sha256(path: Path) -> str:
    """The file's sha256, read in blocks of 1 MiB."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _paper(row: dict[str, Any]) -> tuple[str, PaperRecord]:
    paper_id = row.pop("id")
    return paper_id, PaperRecord.model_validate(row)

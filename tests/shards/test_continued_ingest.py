"""An ingest that goes on from the store's last one (an update's) equals a fresh ingest of all the sources:
the same papers shards byte for byte, rejects, counts and doi_conflicts; it reads only the new sources and
writes only the shards they change. Anything else, and a run killed half way, ingests afresh."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from kg.ingest.dedup import merge
from kg.ingest.selection import Selection
from kg.shards.ingest import ingest
from kg.shards.matcher_state import IDENTITIES
from kg.shards.reading import IngestCounts, rejects_path
from kg.shards.store import LEDGER_JSON, ShardStore, file_sha256, shard_name
from shard_helpers import ReadCounter, killed_when, paper, random_records, write_jsonl

SHARD = 40


@pytest.fixture
def sources(tmp_path: Path) -> list[Path]:
    """Random records full of duplicates and DOI conflicts, then a day's file: a record of an early paper
    again under its arXiv id with another DOI (a merge into the first shard, and a DOI conflict), new
    papers, and a line that is rejected."""
    records = random_records(random.Random(7), 400)
    early = next(record for record in records if record.arxiv_id)
    day = [early.model_copy(update={"abstract": early.abstract + " More.", "doi": "10.9/new"}),
           *(paper(f"A fresh paper number {n}", arxiv_id=f"2999.{n:05d}") for n in range(50))]
    first = write_jsonl(records, tmp_path / "first.jsonl")
    second = write_jsonl(day, tmp_path / "second.jsonl")
    with second.open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    return [first, second]


def _files(store: ShardStore) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(store.folder.iterdir()) if path.name != LEDGER_JSON}


def _papers_files(store: ShardStore) -> dict[str, tuple[int, int]]:
    """(inode, mtime in ns) of each papers shard."""
    return {shard_name("papers", shard): ((stat := (store.folder / shard_name("papers", shard)).stat()).st_ino,
                                          stat.st_mtime_ns) for shard in range(store.shard_count())}


def _ledger(store: ShardStore) -> dict:
    return json.loads((store.folder / LEDGER_JSON).read_text(encoding="utf-8"))


def _fresh(sources: list[Path], folder: Path) -> tuple[ShardStore, IngestCounts]:
    store = ShardStore(folder, SHARD)
    return store, ingest([str(source) for source in sources], store)


def test_a_paper_comes_back_from_its_shard_as_it_was_written(tmp_path: Path) -> None:
    """The continued ingest merges new records into papers read back from their shard: the Parquet round
    trip must give the very records (None and empty texts, empty and long lists, unicode, big numbers)."""
    records = [paper("", abstract=""), paper("T", abstract="x" * 5000, arxiv_id="2101.00001", doi="10.1/a",
                                             other_dois=["10.1/b", "10.1/c"], url="", published="2020",
                                             authors=["Zoë Ä", ""], categories=[], links=["https://a.b"],
                                             upvotes=2**62, source="ü.jsonl:3"),
               paper("Ü ∑ title", upvotes=0, source="")]
    records += random_records(random.Random(3), 200)
    merged = [merge(left, right) for left, right in zip(records, records[1:])]
    store = ShardStore(tmp_path, len(merged) + len(records))
    store.start_ingest({})
    written = [(str(number), record) for number, record in enumerate([*records, *merged])]
    store.write_papers(0, written)
    assert list(store.papers(0)) == written
    assert [record.model_dump() for _, record in store.papers(0)] == [record.model_dump() for _, record in written]


def test_an_ingest_going_on_from_the_last_equals_a_fresh_one_and_reads_and_writes_only_what_is_new(
        sources: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh, fresh_counts = _fresh(sources, tmp_path / "fresh")
    store = ShardStore(tmp_path / "store", SHARD)
    ingest([str(sources[0])], store)
    before, entries = _papers_files(store), _ledger(store)["papers"]
    reads = ReadCounter(monkeypatch)

    counts = ingest([str(source) for source in sources], store)
    # The day's 51 records and its rejected line, nothing of the first file.
    assert [(sources, yielded) for sources, [yielded] in reads.calls] == [([str(sources[1])], 52)]
    assert counts == fresh_counts and counts.doi_conflicts and counts.rejected == 1
    assert _files(store) == _files(fresh)  # every papers shard, the rejects and the deduplicator's state
    assert _ledger(store)["papers"] == _ledger(fresh)["papers"]
    after = _papers_files(store)
    kept = [name for name in before if after[name] == before[name]]
    changed = sorted(set(after) - set(kept))
    # The first shard took the duplicate, the last one grew, a new one came; the others were not written.
    last = shard_name("papers", len(before) - 1)
    assert changed == [shard_name("papers", 0), last, shard_name("papers", len(before))] and kept
    assert [entries[int(name[7:12])] for name in kept] == [_ledger(store)["papers"][int(name[7:12])] for name in kept]
    assert rejects_path(store).read_bytes() == rejects_path(fresh).read_bytes()


def test_a_changed_earlier_file_or_other_settings_ingest_everything_again(
        sources: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ShardStore(tmp_path / "store", SHARD)
    ingest([str(sources[0])], store)
    text = sources[0].read_text(encoding="utf-8")
    sources[0].write_text(text.replace("Title", "Eltit", 1), encoding="utf-8")  # same size, other bytes
    reads = ReadCounter(monkeypatch)
    counts = ingest([str(source) for source in sources], store)
    assert reads.sources() == {str(sources[0]), str(sources[1])}
    fresh, fresh_counts = _fresh(sources, tmp_path / "fresh")
    assert counts == fresh_counts and _files(store) == _files(fresh)

    reads.calls.clear()  # a selection the last ingest had not
    ingest([str(sources[0])], store, selection=Selection(categories=frozenset({"cs.CL"})))
    ingest([str(source) for source in sources], store)
    assert str(sources[0]) in reads.sources()


def test_a_damaged_or_missing_state_file_ingests_everything_again(sources: list[Path], tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    fresh, fresh_counts = _fresh(sources, tmp_path / "fresh")
    for damage in ("flip a byte", "delete"):
        store = ShardStore(tmp_path / damage, SHARD)
        ingest([str(sources[0])], store)
        state = store.folder / IDENTITIES
        if damage == "delete":
            state.unlink()
        else:
            data = bytearray(state.read_bytes())
            data[len(data) // 2] ^= 1
            state.write_bytes(bytes(data))
        reads = ReadCounter(monkeypatch)
        counts = ingest([str(source) for source in sources], ShardStore(store.folder, SHARD))
        assert str(sources[0]) in reads.sources(), damage
        assert counts == fresh_counts and _files(store) == _files(fresh), damage


# Ingests argv[2:] into the store at argv[1] with shards of SHARD papers.
INGEST_CHILD = f"""
import sys
from pathlib import Path
from kg.shards.ingest import ingest
from kg.shards.store import ShardStore
ingest(sys.argv[2:], ShardStore(Path(sys.argv[1]), {SHARD}))
"""


def _reading(folder: Path) -> bool:
    """Whether the continued ingest is reading its new source (spilling; the last ingest still complete)."""
    spill = folder / "spill"
    return spill.is_dir() and any(spill.iterdir()) and _complete(folder)


def _writing(folder: Path) -> bool:
    """Whether it has begun to write shards (the ledger's ingest reopened, so not complete)."""
    return not _complete(folder)


def _complete(folder: Path) -> bool:
    try:
        return json.loads((folder / LEDGER_JSON).read_text(encoding="utf-8"))["ingest"]["complete"]
    except (OSError, ValueError, KeyError):  # being replaced
        return True


@pytest.mark.parametrize("moment", ["reading", "writing"])
def test_a_continued_ingest_killed_half_way_is_rerun_to_a_fresh_ingests_shards(tmp_path: Path, moment: str) -> None:
    records = random_records(random.Random(11), 6000)
    sources = [write_jsonl(records[:300], tmp_path / "first.jsonl"), write_jsonl(records[300:], tmp_path / "day.jsonl")]
    folder = tmp_path / "store"
    ingest([str(sources[0])], ShardStore(folder, SHARD))
    reached = _reading if moment == "reading" else _writing
    killed_when([sys.executable, "-c", INGEST_CHILD, str(folder), *map(str, sources)], lambda: reached(folder), moment)
    store = ShardStore(folder, SHARD)
    for entry in _ledger(store)["papers"]:  # the ledger lists only files that match it
        assert file_sha256(folder / entry["file"]) == entry["sha256"]

    counts = ingest([str(source) for source in sources], store)
    fresh, fresh_counts = _fresh(sources, tmp_path / "fresh")
    assert counts == fresh_counts and _files(store) == _files(fresh)

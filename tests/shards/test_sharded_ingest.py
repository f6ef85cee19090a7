"""Sharded ingest equals the in-memory ingest of kg.builder: the same papers in the same order, cut into
shards, the same rejects and counts; the store's ledger lists what it wrote."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kg.builder import StrictModeError, _ingest
from kg.graph.streamed.corpus import ShardedCorpus
from kg.ingest.selection import Selection, parse_day
from kg.records import Reject
from kg.shards.ingest import ingest
from kg.shards.reading import rejects_path
from kg.shards.store import LEDGER_JSON, ShardStore
from kg.stage_files import _read_lines
from shard_helpers import random_records, write_jsonl

FIXTURES = Path(__file__).resolve().parents[1] / "ingest" / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _quiet(stage: str, done: int, total: int | None) -> None:
    return None


@pytest.fixture
def sources(seeds_dir: Path, tmp_path: Path) -> list[str]:
    """Seed pages, examples, every reader's fixtures, bad files, a missing path, and random duplicates."""
    duplicates = write_jsonl(random_records(random.Random(5), 400), tmp_path / "duplicates.jsonl")
    return [str(seeds_dir), str(EXAMPLES), str(FIXTURES), str(tmp_path / "missing.jsonl"), str(duplicates)]


def sharded(sources: list[str], folder: Path, shard_size: int, **options) -> tuple[ShardStore, object]:
    store = ShardStore(folder, shard_size)
    return store, ingest(sources, store, **options)


@pytest.mark.parametrize("shard_size", [1, 37, 100_000])
def test_sharded_ingest_equals_the_in_memory_one(sources: list[str], shard_size: int, tmp_path: Path) -> None:
    papers, rejects, read, filtered_out = _ingest(sources, None, False, Selection(), _quiet)
    store, counts = sharded(sources, tmp_path / "shards", shard_size)
    assert isinstance(store, ShardedCorpus)
    assert store.shard_count() == -(-len(papers) // shard_size)
    assert [paper for shard in range(store.shard_count()) for paper in store.papers(shard)] == papers
    assert [Reject.model_validate(row) for row in _read_lines(rejects_path(store))] == rejects
    record_rejects = sum(1 for reject in rejects if reject.line is not None)
    assert (counts.papers, counts.duplicates_merged, counts.rejected, counts.files_rejected) == (
        len(papers), read - len(papers), record_rejects, len(rejects) - record_rejects)
    assert counts.entries_read == read + record_rejects + filtered_out
    assert counts.doi_conflicts == [{"paper": pid, "dois": [r.doi, *r.other_dois]} for pid, r in papers if r.other_dois]
    assert counts.duplicates_merged > 100 and counts.rejected > 5 and counts.files_rejected >= 2  # the input has all three
    assert not (store.folder / "spill").exists()


def test_a_shard_is_read_back_a_row_group_at_a_time(sources: list[str], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Shards written and read in row groups of 7: the papers come back whole and in order across the
    groups, from an iterator (the graph tables never hold a whole shard of records)."""
    monkeypatch.setattr("kg.shards.store.ROW_GROUP_ROWS", 7)
    papers, _, _, _ = _ingest(sources, None, False, Selection(), _quiet)
    store, _ = sharded(sources, tmp_path / "shards", 37)
    assert pq.ParquetFile(store.folder / "papers-00000.parquet").metadata.num_row_groups == 6
    first = store.papers(0)
    assert iter(first) is first
    assert [paper for shard in range(store.shard_count()) for paper in store.papers(shard)] == papers


def test_a_selection_counts_what_it_leaves_out_as_the_in_memory_ingest(sources: list[str], tmp_path: Path) -> None:
    selection = Selection(categories=frozenset({"cs.CL"}), since=parse_day("2020-01-01"))
    papers, rejects, read, filtered_out = _ingest(sources, None, False, selection, _quiet)
    store, counts = sharded(sources, tmp_path / "shards", 50, selection=selection)
    assert [paper for shard in range(store.shard_count()) for paper in store.papers(shard)] == papers
    assert (counts.papers, counts.filtered_out) == (len(papers), filtered_out) and filtered_out > 0


def test_the_ledger_lists_each_shard_with_its_rows_sha256_and_input_range(sources: list[str], tmp_path: Path) -> None:
    store, counts = sharded(sources, tmp_path / "shards", 200)
    ledger = json.loads((store.folder / LEDGER_JSON).read_text())
    assert ledger["ingest"]["complete"] and ledger["ingest"]["counts"]["papers"] == counts.papers
    assert sum(entry["rows"] for entry in ledger["papers"]) == counts.papers
    for shard, entry in enumerate(ledger["papers"]):
        papers = list(store.papers(shard))
        assert entry["input"] == {"first": papers[0][1].sources[0], "last": papers[-1][1].sources[0]}
    # Ingesting again writes the same bytes: the ledger's sha256s do not change.
    again, _ = sharded(sources, tmp_path / "shards", 200)
    assert json.loads((again.folder / LEDGER_JSON).read_text())["papers"] == ledger["papers"]
    state = [entry["file"] for entry in ledger["ingest"]["state"].values()]  # the deduplicator's, for an update
    assert sorted(path.name for path in store.folder.iterdir()) == sorted(
        [LEDGER_JSON, "rejects.jsonl", *state, *(entry["file"] for entry in ledger["papers"])])


def test_a_ledger_listed_file_that_is_gone_is_an_error_not_an_empty_shard(sources: list[str], tmp_path: Path) -> None:
    from kg.shards.store import ShardStoreError

    store, _ = sharded(sources, tmp_path / "shards", 200)
    (store.folder / "papers-00001.parquet").unlink()
    with pytest.raises(ShardStoreError, match="missing"):
        ShardStore(store.folder, 200).papers(1)


def test_strict_stops_at_the_first_reject_and_keeps_no_spill(sources: list[str], tmp_path: Path) -> None:
    with pytest.raises(StrictModeError):
        sharded(sources, tmp_path / "shards", 50, strict=True)
    assert not any((tmp_path / "shards" / "spill").iterdir())


def test_sources_given_as_file_urls_ingest_as_their_paths(sources: list[str], tmp_path: Path) -> None:
    _, plain = sharded(sources, tmp_path / "plain", 37)
    store, counts = sharded([f"file://{source}" for source in sources], tmp_path / "urls", 37)
    assert counts == plain
    rejects = [Reject.model_validate(row) for row in _read_lines(rejects_path(store))]
    assert rejects and all(reject.source.startswith("file:///") for reject in rejects)
    papers = [record for shard in range(store.shard_count()) for _, record in store.papers(shard)]
    assert all(source.startswith("file:///") for record in papers for source in record.sources)


def test_spill_files_a_killed_ingest_left_do_not_stop_the_next(sources: list[str], tmp_path: Path) -> None:
    """A killed ingest with more buckets than the next one leaves spill files that run never opens: they
    are deleted first, or its last step (removing the spill folder) fails on them."""
    spill = tmp_path / "shards" / "spill"
    spill.mkdir(parents=True)
    for bucket in range(500):
        (spill / f"bucket-{bucket:05d}.jsonl").write_text("0\t{}\n", encoding="utf-8")
    store, counts = sharded(sources, tmp_path / "shards", 100_000)
    assert counts.papers and store.shard_count() == 1
    assert not spill.exists()

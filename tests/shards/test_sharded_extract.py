"""Extraction shard by shard resumes after a real SIGKILL and ends with the shards of an uninterrupted run,
byte for byte; the ledger makes a changed mode, gazetteer or papers shard extract again. Real fast
pipeline over a generated corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kg.builder import extraction_input
from kg.checkpoint import input_key
from kg.shards.extract import extract_shards
from kg.shards.ingest import ingest
from kg.shards.store import LEDGER_JSON, ShardStore, shard_name
from shard_helpers import extraction_files, generated_corpus, ingested, killed_in_shard

REPO = Path(__file__).resolve().parents[2]
PAPERS = 3000
SHARD_SIZE = 500
SHARDS = PAPERS // SHARD_SIZE
GAZETTEER = REPO / "kg" / "resources" / "gazetteer" / "gazetteer.json"
# Whole lines (after the header) the killed run's checkpoint of its third shard must hold before the kill.
KILL_AFTER_LINES = 60


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("corpus"), PAPERS)


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> ShardStore:
    store = ingested(corpus, tmp_path_factory.mktemp("whole") / "shards", SHARD_SIZE)
    counts = extract_shards(store, mode="fast")
    assert (counts.extracted, counts.resumed, counts.already_done) == (PAPERS, 0, 0)
    return store


def test_extraction_killed_inside_a_shard_resumes_and_equals_an_uninterrupted_run(
    corpus: Path, uninterrupted: ShardStore, tmp_path: Path
) -> None:
    store = ingested(corpus, tmp_path / "shards", SHARD_SIZE)
    killed_in_shard(store, 2, KILL_AFTER_LINES)
    ledger = json.loads((store.folder / LEDGER_JSON).read_text())
    assert sorted(ledger["extractions"]) == ["0", "1"]  # the first two shards were finished
    # A kill while writing a shard's file leaves it beside its name: the rerun deletes it.
    (store.folder / (shard_name("extractions", 2) + ".partial")).write_bytes(b"PAR1 torn")

    counts = extract_shards(ShardStore(store.folder, SHARD_SIZE), mode="fast")
    assert counts.already_done == 2 * SHARD_SIZE
    assert KILL_AFTER_LINES <= counts.resumed < SHARD_SIZE
    assert counts.extracted + counts.resumed + counts.already_done == PAPERS
    assert extraction_files(store) == extraction_files(uninterrupted)
    rerun_ledger = json.loads((store.folder / LEDGER_JSON).read_text())
    assert rerun_ledger["extractions"] == json.loads((uninterrupted.folder / LEDGER_JSON).read_text())["extractions"]
    assert not list(store.folder.glob("*.partial")) and not list(store.folder.glob("*.checkpoint.jsonl"))


def test_each_extraction_shard_holds_its_papers_extractions_in_order(uninterrupted: ShardStore) -> None:
    for shard in range(SHARDS):
        papers = list(uninterrupted.papers(shard))
        extractions = uninterrupted.extractions(shard)
        assert [extraction.paper_id for extraction in extractions] == [paper_id for paper_id, _ in papers]
    first_id, first = next(uninterrupted.papers(0))
    inputs = pq.read_table(uninterrupted.folder / shard_name("extractions", 0)).column("input").to_pylist()
    assert inputs[0] == input_key(first_id, *extraction_input(first))


@pytest.fixture
def small(corpus: Path, tmp_path: Path) -> Path:
    """The first 60 papers of the corpus, 3 shards of 20."""
    path = tmp_path / "small.jsonl"
    path.write_text("".join(corpus.read_text(encoding="utf-8").splitlines(keepends=True)[:60]), encoding="utf-8")
    return path


def test_a_rerun_skips_every_finished_shard(small: Path, tmp_path: Path) -> None:
    store = ingested(small, tmp_path / "shards", 20)
    assert extract_shards(store, mode="fast").extracted == 60
    again = extract_shards(ShardStore(store.folder, 20), mode="fast")
    assert (again.extracted, again.resumed, again.already_done) == (0, 0, 60)


def test_a_changed_gazetteer_or_mode_extracts_again(small: Path, tmp_path: Path) -> None:
    store = ingested(small, tmp_path / "shards", 20)
    extract_shards(store, mode="fast")
    gazetteer = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    gazetteer["entries"].append({"name": "ShardNet", "type": "Method", "aliases": [], "source": "curated"})
    changed = tmp_path / "gazetteer.json"
    changed.write_text(json.dumps(gazetteer), encoding="utf-8")
    assert extract_shards(ShardStore(store.folder, 20), mode="fast", gazetteer_path=changed).extracted == 60
    assert extract_shards(ShardStore(store.folder, 20), mode="fast", gazetteer_path=changed).extracted == 0
    assert extract_shards(ShardStore(store.folder, 20), mode="default", gazetteer_path=changed).extracted == 60
    ledger = json.loads((store.folder / LEDGER_JSON).read_text())
    assert {entry["made_with"]["mode"] for entry in ledger["extractions"].values()} == {"default"}


def test_a_changed_papers_shard_or_a_damaged_file_extracts_that_shard_alone(small: Path, tmp_path: Path) -> None:
    store = ingested(small, tmp_path / "shards", 20)
    extract_shards(store, mode="fast")
    # A new source with a longer abstract for a paper of shard 1: only that shard's papers change.
    _, record = list(store.papers(1))[3]
    update = tmp_path / "update.jsonl"
    update.write_text(json.dumps({"title": record.title, "abstract": record.abstract + " It also scales.",
                                  "arxiv_id": record.arxiv_id}) + "\n", encoding="utf-8")
    store = ShardStore(store.folder, 20)
    ingest([str(small), str(update)], store)
    counts = extract_shards(store, mode="fast")
    # The changed paper alone is extracted; the shard's other 19 keep their extractions from its earlier file,
    # and the shard is the one a fresh store of the same sources gets.
    assert (counts.extracted, counts.reused, counts.already_done) == (1, 19, 40)
    fresh = ShardStore(tmp_path / "fresh", 20)
    ingest([str(small), str(update)], fresh)
    extract_shards(fresh, mode="fast")
    name = shard_name("extractions", 1)
    assert (store.folder / name).read_bytes() == (fresh.folder / name).read_bytes()
    # A damaged extraction file is not the store's: extracted again.
    path = store.folder / shard_name("extractions", 2)
    path.write_bytes(path.read_bytes()[:-8] + b"damaged!")
    counts = extract_shards(ShardStore(store.folder, 20), mode="fast")
    assert (counts.extracted, counts.already_done) == (20, 40)


def test_the_store_gives_up_a_ledger_of_another_shard_size(small: Path, tmp_path: Path) -> None:
    store = ingested(small, tmp_path / "shards", 20)
    extract_shards(store, mode="fast")
    assert ShardStore(store.folder, 30).shard_count() == 0  # cut another way: nothing of it is reused

"""Extraction shard by shard on a real Dask LocalCluster of 2 worker processes writes the local engine's
shard files byte for byte, resumes a run killed inside a shard, leaves shards a local rerun reuses,
and checks the cluster before the first shard. Real fast pipeline over a generated corpus."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import dask
import pytest

import kg.extract.dask_engine as dask_engine
from kg.extract.dask_engine import DaskEngine, DaskEngineError, local_cluster
from kg.shards.extract import extract_shards
from kg.shards.store import LEDGER_JSON, ShardStore
from shard_helpers import extraction_files, generated_corpus, ingested, killed_in_shard

PAPERS = 1200
SHARD_SIZE = 400
# Whole lines (after the header) the killed run's checkpoint of its third shard must hold before the kill.
KILL_AFTER_LINES = 60


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of one LocalCluster as `--workers 2` starts it, for the whole module."""
    with local_cluster(2) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("corpus"), PAPERS)


@pytest.fixture(scope="module")
def local(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> ShardStore:
    """The corpus extracted by the local engine, uninterrupted."""
    store = ingested(corpus, tmp_path_factory.mktemp("local") / "shards", SHARD_SIZE)
    extract_shards(store, mode="fast")
    return store


@pytest.fixture(scope="module")
def on_dask(corpus: Path, scheduler: str, tmp_path_factory: pytest.TempPathFactory) -> ShardStore:
    """The corpus extracted on the cluster, uninterrupted."""
    store = ingested(corpus, tmp_path_factory.mktemp("dask") / "shards", SHARD_SIZE)
    counts = extract_shards(store, mode="fast", dask=DaskEngine(scheduler=scheduler))
    assert (counts.extracted, counts.resumed, counts.already_done) == (PAPERS, 0, 0)
    return store


def ledger_extractions(store: ShardStore) -> dict:
    return json.loads((store.folder / LEDGER_JSON).read_text(encoding="utf-8"))["extractions"]


def test_the_shards_extracted_on_dask_are_the_local_engines_bytes(local: ShardStore, on_dask: ShardStore) -> None:
    assert on_dask.shard_count() == PAPERS // SHARD_SIZE
    assert extraction_files(on_dask) == extraction_files(local)
    assert ledger_extractions(on_dask) == ledger_extractions(local)  # the same MadeWith, rows and sha256


def test_a_local_rerun_reuses_every_shard_a_dask_run_finished(on_dask: ShardStore) -> None:
    counts = extract_shards(ShardStore(on_dask.folder, SHARD_SIZE), mode="fast")
    assert (counts.extracted, counts.resumed, counts.already_done) == (0, 0, PAPERS)


def test_a_dask_run_killed_inside_a_shard_resumes_on_one_local_cluster_and_equals_the_local_engine(
    corpus: Path, local: ShardStore, scheduler: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ingested(corpus, tmp_path / "shards", SHARD_SIZE)
    killed_in_shard(store, 2, KILL_AFTER_LINES, scheduler)
    assert sorted(ledger_extractions(store)) == ["0", "1"]

    started: list[int] = []  # the local clusters the rerun starts (`--workers 2`)

    def counted_local_cluster(workers: int):  # noqa: ANN202 (a LocalCluster)
        started.append(workers)
        return local_cluster(workers)

    monkeypatch.setattr(dask_engine, "local_cluster", counted_local_cluster)
    counts = extract_shards(ShardStore(store.folder, SHARD_SIZE), mode="fast", dask=DaskEngine(workers=2))
    assert counts.already_done == 2 * SHARD_SIZE
    assert KILL_AFTER_LINES <= counts.resumed < SHARD_SIZE
    assert counts.extracted + counts.resumed + counts.already_done == PAPERS
    assert started == [2]  # one cluster for the two shards left, not one per shard
    assert extraction_files(store) == extraction_files(local)
    assert not list(store.folder.glob("*.partial")) and not list(store.folder.glob("*.checkpoint.jsonl"))


def test_an_unreachable_scheduler_stops_the_run_before_the_first_shard(corpus: Path, tmp_path: Path) -> None:
    store = ingested(corpus, tmp_path / "shards", SHARD_SIZE)
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), \
            pytest.raises(DaskEngineError, match=r"^cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9 "):
        extract_shards(store, mode="fast", dask=DaskEngine(scheduler="tcp://127.0.0.1:9"))
    assert ledger_extractions(store) == {}
    assert not list(store.folder.glob("*.checkpoint.jsonl"))

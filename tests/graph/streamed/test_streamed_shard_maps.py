"""The graph tables' per-shard steps (entity facts, each shard's rows) give the same bytes wherever they run:
in this process, on spawned worker processes, or on a real Dask LocalCluster of 2 worker processes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kg.extract.dask_engine import DaskEngine, DaskSession
from kg.graph.streamed.corpus import ListCorpus
from kg.graph.streamed.graph_tables import write_graph_tables
from kg.shards.shard_workers import ShardProcesses

from streamed_helpers import GRAPH_ATTRS, assert_tables_equal


@pytest.fixture(scope="module")
def dask_session() -> Iterator[DaskSession]:
    with DaskEngine(workers=2).session() as session:
        yield session


@pytest.mark.parametrize("shard_size", [64, 1000])
def test_tables_made_on_worker_processes_are_the_same_bytes(generated_corpus, fast_extractor, tmp_path,
                                                            shard_size) -> None:
    edges = assert_tables_equal(generated_corpus, fast_extractor, tmp_path, shard_size, ShardProcesses(2))
    assert edges["RELATED_TO"] > 100


def test_tables_made_on_a_dask_cluster_are_the_same_bytes(generated_corpus, seed_corpus, fast_extractor, tmp_path,
                                                          dask_session) -> None:
    for name, corpus, shard_size in [("generated", generated_corpus, 64), ("seeds", seed_corpus, 37)]:
        (tmp_path / name).mkdir()
        assert_tables_equal(corpus, fast_extractor, tmp_path / name, shard_size, dask_session)
    assert not dask_session.client.who_has()  # the shared inputs sent to the workers were let go


def test_runs_a_killed_build_left_in_the_work_folder_are_not_merged(seed_corpus, fast_extractor, tmp_path) -> None:
    stale = tmp_path / "runs" / "rows-00000"
    stale.mkdir(parents=True)
    (stale / "papers-00000.run").write_bytes(b"not a run of this build")
    (tmp_path / "runs" / "rows-00099").mkdir()
    assert_tables_equal(seed_corpus, fast_extractor, tmp_path, 37, ShardProcesses(2))


@pytest.mark.parametrize("where", ["processes", "dask"])
def test_a_step_that_fails_on_a_worker_fails_the_tables(seed_corpus, fast_extractor, tmp_path, where,
                                                        request) -> None:
    shard_map = ShardProcesses(2) if where == "processes" else request.getfixturevalue("dask_session")
    papers, extractions = seed_corpus
    swapped = [extractions[1], extractions[0], *extractions[2:]]
    with pytest.raises(ValueError, match="stands where"):
        write_graph_tables(ListCorpus(papers, swapped, 37), fast_extractor.gazetteer, tmp_path / "nodes.parquet",
                           tmp_path / "edges.parquet", graph_attrs=GRAPH_ATTRS, work_dir=tmp_path / "runs",
                           shard_map=shard_map)
    assert not (tmp_path / "runs").exists() and not (tmp_path / "nodes.parquet").exists()
    if where == "dask":
        assert not shard_map.client.who_has()  # the map's tasks and shared inputs were let go

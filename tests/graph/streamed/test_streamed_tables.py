"""write_graph_tables gives the bytes of kg.graph.tables.write_tables of the in-memory build's graph, and
its entity index equals build_entity_index, on the seed pages and a generated corpus cut into shards."""

from __future__ import annotations

import pytest

from kg.graph.canonical import build_entity_index
from kg.graph.streamed.corpus import ListCorpus
from kg.graph.streamed.entities import streamed_entity_index

from streamed_helpers import assert_tables_equal, index_contents


@pytest.mark.parametrize("shard_size", [1000, 37])
def test_seed_tables_equal_the_in_memory_ones(seed_corpus, fast_extractor, tmp_path, shard_size) -> None:
    assert_tables_equal(seed_corpus, fast_extractor, tmp_path, shard_size)


def test_generated_tables_equal_the_in_memory_ones(generated_corpus, fast_extractor, tmp_path) -> None:
    edges = assert_tables_equal(generated_corpus, fast_extractor, tmp_path, shard_size=64)
    assert edges["RELATED_TO"] > 100  # linking and communities have pairs to work on


def test_small_runs_merge_to_the_same_tables(seed_corpus, fast_extractor, tmp_path, monkeypatch) -> None:
    """Many runs per kind of row (a run of 50 rows) k-way merge to the same bytes."""
    monkeypatch.setattr("kg.graph.streamed.runs.DEFAULT_RUN_ROWS", 50)
    monkeypatch.setattr("kg.graph.streamed.runs.BATCH_ROWS", 7)
    assert_tables_equal(seed_corpus, fast_extractor, tmp_path, shard_size=100)


@pytest.mark.parametrize("corpus_name", ["seed_corpus", "generated_corpus"])
def test_streamed_entity_index_equals_the_in_memory_one(corpus_name, fast_extractor, request) -> None:
    papers, extractions = request.getfixturevalue(corpus_name)
    expected = build_entity_index(extractions, fast_extractor.gazetteer)
    streamed = streamed_entity_index(ListCorpus(papers, extractions, 50), fast_extractor.gazetteer)
    assert index_contents(streamed, extractions) == index_contents(expected, extractions)


def test_an_empty_corpus_gives_the_empty_graph_tables(fast_extractor, tmp_path) -> None:
    assert assert_tables_equal(([], []), fast_extractor, tmp_path, shard_size=10) == {}

"""write_graph_tables gives the bytes of kg.graph.tables.write_tables of the in-memory build's graph, and
its entity index equals build_entity_index, on the seed pages and a generated corpus cut into shards."""

from __future__ import annotations

import dataclasses

import pytest

from kg.graph.canonical import SurfaceGroups, abbreviation_pairs, build_entity_index
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


@pytest.mark.parametrize("cut", [1, 7, 100, 300])
def test_surface_groups_of_later_parts_taken_in_equal_one_pass(seed_corpus, fast_extractor, cut) -> None:
    """SurfaceGroups.update of the groups of every `cut` papers: the forms, entries (in order) and groups of
    the mentions added one by one, on the seed corpus (gazetteer entries, unions across parts)."""
    _, extractions = seed_corpus
    whole, parts = SurfaceGroups(), SurfaceGroups()
    for start in range(0, len(extractions), cut):
        part = SurfaceGroups()
        for extraction in extractions[start:start + cut]:
            whole.add_mentions(extraction, fast_extractor.gazetteer)
            part.add_mentions(extraction, fast_extractor.gazetteer)
            pairs = abbreviation_pairs(extraction)
            whole.add_abbreviations(pairs)
            part.add_abbreviations(pairs)
        parts.update(part)
    assert parts.forms == whole.forms
    assert list(parts.entries.items()) == list(whole.entries.items())
    assert {key: parts.root(key) for key in parts.forms} == {key: whole.root(key) for key in whole.forms}
    assert len({whole.root(key) for key in whole.forms}) < len(whole.forms)  # some keys were joined


@pytest.mark.parametrize("corpus_name", ["seed_corpus", "generated_corpus"])
def test_mention_ids_give_the_index_resolves_id_of_every_mention(corpus_name, fast_extractor, request) -> None:
    """What the rows steps hold instead of the index: the same id for every mention, paper-defined short
    forms included, and the same KeyError for a mention the index never saw."""
    _, extractions = request.getfixturevalue(corpus_name)
    index = build_entity_index(extractions, fast_extractor.gazetteer)
    ids = index.mention_ids()
    paper_defined = 0
    for extraction in extractions:
        for mention in extraction.mentions:
            entity, _ = index.resolve(mention, extraction.paper_id)
            assert ids.entity_id(mention, extraction.paper_id) == entity
            paper_defined += entity != index.resolve(mention)[0]
    assert paper_defined > 0 or corpus_name == "generated_corpus"  # the seeds hold short forms papers define apart
    unseen = dataclasses.replace(extractions[0].mentions[0], text="a phrase no paper wrote")
    with pytest.raises(KeyError):
        index.resolve(unseen, extractions[0].paper_id)
    with pytest.raises(KeyError):
        ids.entity_id(unseen, extractions[0].paper_id)

"""ListCorpus cuts papers and extractions into aligned shards, in order."""

from __future__ import annotations

import pytest

from kg.extract.types import Extraction
from kg.graph.streamed.corpus import ListCorpus, ShardedCorpus
from kg.records import PaperRecord


def _papers(count: int) -> list[tuple[str, PaperRecord]]:
    return [(f"paper:title:{i:03d}", PaperRecord(title=f"Paper {i}", abstract="")) for i in range(count)]


def test_shards_keep_order_and_alignment() -> None:
    papers = _papers(7)
    corpus = ListCorpus(papers, [Extraction(paper_id=pid) for pid, _ in papers], shard_size=3)
    assert isinstance(corpus, ShardedCorpus)
    assert corpus.shard_count() == 3
    assert [len(corpus.papers(s)) for s in range(3)] == [3, 3, 1]
    assert [pid for s in range(3) for pid, _ in corpus.papers(s)] == [pid for pid, _ in papers]
    for shard in range(3):
        assert [e.paper_id for e in corpus.extractions(shard)] == [pid for pid, _ in corpus.papers(shard)]
    with pytest.raises(IndexError):
        corpus.papers(3)


def test_misaligned_extractions_are_refused() -> None:
    papers = _papers(2)
    with pytest.raises(ValueError, match="stands where"):
        ListCorpus(papers, [Extraction(paper_id=papers[1][0]), Extraction(paper_id=papers[0][0])], shard_size=1)
    with pytest.raises(ValueError, match="2 papers but 1"):
        ListCorpus(papers, [Extraction(paper_id=papers[0][0])], shard_size=1)


def test_an_empty_corpus_has_no_shards() -> None:
    assert ListCorpus([], [], shard_size=5).shard_count() == 0

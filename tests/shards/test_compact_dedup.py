"""The compact deduplicator gives exactly Deduplicator's papers: same ids, merged records, order, merge
count and warnings, for every kind of duplicate, whatever the bucket size."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest

from kg.ingest.compact_dedup import CompactDeduplicator
from kg.ingest.dedup import Deduplicator
from kg.records import PaperRecord
from shard_helpers import paper, random_records

BUCKET_SIZES = (1, 2, 3, 7, 1000)


def in_memory(records: list[PaperRecord], caplog: pytest.LogCaptureFixture) -> tuple[list, int, list[str]]:
    caplog.clear()
    dedup = Deduplicator()
    merged_flags = [dedup.add(record) for record in records]
    assert sum(merged_flags) == dedup.merged
    return dedup.papers_with_ids(), dedup.merged, [r.getMessage() for r in caplog.records]


def compact(records: list[PaperRecord], bucket_size: int, spill: Path,
            caplog: pytest.LogCaptureFixture) -> tuple[list, int, list[str]]:
    caplog.clear()
    with CompactDeduplicator(spill, bucket_size) as dedup:
        for record in records:
            dedup.add(record)
        buckets = list(dedup.buckets())
        assert all(len(bucket) == bucket_size for bucket in buckets[:-1])
        papers = [item for bucket in buckets for item in bucket]
        merged = dedup.merged
    assert not list(spill.iterdir())  # the spill files are gone
    return papers, merged, [r.getMessage() for r in caplog.records]


HANDMADE = [
    # arXiv versions and spellings of one id
    paper("Low-Rank Adaptation", source="a:1", arxiv_id="2106.09685v1", authors=["Edward Hu"]),
    paper("LoRA: low-rank adaptation", "A longer abstract than before.", source="a:2",
          arxiv_id="https://arxiv.org/abs/2106.09685v2", authors=["edward hu", "Yelong Shen"]),
    paper("lora", source="a:3", arxiv_id="arXiv:2106.09685"),
    # a title-only row joins the arXiv record of its title, which then brings its DOI key
    paper("Deep Residual Learning for Image Recognition", source="b:1"),
    paper("deep residual learning for image recognition!", source="b:2", arxiv_id="1512.03385",
          doi="10.1109/CVPR.2016.90"),
    paper("ResNet again", source="b:3", doi="https://doi.org/10.1109/cvpr.2016.90"),  # joins by DOI
    # a shared title never merges differing arXiv ids or DOIs
    paper("A Survey", source="c:1", arxiv_id="2001.00001"),
    paper("a survey", source="c:2", arxiv_id="2001.00002"),
    paper("A SURVEY", source="c:3", doi="10.1/survey-1"),
    paper("A survey.", source="c:4", doi="10.1/survey-2"),
    paper("A survey", source="c:5"),  # title only: joins the first compatible paper
    # a shared DOI never merges differing arXiv ids
    paper("One", source="d:1", arxiv_id="2201.00001", doi="10.1/shared"),
    paper("Two", source="d:2", arxiv_id="2201.00002", doi="10.1/SHARED"),
    # DOI conflicts under one arXiv id: both kept, warned once per new DOI
    paper("Conflict", source="e:1", arxiv_id="2301.00001", doi="10.1/first"),
    paper("Conflict", source="e:2", arxiv_id="2301.00001v3", doi="10.1/second"),
    paper("Conflict", source="e:3", arxiv_id="2301.00001", doi="doi:10.1/FIRST"),
    paper("Conflict", source="e:4", arxiv_id="2301.00001", doi="10.1/third"),
    # no DOI first, then DOIs arrive; a record that already lists other DOIs
    paper("Later DOI", source="f:1", arxiv_id="2401.00001"),
    paper("Later DOI", source="f:2", arxiv_id="2401.00001", doi="10.1/later"),
    paper("Listed", source="f:3", arxiv_id="2401.00002", doi="10.1/a", other_dois=["10.1/b", "10.1/A"]),
    paper("Listed", source="f:4", arxiv_id="2401.00002", doi="10.1/c"),
    paper("Only others", source="f:5", arxiv_id="2401.00003", other_dois=["10.1/o"]),
    paper("Only others", source="f:6", arxiv_id="2401.00003", doi="10.1/p"),
    # a title without letters or digits gives no title key; upvotes, links, categories are merged
    paper("!!!", source="g:1", arxiv_id="2501.00001", upvotes=3, links=["https://github.com/a/b"]),
    paper("Real title", source="g:2", arxiv_id="2501.00001", upvotes=7, categories=["cs.LG"],
          links=["https://github.com/a/b", "https://x.org"]),
    paper("Real title", source="g:3", doi="10.1/real"),  # the title key stayed "!!!"'s: a new paper
]


@pytest.mark.parametrize("bucket_size", BUCKET_SIZES)
def test_handmade_duplicates_of_every_kind(bucket_size: int, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="kg.ingest")
    expected = in_memory(HANDMADE, caplog)
    assert (expected[1], len(expected[2])) == (13, 2)  # the cases above really merge and conflict
    assert compact(HANDMADE, bucket_size, tmp_path / "spill", caplog) == expected


@pytest.mark.parametrize("seed", range(12))
def test_random_records_dedup_the_same(seed: int, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="kg.ingest")
    rng = random.Random(seed)
    records = random_records(rng, rng.choice([40, 200, 600]))
    expected = in_memory(records, caplog)
    assert expected[1] > 0
    bucket_size = rng.choice(BUCKET_SIZES)
    assert compact(records, bucket_size, tmp_path / "spill", caplog) == expected


def test_random_records_do_conflict_somewhere(caplog: pytest.LogCaptureFixture) -> None:
    """The random inputs above reach the DOI-conflict rule, not only the plain merges."""
    caplog.set_level(logging.WARNING, logger="kg.ingest")
    warned = sum(len(in_memory(random_records(random.Random(seed), 600), caplog)[2]) for seed in range(3))
    assert warned > 0


def test_a_bucket_size_below_one_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        CompactDeduplicator(tmp_path, 0)

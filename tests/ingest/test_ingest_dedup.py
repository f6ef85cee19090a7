"""Deduplication: identity keys, merge rules, provenance, and the seed and example counts."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kg.ingest import read_sources
from kg.ingest.dedup import Deduplicator, paper_key
from kg.records import PaperRecord, Reject


def dedup_all(items) -> Deduplicator:
    dedup = Deduplicator()
    for item in items:
        if not isinstance(item, Reject):
            dedup.add(item)
    return dedup


def paper(title: str, abstract: str = "An abstract.", source: str = "s:1", **fields) -> PaperRecord:
    return PaperRecord(title=title, abstract=abstract, sources=[source], **fields)


def test_seeds_give_426_papers_from_468_records(seeds_dir: Path) -> None:
    dedup = dedup_all(read_sources([seeds_dir]))
    assert (len(dedup), dedup.merged) == (426, 42)
    ids = [paper_id for paper_id, _ in dedup.papers_with_ids()]
    assert len(set(ids)) == 426 and all(i.startswith("paper:title:") for i in ids)
    assert sum(len(p.sources) for p in dedup.papers()) == 468


def test_merged_seed_paper_keeps_every_source(seeds_dir: Path) -> None:
    dedup = dedup_all(read_sources([seeds_dir]))
    pleas = [p for p in dedup.papers() if p.title.startswith("PLeaS -- Merging Models")]
    assert len(pleas) == 1
    assert pleas[0].sources == [
        f"{seeds_dir / '000_3157840d4254b36a.txt'}:255",
        f"{seeds_dir / '002_484d59441a1f127a.txt'}:331",
    ]


def test_examples_give_17_papers_from_19_records() -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    dedup = dedup_all(read_sources([examples]))
    assert (len(dedup), dedup.merged) == (17, 2)
    ranktune = next(p for p in dedup.papers() if p.doi == "10.5555/kg-demo.0001")
    assert ranktune.authors == ["Maya Lindqvist", "Tomás Ferreira", "Ines Duarte"]
    assert ranktune.abstract.startswith("Low-Rank Adaptation (LoRA)")  # the longer one wins
    assert [s.rsplit("/", 1)[1] for s in ranktune.sources] == ["papers.jsonl:1", "papers_more.csv:2"]


def test_title_only_row_joins_the_arxiv_record_and_takes_its_id() -> None:
    dedup = Deduplicator()
    assert dedup.add(paper("Deep Residual Learning for Image Recognition", source="a.csv:2")) is False
    assert dedup.add(paper("deep residual learning for image recognition!", "A longer abstract here.",
                           source="q.xml:10", arxiv_id="1512.03385", authors=["Kaiming He"])) is True
    [(paper_id, merged)] = dedup.papers_with_ids()
    assert paper_id == "paper:arxiv:1512.03385" == paper_key(merged)
    assert merged.title == "Deep Residual Learning for Image Recognition"
    assert merged.abstract == "A longer abstract here."
    assert merged.sources == ["a.csv:2", "q.xml:10"]


def test_any_shared_key_matches() -> None:
    dedup = Deduplicator()
    dedup.add(paper("One Title", arxiv_id="2106.09685", doi="10.1/ABC"))
    assert dedup.add(paper("A Renamed Title", doi="10.1/abc")) is True  # DOI, case-insensitive
    assert dedup.add(paper("Another Name", arxiv_id="2106.09685v3")) is True  # arXiv id, version ignored
    assert dedup.add(paper("One  title.")) is True  # normalized title
    assert (len(dedup), dedup.merged) == (1, 3)


def test_differing_strong_ids_never_merge_on_a_weaker_key() -> None:
    dedup = Deduplicator()
    dedup.add(paper("Introduction", arxiv_id="2101.00001"))
    assert dedup.add(paper("Introduction", arxiv_id="2101.00002")) is False
    assert dedup.add(paper("Introduction", doi="10.1/x")) is True  # no arXiv id: joins the first by title
    assert dedup.add(paper("Introduction", doi="10.1/y")) is False  # title shared, DOI differs from 10.1/x
    assert dedup.add(paper("Other", arxiv_id="2101.00003", doi="10.1/x")) is False  # DOI shared, arXiv differs
    ids = [paper_id for paper_id, _ in dedup.papers_with_ids()]
    assert ids == ["paper:arxiv:2101.00001", "paper:arxiv:2101.00002", "paper:doi:10.1/y", "paper:arxiv:2101.00003"]


def test_shared_arxiv_id_always_merges_so_ids_stay_unique() -> None:
    dedup = Deduplicator()
    dedup.add(paper("Title", arxiv_id="2101.00001", doi="10.1/journal"))
    assert dedup.add(paper("Title v2", arxiv_id="2101.00001", doi="10.48550/arXiv.2101.00001")) is True
    assert len(dedup) == 1


def test_merge_takes_the_richest_fields_and_unions_lists() -> None:
    dedup = Deduplicator()
    dedup.add(paper("Same", "Short.", authors=["Ann Lee", "Bo Chen"], links=["https://github.com/a/b"],
                    categories=["cs.LG"], upvotes=3))
    dedup.add(paper("Same", "A much longer abstract.", source="s:9", authors=["ann lee", "Cy Dunn"],
                    links=["https://github.com/a/b", "https://example.org"], categories=["cs.CV", "cs.LG"],
                    doi="10.1/z", url="https://example.org/z", published="2024-01-01", upvotes=7))
    [merged] = dedup.papers()
    assert merged.abstract == "A much longer abstract."
    assert merged.authors == ["Ann Lee", "Bo Chen", "Cy Dunn"]
    assert merged.links == ["https://github.com/a/b", "https://example.org"]
    assert merged.categories == ["cs.LG", "cs.CV"]
    assert (merged.doi, merged.url, merged.published, merged.upvotes) == (
        "10.1/z", "https://example.org/z", "2024-01-01", 7,
    )
    assert merged.sources == ["s:1", "s:9"]
    assert paper_key(merged) == "paper:doi:10.1/z"


def test_papers_keep_first_seen_order() -> None:
    dedup = Deduplicator()
    for title in ["B", "A", "b", "C", "a"]:
        dedup.add(paper(title))
    assert [p.title for p in dedup.papers()] == ["B", "A", "C"]


def test_conflicting_dois_of_one_paper_are_kept_and_reported(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="kg.ingest")
    dedup = Deduplicator()
    dedup.add(paper("Low-Rank Adapters", arxiv_id="2106.09685", doi="10.1/first", source="a:1"))
    dedup.add(paper("Low-Rank Adapters", arxiv_id="2106.09685", doi="10.1/FIRST", source="b:1"))  # the same DOI
    dedup.add(paper("Low-Rank Adapters", arxiv_id="2106.09685", doi="10.2/second", source="c:7"))
    [kept] = dedup.papers()
    assert (kept.doi, kept.other_dois) == ("10.1/first", ["10.2/second"])
    assert "c:7: DOI 10.2/second differs from 10.1/first for the same paper; both kept" in caplog.text

"""Format detection from content, the name as tie-breaker, and the explicit override."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest_helpers import split
from kg.ingest import FORMATS, InputError, read_sources
from kg.ingest.detect import detect_format
from kg.ingest.opener import read_head

EXPECTED = {
    "arxiv_query.xml": "arxiv-atom",
    "arxiv_snapshot.jsonl": "arxiv-snapshot",
    "hf_daily.json": "hf-api",
    "hf_daily.json.gz": "hf-api",
    "hf_search.json": "hf-api",
    "hf_paper.json": "hf-api",
    "papers.csv": "csv",
    "papers.tsv": "csv",
    "papers.jsonl": "jsonl",
    "hf_listing_blocks.txt": "hf-listing",
    "hf_listing_glued.txt": "hf-listing",
}


def test_format_names() -> None:
    assert set(FORMATS) == {"hf-listing", "arxiv-atom", "arxiv-snapshot", "hf-api", "csv", "jsonl"}


@pytest.mark.parametrize(("name", "fmt"), sorted(EXPECTED.items()))
def test_fixture_formats_are_detected(fixtures: Path, name: str, fmt: str) -> None:
    assert detect_format(read_head(fixtures / name), name) == fmt


@pytest.mark.parametrize("prefix", ["000", "001", "004"])
def test_seed_pages_are_listings(seeds_dir: Path, prefix: str) -> None:
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    assert detect_format(read_head(path), "saved-page") == "hf-listing"


@pytest.mark.parametrize(("name", "fmt"), [("arxiv_query.xml", "arxiv-atom"), ("papers.csv", "csv"),
                                           ("arxiv_snapshot.jsonl", "arxiv-snapshot"), ("hf_daily.json", "hf-api")])
def test_content_wins_over_a_misleading_name(fixtures: Path, tmp_path: Path, name: str, fmt: str) -> None:
    misnamed = tmp_path / "download.txt"
    shutil.copyfile(fixtures / name, misnamed)
    assert detect_format(read_head(misnamed), misnamed.name) == fmt
    records, rejects = split(read_sources([misnamed]))
    assert records and all(reject.line is not None for reject in rejects)


def test_name_breaks_ties_when_content_says_nothing() -> None:
    head = b"name,abstract\nX,Y\n"
    assert detect_format(head, "table.csv") == "csv"
    assert detect_format(head, "table.csv.gz") == "csv"
    assert detect_format(head, "table.dat") is None


def test_snapshot_line_cut_by_the_head_is_still_recognised() -> None:
    head = b'{"id": "1706.03762", "submitter": "X", "abstract": "' + b"a" * 200
    assert detect_format(head, "") == "arxiv-snapshot"


def test_fmt_overrides_detection(fixtures: Path) -> None:
    # The snapshot forced through the generic JSON Lines reader: same entries, generic field handling.
    records, rejects = split(read_sources([fixtures / "arxiv_snapshot.jsonl"], fmt="jsonl"))
    assert rejects == [] and len(records) == 3
    assert records[0].authors == ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar and Jakob Uszkoreit"]
    # A listing forced through the CSV reader has no title column.
    _, rejects = split(read_sources([fixtures / "hf_listing_blocks.txt"], fmt="csv"))
    assert [(r.line, r.reason.split(";")[0]) for r in rejects] == [(None, "no title column in the header (line 1)")]


def test_unknown_format_name_raises_before_reading(fixtures: Path) -> None:
    with pytest.raises(InputError, match="unknown format 'bibtex'"):
        read_sources([fixtures / "papers.csv"], fmt="bibtex")

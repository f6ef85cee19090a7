"""Expanding paths: folders recursively, in sorted order, data files only, sources as the user gave them."""

from __future__ import annotations

import shutil
from pathlib import Path

from ingest_helpers import split
from kg.ingest import read_sources


def make_tree(fixtures: Path, root: Path) -> None:
    (root / "b" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    shutil.copyfile(fixtures / "papers.tsv", root / "z.tsv")
    shutil.copyfile(fixtures / "papers.jsonl", root / "b" / "deeper" / "a.jsonl")
    shutil.copyfile(fixtures / "hf_daily.json.gz", root / "b" / "daily.json.gz")
    shutil.copyfile(fixtures / "papers.tsv", root / ".hidden" / "skipped.tsv")
    shutil.copyfile(fixtures / "papers.tsv", root / ".skipped.tsv")
    (root / "README.md").write_text("not data\n")


def test_folder_is_read_recursively_in_sorted_order(fixtures: Path, tmp_path: Path) -> None:
    root = tmp_path / "in"
    make_tree(fixtures, root)
    records, rejects = split(read_sources([root]))
    assert rejects == []
    files = list(dict.fromkeys(record.sources[0].rsplit(":", 1)[0] for record in records))
    assert files == [str(root / "b" / "daily.json.gz"), str(root / "b" / "deeper" / "a.jsonl"), str(root / "z.tsv")]


def test_sources_keep_the_path_as_given(fixtures: Path, tmp_path: Path, monkeypatch) -> None:
    make_tree(fixtures, tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    records, _ = split(read_sources(["./in/", "in/z.tsv"]))
    sources = [record.sources[0] for record in records]
    assert sources[0] == "./in/b/daily.json.gz:2"
    assert sources[-1] == "in/z.tsv:3"


def test_reading_is_deterministic(seeds_dir: Path, fixtures: Path) -> None:
    paths = [seeds_dir, fixtures]
    first = [item.model_dump() for item in read_sources(paths)]
    second = [item.model_dump() for item in read_sources(paths)]
    assert first == second


def test_examples_folder_reads_clean() -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    records, rejects = split(read_sources([examples]))
    assert rejects == []
    assert len(records) == 19
    assert {record.sources[0].rsplit(":", 1)[0].rsplit("/", 1)[1] for record in records} == {
        "papers.jsonl", "papers_more.csv",
    }

"""Sources given as fsspec URLs (fsspec's in-memory filesystem and file://) give the papers and rejects of
the same files read from a plain path, each named by the URL as given; what cannot be opened is a reject."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import fsspec
import pytest

from kg.builder import build
from kg.workspace import KgOutputs

from ingest_helpers import split
from test_ingest_sources import make_tree
from kg.ingest import read_sources
from kg.records import PaperRecord, Reject

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def renamed(items: list[PaperRecord] | list[Reject], old: str, new: str) -> list[dict]:
    """The items as dicts, with every source name starting with `old` starting with `new` instead."""
    def rename(source: str) -> str:
        return new + source[len(old):] if source.startswith(old) else source

    rows = [item.model_dump() for item in items]
    for row in rows:
        if "sources" in row:
            row["sources"] = [rename(source) for source in row["sources"]]
        else:
            row["source"] = rename(row["source"])
    return rows


@pytest.fixture
def in_memory(fixtures: Path, tmp_path: Path) -> Iterator[str]:
    """The ingest fixtures (every format, every kind of bad file) copied into fsspec's memory filesystem."""
    fs = fsspec.filesystem("memory")
    folder = f"/{tmp_path.name}/fixtures"
    fs.put(str(fixtures), folder, recursive=True)
    yield f"memory://{folder}"
    fs.rm(f"/{tmp_path.name}", recursive=True)


def assert_read_as(local: str, url: str) -> None:
    records, rejects = split(read_sources([local]))
    url_records, url_rejects = split(read_sources([url]))
    assert len(records) > 20 and len(rejects) > 10  # every format and bad file of the fixtures
    assert renamed(records, local, url) == [record.model_dump() for record in url_records]
    assert renamed(rejects, local, url) == [reject.model_dump() for reject in url_rejects]


def test_a_folder_in_memory_reads_as_the_same_folder_on_disk(fixtures: Path, in_memory: str) -> None:
    assert_read_as(str(fixtures), in_memory)
    _, rejects = split(read_sources([f"{in_memory}/bad/mixed_bad_lines.jsonl"]))
    assert rejects and {reject.source for reject in rejects} == {f"{in_memory}/bad/mixed_bad_lines.jsonl"}


def test_a_file_url_reads_as_its_path(fixtures: Path) -> None:
    assert_read_as(str(fixtures), f"file://{fixtures}")
    papers = fixtures / "papers.jsonl"
    records, _ = split(read_sources([f"file://{papers}"]))
    assert [record.model_dump() for record in records] == renamed(split(read_sources([papers]))[0], str(papers),
                                                                  f"file://{papers}")


def test_a_folder_url_skips_hidden_and_non_data_files_and_keeps_the_sorted_order(
    fixtures: Path, tmp_path: Path
) -> None:
    root = tmp_path / "tree"
    make_tree(fixtures, root)
    fs = fsspec.filesystem("memory")
    fs.put(str(root), f"/{tmp_path.name}/tree", recursive=True)
    try:
        for url in (f"memory://{tmp_path.name}/tree/", f"file://{root}"):
            records, rejects = split(read_sources([url]))
            assert rejects == []
            files = list(dict.fromkeys(record.sources[0].rsplit(":", 1)[0] for record in records))
            base = url.rstrip("/")
            assert files == [f"{base}/b/daily.json.gz", f"{base}/b/deeper/a.jsonl", f"{base}/z.tsv"]
    finally:
        fs.rm(f"/{tmp_path.name}", recursive=True)


def test_a_file_url_folder_skips_the_outputs_kg_wrote_there(tmp_path: Path) -> None:
    project = tmp_path / "project"
    build([EXAMPLES], project / "out", mode="fast", html=False)  # papers.jsonl, graph.json ... inside the source
    (project / "data.jsonl").write_bytes((EXAMPLES / "papers.jsonl").read_bytes())
    records, rejects = split(read_sources([str(project)], skip=KgOutputs()))
    url_records, url_rejects = split(read_sources([f"file://{project}"], skip=KgOutputs()))
    assert rejects == url_rejects == [] and len(records) > 5
    assert renamed(records, str(project), f"file://{project}") == [record.model_dump() for record in url_records]
    assert {source.rsplit(":", 1)[0] for record in url_records for source in record.sources} == {
        f"file://{project}/data.jsonl"}


def test_urls_that_cannot_be_read_are_rejects_naming_them(in_memory: str) -> None:
    sources = [f"{in_memory}/not-there.jsonl", f"{in_memory}/bad/no_data_folder", "nosuchprotocol://bucket/x.jsonl"]
    records, rejects = split(read_sources(sources))
    assert records == []
    assert [(reject.source, reject.line) for reject in rejects] == [(source, None) for source in sources]
    assert rejects[0].reason == "missing path (no such file or folder)"
    assert rejects[1].reason.startswith("folder holds no readable files")
    assert rejects[2].reason.startswith("cannot open the URL (")

"""Inputs that used to vanish, crash the build or pass as text: each entry now ends as a paper or a reject."""

from __future__ import annotations

import gzip
import json
import xml.dom.minidom
from io import BytesIO
from pathlib import Path

import networkx as nx
import pytest

from ingest_helpers import split
from kg.graph.readwrite import write_gexf, write_graphml
from kg.ingest import read_sources

ABSTRACT = "We adapt large language models with low-rank updates and evaluate on GLUE."


def jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def paper(title: object, **more: object) -> dict[str, object]:
    return {"title": title, "abstract": ABSTRACT, **more}


def test_raw_line_separator_in_the_first_line_keeps_json_lines(tmp_path: Path) -> None:
    # U+2028 is legal unescaped in JSON strings; splitting the head at it made the file look like one document.
    path = jsonl(tmp_path / "a.jsonl", [paper("First\u2028title"), paper("Second"), paper("Third")])
    records, rejects = split(read_sources([path]))
    assert [record.title for record in records] == ["First title", "Second", "Third"]  # whitespace folds
    assert rejects == []


def test_every_document_of_a_concatenated_api_file_is_read(tmp_path: Path) -> None:
    items = [{"paper": {"id": f"2401.0000{i}", "title": f"Paper {i}", "summary": ABSTRACT}} for i in range(4)]
    path = tmp_path / "api.json"
    path.write_text(json.dumps(items[:2]) + "\n" + json.dumps(items[2:3]) + "\n" + json.dumps(items[3]) + "\n")
    records, rejects = split(read_sources([path]))
    assert [record.arxiv_id for record in records] == ["2401.00000", "2401.00001", "2401.00002", "2401.00003"]
    assert rejects == []


def test_garbage_after_a_json_document_is_a_reject_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "api.json"
    path.write_text(json.dumps([paper("One")]) + "\nthis is not json\n")
    records, rejects = split(read_sources([path]))
    assert len(records) == 1
    assert [(reject.line, reject.reason.split(";")[0]) for reject in rejects] == [(2, "not a JSON array or object")]


@pytest.mark.parametrize("field", ["title", "abstract", "authors"])
def test_lone_surrogate_escape_is_a_reject_naming_the_field(tmp_path: Path, field: str) -> None:
    bad = {"title": "Fine", "abstract": ABSTRACT, "authors": ["A. Author"]}
    bad[field] = ["B \ud800 C"] if field == "authors" else f"Broken \ud800 {field}"
    path = tmp_path / "s.jsonl"
    # json.dumps writes the lone surrogate as the escape \ud800, as a buggy exporter would.
    path.write_text(json.dumps(bad) + "\n" + json.dumps(paper("Good")) + "\n", encoding="utf-8")
    records, rejects = split(read_sources([path]))
    assert [record.title for record in records] == ["Good"]
    assert len(rejects) == 1
    assert rejects[0].line == 1
    assert rejects[0].reason == f"{field}: lone surrogate escape \\ud800 at character {3 if field == 'authors' else 8}"
    rejects[0].model_dump_json()  # the reject itself can be written out


def test_latin1_byte_in_a_json_array_costs_one_record(tmp_path: Path) -> None:
    items = [{"paper": {"id": "2401.00001", "title": "Caf\u00e9 models", "summary": ABSTRACT}},
             {"paper": {"id": "2401.00002", "title": "Other", "summary": ABSTRACT}}]
    path = tmp_path / "api.json"
    path.write_bytes(json.dumps(items, ensure_ascii=False).encode("latin-1"))
    records, rejects = split(read_sources([path]))
    assert [record.arxiv_id for record in records] == ["2401.00002"]
    assert [reject.reason for reject in rejects] == ["title: byte 0xE9 at character 4 is not UTF-8"]


def test_nul_byte_rejects_its_line_not_the_file(tmp_path: Path) -> None:
    path = tmp_path / "n.jsonl"
    path.write_bytes(json.dumps(paper("One")).encode() + b'\n{"title": "N\x00", "abstract": "x"}\n'
                     + json.dumps(paper("Three")).encode() + b"\n")
    records, rejects = split(read_sources([path]))
    assert [record.title for record in records] == ["One", "Three"]
    assert [(reject.line, reject.reason) for reject in rejects] == [(2, "NUL byte in the line (binary data)")]


@pytest.mark.parametrize(("encoding", "name"), [("utf-16", "UTF-16 (little-endian)"), ("utf-16-be", "UTF-16"),
                                                ("utf-32", "UTF-32 (little-endian)")])
def test_utf16_and_utf32_files_are_named(tmp_path: Path, encoding: str, name: str) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_bytes(json.dumps(paper("One")).encode(encoding) + "\n".encode(encoding))
    records, rejects = split(read_sources([path]))
    assert records == []
    assert len(rejects) == 1 and rejects[0].line is None
    assert name in rejects[0].reason and "kg reads UTF-8" in rejects[0].reason


def test_small_truncated_gzip_keeps_its_readable_part(tmp_path: Path) -> None:
    text = "".join(json.dumps(paper(f"Title {i}")) + "\n" for i in range(50)).encode()
    packed = gzip.compress(text)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) * 2 // 3])  # one small deflate block, cut
    records, rejects = split(read_sources([path]))
    assert len(records) >= 10
    assert [record.title for record in records] == [f"Title {i}" for i in range(len(records))]
    assert rejects[-1].reason.startswith("corrupt or truncated gzip data")


def test_concatenated_gzip_members_are_all_read(tmp_path: Path) -> None:
    path = tmp_path / "two.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps(paper("One")).encode() + b"\n")
                     + gzip.compress(json.dumps(paper("Two")).encode() + b"\n"))
    records, rejects = split(read_sources([path]))
    assert [record.title for record in records] == ["One", "Two"]
    assert rejects == []


@pytest.mark.parametrize(("title", "reason"), [
    ({"text": "A title"}, "title is a JSON object, not text"),
    (True, "title is a JSON boolean, not text"),
    (["A", "list"], "title is a JSON array, not text"),
    ("!!!", "title has no letter or digit"),
    ("\U0001F600\U0001F600", "title has no letter or digit"),
])
def test_titles_that_cannot_identify_a_paper_are_rejects(tmp_path: Path, title: object, reason: str) -> None:
    path = jsonl(tmp_path / "t.jsonl", [paper(title), paper("Fine title")])
    records, rejects = split(read_sources([path]))
    assert [record.title for record in records] == ["Fine title"]
    assert len(rejects) == 1 and rejects[0].reason.startswith(reason)


def test_symbol_title_is_kept_when_an_arxiv_id_identifies_the_paper(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "t.jsonl", [paper("!!!", arxiv_id="2401.00001")])
    records, rejects = split(read_sources([path]))
    assert [record.arxiv_id for record in records] == ["2401.00001"] and rejects == []


def test_number_title_is_text(tmp_path: Path) -> None:
    records, rejects = split(read_sources([jsonl(tmp_path / "t.jsonl", [paper(1984)])]))
    assert [record.title for record in records] == ["1984"] and rejects == []


def test_control_characters_are_removed_from_every_field(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "c.jsonl", [paper("Evil \x1b[31mred\x1b[0m\x07 title\ufffe", authors=["A\x00B", "\x01"])])
    records, rejects = split(read_sources([path]))
    assert rejects == []
    assert records[0].title == "Evil [31mred[0m title"
    assert records[0].authors == ["AB"]


def test_xml_writers_stay_well_formed_whatever_the_names_hold() -> None:
    graph = nx.DiGraph()
    graph.add_node("paper:x", type="Paper", name="a\x1b[31m\x01b\ufffe\uffff", title="t\x00")
    for write in (write_graphml, write_gexf):
        out = BytesIO()
        write(graph, out)
        xml.dom.minidom.parseString(out.getvalue())  # raises on a character XML 1.0 forbids

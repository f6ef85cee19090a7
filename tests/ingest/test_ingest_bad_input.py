"""Every kind of bad input: a clear 'path:line: reason', and the rest of the input still read."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from ingest_helpers import lines, split
from kg.ingest import read_sources
from kg.ingest.errors import RAW_LIMIT


def only_rejects(path: Path | str) -> list[tuple[int | None, str]]:
    return [(r.line, r.reason) for r in split(read_sources([path]))[1]]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.jsonl", "empty file"),
        ("binary.jsonl", "binary file, not text"),
        ("unknown_format.dat", "unknown format"),
        ("no_title_column.csv", "no title column in the header (line 1); columns: name, abstract"),
        ("doctype.xml", "XML with a DOCTYPE declaration is not read"),
    ],
)
def test_file_level_problems_are_one_reject_without_a_line(fixtures: Path, name: str, reason: str) -> None:
    records, rejects = split(read_sources([fixtures / "bad" / name]))
    assert records == []
    assert len(rejects) == 1
    assert rejects[0].line is None
    assert rejects[0].source == str(fixtures / "bad" / name)
    assert rejects[0].reason.startswith(reason)


def test_missing_path_is_reported_and_the_other_paths_still_read(fixtures: Path) -> None:
    items = list(read_sources(["no/such/file.jsonl", fixtures / "papers.tsv", "no/such/folder/"]))
    records, rejects = split(items)
    assert len(records) == 2
    assert [(r.source, r.line, r.reason) for r in rejects] == [
        ("no/such/file.jsonl", None, "missing path (no such file or folder)"),
        ("no/such/folder/", None, "missing path (no such file or folder)"),
    ]
    assert isinstance(items[-1], type(rejects[0]))  # order of the paths is kept


def test_folder_with_nothing_readable(fixtures: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for folder in (fixtures / "bad" / "no_data_folder", empty):
        rejects = only_rejects(folder)
        assert len(rejects) == 1 and rejects[0][0] is None
        assert rejects[0][1].startswith("folder holds no readable files")


def test_undecodable_line_is_rejected_and_its_neighbours_read(fixtures: Path) -> None:
    records, rejects = split(read_sources([fixtures / "bad" / "undecodable.jsonl"]))
    assert [r.title for r in records] == ["Readable One", "Readable Two"]
    assert [(r.line, r.reason) for r in rejects] == [(2, "undecodable bytes at column 15 (not UTF-8)")]
    assert "Latin-1" in rejects[0].raw


def test_bad_json_lines_each_cost_one_reject(fixtures: Path) -> None:
    records, rejects = split(read_sources([fixtures / "bad" / "mixed_bad_lines.jsonl"]))
    assert [r.title for r in records] == ["A Good Record"]
    assert [(r.line, r.reason) for r in rejects] == [
        (2, "title with no abstract"),
        (3, "abstract with no title"),
        (4, "expected a JSON object, got list"),
        (5, "invalid JSON (Unterminated string starting at, column 41)"),
    ]
    assert rejects[3].raw.startswith('{"title": "Truncated Line"')


def test_csv_row_with_too_many_cells(fixtures: Path) -> None:
    records, rejects = split(read_sources([fixtures / "bad" / "too_many_cells.csv"]))
    assert [r.title for r in records] == ["Good Row"]
    assert [(r.line, r.reason) for r in rejects] == [(2, "row has 3 cells but the header has 2 (unquoted ','?)")]


def test_absurdly_long_line_is_skipped_unread(fixtures: Path) -> None:
    records, rejects = split(read_sources([fixtures / "bad" / "long_line.jsonl.gz"]))
    assert [r.title for r in records] == ["Before The Long Line", "After The Long Line"]
    assert lines(records) == [1, 3]
    assert [(r.line, r.reason) for r in rejects] == [(2, "line longer than 1 MiB")]


def test_truncated_gzip_keeps_what_came_before_the_damage(fixtures: Path) -> None:
    records, rejects = split(read_sources([fixtures / "bad" / "truncated_gzip.jsonl.gz"]))
    assert len(records) > 50
    assert [r.title for r in records] == [f"Paper {n}" for n in range(1, len(records) + 1)]
    assert len(rejects) == 1
    assert rejects[0].line == len(records) + 1
    assert "truncated gzip" in rejects[0].reason and rejects[0].reason.endswith("rest of file skipped")


def test_truncated_xml_keeps_complete_entries(fixtures: Path) -> None:
    records, rejects = split(read_sources([fixtures / "bad" / "truncated_feed.xml"]))
    assert [r.arxiv_id for r in records] == ["2106.09685"]
    assert [(r.line, r.reason) for r in rejects] == [(36, "malformed XML (no element found); rest of file skipped")]


def test_truncated_json_array_keeps_complete_elements(fixtures: Path) -> None:
    records, rejects = split(read_sources([fixtures / "bad" / "truncated_daily.json"]))
    assert [r.arxiv_id for r in records] == ["2106.09685"]
    assert len(rejects) == 1 and rejects[0].line == 18
    assert rejects[0].reason == "invalid or truncated JSON (Unterminated string starting at); rest of file skipped"


def test_oversized_json_element_ends_the_file_with_a_reject(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_text('[{"title": "Fine", "summary": "Short."},\n {"title": "Huge", "summary": "' + "x" * (1 << 21) + '"}]')
    records, rejects = split(read_sources([path]))
    assert [r.title for r in records] == ["Fine"]
    assert [(r.line, r.reason) for r in rejects] == [
        (2, "element longer than 1048576 characters; rest of file skipped"),
    ]
    assert len(rejects[0].raw) == RAW_LIMIT


def test_malformed_csv_rows_are_rejected_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "quotes.csv"
    path.write_text(
        'title,abstract\n'
        '"Stray Quote,"text after the closing quote\n'
        'Good,Fine abstract.\n'
        'Unclosed,"this quote never closes\n'
        'Swallowed,Row\n'
    )
    records, rejects = split(read_sources([path]))
    assert [r.title for r in records] == ["Good"]
    assert [(r.line, r.reason) for r in rejects] == [
        (2, "bad CSV row (',' expected after '\"')"),
        (4, "unclosed quote: the row runs to the end of the file"),
    ]
    assert rejects[1].raw == 'Unclosed,"this quote never closes'


def test_every_reject_is_logged_as_one_line(fixtures: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="kg.ingest")
    paths = [fixtures / "bad" / "mixed_bad_lines.jsonl", fixtures / "bad" / "empty.jsonl", "gone.csv"]
    _, rejects = split(read_sources(paths))
    messages = [record.getMessage() for record in caplog.records if record.name == "kg.ingest"]
    assert messages == [
        f"{fixtures / 'bad' / 'mixed_bad_lines.jsonl'}:2: title with no abstract",
        f"{fixtures / 'bad' / 'mixed_bad_lines.jsonl'}:3: abstract with no title",
        f"{fixtures / 'bad' / 'mixed_bad_lines.jsonl'}:4: expected a JSON object, got list",
        f"{fixtures / 'bad' / 'mixed_bad_lines.jsonl'}:5: invalid JSON (Unterminated string starting at, column 41)",
        f"{fixtures / 'bad' / 'empty.jsonl'}: empty file",
        "gone.csv: missing path (no such file or folder)",
    ]
    assert len(messages) == len(rejects) and all("\n" not in m for m in messages)


def test_nothing_is_lost_over_the_whole_bad_folder(fixtures: Path) -> None:
    """Each entry of a line-per-entry file is a record or a reject with its line; nothing else appears."""
    path = fixtures / "bad" / "mixed_bad_lines.jsonl"
    records, rejects = split(read_sources([path]))
    entry_lines = sorted(lines(records) + [r.line for r in rejects])
    non_blank = [n for n, text in enumerate(path.read_text().splitlines(), start=1) if text.strip()]
    assert entry_lines == non_blank


def test_oversized_atom_entry_is_rejected_and_the_next_one_read(fixtures: Path, tmp_path: Path) -> None:
    feed = (fixtures / "arxiv_query.xml").read_text()
    huge = feed.replace("Very deep networks are hard to optimize.", "x" * (1 << 21), 1)
    path = tmp_path / "huge.xml"
    path.write_text(huge)
    records, rejects = split(read_sources([path]))
    assert [r.arxiv_id for r in records] == ["2106.09685", "1810.04805"]
    assert [(r.line, r.reason) for r in rejects] == [(34, "entry longer than 1048576 characters")]
    assert rejects[0].raw == "id: http://arxiv.org/abs/1512.03385v1; title: Deep Residual Learning for Image Recognition"

"""kg.ingest.selection: which records `--category`, `--since` and `--until` keep."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kg.ingest import read_sources
from kg.ingest.selection import KEEP_ALL, LeftOut, Selection, SelectionError, parse_categories, parse_day
from kg.records import PaperRecord, Reject


def _record(categories: list[str], published: str | None) -> PaperRecord:
    return PaperRecord(title="T", abstract="A", categories=categories, published=published)


def test_categories_match_any_of_the_record_and_an_archive_takes_all_its_categories() -> None:
    selection = Selection(categories=parse_categories("cs.LG, cs.CL"))
    assert selection.keeps(_record(["stat.ML", "cs.CL"], None))
    assert not selection.keeps(_record(["cs.CV", "stat.ML"], None))
    assert not selection.keeps(_record([], None))  # no categories: cannot be in one
    archive = Selection(categories=parse_categories("cs"))
    assert archive.keeps(_record(["cs.CV"], None))
    assert not archive.keeps(_record(["stat.ML"], None))


@pytest.mark.parametrize(
    ("published", "kept"),
    [("2020-01-01", True), ("2020-12-31", True), ("2019-12-31", False), ("2021-01-01", False),
     ("2020-06-15T10:00:00Z", True), ("2020", False), (None, False), ("2020-02-30", False)],
)
def test_dates_are_inclusive_and_a_record_without_a_full_date_is_left_out(published: str | None, kept: bool) -> None:
    selection = Selection(since=date(2020, 1, 1), until=date(2020, 12, 31))
    assert selection.keeps(_record(["cs.LG"], published)) is kept


def test_one_bound_alone_filters_one_side() -> None:
    assert Selection(since=date(2020, 1, 1)).keeps(_record([], "2030-01-01"))
    assert not Selection(until=date(2020, 1, 1)).keeps(_record([], "2030-01-01"))


def test_no_selection_keeps_everything() -> None:
    assert not KEEP_ALL.filters
    assert KEEP_ALL.keeps(_record([], None))


@pytest.mark.parametrize("bad", [" , ", ""])
def test_empty_category_lists_are_refused(bad: str) -> None:
    with pytest.raises(SelectionError):
        parse_categories(bad)


def test_bad_dates_and_reversed_bounds_are_refused() -> None:
    with pytest.raises(SelectionError, match="YYYY-MM-DD"):
        parse_day("March 2020")
    with pytest.raises(SelectionError, match="after"):
        Selection(since=date(2021, 1, 1), until=date(2020, 1, 1))


def test_a_selection_survives_its_manifest_form_and_names_its_options() -> None:
    selection = Selection(categories=parse_categories("cs.LG,cs"), since=date(2024, 1, 1))
    assert Selection.from_dict(selection.as_dict()) == selection
    assert selection.options() == "--category cs,cs.LG --since 2024-01-01"
    assert KEEP_ALL.as_dict() == {} and Selection.from_dict({}) == KEEP_ALL


def _snapshot_row(number: int, categories: object, created: str | None, update_date: str | None = "2023-01-01",
                  title: str = "A title") -> str:
    row: dict[str, object] = {"id": f"2001.{number:05d}", "title": title, "abstract": "An abstract.",
                              "categories": categories, "update_date": update_date, "authors": "Ana Kim"}
    if created is not None:
        row["versions"] = [{"version": "v1", "created": created}]
    return json.dumps(row)


def test_the_snapshot_reader_judges_raw_rows_as_the_selection_judges_their_records(tmp_path: Path) -> None:
    rows = [
        _snapshot_row(1, "cs.LG stat.ML", "Mon, 6 Jan 2020 10:00:00 GMT"),
        _snapshot_row(2, "math.PR", "Mon, 6 Jan 2020 10:00:00 GMT"),
        _snapshot_row(3, "cs.LG\u0007", "Mon, 6 Jan 2020 10:00:00 GMT"),  # the check strips the control
        _snapshot_row(4, "\u0007 math.PR", "Mon, 6 Jan 2020 10:00:00 GMT"),  # a control alone is no category
        _snapshot_row(5, "cs.CL", None, update_date="2020-05-01"),  # no versions: the last update's date
        _snapshot_row(6, "cs.CL", None, update_date="\u00072020-05-01"),
        _snapshot_row(7, "cs.CL", "not a date", update_date=None),
        _snapshot_row(8, "cs", "Mon, 6 Jan 2020 10:00:00 GMT"),
        _snapshot_row(9, None, "Mon, 6 Jan 2020 10:00:00 GMT"),
        _snapshot_row(10, "cs.CV", "Tue, 1 Jan 2019 10:00:00 GMT"),
    ]
    path = tmp_path / "arxiv-metadata-oai-snapshot.json"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    selection = Selection(categories=parse_categories("cs"), since=date(2020, 1, 1))
    unjudged = list(read_sources([path]))
    judged = list(read_sources([path], selection=selection))
    assert all(isinstance(item, PaperRecord) for item in unjudged)
    expected = [record if selection.keeps(record) else LeftOut(str(path), line)
                for line, record in enumerate(unjudged, start=1)]
    assert judged == expected
    assert [item.line for item in judged if isinstance(item, LeftOut)] == [2, 4, 7, 9, 10]


def test_a_snapshot_row_outside_the_selection_is_left_out_before_it_could_be_rejected(tmp_path: Path) -> None:
    path = tmp_path / "arxiv-metadata-oai-snapshot.json"
    path.write_text("\n".join([_snapshot_row(1, "math.PR", "Mon, 6 Jan 2020 10:00:00 GMT", title=""),
                               _snapshot_row(2, "cs.LG", "Mon, 6 Jan 2020 10:00:00 GMT", title="")]) + "\n",
                    encoding="utf-8")
    items = list(read_sources([path], selection=Selection(categories=parse_categories("cs.LG"))))
    assert items[0] == LeftOut(str(path), 1)
    assert isinstance(items[1], Reject) and items[1].line == 2

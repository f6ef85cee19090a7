"""kg.ingest.selection: which records `--category`, `--since` and `--until` keep."""

from __future__ import annotations

from datetime import date

import pytest

from kg.ingest.selection import KEEP_ALL, Selection, SelectionError, parse_categories, parse_day
from kg.records import PaperRecord


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

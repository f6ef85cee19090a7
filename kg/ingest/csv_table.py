"""Generic CSV (or TSV): a header row naming at least a title column, then one paper per row.

Rows may span lines (quoted newlines), so each record's line is the line its row starts on.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from kg.ingest.errors import make_reject
from kg.ingest.fields import TITLE_KEYS, record_from_row
from kg.ingest.opener import iter_lines
from kg.records import PaperRecord, Reject

DELIMITERS = (",", "\t", ";", "|")


class _LineFeed:
    """Feeds decoded lines to csv.reader, remembering their numbers and setting aside unreadable ones."""

    def __init__(self, items: Iterator[tuple[int, str] | Reject]) -> None:
        self._items = items
        self.numbers: list[int] = []
        self.first_text = ""  # the first line of the row being read, kept for a Reject's raw text
        self.rejects: list[Reject] = []

    def __iter__(self) -> "_LineFeed":
        return self

    def __next__(self) -> str:
        while True:
            item = next(self._items)
            if isinstance(item, Reject):
                self.rejects.append(item)
                continue
            number, text = item
            if not self.numbers:
                self.first_text = text
            self.numbers.append(number)
            return text + "\n"

    def take_rejects(self) -> list[Reject]:
        taken, self.rejects = self.rejects, []
        return taken


def _delimiter(header_line: str) -> str:
    """The delimiter that makes a cell of the header line read 'title' (',' when none does)."""
    for delimiter in DELIMITERS:
        cells = next(csv.reader([header_line], delimiter=delimiter), [])
        if any(cell.strip().lower() in TITLE_KEYS for cell in cells):
            return delimiter
    return ","


def read(path: Path, source: str) -> Iterator[PaperRecord | Reject]:
    feed = _LineFeed(iter_lines(path, source))
    header_line = next((line for line in feed if line.strip()), None)
    yield from feed.take_rejects()
    if header_line is None:
        yield make_reject(source, None, "no header row")
        return
    header_number = feed.numbers[-1]
    delimiter = _delimiter(header_line)
    header = [cell.strip() for cell in next(csv.reader([header_line], delimiter=delimiter))]
    if not any(cell.lower() in TITLE_KEYS for cell in header):
        columns = ", ".join(header) or "(none)"
        yield make_reject(source, None, f"no title column in the header (line {header_number}); columns: {columns}")
        return
    # strict: a malformed row is reported instead of being guessed at (an unclosed quote would swallow the file).
    reader = csv.reader(feed, delimiter=delimiter, strict=True)
    while True:
        feed.numbers.clear()
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            yield from feed.take_rejects()
            line = feed.numbers[0] if feed.numbers else header_number
            if "unexpected end of data" in str(error):
                yield make_reject(source, line, "unclosed quote: the row runs to the end of the file", feed.first_text)
                break
            yield make_reject(source, line, f"bad CSV row ({error})", feed.first_text)
            continue
        yield from feed.take_rejects()
        if not any(cell.strip() for cell in row):
            continue
        line = feed.numbers[0]
        raw = delimiter.join(row)
        if len(row) > len(header):
            reason = f"row has {len(row)} cells but the header has {len(header)} (unquoted '{delimiter}'?)"
            yield make_reject(source, line, reason, raw)
            continue
        yield record_from_row(dict(zip(header, row)), source, line, raw)
    yield from feed.take_rejects()

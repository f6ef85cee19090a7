"""Shared helpers of the ingest tests: splitting a read into records and rejects."""

from __future__ import annotations

from collections.abc import Iterable

from kg.records import PaperRecord, Reject


def split(items: Iterable[PaperRecord | Reject]) -> tuple[list[PaperRecord], list[Reject]]:
    records: list[PaperRecord] = []
    rejects: list[Reject] = []
    for item in items:
        (rejects if isinstance(item, Reject) else records).append(item)
    return records, rejects


def lines(records: Iterable[PaperRecord]) -> list[int]:
    """The line of each record's (single) source."""
    return [int(record.sources[0].rsplit(":", 1)[1]) for record in records]

"""Generic JSON Lines: one JSON object per line with a title and an abstract (or summary)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kg.ingest.errors import make_reject
from kg.ingest.fields import record_from_row
from kg.ingest.opener import iter_lines
from kg.ingest.selection import LeftOut
from kg.records import PaperRecord, Reject

RowReader = Callable[[dict[str, Any], str, int, str], PaperRecord | Reject | LeftOut]


def iter_objects(path: Path, source: str, to_record: RowReader) -> Iterator[PaperRecord | Reject | LeftOut]:
    """Each non-blank line parsed as a JSON object and handed to `to_record`; bad lines become Rejects."""
    for item in iter_lines(path, source):
        if isinstance(item, Reject):
            yield item
            continue
        number, text = item
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            yield make_reject(source, number, f"invalid JSON ({error.msg}, column {error.colno})", text)
            continue
        if not isinstance(value, dict):
            yield make_reject(source, number, f"expected a JSON object, got {type(value).__name__}", text)
            continue
        yield to_record(value, source, number, text)


def read(path: Path, source: str) -> Iterator[PaperRecord | Reject]:
    return iter_objects(path, source, record_from_row)

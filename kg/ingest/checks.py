"""The checks every record passes after its reader, whatever the format, so no reader can let bad text through.

Readers turn rows into records; this module decides what a record may hold. Control characters and the
Unicode non-characters U+FFFE/U+FFFF are removed (they break terminals and XML, and carry no meaning in a
title or an abstract). A lone surrogate (a bare `\\ud800` escape in JSON, or a byte that is not UTF-8 read
with `surrogateescape`) cannot be written as UTF-8, so the record becomes a reject naming the field. So
does a record that has nothing to identify it: no arXiv id, no DOI and a title without a letter or digit.
"""

from __future__ import annotations

import json
import re
from typing import Any

from kg.ingest.errors import SURROGATE, make_reject, safe_raw
from kg.model import normalize_title
from kg.records import PaperRecord, Reject

# C0 and C1 controls (whitespace was already folded to spaces by the readers), DEL and the non-characters.
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# surrogateescape maps an undecodable byte 0xNN to U+DCNN.
_ESCAPED_BYTES = range(0xDC80, 0xDD00)


def strip_controls(text: str) -> str:
    """`text` without control characters or U+FFFE/U+FFFF."""
    return _UNWANTED.sub("", text) if _UNWANTED.search(text) else text


def surrogate_problem(text: str) -> str | None:
    """Why `text` cannot be written as UTF-8 (a lone surrogate or an undecodable byte), or None."""
    found = SURROGATE.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if code in _ESCAPED_BYTES:
        return f"byte 0x{code - 0xDC00:02X} at character {found.start() + 1} is not UTF-8"
    return f"lone surrogate escape \\u{code:04x} at character {found.start() + 1}"


def checked(record: PaperRecord) -> PaperRecord | Reject:
    """The record with unwanted characters removed, or a Reject saying which field cannot be kept."""
    source, line = _where(record)
    raw = safe_raw(json.dumps(record.model_dump(exclude_none=True), ensure_ascii=False))
    update: dict[str, Any] = {}
    for field, value in record:
        if isinstance(value, str):
            texts = [value]
        elif isinstance(value, list) and field != "sources":
            texts = value
        else:
            continue
        for text in texts:
            problem = surrogate_problem(text)
            if problem:
                return make_reject(source, line, f"{field}: {problem}", raw)
        cleaned = [strip_controls(text) for text in texts]
        if cleaned != texts:
            update[field] = cleaned[0] if isinstance(value, str) else [text for text in cleaned if text.strip()]
    if update:
        record = record.model_copy(update=update)
    if not record.title.strip():
        return make_reject(source, line, "title holds only control characters", raw)
    if not (record.arxiv_id or record.doi or normalize_title(record.title)):
        return make_reject(source, line, "title has no letter or digit and there is no arXiv id or DOI "
                                         "to tell the paper apart", raw)
    return record


def _where(record: PaperRecord) -> tuple[str, int | None]:
    """(file, line) of the record's first source, as the readers wrote it ('path:line' or 'path')."""
    first = record.sources[0] if record.sources else "<input>"
    path, _, line = first.rpartition(":")
    if path and line.isdigit():
        return path, int(line)
    return first, None

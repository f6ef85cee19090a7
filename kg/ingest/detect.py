"""Which reader a file needs, judged from its first kilobytes (the file name only breaks ties).

Content decides because saved files are often misnamed (.txt for JSON, no
suffix at all); the suffix is used only when content alone says nothing, e.g.
a CSV whose header lacks a title column is still read as CSV and rejected
with that reason rather than called 'unknown'.
"""

from __future__ import annotations

import csv
import json

from kg.ingest import hf_listing
from kg.ingest.csv_table import DELIMITERS
from kg.ingest.fields import TITLE_KEYS

HF_LISTING = "hf-listing"
ARXIV_ATOM = "arxiv-atom"
ARXIV_SNAPSHOT = "arxiv-snapshot"
HF_API = "hf-api"
CSV = "csv"
JSONL = "jsonl"

# Keys only the arXiv metadata snapshot has (besides id, title, abstract).
SNAPSHOT_KEYS = ("submitter", "authors_parsed", "update_date", "versions", "journal-ref")
SUFFIX_FORMATS = {
    ".csv": CSV, ".tsv": CSV, ".jsonl": JSONL, ".ndjson": JSONL, ".json": HF_API,
    ".xml": ARXIV_ATOM, ".atom": ARXIV_ATOM, ".txt": HF_LISTING,
}
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"


def data_suffix(name: str) -> str:
    """The suffix that names the format: 'a.jsonl.gz' -> '.jsonl'."""
    lowered = name.lower().removesuffix(".gz")
    dot = lowered.rfind(".")
    return lowered[dot:] if dot > 0 else ""


def detect_format(head: bytes, name: str = "") -> str | None:
    """The format name for a file starting with `head`, or None when neither content nor name tells.

    Lines are split at LF only, as the readers split them: str.splitlines() would also split at U+2028
    and other separators that JSON strings may hold raw, and misjudge JSON Lines as one document.
    """
    text = head.decode("utf-8", errors="replace").lstrip()
    if text.startswith("<"):
        return ARXIV_ATOM if "<feed" in text and ATOM_NAMESPACE in text else None
    if text.startswith("["):
        return HF_API
    if text.startswith("{"):
        return _json_kind(text)
    lines = [line for line in text.split("\n") if line.strip()]
    if lines and _is_csv_header(lines[0]):
        return CSV
    if any(marker in text for marker in hf_listing.MARKERS):
        return HF_LISTING
    return SUFFIX_FORMATS.get(data_suffix(name))


def _json_kind(text: str) -> str:
    """JSON Lines (generic or snapshot) when the first lines are whole objects; else one JSON document."""
    lines = [line for line in text.split("\n") if line.strip()]
    first = _as_object(lines[0])
    if first is None and len(lines) > 1 and _as_object(lines[1]) is None and "\n" in text:
        return HF_API  # an object spread over lines: one pretty-printed document
    if first is not None:
        keys = {key.lower() for key in first}
        is_snapshot = {"id", "abstract"} <= keys and any(key in keys for key in SNAPSHOT_KEYS)
    else:  # a first line cut by the head or broken: judge by the keys it shows
        is_snapshot = '"abstract"' in lines[0] and any(f'"{key}"' in lines[0] for key in SNAPSHOT_KEYS)
    return ARXIV_SNAPSHOT if is_snapshot else JSONL


def _as_object(line: str) -> dict | None:
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _is_csv_header(line: str) -> bool:
    for delimiter in DELIMITERS:
        if delimiter in line:
            cells = next(csv.reader([line], delimiter=delimiter), [])
            if any(cell.strip().lower() in TITLE_KEYS for cell in cells):
                return True
    return False

"""The arXiv metadata snapshot (arxiv-metadata-oai-snapshot.json): JSON Lines, one paper per line.

Its fields differ from generic JSON Lines in shape, not in name: authors are one
string ("A. Smith, B. Jones and C. Lee") with a parsed list beside it, and
categories are space-separated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from kg.ingest.checks import strip_controls
from kg.ingest.errors import make_reject
from kg.ingest.fields import arxiv_id_or_none, clean_doi, clean_text
from kg.ingest.json_lines import iter_objects
from kg.ingest.selection import KEEP_ALL, LeftOut, Selection
from kg.records import PaperRecord, Reject

_AUTHOR_SEPARATORS = re.compile(r",\s*|\s+and\s+")


def _authors(row: dict[str, Any]) -> list[str]:
    parsed = row.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        names = []
        for parts in parsed:
            if isinstance(parts, list) and parts:
                last, first = str(parts[0]), str(parts[1]) if len(parts) > 1 else ""
                suffix = str(parts[2]) if len(parts) > 2 else ""
                names.append(clean_text(f"{first} {last} {suffix}"))
        return [name for name in dict.fromkeys(names) if name]
    text = clean_text(row.get("authors"))
    return [name for name in dict.fromkeys(_AUTHOR_SEPARATORS.split(text)) if name]


def _published(row: dict[str, Any]) -> str | None:
    """The first version's date (when the paper appeared) as YYYY-MM-DD, else the last update's date."""
    versions = row.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict):
        try:
            return parsedate_to_datetime(str(versions[0].get("created", ""))).date().isoformat()
        except (TypeError, ValueError):
            pass
    return clean_text(row.get("update_date")) or None


def _first_doi(value: Any) -> str | None:
    """The snapshot puts several DOIs in one space-separated string; the first is the paper's own."""
    parts = clean_text(value).split()
    return clean_doi(parts[0]) if parts else None


def record_from_snapshot(row: dict[str, Any], source: str, line: int, raw: str) -> PaperRecord | Reject:
    title = clean_text(row.get("title"))
    abstract = clean_text(row.get("abstract"))
    if not title:
        return make_reject(source, line, "abstract with no title" if abstract else "no title and no abstract", raw)
    if not abstract:
        return make_reject(source, line, "title with no abstract", raw)
    arxiv_id = arxiv_id_or_none(row.get("id"))
    return PaperRecord(
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        doi=_first_doi(row.get("doi")),
        url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else None,
        published=_published(row),
        authors=_authors(row),
        categories=_categories(row),
        sources=[f"{source}:{line}"],
    )


def _categories(row: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(clean_text(row.get("categories")).split()))


def read(path: Path, source: str, selection: Selection = KEEP_ALL) -> Iterator[PaperRecord | Reject | LeftOut]:
    """The snapshot's records; with a selection, rows outside it come as LeftOut, judged on their raw fields.

    A row left out is not checked further: one that would have been a reject (no title, say) counts as
    left out, since nothing of it was asked for.
    """
    if not selection.filters:
        return iter_objects(path, source, record_from_snapshot)

    def record_if_selected(row: dict[str, Any], source: str, line: int, raw: str) -> PaperRecord | Reject | LeftOut:
        # The fields as kg.ingest.checks would leave them on the record, so the judgement is the record's.
        categories = [kept for kept in map(strip_controls, _categories(row)) if kept.strip()]
        if not selection.keeps_fields(categories, strip_controls(_published(row) or "")):
            return LeftOut(source, line)
        return record_from_snapshot(row, source, line, raw)

    return iter_objects(path, source, record_if_selected)

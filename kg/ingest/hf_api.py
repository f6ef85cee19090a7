"""Hugging Face papers API JSON: daily papers (/api/daily_papers), search results, or one paper.

Daily-papers and search items wrap the paper in a `paper` object and repeat its
title and summary beside it; a single-paper response is the paper object itself.
A paper's `id` is its arXiv id. An array of other objects (no `paper`, no
`summary`) is read with the generic column names, like JSON Lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from kg.ingest.errors import make_reject
from kg.ingest.fields import arxiv_id_or_none, clean_text, not_text, record_from_row, split_names
from kg.ingest.json_stream import iter_elements
from kg.records import PaperRecord, Reject


def _get(paper: Mapping[str, Any], item: Mapping[str, Any], key: str) -> Any:
    """The paper's value for `key`, else the wrapping item's."""
    value = paper.get(key)
    return value if value not in (None, "", []) else item.get(key)


def record_from_item(item: Any, source: str, line: int) -> PaperRecord | Reject:
    raw = json.dumps(item, ensure_ascii=False)
    if not isinstance(item, dict):
        return make_reject(source, line, f"expected a JSON object, got {type(item).__name__}", raw)
    if not isinstance(item.get("paper"), dict) and "summary" not in item:
        return record_from_row(item, source, line, raw)  # a JSON array of generic rows, read like JSON Lines
    paper = item["paper"] if isinstance(item.get("paper"), dict) else item
    wrong = not_text(("title", _get(paper, item, "title")), ("summary", _get(paper, item, "summary")))
    if wrong:
        return make_reject(source, line, wrong, raw)
    title = clean_text(_get(paper, item, "title"))
    abstract = clean_text(_get(paper, item, "summary"))
    if not title:
        return make_reject(source, line, "abstract with no title" if abstract else "no title and no abstract", raw)
    if not abstract:
        return make_reject(source, line, "title with no abstract", raw)
    arxiv_id = arxiv_id_or_none(paper.get("id"))
    upvotes = _get(paper, item, "upvotes")
    links = [clean_text(_get(paper, item, key)) for key in ("githubRepo", "projectPage")]
    return PaperRecord(
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else None,
        published=clean_text(_get(paper, item, "publishedAt")) or None,
        authors=list(dict.fromkeys(split_names(paper.get("authors")))),
        links=[link for link in dict.fromkeys(links) if link],
        upvotes=upvotes if isinstance(upvotes, int) and not isinstance(upvotes, bool) else None,
        sources=[f"{source}:{line}"],
    )


def read(path: Path, source: str) -> Iterator[PaperRecord | Reject]:
    for element in iter_elements(path, source):
        if isinstance(element, Reject):
            yield element
        else:
            yield record_from_item(element[1], source, element[0])

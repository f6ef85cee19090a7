"""Turning one loosely-shaped row (a CSV row, a JSON object) into a PaperRecord.

Generic CSV and JSON Lines name their columns as people like; this module is
the one place that decides which names mean what, so both formats agree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kg.model import normalize_arxiv_id
from kg.ingest.errors import make_reject
from kg.records import PaperRecord, Reject

# Accepted column names per field, lower case, first match wins.
TITLE_KEYS = ("title",)
ABSTRACT_KEYS = ("abstract", "summary")
ARXIV_KEYS = ("arxiv_id", "arxiv", "id")
DOI_KEYS = ("doi",)
URL_KEYS = ("url", "link")
AUTHOR_KEYS = ("authors", "author")
DATE_KEYS = ("published", "date", "publishedat", "published_at", "update_date", "year")
CATEGORY_KEYS = ("categories", "category")
LINK_KEYS = ("links", "code", "github", "githubrepo", "repository", "projectpage", "project_page")

_SPACES = re.compile(r"\s+")
# New-style (2106.09685v2) and old-style (hep-th/9901001, math.GT/0309136) arXiv ids, with optional prefix.
_ARXIV_ID = re.compile(
    r"^(?:(?:https?://)?(?:www\.)?arxiv\.org/(?:abs|pdf)/|arxiv:)?"
    r"(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?$",
    re.IGNORECASE,
)
_DOI_PREFIX = re.compile(r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def clean_text(value: Any) -> str:
    """One line of text: runs of whitespace (line wraps, indentation) become one space."""
    if value is None:
        return ""
    return _SPACES.sub(" ", str(value)).strip()


def clean_doi(value: Any) -> str | None:
    """The bare DOI (resolver URL or 'doi:' prefix removed, case kept), or None when empty."""
    text = _DOI_PREFIX.sub("", clean_text(value))
    return text or None


def arxiv_id_or_none(value: Any) -> str | None:
    """The normalized arXiv id when `value` is one; None for anything else (row numbers, slugs)."""
    text = clean_text(value)
    return normalize_arxiv_id(text) if text and _ARXIV_ID.match(text) else None


def not_text(*fields: tuple[str, Any]) -> str | None:
    """The reason to reject a row whose title or abstract is a JSON object, list or boolean, else None.

    Such a value would otherwise become its Python repr ("{'a': 1}", "True") and pass for text.
    """
    for name, value in fields:
        if isinstance(value, bool) or (value is not None and not isinstance(value, (str, int, float))):
            return f"{name} is a JSON {_JSON_KINDS.get(type(value), type(value).__name__)}, not text"
    return None


_JSON_KINDS = {dict: "object", list: "array", bool: "boolean"}


def split_names(value: Any) -> list[str]:
    """Authors (or links, categories) from a list, a list of {"name": ...}, or a ';'/','-separated string."""
    if value is None:
        return []
    if isinstance(value, list):
        items = [item.get("name") if isinstance(item, Mapping) else item for item in value]
        return [text for text in (clean_text(item) for item in items) if text]
    text = clean_text(value)
    separator = ";" if ";" in text else ","
    return [part.strip() for part in text.split(separator) if part.strip()]


def lower_keys(row: Mapping[str, Any]) -> dict[str, Any]:
    """The row with lower-case, stripped keys (first spelling wins)."""
    lowered: dict[str, Any] = {}
    for key, value in row.items():
        lowered.setdefault(str(key).strip().lower(), value)
    return lowered


def pick(row: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    """The first non-empty value among `keys` in a lower-cased row."""
    for key in keys:
        value = row.get(key)
        if value not in (None, "", []):
            return value
    return None


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def record_from_row(row: Mapping[str, Any], source: str, line: int, raw: str) -> PaperRecord | Reject:
    """A PaperRecord from a generic row, or a Reject saying what is missing."""
    fields = lower_keys(row)
    wrong = not_text(("title", pick(fields, TITLE_KEYS)), ("abstract", pick(fields, ABSTRACT_KEYS)))
    if wrong:
        return make_reject(source, line, wrong, raw)
    title = clean_text(pick(fields, TITLE_KEYS))
    abstract = clean_text(pick(fields, ABSTRACT_KEYS))
    if not title and not abstract:
        return make_reject(source, line, "no title and no abstract", raw)
    if not title:
        return make_reject(source, line, "abstract with no title", raw)
    if not abstract:
        return make_reject(source, line, "title with no abstract", raw)
    arxiv_id = None
    for key in ARXIV_KEYS:
        arxiv_id = arxiv_id or arxiv_id_or_none(fields.get(key))
    links: list[str] = []
    for key in LINK_KEYS:
        links.extend(split_names(fields.get(key)))
    published = pick(fields, DATE_KEYS)
    return PaperRecord(
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        doi=clean_doi(pick(fields, DOI_KEYS)),
        url=clean_text(pick(fields, URL_KEYS)) or None,
        published=clean_text(published) or None,
        authors=_unique(split_names(pick(fields, AUTHOR_KEYS))),
        categories=_unique(_categories(pick(fields, CATEGORY_KEYS))),
        links=_unique(links),
        sources=[f"{source}:{line}"],
    )


def _categories(value: Any) -> list[str]:
    """Categories as a list; a string may be space-separated ('cs.LG stat.ML') as in arXiv data."""
    if isinstance(value, str) and ";" not in value and "," not in value:
        return value.split()
    return split_names(value)

"""One paper per real paper: records that share an arXiv id, a DOI or a normalized title are merged.

Any shared key is enough, so a CSV row with only a title joins the arXiv record
of the same title. A weaker key never overrides differing stronger ids: a shared
DOI does not merge two different arXiv ids, a shared title does not merge two
different arXiv ids or DOIs (distinct papers can share a generic title). A
shared arXiv id always merges, so no two papers ever get the same id.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.ingest.errors import log
from kg.model import normalize_arxiv_id, normalize_doi, normalize_title, paper_id
from kg.records import PaperRecord


def paper_key(record: PaperRecord) -> str:
    """The paper's graph id, from its best identifier (arXiv id > DOI > title)."""
    return paper_id(record.arxiv_id, record.doi, record.title)


def _keys(record: PaperRecord) -> list[tuple[str, str]]:
    """(kind, lookup key) pairs, strongest first."""
    keys = []
    if record.arxiv_id:
        keys.append(("arxiv", f"arxiv:{normalize_arxiv_id(record.arxiv_id)}"))
    if record.doi:
        keys.append(("doi", f"doi:{normalize_doi(record.doi)}"))
    title = normalize_title(record.title)
    if title:
        keys.append(("title", f"title:{title}"))
    return keys


def _differ(a: str | None, b: str | None, normalize: Callable[[str], str]) -> bool:
    return bool(a and b and normalize(a) != normalize(b))


def _compatible(kind: str, kept: PaperRecord, new: PaperRecord) -> bool:
    """Whether a match on a key of `kind` may merge: a weaker key never overrides differing stronger ids."""
    if kind == "arxiv":
        return True
    if _differ(kept.arxiv_id, new.arxiv_id, normalize_arxiv_id):
        return False
    return kind == "doi" or not _differ(kept.doi, new.doi, normalize_doi)


def _union(first: list[str], second: list[str], fold: bool = False) -> list[str]:
    """Items of both lists in first-seen order; with `fold`, case-insensitive (author names)."""
    seen: set[str] = set()
    merged = []
    for item in [*first, *second]:
        key = item.casefold() if fold else item
        if key not in seen:
            seen.add(key)
            merged.append(item)
    return merged


def _distinct_dois(*records: PaperRecord) -> list[str]:
    """Every DOI of the records, first-seen order, one per normalized DOI."""
    by_key: dict[str, str] = {}
    for record in records:
        for doi in (record.doi, *record.other_dois):
            if doi:
                by_key.setdefault(normalize_doi(doi), doi)
    return list(by_key.values())


def merge(kept: PaperRecord, new: PaperRecord) -> PaperRecord:
    """The richer of each field, unions of the lists, and the provenance of both.

    Differing DOIs (possible only under one arXiv id) are all kept: the first seen as `doi`, the others
    in `other_dois`.
    """
    upvotes = [value for value in (kept.upvotes, new.upvotes) if value is not None]
    dois = _distinct_dois(kept, new)
    return kept.model_copy(
        update={
            "title": kept.title or new.title,
            "abstract": new.abstract if len(new.abstract) > len(kept.abstract) else kept.abstract,
            "arxiv_id": kept.arxiv_id or new.arxiv_id,
            "doi": dois[0] if dois else None,
            "other_dois": dois[1:],
            "url": kept.url or new.url,
            "published": kept.published or new.published,
            "authors": _union(kept.authors, new.authors, fold=True),
            "categories": _union(kept.categories, new.categories),
            "links": _union(kept.links, new.links),
            "upvotes": max(upvotes) if upvotes else None,
            "sources": [*kept.sources, *new.sources],
        }
    )


class Deduplicator:
    """Collects records, merging each into the first compatible paper that shares one of its keys."""

    def __init__(self) -> None:
        self._papers: list[PaperRecord] = []
        self._index: dict[str, int] = {}
        self.merged = 0

    def add(self, record: PaperRecord) -> bool:
        """Add a record; True when it was merged into a paper already seen."""
        position = self._match(record)
        merged = position is not None
        if position is None:
            position = len(self._papers)
            self._papers.append(record)
        else:
            kept = self._papers[position]
            self._papers[position] = merge(kept, record)
            self.merged += 1
            if len(self._papers[position].other_dois) > len(kept.other_dois):
                log.warning("%s: DOI %s differs from %s for the same paper; both kept (doi_conflicts in "
                            "summary.json)", record.sources[0] if record.sources else "-", record.doi, kept.doi)
        for _, key in _keys(self._papers[position]):
            self._index.setdefault(key, position)
        return merged

    def _match(self, record: PaperRecord) -> int | None:
        for kind, key in _keys(record):
            position = self._index.get(key)
            if position is not None and _compatible(kind, self._papers[position], record):
                return position
        return None

    def papers(self) -> list[PaperRecord]:
        """The merged papers in first-seen order."""
        return list(self._papers)

    def papers_with_ids(self) -> list[tuple[str, PaperRecord]]:
        """(paper id, paper) in first-seen order; the id comes from the merged record."""
        return [(paper_key(paper), paper) for paper in self._papers]

    def __len__(self) -> int:
        return len(self._papers)

"""One paper per real paper: records that share an arXiv id, a DOI or a normalized title are merged.

Any shared key is enough, so a CSV row with only a title joins the arXiv record
of the same title. A weaker key never overrides differing stronger ids: a shared
DOI does not merge two different arXiv ids, a shared title does not merge two
different arXiv ids or DOIs (distinct papers can share a generic title). A
shared arXiv id always merges, so no two papers ever get the same id.

The rules read only a paper's `Identity` (its keys and DOIs): `PaperMatcher` applies them holding
nothing else, which is what lets kg.ingest.compact_dedup keep the records themselves on disk.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from kg.ingest.errors import log
from kg.model import normalize_arxiv_id, normalize_doi, normalize_title, paper_id
from kg.records import PaperRecord

# A lookup key as a matcher holds it: the key text itself ("doi:10.1/x"), or a hash of it (kg.ingest.compact_dedup).
Key = TypeVar("Key", bound=Hashable)


def paper_key(record: PaperRecord) -> str:
    """The paper's graph id, from its best identifier (arXiv id > DOI > title)."""
    return paper_id(record.arxiv_id, record.doi, record.title)


@dataclass(frozen=True, slots=True)
class Identity(Generic[Key]):
    """What the merge rules read of a paper: its lookup keys and DOIs, nothing of its text."""

    arxiv: Key | None  # key of the normalized arXiv id; None: the paper has none
    doi: Key | None  # key of the normalized `doi`; None: none
    title: Key | None  # key of the normalized title; None: no letter or digit in it
    titled: bool  # whether the title is not empty (a merge keeps the first non-empty one)
    dois: tuple[tuple[Key, str], ...]  # (key, DOI as written) of each distinct DOI, `doi` first
    other_dois: int  # how many DOIs `other_dois` lists

    def keys(self) -> list[tuple[str, Key]]:
        """(kind, lookup key) pairs, strongest first."""
        found = (("arxiv", self.arxiv), ("doi", self.doi), ("title", self.title))
        return [(kind, key) for kind, key in found if key is not None]

    @property
    def doi_text(self) -> str | None:
        """The `doi` as written."""
        return self.dois[0][1] if self.doi is not None else None


def identity(record: PaperRecord, key: Callable[[str], Key]) -> Identity[Key]:
    """The record's Identity, each lookup key text ("arxiv:2106.09685") turned into a key by `key`."""
    title = normalize_title(record.title)
    dois = _distinct(_doi_pairs(record, lambda doi: key(f"doi:{doi}")))
    return Identity(
        arxiv=key(f"arxiv:{normalize_arxiv_id(record.arxiv_id)}") if record.arxiv_id else None,
        doi=dois[0][0] if record.doi else None,  # `doi` comes first in dois
        title=key(f"title:{title}") if title else None,
        titled=bool(record.title),
        dois=dois,
        other_dois=len(record.other_dois),
    )


def _doi_pairs(record: PaperRecord, key: Callable[[str], Key]) -> list[tuple[Key, str]]:
    """(key of the normalized DOI, DOI as written) of each DOI the record names, `doi` first."""
    return [(key(normalize_doi(doi)), doi) for doi in (record.doi, *record.other_dois) if doi]


def _distinct(dois: list[tuple[Key, str]]) -> tuple[tuple[Key, str], ...]:
    """The first DOI of each key, first-seen order."""
    by_key: dict[Key, str] = {}
    for doi_key, doi in dois:
        by_key.setdefault(doi_key, doi)
    return tuple(by_key.items())


def _differ(a: Key | None, b: Key | None) -> bool:
    return a is not None and b is not None and a != b


def _compatible(kind: str, kept: Identity, new: Identity) -> bool:
    """Whether a match on a key of `kind` may merge: a weaker key never overrides differing stronger ids."""
    if kind == "arxiv":
        return True
    if _differ(kept.arxiv, new.arxiv):
        return False
    return kind == "doi" or not _differ(kept.doi, new.doi)


def _merged(kept: Identity[Key], new: Identity[Key]) -> Identity[Key]:
    """The Identity of `merge(kept, new)`."""
    dois = _distinct([*kept.dois, *new.dois])
    return Identity(
        arxiv=kept.arxiv if kept.arxiv is not None else new.arxiv,
        doi=dois[0][0] if dois else None,
        title=kept.title if kept.titled else new.title,
        titled=kept.titled or new.titled,
        dois=dois,
        other_dois=max(len(dois) - 1, 0),
    )


class PaperMatcher(Generic[Key]):
    """Which paper each record joins: the first compatible one sharing one of its keys, else a new one.

    Holds one Identity per paper and a dict from each key to the first paper that had it: the whole
    state of deduplication, without the records' text.
    """

    def __init__(self, key: Callable[[str], Key]) -> None:
        self._key = key
        self._papers: list[Identity[Key]] = []
        self._index: dict[Key, int] = {}

    def add(self, record: PaperRecord) -> tuple[int, bool]:
        """(the record's paper number, first-seen order; True when it merged into a paper already seen).

        Logs a warning when the record brings a DOI its paper did not have under the same arXiv id.
        """
        new = identity(record, self._key)
        position = self._match(new)
        merged = position is not None
        if position is None:
            position = len(self._papers)
            self._papers.append(new)
        else:
            kept = self._papers[position]
            self._papers[position] = _merged(kept, new)
            if self._papers[position].other_dois > kept.other_dois:
                log.warning("%s: DOI %s differs from %s for the same paper; both kept (doi_conflicts in "
                            "summary.json)", record.sources[0] if record.sources else "-", record.doi,
                            kept.doi_text)
        for _, key in self._papers[position].keys():
            self._index.setdefault(key, position)
        return position, merged

    def state(self) -> tuple[list[Identity[Key]], dict[Key, int]]:
        """Its papers' Identities and its key index: all it needs to go on later (`restored`)."""
        return self._papers, self._index

    @classmethod
    def restored(
        cls, key: Callable[[str], Key], papers: list[Identity[Key]], index: dict[Key, int]
    ) -> PaperMatcher[Key]:
        """The matcher whose `state()` was (papers, index), made with the same `key`: it matches the next
        records as that one would have."""
        matcher = cls(key)
        matcher._papers, matcher._index = papers, index
        return matcher

    def _match(self, new: Identity[Key]) -> int | None:
        for kind, key in new.keys():
            position = self._index.get(key)
            if position is not None and _compatible(kind, self._papers[position], new):
                return position
        return None

    def __len__(self) -> int:
        return len(self._papers)


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


def merge(kept: PaperRecord, new: PaperRecord) -> PaperRecord:
    """The richer of each field, unions of the lists, and the provenance of both.

    Differing DOIs (possible only under one arXiv id) are all kept: the first seen as `doi`, the others
    in `other_dois`.
    """
    upvotes = [value for value in (kept.upvotes, new.upvotes) if value is not None]
    dois = [doi for _, doi in _distinct([*_doi_pairs(kept, str), *_doi_pairs(new, str)])]
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
        self._matcher: PaperMatcher[str] = PaperMatcher(str)
        self.merged = 0

    def add(self, record: PaperRecord) -> bool:
        """Add a record; True when it was merged into a paper already seen."""
        position, merged = self._matcher.add(record)
        if merged:
            self._papers[position] = merge(self._papers[position], record)
            self.merged += 1
        else:
            self._papers.append(record)
        return merged

    def papers(self) -> list[PaperRecord]:
        """The merged papers in first-seen order."""
        return list(self._papers)

    def papers_with_ids(self) -> list[tuple[str, PaperRecord]]:
        """(paper id, paper) in first-seen order; the id comes from the merged record."""
        return [(paper_key(paper), paper) for paper in self._papers]

    def __len__(self) -> int:
        return len(self._papers)

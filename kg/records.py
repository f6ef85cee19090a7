"""Records that flow between pipeline stages.

Readers yield `PaperRecord` or `Reject`; nothing read is ever dropped silently,
so every input entry ends as a paper, a merged duplicate, or a reject.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class PaperRecord(BaseModel):
    """One paper as read from a source, before extraction."""

    title: str
    abstract: str
    arxiv_id: str | None = None
    doi: str | None = None
    # Further DOIs given for this same paper (records merged on one arXiv id that named different DOIs):
    # a conflict kept for the user to settle, never dropped. `doi` is the first one seen.
    other_dois: list[str] = Field(default_factory=list)
    url: str | None = None
    published: str | None = None
    authors: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    # Links a source states outright (e.g. the HF API's githubRepo / projectPage);
    # links found in the abstract text are added by the extractor.
    links: list[str] = Field(default_factory=list)
    upvotes: int | None = None
    # Where the record was read: "path:line" (or "path" for whole-document sources).
    sources: list[str] = Field(default_factory=list)


class Reject(BaseModel):
    """An input entry that could not become a paper, with the reason why."""

    source: str
    line: int | None
    reason: str
    raw: str = ""

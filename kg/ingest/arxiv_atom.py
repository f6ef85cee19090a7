"""arXiv API responses (Atom XML), parsed as a stream with expat.

expat is used directly rather than ElementTree because it reports the line each
<entry> starts on (for `sources`) and the byte span of each entry (the fetcher
splices pages together with it), while never holding more than one entry.
Documents declaring a DOCTYPE are refused: API responses have none, and
refusing them rules out entity tricks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

from kg.ingest.errors import make_reject
from kg.ingest.fields import arxiv_id_or_none, clean_doi, clean_text
from kg.ingest.opener import GZIP_ERRORS, MAX_LINE_BYTES, open_binary
from kg.records import PaperRecord, Reject

ATOM = "http://www.w3.org/2005/Atom"
ARXIV = "http://arxiv.org/schemas/atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
_SEP = " "  # expat's namespace separator: names arrive as "<namespace> <local name>"
ENTRY = f"{ATOM}{_SEP}entry"
FEED = f"{ATOM}{_SEP}feed"
TOTAL_RESULTS = f"{OPENSEARCH}{_SEP}totalResults"
CHUNK_BYTES = 64 * 1024
# An entry may hold at most this much text; arXiv entries are a few kB.
MAX_ENTRY_CHARS = MAX_LINE_BYTES
_URL = re.compile(r"https?://[^\s<>\"']+")
API_ERROR_PREFIX = "http://arxiv.org/api/errors"


class RefusedXML(Exception):
    """Raised inside a handler to stop parsing a document we will not read."""


@dataclass
class _Entry:
    line: int
    start_byte: int
    texts: dict[str, list[str]] = field(default_factory=dict)
    links: list[dict[str, str]] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    size: int = 0

    def first(self, name: str) -> str:
        values = self.texts.get(name)
        return clean_text(values[0]) if values else ""


@dataclass
class FeedEntry:
    """One parsed entry: the record (or why not) and where it sits in the document's bytes."""

    item: PaperRecord | Reject
    start_byte: int  # where '<entry' starts
    end_byte: int  # where '</entry>' starts


class FeedParser:
    """Collects finished entries as expat reports elements; `total_results` is the feed's opensearch count."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.done: list[FeedEntry] = []
        self.total_results: int | None = None
        self.root: str | None = None
        # Byte offset of the root's end tag, where the fetcher appends entries of later pages.
        self.root_end_byte: int | None = None
        self._entry: _Entry | None = None
        self._path: list[str] = []
        self._text: list[list[str]] = []
        self.parser = expat.ParserCreate(namespace_separator=_SEP)
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._chars
        self.parser.StartDoctypeDeclHandler = self._refuse_doctype

    def _refuse_doctype(self, *args: object) -> None:
        raise RefusedXML("XML with a DOCTYPE declaration is not read")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if self.root is None:
            self.root = name
        self._path.append(name)
        self._text.append([])
        entry = self._entry
        if entry is None:
            if name == ENTRY:
                self._entry = _Entry(line=self.parser.CurrentLineNumber, start_byte=self.parser.CurrentByteIndex)
        elif name == f"{ATOM}{_SEP}link":
            entry.links.append(attrs)
        elif name in (f"{ATOM}{_SEP}category", f"{ARXIV}{_SEP}primary_category") and attrs.get("term"):
            entry.categories.append(attrs["term"])

    def _chars(self, data: str) -> None:
        """Keeps text only where it is read (inside an entry, the result count), and only up to the cap."""
        entry = self._entry
        if entry is not None:
            entry.size += len(data)
            if entry.size <= MAX_ENTRY_CHARS:
                self._text[-1].append(data)
        elif self._path and self._path[-1] == TOTAL_RESULTS:
            self._text[-1].append(data)

    def _end(self, name: str) -> None:
        text = "".join(self._text.pop())
        self._path.pop()
        entry = self._entry
        if entry is None:
            if not self._path:
                self.root_end_byte = self.parser.CurrentByteIndex
            if name == TOTAL_RESULTS and text.strip().isdigit():
                self.total_results = int(text.strip())
            return
        if name == ENTRY and ENTRY not in self._path:
            end_byte = self.parser.CurrentByteIndex
            self.done.append(FeedEntry(self._finish(entry), entry.start_byte, end_byte))
            self._entry = None
            return
        inner = self._path[self._path.index(ENTRY) + 1:] + [name]
        entry.texts.setdefault("/".join(local(part) for part in inner), []).append(text)

    def _finish(self, entry: _Entry) -> PaperRecord | Reject:
        identifier = entry.first("id")
        title = entry.first("title")
        abstract = entry.first("summary")
        raw = f"id: {identifier}; title: {title}"
        if entry.size > MAX_ENTRY_CHARS:
            return make_reject(self.source, entry.line, f"entry longer than {MAX_ENTRY_CHARS} characters", raw)
        if identifier.startswith(API_ERROR_PREFIX):
            return make_reject(self.source, entry.line, f"arXiv API error: {abstract or title}", raw)
        if not title:
            return make_reject(self.source, entry.line, "abstract with no title" if abstract else "entry with no title", raw)
        if not abstract:
            return make_reject(self.source, entry.line, "title with no abstract", raw)
        alternate = next((link.get("href") for link in entry.links if link.get("rel") == "alternate"), None)
        arxiv_id = arxiv_id_or_none(identifier)
        comment = entry.first("comment")
        return PaperRecord(
            title=title,
            abstract=abstract,
            arxiv_id=arxiv_id,
            doi=clean_doi(entry.first("doi")),
            url=alternate or (identifier if identifier.startswith("http") else None),
            published=entry.first("published") or None,
            authors=list(dict.fromkeys(clean_text(name) for name in entry.texts.get("author/name", []) if name.strip())),
            categories=list(dict.fromkeys(entry.categories)),
            links=list(dict.fromkeys(url.rstrip(".,;:)]}") for url in _URL.findall(comment))),
            sources=[f"{self.source}:{entry.line}"],
        )

    def feed(self, data: bytes, final: bool = False) -> list[FeedEntry]:
        self.parser.Parse(data, final)
        finished, self.done = self.done, []
        return finished


def local(name: str) -> str:
    """'http://www.w3.org/2005/Atom title' -> 'title'."""
    return name.rpartition(_SEP)[2]


def iter_feed(stream: BinaryIO, source: str) -> Iterator[FeedEntry | Reject]:
    """Entries of an Atom document as they are parsed; a broken document ends with one Reject."""
    feed = FeedParser(source)
    try:
        while chunk := stream.read(CHUNK_BYTES):
            yield from feed.feed(chunk)
        yield from feed.feed(b"", final=True)
    except expat.ExpatError as error:
        yield from feed.done
        reason = f"malformed XML ({expat.ErrorString(error.code)}); rest of file skipped"
        yield make_reject(source, error.lineno, reason)
        return
    except RefusedXML as error:
        yield make_reject(source, None, str(error))
        return
    except GZIP_ERRORS as error:
        yield from feed.done
        line = feed.parser.CurrentLineNumber
        yield make_reject(source, line, f"corrupt or truncated gzip data ({error}); rest of file skipped")
        return
    if feed.root is not None and feed.root != FEED:
        yield make_reject(source, None, f"not an Atom feed (root element <{local(feed.root)}>)")


def read(path: Path, source: str) -> Iterator[PaperRecord | Reject]:
    with open_binary(path) as stream:
        for entry in iter_feed(stream, source):
            yield entry.item if isinstance(entry, FeedEntry) else entry

"""Saved Hugging Face paper-listing pages (huggingface.co/papers, copied as text).

Two layouts occur: blocks separated by blank lines, or one title line and one
abstract line with no blank lines and the page chrome glued to the first title
("SubscribeHeadGaS: ..."). Both reduce to a sequence of content lines that
alternate title, abstract. A line's shape (a title is short and does not read
as prose; an abstract is long) keeps the pairing in step when an entry lacks
its abstract, so one broken entry costs one Reject, not every entry after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kg.ingest.errors import log, make_reject
from kg.ingest.fields import clean_text
from kg.ingest.opener import iter_lines
from kg.records import PaperRecord, Reject

# Page chrome: whole lines that are part of the page, not of any entry.
CHROME_LINES = frozenset({
    "new",
    "Subscribe",
    "Get trending papers in your email inbox!",
    "Get trending papers in your email inbox once a day!",
    "byAK and the research community",
})
# The listing's day heading, e.g. "Mar 17" or "Mar 17, 2025".
_DAY_HEADING = re.compile(r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}(?:, \d{4})?$")
# "Subscribe" glued to the first title when the page was copied without line breaks.
_GLUED_SUBSCRIBE = re.compile(r"^Subscribe(?=[^\sa-z])")
# Markers of a listing page in its first kilobytes (used by format detection).
MARKERS = ("Get trending papers in your email inbox", "byAK and the research community")

# Titles seen in listings are under 200 characters; abstracts well over 300.
TITLE_MAX_CHARS = 300
SHORT_TEXT_CHARS = 200
_SENTENCE_BREAK = re.compile(r"[a-z0-9)][.!?] +[A-Z]")


def is_chrome(line: str) -> bool:
    return line in CHROME_LINES or bool(_DAY_HEADING.match(line))


def _reads_as_abstract(text: str) -> bool:
    """Too long for a title: a line in title position that must be an abstract."""
    return len(text) > TITLE_MAX_CHARS


def _reads_as_title(text: str) -> bool:
    """Short, not ending like prose, no sentence break: a line in abstract position that must be a title."""
    return len(text) <= SHORT_TEXT_CHARS and not text.endswith(".") and not _SENTENCE_BREAK.search(text)


def _content_lines(path: Path, source: str) -> Iterator[tuple[int, str] | Reject]:
    """Non-blank lines without page chrome, the glued 'Subscribe' cut off the first one."""
    first = True
    for item in iter_lines(path, source):
        if isinstance(item, Reject):
            yield item
            continue
        number, text = item
        text = text.strip()
        if not text:
            continue
        if is_chrome(text):
            log.debug("%s:%d: page chrome skipped: %s", source, number, text)
            continue
        if first:
            text = _GLUED_SUBSCRIBE.sub("", text)
            first = False
        yield number, text


def read(path: Path, source: str) -> Iterator[PaperRecord | Reject]:
    title: tuple[int, str] | None = None
    for item in _content_lines(path, source):
        if isinstance(item, Reject):
            yield item
            continue
        number, text = item
        if title is None:
            if _reads_as_abstract(text):
                yield make_reject(source, number, "abstract with no title", text)
            else:
                title = (number, text)
            continue
        if _reads_as_title(text):
            yield make_reject(source, title[0], "title with no abstract", title[1])
            title = (number, text)
            continue
        yield PaperRecord(title=clean_text(title[1]), abstract=clean_text(text), sources=[f"{source}:{title[0]}"])
        title = None
    if title is not None:
        yield make_reject(source, title[0], "title with no abstract", title[1])

"""Optional live fetchers: save arXiv API and Hugging Face daily-papers responses as files the readers take.

Nothing here runs unless called; base URLs come from arguments or the
environment (KG_ARXIV_API, KG_HF_API) so tests can point them at a local server.
arXiv pages are saved as ONE Atom document: page 1 as received, with the raw
<entry> elements of later pages inserted before its closing </feed>.
"""

from __future__ import annotations

import datetime
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from kg import __version__
from kg.ingest.arxiv_atom import FEED, FeedEntry, FeedParser, RefusedXML
from kg.records import Reject

ARXIV_API = "https://export.arxiv.org/api/query"
HF_API = "https://huggingface.co/api"
# arXiv asks API clients to wait 3 seconds between calls.
ARXIV_DELAY_SECONDS = 3.0
# arXiv serves at most 2000 results per call.
ARXIV_MAX_PAGE = 2000
MAX_RESPONSE_BYTES = 256 * 1024 * 1024
USER_AGENT = f"kg/{__version__} (paper knowledge-graph builder)"


class FetchError(Exception):
    """A fetch failed (network, HTTP status, or a response that is not what the API should send)."""


@dataclass(frozen=True)
class FetchResult:
    path: Path
    entries: int
    requests: int


def _get(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise FetchError(f"{url}: HTTP {error.code} {error.reason}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"{url}: {reason}") from error
    if len(data) > MAX_RESPONSE_BYTES:
        raise FetchError(f"{url}: response larger than {MAX_RESPONSE_BYTES} bytes")
    return data


def _write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file so a failed fetch never leaves half a file under the real name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    os.replace(partial, path)


@dataclass
class _Page:
    data: bytes
    entries: list[FeedEntry]
    total: int | None
    root_end: int


def _parse_page(data: bytes, url: str) -> _Page:
    parser = FeedParser(url)
    entries: list[FeedEntry] = []
    for entry in _feed_all(parser, data, url):
        if isinstance(entry.item, Reject) and entry.item.reason.startswith("arXiv API error"):
            raise FetchError(f"{url}: {entry.item.reason}")
        entries.append(entry)
    if parser.root != FEED or parser.root_end_byte is None:
        raise FetchError(f"{url}: the response is not an Atom feed")
    return _Page(data, entries, parser.total_results, parser.root_end_byte)


def _feed_all(parser: FeedParser, data: bytes, url: str) -> list[FeedEntry]:
    try:
        return parser.feed(data, final=True)
    except (expat.ExpatError, RefusedXML) as error:
        raise FetchError(f"{url}: not a readable Atom feed ({error})") from error


def _entry_bytes(page: _Page) -> bytes:
    """The raw <entry> elements of a page, each ending after its '</entry>' tag."""
    parts = []
    for entry in page.entries:
        end = page.data.index(b">", entry.end_byte) + 1
        parts.append(b"  " + page.data[entry.start_byte:end] + b"\n")
    return b"".join(parts)


def fetch_arxiv(
    query: str,
    out: Path,
    *,
    max_results: int = 100,
    page_size: int = 100,
    delay: float = ARXIV_DELAY_SECONDS,
    base_url: str | None = None,
    timeout: float = 60.0,
) -> FetchResult:
    """Run an arXiv API search (arXiv query syntax, e.g. 'cat:cs.LG AND abs:lora'), paging politely."""
    base = base_url or os.environ.get("KG_ARXIV_API", ARXIV_API)
    page_size = max(1, min(page_size, ARXIV_MAX_PAGE))
    pages: list[_Page] = []
    collected = 0
    while collected < max_results:
        if pages:
            time.sleep(delay)
        params = {"search_query": query, "start": collected, "max_results": min(page_size, max_results - collected)}
        url = f"{base}?{urllib.parse.urlencode(params)}"
        page = _parse_page(_get(url, timeout), url)
        pages.append(page)
        collected += len(page.entries)
        if not page.entries or (page.total is not None and collected >= page.total):
            break
    first = pages[0]
    later = b"".join(_entry_bytes(page) for page in pages[1:])
    _write_atomically(out, first.data[:first.root_end] + later + first.data[first.root_end:])
    return FetchResult(path=out, entries=collected, requests=len(pages))


def fetch_hf_daily(date: str, out: Path, *, base_url: str | None = None, timeout: float = 60.0) -> FetchResult:
    """Save Hugging Face's daily papers of one day (YYYY-MM-DD) as the API's raw JSON."""
    try:
        day = datetime.date.fromisoformat(date)
    except ValueError as error:
        raise FetchError(f"date must be YYYY-MM-DD, got {date!r}") from error
    base = (base_url or os.environ.get("KG_HF_API", HF_API)).rstrip("/")
    url = f"{base}/daily_papers?{urllib.parse.urlencode({'date': day.isoformat()})}"
    data = _get(url, timeout)
    try:
        papers = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise FetchError(f"{url}: the response is not JSON ({error})") from error
    if not isinstance(papers, list):
        raise FetchError(f"{url}: expected a JSON array of papers, got {type(papers).__name__}")
    _write_atomically(out, data)
    return FetchResult(path=out, entries=len(papers), requests=1)

"""Optional live fetchers: save arXiv API and Hugging Face daily-papers responses as files the readers take.

Nothing here runs unless called; base URLs come from arguments or the
environment (KG_ARXIV_API, KG_HF_API) so tests can point them at a local server.
arXiv pages are saved as ONE Atom document: page 1 as received, with the raw
<entry> elements of later pages inserted before its closing </feed>.

A request that fails for a reason that may pass (a dropped connection, a timeout, HTTP 429 or 5xx) is
retried with growing waits. Each arXiv page is kept as it arrives in OUT.pages, so a search that still
fails loses nothing: the same command run again goes on from the first page it lacks.
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential

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
# Retries of a failed request, and the first wait (doubled before each next one, at most MAX_WAIT_SECONDS).
RETRIES = 4
RETRY_WAIT_SECONDS = 5.0
MAX_WAIT_SECONDS = 120.0
# HTTP statuses worth asking again: rate limits and server-side failures.
TRANSIENT_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

# (papers fetched so far, papers the search will give or None while unknown)
FetchProgress = Callable[[int, int | None], None]
# (what failed, seconds until the next try)
RetryNotice = Callable[[str, float], None]


class FetchError(Exception):
    """A fetch failed (network, HTTP status, or a response that is not what the API should send).

    `transient`: asking again may succeed; `retry_after`: the seconds the server asked to wait, if any.
    """

    def __init__(self, message: str, *, transient: bool = False, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.transient = transient
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a failed request is tried again."""

    retries: int = RETRIES
    first_wait: float = RETRY_WAIT_SECONDS
    notice: RetryNotice | None = None

    def call(self, url: str, timeout: float) -> bytes:
        exponential = wait_exponential(multiplier=self.first_wait, max=MAX_WAIT_SECONDS)

        def wait(state: RetryCallState) -> float:
            asked = getattr(state.outcome.exception() if state.outcome else None, "retry_after", None)
            return max(exponential(state), min(asked or 0.0, MAX_WAIT_SECONDS))

        def tell(state: RetryCallState) -> None:
            if self.notice is not None and state.outcome is not None and state.next_action is not None:
                self.notice(f"{state.outcome.exception()} (try {state.attempt_number} of {self.retries + 1})",
                            state.next_action.sleep)

        retrying = Retrying(
            stop=stop_after_attempt(self.retries + 1), wait=wait, before_sleep=tell, reraise=True,
            retry=retry_if_exception(lambda error: isinstance(error, FetchError) and error.transient),
        )
        return retrying(_get, url, timeout)


@dataclass(frozen=True)
class FetchResult:
    path: Path
    entries: int
    requests: int
    resumed_pages: int = 0  # pages an earlier, interrupted run had fetched


def _get(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise FetchError(f"{url}: HTTP {error.code} {error.reason}", transient=error.code in TRANSIENT_STATUSES,
                         retry_after=_seconds(error.headers.get("Retry-After"))) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"{url}: {reason}", transient=True) from error
    if len(data) > MAX_RESPONSE_BYTES:
        raise FetchError(f"{url}: response larger than {MAX_RESPONSE_BYTES} bytes")
    return data


def _seconds(header: str | None) -> float | None:
    """A Retry-After header given in seconds (its date form is rare and ignored: the backoff applies)."""
    try:
        return float(header) if header is not None else None
    except ValueError:
        return None


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


class _PageStore:
    """The pages of one search fetched so far, one JSON line each in OUT.pages, read back on a rerun."""

    def __init__(self, out: Path, query: str) -> None:
        self.path = out.with_name(out.name + ".pages")
        self.header = {"query": query}

    def load(self) -> list[_Page]:
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        try:
            header = json.loads(lines[0]) if lines else None
        except ValueError:
            header = None
        if header != self.header:
            raise FetchError(f"{self.path} holds pages of another search; delete it or choose another --out")
        pages = []
        for number, line in enumerate(lines[1:], start=1):
            try:
                data = base64.b64decode(json.loads(line)["page"], validate=True)
            except (ValueError, KeyError, TypeError):  # the line a killed run was writing: fetched again
                self.path.write_text("\n".join(lines[:number]) + "\n", encoding="utf-8")
                break
            pages.append(_parse_page(data, str(self.path)))
        return pages

    def append(self, page: _Page, first: bool) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("w" if first else "a", encoding="utf-8") as file:
            if first:
                file.write(json.dumps(self.header) + "\n")
            file.write(json.dumps({"page": base64.b64encode(page.data).decode("ascii")}) + "\n")

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def _search_done(pages: list[_Page], collected: int, max_results: int) -> bool:
    """Enough papers, or the search has no more (an empty page, or its total reached)."""
    if collected >= max_results:
        return True
    if not pages:
        return False
    last = pages[-1]
    return not last.entries or (last.total is not None and collected >= last.total)


def fetch_arxiv(
    query: str,
    out: Path,
    *,
    max_results: int = 100,
    page_size: int = 100,
    delay: float = ARXIV_DELAY_SECONDS,
    base_url: str | None = None,
    timeout: float = 60.0,
    retry: RetryPolicy = RetryPolicy(),
    progress: FetchProgress | None = None,
) -> FetchResult:
    """Run an arXiv API search (arXiv query syntax, e.g. 'cat:cs.LG AND abs:lora'), paging politely.

    Pages kept from an earlier run of the same search into the same `out` are not fetched again.
    """
    base = base_url or os.environ.get("KG_ARXIV_API", ARXIV_API)
    page_size = max(1, min(page_size, ARXIV_MAX_PAGE))
    store = _PageStore(out, query)
    pages = store.load()
    resumed = len(pages)
    collected = sum(len(page.entries) for page in pages)
    requests = 0
    while not _search_done(pages, collected, max_results):
        if requests:
            time.sleep(delay)
        params = {"search_query": query, "start": collected, "max_results": min(page_size, max_results - collected)}
        url = f"{base}?{urllib.parse.urlencode(params)}"
        try:
            page = _parse_page(retry.call(url, timeout), url)
        except FetchError as error:
            kept = f"; the {collected} papers fetched are kept in {store.path}: run the same command again to go on" \
                if pages else ""
            raise FetchError(f"{error}{kept}") from error
        requests += 1
        store.append(page, first=not pages)
        pages.append(page)
        collected += len(page.entries)
        if progress is not None:
            progress(collected, min(max_results, page.total) if page.total is not None else None)
    first = pages[0]
    later = b"".join(_entry_bytes(page) for page in pages[1:])
    _write_atomically(out, first.data[:first.root_end] + later + first.data[first.root_end:])
    store.remove()
    return FetchResult(path=out, entries=collected, requests=requests, resumed_pages=resumed)


def fetch_hf_daily(
    date: str, out: Path, *, base_url: str | None = None, timeout: float = 60.0, retry: RetryPolicy = RetryPolicy()
) -> FetchResult:
    """Save Hugging Face's daily papers of one day (YYYY-MM-DD) as the API's raw JSON."""
    try:
        day = datetime.date.fromisoformat(date)
    except ValueError as error:
        raise FetchError(f"date must be YYYY-MM-DD, got {date!r}") from error
    base = (base_url or os.environ.get("KG_HF_API", HF_API)).rstrip("/")
    url = f"{base}/daily_papers?{urllib.parse.urlencode({'date': day.isoformat()})}"
    data = retry.call(url, timeout)
    try:
        papers = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise FetchError(f"{url}: the response is not JSON ({error})") from error
    if not isinstance(papers, list):
        raise FetchError(f"{url}: expected a JSON array of papers, got {type(papers).__name__}")
    _write_atomically(out, data)
    return FetchResult(path=out, entries=len(papers), requests=1)

"""`kg fetch arxiv` against a local server that fails on purpose: retries with backoff, then resumes."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import run_kg
from local_http import LocalServer, Responder, arxiv_responder, server  # noqa: F401 (server: a fixture)
from kg.ingest import read_sources
from kg.ingest.fetch import FetchError, RetryPolicy, fetch_arxiv
from kg.records import PaperRecord


def failing(total: int, fail_from: int, failures: int | None) -> tuple[Responder, list[int]]:
    """A responder failing `failures` times (None: always) with HTTP 503 for pages starting at `fail_from`."""
    healthy = arxiv_responder(total)
    failed: list[int] = []

    def respond(path: str, query: dict[str, str]) -> tuple[int, str, bytes]:
        if int(query["start"]) >= fail_from and (failures is None or len(failed) < failures):
            failed.append(int(query["start"]))
            return 503, "text/plain", b"overloaded"
        return healthy(path, query)

    return respond, failed


def papers_in(path: Path) -> list[str]:
    return [item.title for item in read_sources([path]) if isinstance(item, PaperRecord)]


def test_a_failed_page_is_retried_after_a_wait(server: LocalServer, tmp_path: Path) -> None:
    server.respond, failed = failing(total=9, fail_from=3, failures=2)
    waits: list[float] = []
    out = tmp_path / "q.xml"
    result = fetch_arxiv("q", out, max_results=9, page_size=3, delay=0, base_url=f"{server.base}/api/query",
                         retry=RetryPolicy(retries=3, first_wait=0.01, notice=lambda failure, wait: waits.append(wait)))
    assert (result.entries, result.requests) == (9, 3) and failed == [3, 3]
    assert waits == [0.01, 0.02]  # doubled each time
    assert len(papers_in(out)) == 9 and not (tmp_path / "q.xml.pages").exists()


def test_the_cli_keeps_fetched_pages_and_goes_on_from_them(server: LocalServer, tmp_path: Path) -> None:
    server.respond, failed = failing(total=10, fail_from=4, failures=None)
    out = tmp_path / "q.xml"
    args = ("fetch", "arxiv", "cat:cs.LG", "--max", "10", "--page-size", "2", "--delay", "0", "--retries", "2",
            "--retry-wait", "0.01", "--out", out)
    env = {"KG_ARXIV_API": f"{server.base}/api/query"}
    broken = run_kg(*args, env=env)
    assert broken.returncode == 1
    message = " ".join(broken.stderr.split())
    assert "HTTP 503" in message and "trying again in 0.0 s" in message
    assert "the 4 papers fetched are kept in" in message and "run the same command again" in message
    assert failed == [4, 4, 4] and not out.exists() and (tmp_path / "q.xml.pages").exists()

    server.requests.clear()
    server.respond = arxiv_responder(total=10)
    resumed = run_kg(*args, env=env)
    assert resumed.returncode == 0, resumed.stderr
    assert [query["start"] for _, query in server.requests] == ["4", "6", "8"]
    assert "saved 10 papers (3 requests, going on after 2 pages kept from before)" in resumed.stdout
    assert papers_in(out) == [f"Fetched Paper {n}" for n in range(1, 11)]
    assert not (tmp_path / "q.xml.pages").exists()


def test_a_page_cut_short_by_a_kill_is_fetched_again(server: LocalServer, tmp_path: Path) -> None:
    server.respond, _ = failing(total=6, fail_from=4, failures=None)
    out = tmp_path / "q.xml"
    base = f"{server.base}/api/query"
    quick = RetryPolicy(retries=0)
    with pytest.raises(FetchError, match="HTTP 503"):
        fetch_arxiv("q", out, max_results=6, page_size=2, delay=0, base_url=base, retry=quick)
    pages = tmp_path / "q.xml.pages"
    text = pages.read_text(encoding="utf-8")
    pages.write_text(text[: len(text) - 40], encoding="utf-8")  # the second page's line, cut short
    server.requests.clear()
    server.respond = arxiv_responder(total=6)
    result = fetch_arxiv("q", out, max_results=6, page_size=2, delay=0, base_url=base, retry=quick)
    assert [query["start"] for _, query in server.requests] == ["2", "4"]
    assert result.resumed_pages == 1 and len(papers_in(out)) == 6


def test_pages_of_another_search_are_not_mixed_in(server: LocalServer, tmp_path: Path) -> None:
    server.respond, _ = failing(total=6, fail_from=2, failures=None)
    out = tmp_path / "q.xml"
    args = ("--max", "6", "--page-size", "2", "--delay", "0", "--retries", "0", "--out", out)
    env = {"KG_ARXIV_API": f"{server.base}/api/query"}
    assert run_kg("fetch", "arxiv", "first search", *args, env=env).returncode == 1
    other = run_kg("fetch", "arxiv", "second search", *args, env=env)
    assert other.returncode == 1 and "holds pages of another search" in other.stderr


def test_an_out_that_cannot_be_written_is_one_error_line(server: LocalServer, tmp_path: Path) -> None:
    server.respond = arxiv_responder(total=2)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = run_kg("fetch", "arxiv", "q", "--delay", "0", "-q", "--out", folder,
                    env={"KG_ARXIV_API": f"{server.base}/api/query"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and str(folder) in " ".join(result.stderr.split())

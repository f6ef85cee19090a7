"""The fetchers against a local HTTP server serving responses written here: paging, saving, errors, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest_helpers import lines, split
from local_http import LocalServer, Responder, arxiv_responder, server  # noqa: F401 (server: a fixture)
from kg.commands.fetch import app as fetch_app
from kg.ingest import read_sources
from kg.ingest.fetch import FetchError, RetryPolicy, fetch_arxiv, fetch_hf_daily

def test_arxiv_pages_are_fetched_and_saved_as_one_feed(server: LocalServer, tmp_path: Path) -> None:
    server.respond = arxiv_responder(total=50)
    out = tmp_path / "sub" / "lora.xml"
    result = fetch_arxiv("abs:lora", out, max_results=7, page_size=3, delay=0, base_url=f"{server.base}/api/query")
    assert (result.entries, result.requests) == (7, 3)
    assert [(q["search_query"], q["start"], q["max_results"]) for _, q in server.requests] == [
        ("abs:lora", "0", "3"), ("abs:lora", "3", "3"), ("abs:lora", "6", "1"),
    ]
    records, rejects = split(read_sources([out]))
    assert rejects == []
    assert [r.arxiv_id for r in records] == [f"2401.{n:05d}" for n in range(1, 8)]
    assert records[6].title == "Fetched Paper 7" and records[6].authors == ["Author 7"]
    assert len(set(lines(records))) == 7
    assert not list(tmp_path.glob("sub/*.part"))


def test_arxiv_paging_stops_at_the_total(server: LocalServer, tmp_path: Path) -> None:
    server.respond = arxiv_responder(total=4)
    result = fetch_arxiv("q", tmp_path / "a.xml", max_results=100, page_size=3, delay=0,
                         base_url=f"{server.base}/api/query")
    assert (result.entries, result.requests) == (4, 2)
    assert len(split(read_sources([tmp_path / "a.xml"]))[0]) == 4


def test_arxiv_base_url_from_the_environment(server: LocalServer, tmp_path: Path, monkeypatch) -> None:
    server.respond = arxiv_responder(total=2)
    monkeypatch.setenv("KG_ARXIV_API", f"{server.base}/api/query")
    result = fetch_arxiv("q", tmp_path / "a.xml", max_results=5, delay=0)
    assert (result.entries, result.requests) == (2, 1)


def test_arxiv_api_error_and_http_error_leave_no_file(server: LocalServer, tmp_path: Path, fixtures: Path) -> None:
    out = tmp_path / "a.xml"
    error_feed = (fixtures / "bad" / "api_error.xml").read_bytes()
    server.respond = lambda path, query: (200, "application/atom+xml", error_feed)
    with pytest.raises(FetchError, match="arXiv API error: incorrect id format"):
        fetch_arxiv("q", out, delay=0, base_url=server.base)
    server.respond = lambda path, query: (503, "text/plain", b"busy")
    with pytest.raises(FetchError, match="HTTP 503"):
        fetch_arxiv("q", out, delay=0, base_url=server.base, retry=RetryPolicy(retries=1, first_wait=0))
    server.respond = lambda path, query: (200, "text/html", b"<html><body>maintenance</body></html>")
    with pytest.raises(FetchError, match="not an Atom feed"):
        fetch_arxiv("q", out, delay=0, base_url=server.base)
    assert list(tmp_path.iterdir()) == []


def hf_responder(fixtures: Path) -> Responder:
    body = (fixtures / "hf_daily.json").read_bytes()

    def respond(path: str, query: dict[str, str]) -> tuple[int, str, bytes]:
        if path == "/api/daily_papers" and query.get("date") == "2024-03-15":
            return 200, "application/json", body
        return 200, "application/json", b'{"error": "unexpected request"}'

    return respond


def test_hf_daily_is_saved_as_returned(server: LocalServer, tmp_path: Path, fixtures: Path) -> None:
    server.respond = hf_responder(fixtures)
    out = tmp_path / "daily.json"
    result = fetch_hf_daily("2024-03-15", out, base_url=f"{server.base}/api/")
    assert (result.entries, result.requests) == (2, 1)
    assert out.read_bytes() == (fixtures / "hf_daily.json").read_bytes()
    assert server.requests == [("/api/daily_papers", {"date": "2024-03-15"})]
    records, _ = split(read_sources([out]))
    assert [r.arxiv_id for r in records] == ["2106.09685", "2010.11929"]


def test_hf_daily_rejects_bad_dates_and_unexpected_responses(server: LocalServer, tmp_path: Path, fixtures: Path) -> None:
    server.respond = hf_responder(fixtures)
    with pytest.raises(FetchError, match="YYYY-MM-DD"):
        fetch_hf_daily("15/03/2024", tmp_path / "x.json", base_url=f"{server.base}/api")
    assert server.requests == []  # refused before any request
    with pytest.raises(FetchError, match="expected a JSON array"):
        fetch_hf_daily("2024-03-16", tmp_path / "x.json", base_url=f"{server.base}/api")
    assert not (tmp_path / "x.json").exists()


def test_unreachable_server_is_a_fetch_error(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="127.0.0.1:9"):
        fetch_hf_daily("2024-03-15", tmp_path / "x.json", base_url="http://127.0.0.1:9/api", timeout=5,
                       retry=RetryPolicy(retries=0))


def test_cli_commands(server: LocalServer, tmp_path: Path, fixtures: Path, monkeypatch) -> None:
    runner = CliRunner()
    monkeypatch.setenv("KG_ARXIV_API", f"{server.base}/api/query")
    monkeypatch.setenv("KG_HF_API", f"{server.base}/api")
    server.respond = arxiv_responder(total=5)
    out = tmp_path / "q.xml"
    result = runner.invoke(fetch_app, ["arxiv", "cat:cs.LG", "--max", "4", "--page-size", "2", "--delay", "0",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "saved 4 papers (2 requests)" in result.output
    assert len(split(read_sources([out]))[0]) == 4

    server.respond = hf_responder(fixtures)
    result = runner.invoke(fetch_app, ["hf-daily", "2024-03-15", "--out", str(tmp_path / "d.json")])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "d.json").read_text())[0]["paper"]["id"] == "2106.09685"

    result = runner.invoke(fetch_app, ["hf-daily", "2024-03-16", "--out", str(tmp_path / "e.json")])
    assert result.exit_code == 1
    assert "expected a JSON array" in result.output

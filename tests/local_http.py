"""A real HTTP server on 127.0.0.1 for the fetcher tests, and arXiv-style Atom pages for it to serve."""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

# (status, content type, body) for a request path and its query parameters.
Responder = Callable[[str, dict[str, str]], tuple[int, str, bytes]]


class LocalServer:
    """A real HTTP server on 127.0.0.1 that records each request and answers with `respond`."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.respond: Responder = lambda path, query: (404, "text/plain", b"not found")
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                server.requests.append((url.path, query))
                status, content_type, body = server.respond(url.path, query)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return None

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    local.thread.start()
    yield local
    local.httpd.shutdown()
    local.httpd.server_close()


def atom_page(total: int, start: int, count: int) -> bytes:
    """An arXiv-style Atom page holding papers start+1 .. start+count of `total`."""
    entries = "".join(
        f"""  <entry>
    <id>http://arxiv.org/abs/2401.{n:05d}v1</id>
    <published>2024-01-0{1 + n % 9}T00:00:00Z</published>
    <title>Fetched Paper {n}</title>
    <summary>Abstract of fetched paper {n}, which uses LoRA on GLUE.</summary>
    <author><name>Author {n}</name></author>
    <arxiv:primary_category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
"""
        for n in range(start + 1, min(start + count, total) + 1)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title type="html">ArXiv Query: start={start}</title>
  <opensearch:totalResults>{total}</opensearch:totalResults>
  <opensearch:startIndex>{start}</opensearch:startIndex>
{entries}</feed>
""".encode()


def arxiv_responder(total: int) -> Responder:
    def respond(path: str, query: dict[str, str]) -> tuple[int, str, bytes]:
        if path != "/api/query":
            return 404, "text/plain", b"not found"
        return 200, "application/atom+xml", atom_page(total, int(query["start"]), int(query["max_results"]))

    return respond

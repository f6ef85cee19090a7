"""The written file itself: self-contained, script-safe, deterministic, and honest about what it shows."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from html_graphs import (
    HOSTILE_ABSTRACT, HOSTILE_TITLE, LORA_PAPER, LORA_SENTENCE, lora_named_twice, sample_graph,
    tasks_and_concepts_graph,
)
from kg import model
from kg.export.html import write_html
from kg.export.html.page import script_json


class _Collector(HTMLParser):
    """Every tag with its attributes, and the text of each <script> and <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.styles: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in ("script", "style") else None
        if tag == "script":
            self.scripts.append((dict(attrs), ""))

    def handle_data(self, data):
        if self._open == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._open == "style":
            self.styles.append(data)

    def handle_endtag(self, tag):
        self._open = None


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_script_json_cannot_close_the_script_and_round_trips():
    value = {"title": HOSTILE_TITLE, "abstract": HOSTILE_ABSTRACT, "x": "a & b > c"}
    text = script_json(value)
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_page_links_nothing_and_inlines_every_script_and_style(tmp_path):
    page = tmp_path / "graph.html"
    write_html(sample_graph(), page)
    parsed = _parse(page)
    assert not [t for t, _ in parsed.tags if t in ("link", "iframe", "img", "object", "embed", "base")]
    assert not [attrs for t, attrs in parsed.tags if "src" in attrs or (t == "a" and "href" in attrs)]
    assert len(parsed.scripts) == 3 and all(len(text) > 100 for _, text in parsed.scripts)
    for css in parsed.styles:
        assert "@import" not in css
        assert all(url.startswith(("data:", '"data:', "'data:")) for url in re.findall(r"url\(\s*([^)]*)\)", css))


def test_csp_allows_exactly_the_inline_scripts_and_no_network(tmp_path):
    page = tmp_path / "graph.html"
    write_html(sample_graph(), page)
    parsed = _parse(page)
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    executable = [text for attrs, text in parsed.scripts if attrs.get("type") != "application/json"]
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() + "'" for t in executable}
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src")).split()[1:]
    assert set(script_src) == hashes
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp


def test_hostile_text_is_data_not_markup(tmp_path):
    page = tmp_path / "graph.html"
    write_html(sample_graph(), page)
    text = page.read_text(encoding="utf-8")
    assert "<img" not in text and HOSTILE_TITLE not in text
    assert "<script>window.kgPwned" not in text and "<b " not in text and "\u2028" not in text
    assert text.count("</script>") == 3  # the three real script elements, nothing from the data
    parsed = _parse(page)
    data = json.loads(next(t for a, t in parsed.scripts if a.get("id") == "kg-data"))
    titles = {n.get("title") for n in data["nodes"]}
    assert HOSTILE_TITLE in titles
    assert HOSTILE_ABSTRACT in {n.get("abstract") for n in data["nodes"]}


def test_same_graph_gives_the_same_bytes(tmp_path):
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    write_html(sample_graph(), first)
    G = sample_graph()
    write_html(nx_reversed_insertion(G), second)
    assert first.read_bytes() == second.read_bytes()


def nx_reversed_insertion(G):
    """The same graph with nodes and edges inserted in reverse order."""
    H = G.__class__(**G.graph)
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(data=True))))
    return H


def test_report_and_embedded_data_agree_with_the_graph(tmp_path):
    G = sample_graph()
    report = write_html(G, tmp_path / "sub" / "page.html", focus="CIFAR-10", depth=2)
    assert report.path.is_file() and report.size_bytes == report.path.stat().st_size
    assert (report.nodes, report.edges) == (5, 4)
    assert (report.total_nodes, report.total_edges) == (G.number_of_nodes(), G.number_of_edges())
    assert report.focus == "dataset:cifar-10" and report.layout == "physics"
    data = json.loads(next(t for a, t in _parse(report.path).scripts if a.get("id") == "kg-data"))
    assert data["meta"]["focus"] == "dataset:cifar-10"
    assert len(data["nodes"]) == 5 and len(data["edges"]) == 4
    legend = {entry["type"]: (entry["count"], entry["omitted"]) for entry in data["types"]}
    assert legend["Paper"] == (1, 3) and legend["Author"] == (0, 1)
    evidence = [e["evidence"][0] for e in data["edges"] if e["to"] == "dataset:cifar-10"]
    assert evidence[0]["sentence"][evidence[0]["start"]:evidence[0]["end"]] == "CIFAR-10"


def _embedded(path: Path) -> dict:
    return json.loads(next(t for a, t in _parse(path).scripts if a.get("id") == "kg-data"))


def test_nodes_carry_how_many_links_the_view_left_out(tmp_path):
    G = tasks_and_concepts_graph(papers=3, per_paper=11)
    paper = model.paper_id("2405.00000", None, "")
    report = write_html(G, tmp_path / "ego.html", focus="task:task-0-3", depth=1)
    nodes = {n["id"]: n for n in _embedded(report.path)["nodes"]}
    assert set(nodes) == {"task:task-0-3", paper}
    assert nodes[paper]["linked_total"] == {"Concept": 11, "Method": 1, "Task": 11}
    assert "linked_total" not in nodes["task:task-0-3"]  # its one paper is shown
    whole = write_html(G, tmp_path / "whole.html")
    assert all("linked_total" not in n for n in _embedded(whole.path)["nodes"])


def test_a_sentence_naming_an_entity_twice_is_one_piece_of_evidence(tmp_path):
    G = lora_named_twice()
    report = write_html(G, tmp_path / "page.html")
    edge = next(e for e in _embedded(report.path)["edges"] if (e["from"], e["to"]) == (LORA_PAPER, "method:lora"))
    assert [(item["sentence"], item["sentence"][item["start"]:item["end"]]) for item in edge["evidence"]] == [
        (LORA_SENTENCE, "LoRA")]  # the first mention recorded is marked
    assert "more_evidence" not in edge

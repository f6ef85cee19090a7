"""write_overview: the page of a graph kept as Parquet tables equals write_html's page of the loaded graph."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from html_graphs import clustered_graph, grid_graph, sample_graph
from kg import model
from kg.export.html import HtmlError, overview, write_html
from kg.export.html.overview import write_overview
from kg.graph.readwrite import read_json
from kg.graph.tables import read_tables, write_tables


def _both_pages(G: nx.DiGraph, tmp_path: Path, max_nodes: int | None) -> tuple[bytes, bytes]:
    nodes, edges = tmp_path / "nodes.parquet", tmp_path / "edges.parquet"
    write_tables(G, nodes, edges)
    loaded = write_html(read_tables(nodes, edges), tmp_path / "loaded.html", max_nodes=max_nodes)
    streamed = write_overview(nodes, edges, tmp_path / "streamed.html", max_nodes=max_nodes)
    assert streamed.total_nodes == loaded.total_nodes == G.number_of_nodes()
    assert (streamed.nodes, streamed.edges, streamed.total_edges, streamed.omitted, streamed.notes) == (
        loaded.nodes, loaded.edges, loaded.total_edges, loaded.omitted, loaded.notes)
    return (tmp_path / "loaded.html").read_bytes(), (tmp_path / "streamed.html").read_bytes()


@pytest.mark.parametrize("max_nodes", [1, 2, 9, 40, 120, 299, 5000])
def test_the_overview_equals_the_loaded_graphs_page(tmp_path: Path, max_nodes: int) -> None:
    loaded, streamed = _both_pages(clustered_graph(), tmp_path, max_nodes)
    assert streamed == loaded


@pytest.mark.parametrize("max_nodes", [3, 10, 25])
def test_isolated_nodes_are_swapped_as_write_html_swaps_them(tmp_path: Path, max_nodes: int) -> None:
    G = grid_graph(papers=30, entities_per_paper=2, hubs=4)
    G.add_nodes_from([(f"method:alone-{i}", {"type": "Method", "name": f"Alone {i}", "paper_count": 90})
                      for i in range(6)])  # counted high, linked to nothing: ranked first, then swapped out
    loaded, streamed = _both_pages(G, tmp_path, max_nodes)
    assert streamed == loaded


def test_without_stored_paper_counts_the_overview_counts_linked_papers(tmp_path: Path) -> None:
    G = sample_graph()
    for _, data in G.nodes(data=True):
        data.pop("paper_count", None)
    loaded, streamed = _both_pages(G, tmp_path, 4)
    assert streamed == loaded


def test_the_seed_graphs_overview_equals_its_page(seed_graph_json: Path, tmp_path: Path) -> None:
    loaded, streamed = _both_pages(read_json(seed_graph_json), tmp_path, 700)
    assert streamed == loaded


def test_a_view_below_one_node_is_refused(tmp_path: Path) -> None:
    write_tables(sample_graph(), tmp_path / "n.parquet", tmp_path / "e.parquet")
    with pytest.raises(HtmlError, match="at least 1"):
        write_overview(tmp_path / "n.parquet", tmp_path / "e.parquet", tmp_path / "x.html", max_nodes=0)


def test_a_hubs_papers_are_counted_not_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hub linked to every paper is drawn with its true degree and "n of N papers shown", yet the
    overview loads only the view's rows: at a million papers a hub's neighbours did not fit in 4 GB."""
    G = grid_graph(papers=400, entities_per_paper=1, hubs=2)
    G.add_edge(model.paper_id("2402.00000", None, ""), model.paper_id("2402.00001", None, ""),
               type=model.RELATED_TO, shared=["method:hub-0", "dataset:set-399-0"])
    nodes, edges = tmp_path / "nodes.parquet", tmp_path / "edges.parquet"
    write_tables(G, nodes, edges)
    loaded_rows: list[str] = []
    real_chosen_rows = overview._chosen_rows

    def recording(*args: Any, **kwargs: Any) -> Iterator[list[dict[str, Any]]]:
        for rows in real_chosen_rows(*args, **kwargs):
            loaded_rows.extend(row["id"] for row in rows if "id" in row)
            yield rows

    monkeypatch.setattr(overview, "_chosen_rows", recording)  # a spy: every row passes through unchanged
    reports: list[tuple[str, int, int | None]] = []
    report = write_overview(nodes, edges, tmp_path / "page.html", max_nodes=12,
                            progress=lambda *args: reports.append(args))
    assert report.nodes == 12
    rows = 2 * G.number_of_edges() + G.number_of_nodes()  # the edges read twice, the nodes once
    assert reports[0] == ("page", 0, rows) and reports[-1] == ("page", rows, rows)
    assert [done for _, done, _ in reports] == sorted(done for _, done, _ in reports)
    shown = _page_nodes(tmp_path / "page.html")
    hub = shown["method:hub-0"]
    assert hub["degree"] == G.degree("method:hub-0") == 200
    assert hub["linked_total"] == {"Paper": 200}
    # the shown nodes, and the one item a shown similar-paper link names that is not shown
    assert set(loaded_rows) - set(shown) <= {"dataset:set-399-0"}
    write_html(G, tmp_path / "loaded.html", max_nodes=12)
    assert (tmp_path / "page.html").read_bytes() == (tmp_path / "loaded.html").read_bytes()


def _page_nodes(page: Path) -> dict[str, dict[str, Any]]:
    text = page.read_text(encoding="utf-8")
    opening = '<script id="kg-data" type="application/json">'
    start = text.index(opening) + len(opening)
    payload = json.loads(text[start:text.index("</script>", start)])
    return {node["id"]: node for node in payload["nodes"]}

"""Research areas: communities `annotate` found, named by the entities that set them apart."""

from __future__ import annotations

import json

from html_graphs import clustered_graph, sample_graph
from kg.export.html import write_html
from kg.export.html.areas import MIN_PAPERS, research_areas
from kg.export.html.facts import NetworkxFacts
from kg.export.html.payload import build_payload


def test_areas_are_named_by_their_own_methods_not_by_shared_hubs():
    G = clustered_graph()
    areas = research_areas(G)
    assert [a["papers"] for a in areas] == [40, 40, 40]  # the 24 one-paper islands are no area
    for a in areas:
        members = [n for n, c in G.nodes(data="community") if c == a["community"]]
        prefix = G.nodes[members[0]]["title"].split(" paper ")[0]  # "Area 1"
        assert all(G.nodes[m]["title"].startswith(prefix + " paper") for m in members)
        assert len(a["terms"]) == 3
        assert all(term.startswith(prefix + " method") for term in a["terms"]), a["terms"]


def test_small_or_unannotated_communities_give_no_area():
    G = clustered_graph(areas=2, papers_per_area=MIN_PAPERS - 1, islands=0)
    assert research_areas(G) == []
    assert research_areas(sample_graph()) == []  # no `community` attribute: not built by kg build


def test_payload_carries_areas_ranks_and_what_related_papers_share(tmp_path):
    G = clustered_graph()
    payload = build_payload(NetworkxFacts(G), G, positions=None, focus=None, omitted={}, notes=[])
    assert [a["community"] for a in payload["areas"]] == [a["community"] for a in research_areas(G)]
    assert len({a["color"] for a in payload["areas"]}) == 3
    nodes = {n["id"]: n for n in payload["nodes"]}
    assert all(nodes[n]["community"] == c for n, c in G.nodes(data="community") if c is not None)
    assert all(nodes[n]["pagerank"] == pr for n, pr in G.nodes(data="pagerank"))
    related = [e for e in payload["edges"] if e["type"] == "RELATED_TO"]
    assert len(related) == sum(1 for *_, t in G.edges(data="type") if t == "RELATED_TO")
    for edge in related:
        wanted = [G.nodes[s]["name"] for s in G.edges[edge["from"], edge["to"]]["shared"]]
        assert edge.get("shared", []) == wanted
    assert any(edge.get("shared") for edge in related)
    page = tmp_path / "graph.html"
    write_html(G, page)
    assert "Area 0 method" in json.dumps(payload["areas"]) and "Area 0 method" in page.read_text(encoding="utf-8")

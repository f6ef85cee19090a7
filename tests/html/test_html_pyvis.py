"""kg.to_pyvis: a pyvis Network of the nodes `kg html` would show, styled by type, with tooltips that
stay text even when pyvis switches its tooltips to HTML."""

from __future__ import annotations

import networkx as nx
from pyvis.network import Network

import kg
from html_graphs import HOSTILE_ID, HOSTILE_TITLE, LORA_PAPER, grid_graph, sample_graph
from kg.export.html.select import select
from kg.export.html.style import style_of


def test_a_focus_gives_its_neighbourhood_styled_by_type() -> None:
    G = sample_graph()
    net = kg.to_pyvis(G, focus="LoRA", depth=1)
    assert isinstance(net, Network) and net.directed
    expected = select(G, focus="LoRA", depth=1).graph
    assert {node["id"] for node in net.nodes} == set(expected)
    assert set(expected) == set(nx.all_neighbors(G, "method:lora")) | {"method:lora"}
    for node in net.nodes:
        style = style_of(G.nodes[node["id"]]["type"])
        assert (node["color"], node["shape"]) == (style.color, style.shape)
    assert {(edge["from"], edge["to"], edge["title"]) for edge in net.edges} == \
        {(u, v, kind) for u, v, kind in expected.edges(data="type")}


def test_without_a_focus_a_large_graph_is_reduced() -> None:
    G = grid_graph(papers=300, entities_per_paper=2, hubs=5)
    assert len(kg.to_pyvis(G).nodes) == kg.api.PYVIS_NODE_LIMIT < G.number_of_nodes()
    assert len(kg.to_pyvis(G, max_nodes=None, types=["Method"]).nodes) == 5


def test_listed_only_draws_the_vouched_for_entities_as_kg_html_does() -> None:
    G = sample_graph()
    for node, kind in G.nodes(data="type"):
        if kind in kg.ENTITY_TYPES:
            G.nodes[node]["known"] = node == "metric:fid"
    drawn = {node["id"] for node in kg.to_pyvis(G, listed_only=True, max_nodes=None).nodes}
    assert {node for node in drawn if G.nodes[node]["type"] in kg.ENTITY_TYPES} == {"metric:fid", "method:lora"}


def test_tooltips_cannot_open_a_tag(tmp_path) -> None:
    G = sample_graph()
    net = kg.to_pyvis(G, focus=LORA_PAPER, depth=2)
    hostile = next(node for node in net.nodes if node["id"] == HOSTILE_ID)
    assert "<" not in hostile["title"] and ">" not in hostile["title"]
    assert "img src=x onerror=alert(1)" in hostile["title"] and HOSTILE_TITLE.startswith("<img")
    # A user's own node with a link makes pyvis write every tooltip with innerHTML: still no tag from kg's.
    net.add_node("mine", title='<a href="https://example.org">mine</a>')
    page = tmp_path / "net.html"
    net.write_html(str(page))
    text = page.read_text(encoding="utf-8")
    assert "popup.innerHTML" in text and "<img src=x" not in text
    assert text.count("\\u003cimg") == 1 and '"label": "\\u003cimg src=x' in text  # the label, drawn on canvas

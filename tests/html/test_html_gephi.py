"""graph.gexf opens in Gephi as the page looks: type colours, degree sizes and the page's layout."""

from __future__ import annotations

import networkx as nx

from html_graphs import clustered_graph
from kg.export.html import style
from kg.export.html.gephi import gephi_viz
from kg.export.html.layout import precomputed_layout
from kg.graph.readwrite import write_gexf


def test_gexf_nodes_have_the_page_colour_size_and_position(tmp_path):
    G = clustered_graph()
    path = tmp_path / "graph.gexf"
    write_gexf(G, path, viz=gephi_viz(G, seed=3))
    seen = nx.read_gexf(path)
    page = precomputed_layout(G, seed=3)
    for node, data in G.nodes(data=True):
        viz = seen.nodes[node]["viz"]
        color = style.style_of(data["type"]).color
        assert "#{r:02X}{g:02X}{b:02X}".format(**viz["color"]) == color
        assert viz["size"] == style.node_size(G.degree(node))
        assert (viz["position"]["x"], -viz["position"]["y"]) == page[node]  # Gephi's y axis points up
    assert len({seen.nodes[n]["viz"]["color"]["r"] for n in G}) > 3  # not one grey

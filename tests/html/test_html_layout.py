"""The precomputed layout: every node placed, reproducible, single-neighbour nodes beside their neighbour,
disconnected groups packed close, research areas drawn as clusters."""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path

import networkx as nx

from html_graphs import clustered_graph, grid_graph, sample_graph
from kg.export.html.layout import LEAF_PX, precomputed_layout
from kg.export.html.packing import PAD_PX, REGION_GAP_PX
from kg import model
from kg.graph.analytics import annotate


def test_every_node_gets_finite_reproducible_coordinates():
    G = grid_graph(papers=60, entities_per_paper=4, hubs=5, hubs_per_paper=2)
    first = precomputed_layout(G, seed=3)
    assert set(first) == set(G)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in first.values())
    assert precomputed_layout(G.copy(), seed=3) == first
    assert precomputed_layout(G, seed=4) != first


def test_layout_does_not_depend_on_the_hash_seed():
    """Two builds of one graph must give the same graph.gexf: the layout may not follow set order."""
    script = (
        "import json, sys; sys.path.insert(0, sys.argv[1])\n"
        "from html_graphs import clustered_graph\n"
        "from kg.export.html.layout import precomputed_layout\n"
        "print(json.dumps(sorted(precomputed_layout(clustered_graph(), seed=3).items())))"
    )
    runs = [
        json.loads(subprocess.run([sys.executable, "-c", script, str(Path(__file__).parent)], check=True,
                                  capture_output=True, text=True, env=os.environ | {"PYTHONHASHSEED": hash_seed}).stdout)
        for hash_seed in ("1", "2")
    ]
    assert runs[0] == runs[1]


def test_leaves_sit_beside_their_only_neighbour_and_apart_from_each_other():
    G = grid_graph(papers=60, entities_per_paper=4, hubs=5)
    pos = precomputed_layout(G)
    for paper in [n for n in G if G.nodes[n]["type"] == "Paper"][:10]:
        leaves = [n for n in G.successors(paper) if G.degree(n) == 1]
        assert len(leaves) == 4
        for leaf in leaves:
            assert math.dist(pos[leaf], pos[paper]) < 2 * LEAF_PX
        spread = min(math.dist(pos[a], pos[b]) for a in leaves for b in leaves if a < b)
        assert spread > 10


def test_connected_nodes_end_up_closer_than_unrelated_ones():
    G = grid_graph(papers=60, entities_per_paper=0, hubs=3)
    pos = precomputed_layout(G)
    hubs = [f"method:hub-{h}" for h in range(3)]
    own = [math.dist(pos[p], pos[hub]) for hub in hubs for p in G.predecessors(hub)]
    other = [math.dist(pos[p], pos[hub]) for hub in hubs for p in G if p not in hubs and not G.has_edge(p, hub)]
    assert sum(own) / len(own) < 0.5 * sum(other) / len(other)


def test_small_and_degenerate_graphs():
    assert precomputed_layout(nx.DiGraph()) == {}
    single = nx.DiGraph()
    single.add_node("a", type="Paper")
    assert set(precomputed_layout(single)) == {"a"}
    assert set(precomputed_layout(sample_graph())) == set(sample_graph())


def _box(points) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _area(box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def _gap(a, b) -> float:
    """Distance between two boxes (0 if they touch or overlap)."""
    return math.hypot(max(0, max(a[0], b[0]) - min(a[2], b[2])), max(0, max(a[1], b[1]) - min(a[3], b[3])))


def test_small_components_are_packed_beside_the_main_one():
    """Laid out together, unconnected groups drift to a far ring and the main cluster ends up a dot."""
    G = clustered_graph()
    pos = precomputed_layout(G)
    components = sorted(nx.connected_components(G.to_undirected()), key=len, reverse=True)
    assert len(components) == 25
    boxes = [_box([pos[n] for n in c]) for c in components]
    whole = _box(pos.values())
    assert _area(boxes[0]) >= 0.6 * _area(whole)  # the main component is most of the picture
    assert _area(whole) / G.number_of_nodes() < 150_000  # px² per node (a far ring gives ~900,000)
    main_size = max(boxes[0][2] - boxes[0][0], boxes[0][3] - boxes[0][1])
    for i, box in enumerate(boxes):
        others = [other for j, other in enumerate(boxes) if j != i]
        assert min(_gap(box, other) for other in others) <= REGION_GAP_PX + PAD_PX + 1  # nothing stranded
        assert _gap(box, boxes[0]) <= main_size / 2
        if i:
            assert all(_gap(box, other) > 0 for other in others)  # and nothing overlaps
    assert boxes[1][0] > boxes[0][2]  # the small ones sit to the right of the main one


def test_papers_of_a_research_area_are_drawn_together():
    """Areas held together only by RELATED_TO (their methods are used everywhere) still come out as
    clusters: each paper is pulled toward its community, which `annotate` finds from those links."""
    G = grid_graph(papers=120, entities_per_paper=2, hubs=4, hubs_per_paper=2)
    papers = sorted(n for n in G if G.nodes[n]["type"] == "Paper")
    rng = random.Random(3)
    for i, p in enumerate(papers):  # papers i, i+3, i+6 ... form area i % 3
        for q in rng.sample(papers[i % 3::3], 5):
            if p < q:
                G.add_edge(p, q, type="RELATED_TO", score=1.0, shared=[])
    annotate(G)
    area = {p: G.nodes[p]["community"] for p in papers}
    assert len(set(area.values())) == 3 and all(area[p] == area[papers[i % 3]] for i, p in enumerate(papers))
    pos = precomputed_layout(G)
    centres = {a: tuple(sum(pos[p][k] for p in papers if area[p] == a) / 40 for k in (0, 1)) for a in set(area.values())}
    nearest_own = sum(min(centres, key=lambda a: math.dist(pos[p], centres[a])) == area[p] for p in papers)
    assert nearest_own >= 0.9 * len(papers)


def test_a_paper_linked_only_to_hubs_stays_by_them():
    """Links to widely used entities pull weakly, but not so weakly that a paper with nothing else drifts
    off to the edge (its own single-use entities make it heavy)."""
    G = clustered_graph()
    lone = "paper:arxiv:2403.99999"
    hubs = ["metric:accuracy", model.entity_id(model.METHOD, "Area 0 method 0")]
    G.add_node(lone, type="Paper", name="Only hubs", title="Only hubs")
    for hub in hubs:
        G.add_edge(lone, hub, type="USES")
    for k in range(6):
        G.add_node(f"method:own-{k}", type="Method", name=f"Own {k}")
        G.add_edge(lone, f"method:own-{k}", type="USES")
    pos = precomputed_layout(G)
    farthest = {h: max(math.dist(pos[p], pos[h]) for p in G.predecessors(h) if p != lone) for h in hubs}
    assert any(math.dist(pos[lone], pos[h]) <= farthest[h] for h in hubs)

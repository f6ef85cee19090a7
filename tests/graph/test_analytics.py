"""Analytics on hand-built graphs whose communities, rankings and paths are known."""

from __future__ import annotations

import io
import math

import networkx as nx
import pytest

from graph_helpers import add_author, add_code, add_paper, mention, paper_graph, random_graph, shuffled_copy
from kg.graph import analytics
from kg.graph.cooccurrence import cooccurrence
from kg.graph.linking import link_papers
from kg.graph.readwrite import write_json

SMALL = [f"paper:arxiv:100{i}" for i in range(3)]  # a group of three papers
LARGE = [f"paper:arxiv:200{i}" for i in range(5)]  # a group of five
LONERS = [f"paper:arxiv:300{i}" for i in range(4)]  # papers sharing nothing


def two_groups() -> nx.DiGraph:
    """Three papers on method:a/dataset:a, five on method:b/dataset:b, one bridge, four loners."""
    spec = {paper: ["method:a1", "dataset:a1"] for paper in SMALL}
    spec.update({paper: ["method:b1", "dataset:b1"] for paper in LARGE})
    spec.update({paper: [f"task:only-{paper[-1]}"] for paper in LONERS})
    G = paper_graph(spec)
    mention(G, SMALL[0], "concept:bridge")
    mention(G, LARGE[0], "concept:bridge")
    add_code(G, LARGE[1], "lab", "shared")
    add_code(G, LARGE[2], "lab", "shared")
    add_code(G, LARGE[3], "lab", "other")
    add_author(G, SMALL[0], "Grace Hopper")
    add_author(G, SMALL[1], "Grace Hopper")
    # The five share two items in 5 of 12 papers, each mentioned once: 2 x ln(12/5) x 0.6² = 0.63.
    link_papers(G, hub_share=1.0, min_score=0.5)
    return G


def json_bytes(G: nx.DiGraph) -> bytes:
    buffer = io.BytesIO()
    write_json(G, buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("backend", analytics.COMMUNITY_BACKENDS)
def test_communities_are_the_groups_largest_first(backend: str) -> None:
    if backend == "igraph":
        pytest.importorskip("igraph")
    G = two_groups()
    assert analytics.communities(G, seed=0, backend=backend) == [LARGE, SMALL] + [[p] for p in LONERS]


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown community backend 'gpu'"):
        analytics.communities(two_groups(), backend="gpu")


def test_communities_are_labelled_by_what_sets_them_apart() -> None:
    G = two_groups()
    labels = analytics.community_labels(G, [LARGE, SMALL], top=2)
    assert labels == [["dataset:b1", "method:b1"], ["dataset:a1", "method:a1"]]


def test_labels_prefer_distinctive_names_over_frequent_generic_words() -> None:
    """A group whose every paper says "features" and "graph" (as do half the others), where "deep
    model" is everywhere and a third of the papers use "GraphSAGE", 12 of them "Cora": named by
    GraphSAGE and Cora, never by the generic words, however frequent they are in the group."""
    G = paper_graph({})
    group = [add_paper(G, f"paper:arxiv:40{n:02d}") for n in range(30)]
    others = [add_paper(G, f"paper:arxiv:50{n:02d}") for n in range(60)]
    for n, paper in enumerate(group + others):
        in_group = paper in group
        if in_group or n % 2:
            mention(G, paper, "concept:features", name="features")
            mention(G, paper, "concept:graph", name="graph")
        mention(G, paper, "method:deep-model", name="deep model")
        if in_group and n % 3 == 0 or not in_group and n % 30 == 0:
            mention(G, paper, "method:graphsage", name="GraphSAGE")
        if in_group and n < 12:
            mention(G, paper, "dataset:cora", name="Cora")
        if in_group and n < 2:
            mention(G, paper, "metric:macro-f1", name="Macro-F1")  # metrics name no group
    assert analytics.community_labels(G, [group], top=3) == [["dataset:cora", "method:graphsage"]]


def test_annotate_stores_counts_communities_and_pagerank() -> None:
    G = two_groups()
    analytics.annotate(G, seed=0)
    assert [G.nodes[p]["community"] for p in LARGE + SMALL + LONERS] == [0] * 5 + [1] * 3 + [2, 3, 4, 5]
    assert G.nodes["method:b1"]["paper_count"] == 5
    assert G.nodes["concept:bridge"]["paper_count"] == 2
    assert G.nodes["repo:github.com/lab/shared"]["paper_count"] == 2
    assert G.nodes["owner:github.com/lab"]["paper_count"] == 3  # through two repositories
    assert G.nodes["author:grace-hopper"]["paper_count"] == 2
    ranks = {node: data["pagerank"] for node, data in G.nodes(data=True)}
    assert set(ranks) == set(G.nodes)
    assert math.isclose(sum(ranks.values()), 1.0, abs_tol=1e-4)
    assert ranks["method:b1"] > ranks["method:a1"] > ranks["concept:bridge"]
    assert analytics.stored_communities(G) == [LARGE, SMALL] + [[p] for p in LONERS]


def test_annotate_and_link_are_idempotent_and_order_free() -> None:
    G = random_graph(120, 90, seed=21)
    link_papers(G)
    analytics.annotate(G, seed=3)
    first = json_bytes(G)
    link_papers(G)
    analytics.annotate(G, seed=3)
    assert json_bytes(G) == first
    H = shuffled_copy(random_graph(120, 90, seed=21), seed=4)
    link_papers(H)
    analytics.annotate(H, seed=3)
    assert json_bytes(H) == first


def test_top_entities_and_shared_code() -> None:
    G = two_groups()
    top = analytics.top_entities(G, per_type=1)
    assert top["Method"] == [("method:b1", 5)]
    assert top["Concept"] == [("concept:bridge", 2)]
    assert analytics.shared_code(G) == [
        ("owner:github.com/lab", LARGE[1:4]),
        ("repo:github.com/lab/shared", LARGE[1:3]),
    ]


def test_similar_papers_rank_by_score_then_id() -> None:
    G = two_groups()
    similar = analytics.similar_papers(G, LARGE[1], top=10)
    # Shares the repository and owner with LARGE[2]: the best partner.
    assert similar[0][0] == LARGE[2]
    assert "repo:github.com/lab/shared" in similar[0][2]
    assert [score for _, score, _ in similar] == sorted((s for _, s, _ in similar), reverse=True)
    assert len(analytics.similar_papers(G, LARGE[1], top=2)) == 2


def test_explanation_prefers_rare_items_and_ignores_related_to() -> None:
    G = paper_graph({f"paper:arxiv:9{i:03d}": ["concept:hub"] for i in range(8)})
    for paper in ("paper:arxiv:0001", "paper:arxiv:0002"):
        add_paper(G, paper)
        mention(G, paper, "concept:hub")
        mention(G, paper, "method:rare")
    add_paper(G, "paper:arxiv:0003")
    mention(G, "paper:arxiv:0003", "dataset:niche")
    mention(G, "paper:arxiv:0002", "dataset:niche")
    add_paper(G, "paper:arxiv:0004")
    link_papers(G, min_score=0.0)

    found = analytics.explanation_path(G, "paper:arxiv:0001", "paper:arxiv:0002")
    assert found.nodes == ["paper:arxiv:0001", "method:rare", "paper:arxiv:0002"]
    assert found.edges == [("paper:arxiv:0001", "USES", "method:rare"),
                           ("paper:arxiv:0002", "USES", "method:rare")]
    longer = analytics.explanation_path(G, "paper:arxiv:0001", "paper:arxiv:0003")
    assert longer.nodes == ["paper:arxiv:0001", "method:rare", "paper:arxiv:0002", "dataset:niche",
                            "paper:arxiv:0003"]
    assert analytics.explanation_path(G, "paper:arxiv:0001", "paper:arxiv:0004") is None


def test_cooccurrence_counts_papers_per_pair() -> None:
    G = paper_graph({
        "paper:arxiv:1": ["method:lora", "dataset:glue", "dataset:squad"],
        "paper:arxiv:2": ["method:lora", "dataset:glue"],
        "paper:arxiv:3": ["method:bert", "dataset:glue"],
    })
    assert cooccurrence(G, "Method", "Dataset") == [
        ("method:lora", "dataset:glue", 2, ["paper:arxiv:1", "paper:arxiv:2"]),
        ("method:bert", "dataset:glue", 1, ["paper:arxiv:3"]),
        ("method:lora", "dataset:squad", 1, ["paper:arxiv:1"]),
    ]
    assert cooccurrence(G, "Dataset", "Dataset") == [
        ("dataset:glue", "dataset:squad", 1, ["paper:arxiv:1"])]
    assert cooccurrence(G, "Method", "Dataset", min_count=2) == [
        ("method:lora", "dataset:glue", 2, ["paper:arxiv:1", "paper:arxiv:2"])]
    with pytest.raises(ValueError, match="'Author' is not an entity type"):
        cooccurrence(G, "Method", "Author")


def test_pagerank_matches_networkx() -> None:
    G = random_graph(150, 80, seed=5)
    add_paper(G, "paper:arxiv:lonely")  # a dangling node
    link_papers(G)
    ours = analytics.pagerank(G)
    H = nx.Graph()
    H.add_nodes_from(G)
    H.add_edges_from((u, v) for u, v, kind in G.edges(data="type") if kind != "RELATED_TO")
    reference = nx.pagerank(H, tol=1e-13, max_iter=1000)
    assert ours.keys() == reference.keys()
    assert all(math.isclose(ours[n], reference[n], rel_tol=1e-7) for n in reference)

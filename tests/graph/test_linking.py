"""RELATED_TO links: IDF scores worked out by hand, the cap and top-k rules, and agreement with a
plain all-pairs computation on random graphs."""

from __future__ import annotations

import io
import itertools
import math

import networkx as nx
import pytest

from graph_helpers import add_author, add_code, paper_graph, random_graph, shuffled_copy
from kg.graph import linking
from kg.graph.linking import link_papers, paper_items
from kg.graph.readwrite import write_json

P1, P2, P3, P4, P5 = (f"paper:arxiv:000{i}" for i in range(1, 6))


def five_papers() -> nx.DiGraph:
    G = paper_graph({
        P1: ["method:lora", "dataset:glue", "task:qa"],
        P2: ["method:lora", "dataset:glue"],
        P3: ["dataset:glue", "task:qa"],
        P4: ["concept:x"],
        P5: ["concept:x"],
    })
    add_code(G, P4, "acme", "alpha")
    add_code(G, P5, "acme", "beta")
    return G


def related_edges(G: nx.DiGraph) -> dict[tuple[str, str], dict]:
    return {(u, v): d for u, v, d in G.edges(data=True) if d["type"] == "RELATED_TO"}


def json_bytes(G: nx.DiGraph) -> bytes:
    buffer = io.BytesIO()
    write_json(G, buffer)
    return buffer.getvalue()


def test_scores_sum_the_idf_of_shared_items() -> None:
    G = five_papers()
    assert link_papers(G, min_score=0.0) == 4
    edges = related_edges(G)
    two_of_five, three_of_five = math.log(5 / 2), math.log(5 / 3)
    assert edges[P1, P2] == {"type": "RELATED_TO", "score": round(two_of_five + three_of_five, 4),
                             "shared": ["method:lora", "dataset:glue"]}  # rarer item first
    assert edges[P1, P3]["shared"] == ["task:qa", "dataset:glue"]
    assert edges[P2, P3]["score"] == round(three_of_five, 4)
    # Different repositories of one owner: linked through the owner (ties in weight: by id).
    assert edges[P4, P5] == {"type": "RELATED_TO", "score": round(2 * two_of_five, 4),
                             "shared": ["concept:x", "owner:github.com/acme"]}


def test_min_score_drops_weak_links() -> None:
    G = five_papers()
    link_papers(G, min_score=1.0)
    assert (P2, P3) not in related_edges(G)  # only the common dataset (0.51) in common
    assert (P1, P2) in related_edges(G)


def test_items_above_the_cap_are_skipped() -> None:
    G = five_papers()
    link_papers(G, min_score=0.0, max_entity_papers=2)
    edges = related_edges(G)
    assert (P2, P3) not in edges  # they shared only GLUE, in 3 papers
    assert edges[P1, P2]["shared"] == ["method:lora"]
    assert edges[P1, P2]["score"] == round(math.log(5 / 2), 4)


def test_a_shared_repository_counts_with_its_owner() -> None:
    G = paper_graph({P1: [], P2: [], P3: ["method:lora"], P4: ["method:lora"]})
    add_code(G, P1, "acme", "tool")
    add_code(G, P2, "acme", "tool")
    link_papers(G, min_score=0.0)
    assert related_edges(G)[P1, P2]["shared"] == ["owner:github.com/acme", "repo:github.com/acme/tool"]


def test_authors_and_lone_items_make_no_links() -> None:
    G = paper_graph({P1: ["method:a"], P2: ["method:b"]})
    add_author(G, P1, "Ada Lovelace")
    add_author(G, P2, "Ada Lovelace")
    assert link_papers(G, min_score=0.0) == 0
    assert link_papers(paper_graph({P1: []}), min_score=0.0) == 0


def test_edges_run_from_smaller_to_larger_id_and_replace_old_links() -> None:
    G = five_papers()
    G.add_edge(P5, P1, type="RELATED_TO", score=99.0, shared=[])
    link_papers(G, min_score=0.0)
    assert all(u < v for u, v in related_edges(G))
    assert not G.has_edge(P5, P1)


def reference_links(G: nx.DiGraph, *, cap: int, min_score: float, top_k: int) -> dict:
    """All pairs of papers, scored directly from the definition."""
    items = paper_items(G)
    total = len(items)
    df: dict[str, int] = {}
    for linked in items.values():
        for item in linked:
            df[item] = df.get(item, 0) + 1
    weight = {item: math.log(total / n) for item, n in df.items() if 2 <= n <= cap}
    scores = {}
    for a, b in itertools.combinations(sorted(items), 2):
        shared = items[a] & items[b] & weight.keys()
        score = round(math.fsum(weight[i] for i in shared), 4)
        if shared and score >= min_score:
            scores[a, b] = (score, sorted(shared, key=lambda i: (-weight[i], i)))
    partners: dict[str, list] = {}
    for (a, b), (score, _) in scores.items():
        partners.setdefault(a, []).append((-score, b))
        partners.setdefault(b, []).append((-score, a))
    kept = {tuple(sorted((paper, other)))
            for paper, ranked in partners.items() for _, other in sorted(ranked)[:top_k]}
    return {pair: scores[pair] for pair in kept}


@pytest.mark.parametrize(("seed", "cap", "min_score", "top_k"),
                         [(1, 1000, 0.0, 3), (2, 15, 1.0, 5), (3, 40, 2.5, 1), (4, 1000, 0.5, 50)])
def test_agrees_with_all_pairs_reference(seed: int, cap: int, min_score: float, top_k: int) -> None:
    G = random_graph(160, 120, seed=seed)
    expected = reference_links(G, cap=cap, min_score=min_score, top_k=top_k)
    assert link_papers(G, max_entity_papers=cap, min_score=min_score, top_k=top_k) == len(expected)
    got = {pair: (d["score"], d["shared"]) for pair, d in related_edges(G).items()}
    assert got == expected


def test_small_blocks_give_the_same_links(monkeypatch: pytest.MonkeyPatch) -> None:
    G = random_graph(120, 80, seed=7)
    link_papers(G)
    whole = json_bytes(G)
    monkeypatch.setattr(linking, "_BLOCK_TRIPLES", 5)
    link_papers(G)
    assert json_bytes(G) == whole


def test_linking_is_a_pure_function_of_graph_content() -> None:
    G = random_graph(150, 100, seed=11)
    H = shuffled_copy(G, seed=12)
    link_papers(G)
    first = json_bytes(G)
    link_papers(G)
    assert json_bytes(G) == first  # re-linking changes nothing
    link_papers(H)
    assert json_bytes(H) == first  # insertion order does not matter

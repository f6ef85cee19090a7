"""RELATED_TO links: IDF scores worked out by hand, the cap and top-k rules, and agreement with a
plain all-pairs computation on random graphs."""

from __future__ import annotations

import io
import itertools
import math

import networkx as nx
import pytest

from graph_helpers import (
    add_author, add_code, add_entity, add_paper, mention, paper_graph, random_graph, shuffled_copy, with_varied_salience,
)
from kg.graph import link_arrays, linking
from kg.graph.linking import link_papers, paper_items, salience
from kg.graph.specificity import item_specificity, specificity_of
from kg.graph.readwrite import write_json

P1, P2, P3, P4, P5 = (f"paper:arxiv:000{i}" for i in range(1, 6))
PASSING2 = linking.PASSING ** 2  # both papers mention the item once, in passing


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


def test_scores_sum_rarity_times_salience_of_shared_items() -> None:
    G = five_papers()  # 5 papers: an item's hub size is MIN_HUB_PAPERS = 5, so it weighs ln(5 / df)
    assert link_papers(G, min_score=0.0) == 3
    edges = related_edges(G)
    two_of_five, three_of_five = math.log(5 / 2), math.log(5 / 3)
    assert edges[P1, P2] == {"type": "RELATED_TO",
                             "score": round((two_of_five + three_of_five) * PASSING2, 4),
                             "shared": ["method:lora", "dataset:glue"]}  # rarer item first
    assert edges[P1, P3]["shared"] == ["task:qa", "dataset:glue"]
    assert edges[P2, P3]["score"] == round(three_of_five * PASSING2, 4)
    # Two repositories of one owner share no topic (an owner is a person or a lab), nor does "x", a common
    # word: no link, whatever the score.
    assert (P4, P5) not in edges


def test_one_shared_tool_method_links_nothing_but_a_task_or_two_methods_do() -> None:
    # A blind judge found most unrelated pairs resting on one general tool (an SVM, an LSTM, batch norm).
    G = paper_graph({f"paper:{n:03d}": [] for n in range(300)})
    for paper in ("paper:000", "paper:001"):
        mention(G, paper, "method:libsvm", name="LIBSVM", times=2)
    for paper in ("paper:002", "paper:003"):
        mention(G, paper, "method:libsvm", name="LIBSVM", times=2)
        mention(G, paper, "method:bilstm", name="BiLSTM", times=2)
    for paper in ("paper:004", "paper:005"):
        mention(G, paper, "task:snli", name="SNLI", times=2)
    link_papers(G, min_score=0.0)
    assert set(related_edges(G)) == {("paper:002", "paper:003"), ("paper:004", "paper:005")}


def test_a_code_owner_alone_does_not_link_two_papers() -> None:
    # One lab's papers span topics: at the default threshold a shared owner adds to a shared topic but
    # links nothing alone, however rare it is (one owner in 2 of 300 papers: at full weight it would).
    G = paper_graph({f"paper:{n:03d}": [] for n in range(300)})
    add_code(G, "paper:000", "acme", "cutmix")
    add_code(G, "paper:001", "acme", "rexnet")
    link_papers(G)
    assert ("paper:000", "paper:001") not in related_edges(G)


def test_an_item_the_title_names_or_mentioned_twice_counts_fully() -> None:
    G = paper_graph({P1: [], P2: [], P3: [], P4: [], P5: []})
    mention(G, P1, "task:lora", times=2)
    mention(G, P2, "task:lora")
    mention(G, P3, "dataset:glue")
    mention(G, P4, "dataset:glue")
    G.edges[P3, "dataset:glue"]["evidence"][0]["sentence"] = G.nodes[P3]["title"]
    G.edges[P4, "dataset:glue"]["evidence"][0]["sentence"] = G.nodes[P4]["title"]
    link_papers(G, min_score=0.0)
    edges = related_edges(G)
    assert edges[P1, P2]["score"] == round(math.log(5 / 2) * linking.PASSING, 4)
    assert edges[P3, P4]["score"] == round(math.log(5 / 2), 4)


def test_min_score_drops_weak_links() -> None:
    G = five_papers()
    link_papers(G, min_score=0.5)
    assert (P2, P3) not in related_edges(G)  # only the common dataset (0.18) in common
    assert (P1, P2) in related_edges(G)


def test_items_above_the_cap_are_skipped() -> None:
    G = five_papers()
    G = nx.relabel_nodes(G, {"method:lora": "task:lora"})
    G.nodes["task:lora"]["type"] = "Task"
    link_papers(G, min_score=0.0, max_entity_papers=2)
    edges = related_edges(G)
    assert (P2, P3) not in edges  # they shared only GLUE, in 3 papers
    assert edges[P1, P2]["shared"] == ["task:lora"]
    assert edges[P1, P2]["score"] == round(math.log(5 / 2) * PASSING2, 4)


def test_a_shared_repository_counts_with_its_owner() -> None:
    G = paper_graph({P1: [], P2: [], P3: ["method:lora"], P4: ["method:lora"]})
    add_code(G, P1, "acme", "tool")
    add_code(G, P2, "acme", "tool")
    link_papers(G, min_score=0.0)
    # Heaviest first: the repository (full weight) before its owner (half: a person or a lab).
    assert related_edges(G)[P1, P2]["shared"] == ["repo:github.com/acme/tool", "owner:github.com/acme"]


def test_authors_and_lone_items_make_no_links() -> None:
    G = paper_graph({P1: ["method:a1"], P2: ["method:b1"]})
    add_author(G, P1, "Ada Lovelace")
    add_author(G, P2, "Ada Lovelace")
    assert link_papers(G, min_score=0.0) == 0
    assert link_papers(paper_graph({P1: []}), min_score=0.0) == 0


def corpus(pairs: dict[tuple[str, str], list[tuple[str, str]]], *, filler: int = 300) -> nx.DiGraph:
    """`filler` papers that all mention generic hubs, plus the given pairs of papers mentioning
    (entity id, name) items twice each (the items the pair is about)."""
    hubs = [("metric:accuracy", "Accuracy"), ("concept:features", "features"),
            ("method:dnn", "DNN"), ("task:image-classification", "image classification")]
    G = paper_graph({})
    for n in range(filler):
        paper = add_paper(G, f"paper:arxiv:9{n:03d}")
        for entity, name in hubs:
            mention(G, paper, entity, name=name, times=2)
    for (first, second), items in pairs.items():
        for paper in (first, second):
            add_paper(G, paper)
            for entity, name in items:
                mention(G, paper, entity, name=name, times=2)
    return G


def test_hub_only_or_generic_only_pairs_get_no_link_and_specific_pairs_do() -> None:
    named = [("dataset:wikitext-103", "WikiText-103"), ("method:lora", "LoRA")]
    generic_words = [("metric:accuracy", "Accuracy"), ("concept:features", "features"),
                     ("concept:meanwhile", "Meanwhile")]
    generic_phrase = [("method:neural-network", "neural network")]
    G = corpus({
        (P1, P2): named + generic_words,  # a hub (Accuracy) and rare generic words beside two names
        ("paper:arxiv:hub1", "paper:arxiv:hub2"): [("method:dnn", "DNN"),
                                                   ("task:image-classification", "image classification")],
        ("paper:arxiv:gen1", "paper:arxiv:gen2"): generic_words,
        ("paper:arxiv:phr1", "paper:arxiv:phr2"): generic_phrase,
        ("paper:arxiv:one1", "paper:arxiv:one2"): [("dataset:svhn", "SVHN")],
    })
    link_papers(G)
    edges = related_edges(G)
    assert set(edges) == {(P1, P2), ("paper:arxiv:one1", "paper:arxiv:one2")}
    # The explanation names the specific items (ties by id), and nothing generic.
    assert edges[P1, P2]["shared"] == ["dataset:wikitext-103", "method:lora"]
    # One rare named item central to both papers is enough (in 2 of 310 papers: ln(31 / 2) = 2.74).
    assert edges["paper:arxiv:one1", "paper:arxiv:one2"]["shared"] == ["dataset:svhn"]
    # A generic phrase counts, at a discount, beside a name: never alone.
    G2 = corpus({(P1, P2): generic_phrase, (P3, P4): generic_phrase + named[:1]})
    link_papers(G2)
    assert set(related_edges(G2)) == {(P3, P4)}
    assert related_edges(G2)[P3, P4]["shared"] == ["dataset:wikitext-103", "method:neural-network"]


@pytest.mark.parametrize(("entity", "names", "expected"), [
    ("dataset:x", ["WikiText-103"], 1.0),  # a digit
    ("method:x", ["LoRA", "low-rank adaptation"], 1.0),  # an inner capital
    ("dataset:x", ["Cityscapes"], 1.0),  # a word outside the common-word list
    ("task:x", ["reinforcement learning", "RL"], 1.0),  # an acronym: a term of art
    ("method:x", ["neural network", "neural networks"], 0.5),  # common words only
    ("method:x", ["network (the) architecture"], 0.5),  # brackets ignored
    ("method:x", ["AD"], 0.5),  # a short acronym nobody expanded
    ("concept:x", ["features", "Features"], 0.0),
    ("metric:x", ["Accuracy", "accuracy"], 0.0),
    ("concept:x", ["Meanwhile"], 0.0),
    ("metric:x", ["METEOR"], 0.5),  # a named metric counts half
    ("concept:x", ["Neural Collapse", "NC"], 0.5),  # a named concept counts half
])
def test_specificity_from_kind_and_name_shape(entity: str, names: list[str], expected: float) -> None:
    G = paper_graph({})
    add_entity(G, entity, names[0])
    G.nodes[entity]["aliases"] = names
    assert item_specificity(G, entity) == expected
    assert specificity_of(G.nodes[entity]["type"], names[0], names) == expected  # from a node row


def test_an_unexpanded_short_acronym_links_at_half_strength() -> None:
    """"AD" is Alzheimer's disease in one paper and anomaly detection in another: a paper that only
    writes the acronym counts half, so the acronym alone no longer links them."""
    alzheimer, anomaly = "paper:arxiv:ad01", "paper:arxiv:ad02"
    G = corpus({(alzheimer, anomaly): [("task:ad", "AD")], (P1, P2): [("dataset:svhn", "SVHN")]})
    G.nodes["task:ad"]["aliases"] = ["AD", "Alzheimer's Disease"]
    for mention_ in G.edges[alzheimer, "task:ad"]["evidence"]:
        mention_["text"] = "Alzheimer's Disease"
    for mention_ in G.edges[anomaly, "task:ad"]["evidence"]:
        mention_["text"] = "AD models"
    assert linking.salience(G, alzheimer, "task:ad") == 1.0
    assert linking.salience(G, anomaly, "task:ad") == linking.BARE_ACRONYM
    link_papers(G)
    assert set(related_edges(G)) == {(P1, P2)}


def test_edges_run_from_smaller_to_larger_id_and_replace_old_links() -> None:
    G = five_papers()
    G.add_edge(P5, P1, type="RELATED_TO", score=99.0, shared=[])
    link_papers(G, min_score=0.0)
    assert all(u < v for u, v in related_edges(G))
    assert not G.has_edge(P5, P1)


def reference_links(G: nx.DiGraph, *, cap: int, hub_share: float, min_score: float, top_k: int) -> dict:
    """All pairs of papers, scored directly from the definition."""
    items = paper_items(G)
    total = len(items)
    df: dict[str, int] = {}
    for linked in items.values():
        for item in linked:
            df[item] = df.get(item, 0) + 1
    hub = max(hub_share * total, linking.MIN_HUB_PAPERS)
    weight = {item: item_specificity(G, item) * math.log(hub / n) for item, n in df.items() if 2 <= n <= cap}
    weight = {item: value for item, value in weight.items() if value > 0}
    scores = {}
    for a, b in itertools.combinations(sorted(items), 2):
        part = {i: weight[i] * salience(G, a, i) * salience(G, b, i) for i in items[a] & items[b] & weight.keys()}
        score = round(math.fsum(part.values()), 4)
        if part and score >= min_score:
            scores[a, b] = (score, sorted(part, key=lambda i: (-part[i], i)))
    partners: dict[str, list] = {}
    for (a, b), (score, _) in scores.items():
        partners.setdefault(a, []).append((-score, b))
        partners.setdefault(b, []).append((-score, a))
    kept = {tuple(sorted((paper, other)))
            for paper, ranked in partners.items() for _, other in sorted(ranked)[:top_k]}
    return {pair: scores[pair] for pair in kept if _a_topic(G, scores[pair][1])}


def _a_topic(G: nx.DiGraph, shared: list[str]) -> bool:
    """A task, dataset or repository among the shared items, or two methods."""
    kinds = [G.nodes[item]["type"] for item in shared]
    return any(kind in ("Task", "Dataset", "Repository") for kind in kinds) or sum(
        kind in ("Task", "Dataset", "Repository", "Method") for kind in kinds) >= 2


@pytest.mark.parametrize(("seed", "cap", "hub_share", "min_score", "top_k"),
                         [(1, 1000, 0.1, 0.0, 3), (2, 15, 0.2, 1.0, 5), (3, 40, 1.0, 2.5, 1),
                          (4, 1000, 0.05, 0.5, 50)])
def test_agrees_with_all_pairs_reference(seed: int, cap: int, hub_share: float, min_score: float,
                                         top_k: int) -> None:
    G = with_varied_salience(random_graph(160, 120, seed=seed), seed=seed)
    expected = reference_links(G, cap=cap, hub_share=hub_share, min_score=min_score, top_k=top_k)
    assert link_papers(G, max_entity_papers=cap, hub_share=hub_share, min_score=min_score,
                       top_k=top_k) == len(expected)
    got = {pair: (d["score"], d["shared"]) for pair, d in related_edges(G).items()}
    assert got == expected


def test_small_blocks_give_the_same_links(monkeypatch: pytest.MonkeyPatch) -> None:
    G = random_graph(120, 80, seed=7)
    link_papers(G)
    whole = json_bytes(G)
    monkeypatch.setattr(link_arrays, "_BLOCK_TRIPLES", 5)
    monkeypatch.setattr(link_arrays, "_CHUNK", 7)
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


@pytest.mark.parametrize(("entity", "name", "expected"), [
    ("method:x", "Batch Normalization", 0.03),  # 23.8% of the reference papers: (0.25 - 0.238) / 0.2, times 0.5 (common words)
    ("dataset:x", "ImageNet", 0.0),  # 30.1%: a building block, whatever its shape
    ("dataset:x", "COCO", 0.62),  # 12.6%: (0.25 - 0.126) / 0.2
    ("task:x", "Image Classification", 0.5),  # 26%, but a task is what papers are about: only its common words count
    ("method:x", "LoRA", 1.0),  # under 5% (not in the table)
])
def test_building_blocks_count_by_how_many_reference_papers_name_them(entity: str, name: str, expected: float) -> None:
    G = paper_graph({})
    add_entity(G, entity, name)
    assert item_specificity(G, entity) == pytest.approx(expected, abs=0.01)


def test_two_papers_sharing_only_building_blocks_are_not_linked() -> None:
    # Session 16: a blind judge found the pair that shares only Batch Normalization and Weight Decay
    # unrelated; the same papers sharing a specific method stay linked.
    blocks = [("method:batch-normalization", "Batch Normalization"), ("method:weight-decay", "Weight Decay")]
    G = corpus({(P1, P2): blocks, (P3, P4): blocks + [("method:lora", "LoRA")]})
    link_papers(G)
    assert set(related_edges(G)) == {(P3, P4)}
    assert related_edges(G)[P3, P4]["shared"][0] == "method:lora"

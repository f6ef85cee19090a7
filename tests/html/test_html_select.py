"""What the page shows: focus resolution, ego views, the type filter and the size reduction."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest

from html_graphs import DIFFUSION_PAPER, LORA_PAPER, grid_graph, sample_graph, tasks_and_concepts_graph
from kg.export.html import HtmlError
from kg.export.html.select import reduce_to, resolve_focus, select
from kg import model


def test_focus_matches_id_name_or_title_case_insensitively():
    G = sample_graph()
    assert resolve_focus(G, "method:lora") == "method:lora"
    assert resolve_focus(G, "lora") == "method:lora"  # exact name beats titles; Method before Repository
    assert resolve_focus(G, "repo:github.com/microsoft/lora") == "repo:github.com/microsoft/lora"
    assert resolve_focus(G, "DENOISING diffusion for image synthesis") == DIFFUSION_PAPER
    assert resolve_focus(G, "cifar") == "dataset:cifar-10"  # the only substring match


def test_focus_errors_name_the_problem():
    G = sample_graph()
    with pytest.raises(HtmlError, match="--focus: no node matches 'transformer'"):
        resolve_focus(G, "transformer")
    with pytest.raises(HtmlError, match=r"--focus: 'paper:' matches 4 nodes: .*give more of the name or the id"):
        resolve_focus(G, "paper:")


def test_focus_finds_an_entity_by_its_alias_before_names_containing_it():
    G = sample_graph()  # the method is named by its long form; "LoRA" is an alias, and a title contains it
    nx.relabel_nodes(G, {"method:lora": "method:low-rank-adaptation"}, copy=False)
    G.nodes["method:low-rank-adaptation"]["name"] = "Low-Rank Adaptation"
    G.add_node("method:flora", type=model.METHOD, name="FLoRA", aliases=["FLoRA"], paper_count=0)
    assert resolve_focus(G, "LoRA") == "method:low-rank-adaptation"
    assert select(G, focus="LoRA", depth=1).focus == "method:low-rank-adaptation"


def test_ego_view_keeps_nodes_within_depth_in_either_direction():
    G = sample_graph()
    one = select(G, focus="CIFAR-10", depth=1)
    assert set(one.graph) == {"dataset:cifar-10", DIFFUSION_PAPER}
    two = select(G, focus="CIFAR-10", depth=2)
    assert set(two.graph) == {"dataset:cifar-10", DIFFUSION_PAPER, "method:diffusion-model",
                              "task:image-generation", "metric:fid"}
    assert two.focus == "dataset:cifar-10"
    assert two.omitted[model.PAPER] == 3
    assert sum(two.omitted.values()) == G.number_of_nodes() - 5


def test_type_filter_keeps_listed_types_and_the_focus():
    G = sample_graph()
    chosen = select(G, types=["Paper", "Method"])
    assert {d["type"] for _, d in chosen.graph.nodes(data=True)} == {model.PAPER, model.METHOD}
    assert chosen.omitted == {"Author": 1, "CodeOwner": 1, "Concept": 1, "Dataset": 1, "Metric": 1,
                              "Repository": 1, "Task": 1}
    focused = select(G, focus="microsoft", depth=2, types=["Paper"])
    assert set(focused.graph) == {"owner:github.com/microsoft", LORA_PAPER}  # the repo between is filtered
    with pytest.raises(HtmlError, match="unknown node type 'Model'"):
        select(G, types=["Paper", "Model"])


def test_listed_only_keeps_known_names_and_proposed_methods_and_every_non_entity():
    G = sample_graph()
    for node, kind in G.nodes(data="type"):
        if kind in model.ENTITY_TYPES:
            G.nodes[node]["known"] = node == "dataset:cifar-10"
    chosen = select(G, listed_only=True)
    entities = {n for n, kind in chosen.graph.nodes(data="type") if kind in model.ENTITY_TYPES}
    assert entities == {"dataset:cifar-10", "method:lora"}  # the one a list names, the one a paper proposes
    assert all(n in chosen.graph for n, kind in G.nodes(data="type") if kind not in model.ENTITY_TYPES)
    assert chosen.omitted == {"Concept": 1, "Method": 1, "Metric": 1, "Task": 1}
    assert "Entities shown: names in kg's lists and methods a paper proposes." in chosen.notes
    assert "metric:fid" in select(G, focus="FID", depth=1, listed_only=True).graph  # the focus stays


def test_listed_only_refuses_a_graph_that_does_not_say_what_lists_name():
    with pytest.raises(HtmlError, match="built by an older kg; build it again to use --listed-only"):
        select(sample_graph(), listed_only=True)  # no node carries `known`


def test_reduction_keeps_hubs_and_the_papers_linking_them():
    G = grid_graph(papers=40, entities_per_paper=3, hubs=4)
    kept = reduce_to(G, 30)
    assert len(kept) == 30
    assert {f"method:hub-{h}" for h in range(4)} <= kept  # the most connected entities
    shown = G.subgraph(kept)
    assert all(shown.degree(n) > 0 for n in shown)  # nothing left floating
    papers = [n for n in kept if G.nodes[n]["type"] == model.PAPER]
    assert len(papers) == 15  # half the budget, each linking a kept hub


def test_reduction_is_stable_and_reports_what_was_left_out():
    G = grid_graph(papers=40, entities_per_paper=3, hubs=4)
    first, second = select(G, max_nodes=50), select(G.copy(), max_nodes=50)
    assert set(first.graph) == set(second.graph)
    assert first.graph.number_of_nodes() == 50
    left = G.number_of_nodes() - 50
    assert sum(first.omitted.values()) == left
    assert first.omitted == {model.DATASET: 120 - (50 - 25 - 4), model.PAPER: 40 - 25}
    assert any("Reduced to 50 nodes" in note for note in first.notes)


def test_reduction_always_keeps_the_focus():
    G = grid_graph(papers=40, entities_per_paper=3, hubs=4)
    chosen = select(G, focus="Set 7-2", depth=3, max_nodes=10)
    assert "dataset:set-7-2" in chosen.graph
    assert chosen.graph.number_of_nodes() == 10


def test_bad_limits_are_refused():
    G = sample_graph()
    with pytest.raises(HtmlError, match="--max-nodes"):
        select(G, max_nodes=0)
    with pytest.raises(HtmlError, match="--depth"):
        select(G, focus="LoRA", depth=-1)
    with pytest.raises(HtmlError, match="--types needs at least one node type"):
        select(G, types=["", " "])
    untyped = nx.DiGraph()
    untyped.add_node("x", name="x")
    with pytest.raises(HtmlError, match="node 'x' has no 'type'"):
        select(untyped)


def test_uncapped_graph_is_shown_whole():
    G = sample_graph()
    chosen = select(G)
    assert nx.utils.graphs_equal(chosen.graph, G)
    assert chosen.omitted == {} and chosen.notes == []
    assert LORA_PAPER in chosen.graph


def test_reduction_ranks_by_paper_count_with_typed_entities_ahead_of_concepts():
    G = tasks_and_concepts_graph(papers=6, per_paper=4)
    kept = reduce_to(G, 20)
    kept_types = Counter(G.nodes[n]["type"] for n in kept)
    assert "method:shared" in kept  # two papers beat one
    # after the shared method, one-paper Tasks take every entity place before any one-paper Concept
    assert kept_types[model.TASK] > 0 and kept_types[model.CONCEPT] == 0

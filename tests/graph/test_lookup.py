"""The one lookup from typed text to a node: exact names and aliases first, entities before the rest,
and ties refused with the candidates named."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graph_helpers import add_paper
from kg.graph.lookup import NodeLookupError, find_node, find_paper
from kg.graph.readwrite import read_json
from kg.model import CONCEPT, METHOD, REPOSITORY


def lora_graph() -> nx.DiGraph:
    """The shape that broke `kg html --focus LoRA`: the method is named by its long form, "LoRA" is only
    an alias, and a dozen other names contain it."""
    G = nx.DiGraph()
    G.add_node("method:low-rank-adaptation", type=METHOD, name="Low-Rank Adaptation",
               aliases=["LoRA", "Low-Rank Adaptation"])
    for name in ("FLoRA", "GS-LoRA", "LoRA modules"):
        G.add_node(f"method:{name.lower()}", type=METHOD, name=name, aliases=[name])
    G.add_node("concept:lora-matrices", type=CONCEPT, name="LoRA matrices", aliases=["LoRA matrices"])
    G.add_node("repo:github.com/microsoft/lora", type=REPOSITORY, name="LoRA")
    add_paper(G, "paper:arxiv:2106.09685", "LoRA: Low-Rank Adaptation of Large Language Models")
    add_paper(G, "paper:title:lora", "LoRA")
    return G


def test_an_exact_alias_finds_the_entity_before_repositories_papers_and_longer_names() -> None:
    G = lora_graph()
    assert find_node(G, "LoRA") == "method:low-rank-adaptation"
    assert find_node(G, "  lora ") == "method:low-rank-adaptation"
    assert find_node(G, "low-rank adaptation") == "method:low-rank-adaptation"
    assert find_node(G, "lora", types=["Paper"]) == "paper:title:lora"  # restricted to papers
    assert find_node(G, "repo:github.com/microsoft/lora") == "repo:github.com/microsoft/lora"
    assert find_node(G, "matrices") == "concept:lora-matrices"  # words inside a name
    assert find_node(G, "2106.09685v1") == "paper:arxiv:2106.09685"


def test_ties_are_refused_with_the_candidates() -> None:
    G = lora_graph()
    with pytest.raises(NodeLookupError, match=r"'ora' matches 8 nodes: concept:lora-matrices \(LoRA matrices\)"
                                              r".* and 3 more; give more of the name or the id") as raised:
        find_node(G, "ora")
    assert len(raised.value.candidates) == 8
    G.add_node("method:lora", type=METHOD, name="LoRA")  # two methods answer to "LoRA": no guessing
    with pytest.raises(NodeLookupError, match="'LoRA' matches 2 nodes: method:lora"):
        find_node(G, "LoRA")
    with pytest.raises(NodeLookupError, match="no node matches 'qlora'"):
        find_node(G, "qlora")
    with pytest.raises(NodeLookupError, match="empty node name"):
        find_node(G, " :: ")


def test_find_paper_by_id_arxiv_id_or_title() -> None:
    G = nx.DiGraph()
    add_paper(G, "paper:arxiv:2106.09685", "LoRA: Low-Rank Adaptation of Large Language Models")
    add_paper(G, "paper:arxiv:2305.14314", "QLoRA: Efficient Finetuning of Quantized LLMs")
    add_paper(G, "paper:title:abc", "Attention Is All You Need")
    add_paper(G, "paper:title:def", "Attention Is All You Need, Again")
    G.add_node("method:lora", type=METHOD, name="LoRA", aliases=["LoRA"])
    assert find_paper(G, "paper:title:abc") == "paper:title:abc"
    assert find_paper(G, "2106.09685v2") == "paper:arxiv:2106.09685"
    assert find_paper(G, "quantized llms") == "paper:arxiv:2305.14314"
    assert find_paper(G, "attention is all you need") == "paper:title:abc"  # exact title wins
    assert find_paper(G, "LoRA") == "paper:arxiv:2106.09685"  # a whole word beats part of QLoRA; not the method
    with pytest.raises(NodeLookupError, match="'ora' matches 2 papers: paper:arxiv:2106.09685"):
        find_paper(G, "ora")
    with pytest.raises(NodeLookupError, match="matches 2 papers: paper:title:abc"):
        find_paper(G, "attention is all")
    with pytest.raises(NodeLookupError, match="no paper matches 'diffusion'"):
        find_paper(G, "diffusion")
    with pytest.raises(NodeLookupError, match="no paper matches 'method:lora'"):
        find_paper(G, "method:lora")


def test_lora_names_one_method_of_the_seed_graph(seed_graph_json: Path) -> None:
    G = read_json(seed_graph_json)
    found = find_node(G, "LoRA")
    assert G.nodes[found]["type"] == METHOD
    assert "lora" in {alias.casefold() for alias in G.nodes[found]["aliases"]}

"""`--json` on stats, similar and path: one JSON document on stdout, in the shapes docs/cli.md describes."""

from __future__ import annotations

import json
from pathlib import Path

import kg
from cli_helpers import run_kg

NODE_KEYS = {"id", "type", "label"}


def kg_json(*args: str | Path) -> dict:
    result = run_kg(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def related_pair(graph_file: Path) -> tuple[str, set[str]]:
    """A paper with RELATED_TO links, and the papers it is linked to."""
    data = json.loads(graph_file.read_text(encoding="utf-8"))
    partners: dict[str, set[str]] = {}
    for edge in data["edges"] if "edges" in data else data["links"]:
        if edge["type"] == "RELATED_TO":
            partners.setdefault(edge["source"], set()).add(edge["target"])
            partners.setdefault(edge["target"], set()).add(edge["source"])
    paper = max(sorted(partners), key=lambda node: len(partners[node]))
    return paper, partners[paper]


def test_stats_json_counts_add_up(seeds_graph: Path) -> None:
    stats = kg_json("stats", seeds_graph, "--top", "3")
    assert stats["graph"] == str(seeds_graph)
    assert sum(stats["node_types"].values()) == stats["nodes"] and stats["node_types"]["Paper"] == 426
    assert sum(stats["edge_types"].values()) == stats["edges"]
    for kind, ranked in stats["top_entities"].items():
        assert len(ranked) <= 3 and all(set(entity) == NODE_KEYS | {"papers"} for entity in ranked)
        assert all(entity["type"] == kind for entity in ranked)
        assert [entity["papers"] for entity in ranked] == sorted((e["papers"] for e in ranked), reverse=True)
    assert 0 < len(stats["communities"]) <= 3
    assert all(community["size"] > 0 and community["labels"] for community in stats["communities"])
    assert all(paper["type"] == "Paper" and paper["pagerank"] > 0 for paper in stats["central_papers"])


def test_similar_and_path_json(seeds_graph: Path) -> None:
    paper, partners = related_pair(seeds_graph)
    similar = kg_json("similar", seeds_graph, paper, "--top", "3")
    assert similar["paper"]["id"] == paper and similar["paper"]["type"] == "Paper"
    ranked = similar["similar"]
    assert [row["rank"] for row in ranked] == list(range(1, len(ranked) + 1)) and ranked
    assert {row["id"] for row in ranked} <= partners
    assert [row["score"] for row in ranked] == sorted((row["score"] for row in ranked), reverse=True)
    assert all(set(shared) == NODE_KEYS for row in ranked for shared in row["shared"])

    found = kg_json("path", seeds_graph, paper, ranked[0]["id"])
    assert found["nodes"][0]["id"] == paper and found["nodes"][-1]["id"] == ranked[0]["id"]
    assert len(found["edges"]) == len(found["nodes"]) - 1 and found["cost"] > 0
    for edge, (before, after) in zip(found["edges"], zip(found["nodes"], found["nodes"][1:])):
        assert {edge["source"], edge["target"]} == {before["id"], after["id"]}


def test_html_focus_on_the_documented_name(seeds_graph: Path, tmp_path: Path) -> None:
    """`kg html --focus LoRA` (docs/html.md) finds the method whose alias is LoRA, as the page's search does."""
    result = run_kg("html", seeds_graph, "--focus", "LoRA", "--out", tmp_path / "lora.html")
    assert result.returncode == 0, result.stderr
    G = kg.load(seeds_graph)
    focus = kg.find(G, "LoRA")
    assert G.nodes[focus]["type"] == "Method" and "LoRA" in G.nodes[focus]["aliases"]
    assert f"Neighbourhood of {G.nodes[focus]['name']} within 1 step." in (tmp_path / "lora.html").read_text("utf-8")

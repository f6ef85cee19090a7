"""`build(..., gazetteer_path=...)`: one gazetteer for extraction and canonicalization, updates included."""

from __future__ import annotations

import json
from pathlib import Path

from kg.builder import build
from kg.graph.readwrite import read_json

NAME, ALIAS = "Quillwort Sieve Benchmark", "QSB-9"
PAPERS = [
    {"title": "Sieving Quillworts", "abstract": f"Results on the {NAME} show gains in plant phenotyping."},
    {"title": "Another Look at Phenotyping", "abstract": f"Our model is state of the art on {ALIAS}."},
]


def _entities_named(out_dir: Path, name: str) -> list[tuple[str, dict, int]]:
    graph = read_json(out_dir / "graph.json")
    return [(node, data, graph.in_degree(node)) for node, data in graph.nodes(data=True) if data.get("name") == name]


def test_build_uses_the_given_gazetteer_throughout(tmp_path: Path) -> None:
    source = tmp_path / "papers.jsonl"
    source.write_text("".join(json.dumps(paper) + "\n" for paper in PAPERS), encoding="utf-8")
    gazetteer = tmp_path / "gazetteer.json"
    entry = {"name": NAME, "type": "Dataset", "aliases": [ALIAS], "case_sensitive": [ALIAS], "source": "test"}
    gazetteer.write_text(json.dumps({"entries": [entry], "common_words": []}), encoding="utf-8")

    shipped = tmp_path / "shipped"
    build([source], shipped, mode="fast", html=False)
    assert _entities_named(shipped, NAME) == []

    custom = tmp_path / "custom"
    build([source], custom, mode="fast", html=False, gazetteer_path=gazetteer)
    ((node, data, papers),) = _entities_named(custom, NAME)  # both forms, one node, the gazetteer's type
    assert data["type"] == "Dataset" and sorted(data["aliases"]) == sorted([NAME, ALIAS]) and papers == 2

    # An update with nothing new extracts nothing, and canonicalizes with the same gazetteer again.
    before = (custom / "graph.json").read_bytes()
    result = build([source], custom, mode="fast", html=False, update=True, gazetteer_path=gazetteer)
    assert result.extracted == 0 and (custom / "graph.json").read_bytes() == before

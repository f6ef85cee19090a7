"""The graph `kg build` makes of the real seed pages, pushed and queried: whatever the pipeline
produces must load exactly and every saved query must run on it."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest

from kg.export.neo4j.query import run_named_query
from kg.graph.readwrite import read_graph
from kg.queries import list_queries
from neo4j_helpers import Server, database_state, graph_state, run_cli

pytestmark = pytest.mark.neo4j


def test_seed_graph_pushes_exactly_and_every_query_runs(
    empty_db: neo4j.Driver, neo4j_env: Server, seed_graph_json: Path
) -> None:
    result = run_cli("neo4j", "push", str(seed_graph_json), "--quiet")
    assert result.exit_code == 0, result.stderr
    assert database_state(empty_db) == graph_state(seed_graph_json)

    graph = read_graph(seed_graph_json)
    dataset = next(data["name"] for _, data in graph.nodes(data=True) if data["type"] == "Dataset")
    related = next((u, v) for u, v, data in graph.edges(data=True) if data["type"] == "RELATED_TO")
    community = next((data["community"] for _, data in graph.nodes(data=True) if "community" in data), 0)
    params = {
        "papers_on_dataset": {"dataset": dataset},
        "methods_with_dataset": {"dataset": dataset},
        "related_papers": {"paper": related[0]},
        "community_papers": {"community": str(community)},
        "community_top_entities": {"community": str(community)},
        "explanation_path": {"from_paper": related[0], "to_paper": related[1]},
        "search": {"query": "transformer"},
    }
    for query in list_queries():
        rows = run_named_query(empty_db, "neo4j", query.name, params.get(query.name, {})).rows
        if query.name in {"papers_on_dataset", "related_papers", "graph_summary", "top_methods", "search"}:
            assert rows, f"{query.name} found nothing in the seed graph"

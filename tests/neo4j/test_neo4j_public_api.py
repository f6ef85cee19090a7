"""kg.neo4j, the public Neo4j API, against the real test server: push a graph with settings from the
environment, then read it back through a saved query."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest

import kg
from neo4j_helpers import Server, database_state, graph_state

pytestmark = pytest.mark.neo4j


def test_push_then_query(empty_db: neo4j.Driver, neo4j_env: Server, graph_json: Path) -> None:
    G = kg.load(graph_json)
    pushed = kg.neo4j.push(G, graph_name="fixtures")  # connects with NEO4J_* from the environment
    assert (pushed.nodes, pushed.relationships) == (G.number_of_nodes(), G.number_of_edges())
    assert database_state(empty_db) == graph_state(graph_json)

    with kg.neo4j.connect() as driver:
        # The same graph again, from its file (named after its folder, "fixtures"): nothing changes.
        assert kg.neo4j.push(graph_json, driver=driver).nodes == G.number_of_nodes()
        summary = kg.neo4j.query(driver, "graph_summary")
        top = kg.neo4j.query(driver, "top_methods", limit=1)
    counts = {(row.kind, row.name): row.count for row in summary.itertuples()}
    assert counts[("node", "Paper")] == sum(1 for _, kind in G.nodes(data="type") if kind == kg.PAPER)
    assert len(top) == 1
    assert database_state(empty_db) == graph_state(graph_json)
    assert "top_methods" in {query.name for query in kg.neo4j.queries()}

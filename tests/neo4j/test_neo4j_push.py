"""`kg neo4j push` against the real test server: exact contents, idempotency, schema, wipe,
batching, and the one-line errors for unreachable servers, bad credentials and missing databases."""

from __future__ import annotations

import json
import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import neo4j
import pytest

from kg.export.neo4j.connection import Neo4jSettings, connect
from kg.export.neo4j.push import edge_units, push_rows
from kg.export.neo4j.rows import load_rows
from kg import model
from kg.graph.readwrite import read_graph, write_json
from neo4j_helpers import Server, database_state, graph_state, run_cli, synthetic_graph

pytestmark = pytest.mark.neo4j


def push(server: Server, path: Path, **options) -> None:
    settings = Neo4jSettings(server.uri, server.username, server.password, "neo4j")
    with connect(settings) as driver:
        push_rows(driver, "neo4j", load_rows(path), **options)


def test_push_writes_exactly_the_graph(empty_db: neo4j.Driver, neo4j_env: Server, graph_json: Path) -> None:
    result = run_cli("neo4j", "push", str(graph_json), "--quiet")
    assert result.exit_code == 0, result.stderr
    nodes, relationships = database_state(empty_db)
    expected_nodes, expected_relationships = graph_state(graph_json)
    assert nodes == expected_nodes
    assert relationships == expected_relationships
    assert f"pushed {len(nodes)} nodes and {len(relationships)} relationships" in result.stdout


def test_hostile_text_survives_unchanged(empty_db: neo4j.Driver, neo4j_server: Server, graph_json: Path) -> None:
    push(neo4j_server, graph_json)
    graph = read_graph(graph_json)
    hostile = next(node for node, data in graph.nodes(data=True) if data.get("title", "").startswith('"Quoted"'))
    record = empty_db.execute_query("MATCH (p:Paper {id: $id}) RETURN p.title AS title, p.abstract AS abstract,"
                                    " p.authors AS authors", id=hostile).records[0]
    assert record["title"] == graph.nodes[hostile]["title"]
    assert record["abstract"] == graph.nodes[hostile]["abstract"]
    assert record["authors"] == ["Zoë O'Brien-Łukasz", 'José "Pepe" Núñez']


def test_pushing_twice_changes_nothing(empty_db: neo4j.Driver, neo4j_server: Server, graph_json: Path) -> None:
    push(neo4j_server, graph_json)
    first = database_state(empty_db)
    push(neo4j_server, graph_json, batch_size=3)
    assert database_state(empty_db) == first


def test_batch_size_does_not_change_the_result(empty_db: neo4j.Driver, neo4j_server: Server,
                                               graph_json: Path) -> None:
    push(neo4j_server, graph_json, batch_size=1)
    one_by_one = database_state(empty_db)
    push(neo4j_server, graph_json, batch_size=10_000, wipe=True)
    assert database_state(empty_db) == one_by_one == graph_state(graph_json)


def test_constraints_and_indexes_exist(empty_db: neo4j.Driver, neo4j_server: Server, graph_json: Path) -> None:
    push(neo4j_server, graph_json)
    constraints = empty_db.execute_query("SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties").records
    unique = {record["labelsOrTypes"][0] for record in constraints
              if record["type"] == "UNIQUENESS" and record["properties"] == ["id"]}
    assert unique == set(model.NODE_TYPES)
    indexes = {record["name"]: record for record in empty_db.execute_query(
        "SHOW INDEXES YIELD name, type, state, labelsOrTypes, properties").records}
    assert indexes["kg_text"]["type"] == "FULLTEXT" and indexes["kg_text"]["state"] == "ONLINE"
    assert set(indexes["kg_text"]["properties"]) == {"title", "abstract", "name", "aliases"}
    with pytest.raises(neo4j.exceptions.ConstraintError):
        empty_db.execute_query("CREATE (:Method {id: 'method:lora'})")


def test_changed_attributes_are_replaced_and_a_repush_removes_dropped_nodes(
    empty_db: neo4j.Driver, neo4j_server: Server, graph_json: Path, tmp_path: Path
) -> None:
    push(neo4j_server, graph_json, graph_name="fixture")
    graph = read_graph(graph_json)
    graph.nodes["method:lora"]["aliases"] = ["LoRA"]
    del graph.nodes["method:lora"]["paper_count"]
    graph.remove_node("paper:doi:10.1000/xyz-123")
    smaller = tmp_path / "graph.json"
    write_json(graph, smaller)
    empty_db.execute_query("CREATE (:Note {text: 'not kg data'})")

    push(neo4j_server, smaller, graph_name="fixture")
    nodes, relationships = database_state(empty_db)
    assert nodes["method:lora"][1] == {"id": "method:lora", "name": "LoRA", "aliases": ["LoRA"]}
    kg_nodes = {key: value for key, value in nodes.items() if value[0] != "Note"}
    assert (kg_nodes, relationships) == graph_state(smaller), "the node the graph dropped is gone"
    assert [value[0] for value in nodes.values()].count("Note") == 1, "the stale deletion leaves other data alone"

    push(neo4j_server, smaller, wipe=True, graph_name="fixture")
    nodes, relationships = database_state(empty_db)
    kg_nodes = {key: value for key, value in nodes.items() if value[0] != "Note"}
    assert (kg_nodes, relationships) == graph_state(smaller)
    assert [value[0] for value in nodes.values()].count("Note") == 1, "--wipe must leave other data alone"


def test_wrong_password_is_one_clear_line(neo4j_env: Server, graph_json: Path, monkeypatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "not-the-password")
    result = run_cli("neo4j", "push", str(graph_json))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: Neo4j at {neo4j_env.uri} rejected the credentials of user 'neo4j'"
    )


def test_missing_database_is_one_clear_line(neo4j_env: Server, graph_json: Path) -> None:
    result = run_cli("neo4j", "push", str(graph_json), "--database", "nosuchdb")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"error: database 'nosuchdb' does not exist on Neo4j at {neo4j_env.uri}")
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreachable_server_is_one_clear_line(neo4j_env: Server, graph_json: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_cli("neo4j", "push", str(graph_json), "--uri", f"bolt://127.0.0.1:{port}")
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.startswith(f"error: cannot reach Neo4j at bolt://127.0.0.1:{port}: ")
    assert "refused" in message.lower()
    assert len(message.splitlines()) == 1


def test_bad_graph_file_fails_before_connecting(neo4j_env: Server, tmp_path: Path) -> None:
    broken = tmp_path / "graph.json"
    broken.write_text('{"directed": true, "graph": {"schema": 1}, "nodes": [{"id": "x"}], "edges": []}',
                      encoding="utf-8")
    result = run_cli("neo4j", "push", str(broken), "--uri", "bolt://127.0.0.1:1")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {broken}: node #0 has no 'type'"

    other_version = tmp_path / "old.json"
    other_version.write_text(json.dumps({"directed": True, "multigraph": False, "graph": {"schema": 0},
                                         "nodes": [], "edges": []}), encoding="utf-8")
    result = run_cli("neo4j", "push", str(other_version))
    assert result.exit_code == 1
    assert "graph schema 0, but this kg reads schema" in result.stderr


def test_parallel_writers_write_exactly_the_graph_and_repush_changes_nothing(
    empty_db: neo4j.Driver, neo4j_server: Server, tmp_path: Path
) -> None:
    path = tmp_path / "graph.json"
    write_json(synthetic_graph(400), path)
    push(neo4j_server, path, batch_size=97, writers=4)
    first = database_state(empty_db)
    assert first == graph_state(path)
    push(neo4j_server, path, batch_size=1000, writers=3)
    assert database_state(empty_db) == first


def test_two_pushes_at_once_never_duplicate_a_relationship(
    empty_db: neo4j.Driver, neo4j_server: Server, tmp_path: Path
) -> None:
    """Two pushes of the same graph race on every relationship; the source-node lock in the edge
    queries must let exactly one of them create each (database_state fails on a duplicate)."""
    path = tmp_path / "graph.json"
    write_json(synthetic_graph(300), path)
    rows = load_rows(path)
    settings = Neo4jSettings(neo4j_server.uri, neo4j_server.username, neo4j_server.password, "neo4j")
    with connect(settings) as driver, ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda writers: push_rows(driver, "neo4j", rows, batch_size=50, writers=writers),
                                (2, 3)))
    assert [result.relationships for result in results] == [rows.edge_count] * 2
    assert database_state(empty_db) == graph_state(path)


def test_edge_units_hold_every_row_of_their_source_nodes(tmp_path: Path) -> None:
    """A unit goes to one writer whole, so no source node is in two units (two writers never lock
    it at once), no transaction exceeds the batch size, and every relationship is in one unit."""
    path = tmp_path / "graph.json"
    write_json(synthetic_graph(200), path)
    rows = load_rows(path)
    units = list(edge_units(rows, batch_size=40, push=1))
    assert len(units) > 10
    owner: dict[str, int] = {}
    for index, unit in enumerate(units):
        for batch in unit:
            assert 0 < len(batch.rows) <= 40
            assert batch.params == {"push": 1}
            for row in batch.rows:
                assert owner.setdefault(row["source"], index) == index, f"{row['source']} is in two units"
    written = sorted((row["source"], row["target"]) for unit in units for batch in unit for row in batch.rows)
    assert written == sorted((row["source"], row["target"]) for group in rows.edges.values() for row in group)

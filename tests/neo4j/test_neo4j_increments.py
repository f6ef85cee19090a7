"""`kg neo4j push` of an updated graph leaves the database equal to that graph: what an earlier push of
the graph wrote and the update dropped is deleted (stale), what kg did not write stays, and a push
that fails deletes nothing. And a push streamed from a build's Parquet tables gives the database the
push of its graph.json gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import neo4j
import networkx as nx
import pytest

from kg import model
from kg.export.neo4j.push import ForeignNodeError, push_rows
from kg.export.neo4j.rows import load_rows
from kg.graph.readwrite import read_graph, write_json
from kg.graph.tables import write_tables
from neo4j_helpers import Server, database_state, graph_state, run_cli, synthetic_graph

pytestmark = pytest.mark.neo4j

DROPPED_LINK = ("paper:arxiv:2010.11929", "paper:arxiv:2103.14030")
RETYPED, RETYPED_AS = "method:lora", "task:lora"


def updated(graph: nx.DiGraph) -> nx.DiGraph:
    """What an update can do to a graph: a RELATED_TO leaves a paper's top k, and an entity's type vote
    flips (`method:lora` becomes `task:lora`: USES become ADDRESSES, PROPOSES has no Task form)."""
    new = graph.copy()
    assert new.edges[DROPPED_LINK]["type"] == model.RELATED_TO
    new.remove_edge(*DROPPED_LINK)
    new.add_node(RETYPED_AS, **{**new.nodes[RETYPED], "type": model.TASK})
    for paper, _, data in list(new.in_edges(RETYPED, data=True)):
        if data["type"] == model.USES:
            new.add_edge(paper, RETYPED_AS, **{**data, "type": model.ADDRESSES})
    new.remove_node(RETYPED)
    return new


def build_folder(graph: nx.DiGraph, folder: Path) -> Path:
    """A folder holding the graph as a build writes it: graph.json and the two tables."""
    folder.mkdir(parents=True)
    write_json(graph, folder / "graph.json")
    write_tables(graph, folder / "nodes.parquet", folder / "edges.parquet")
    return folder


USER_NODES = ("note:1", "method:mine")


def kg_part(state: tuple[dict, dict]) -> tuple[dict, dict]:
    """The nodes and relationships of a database state that are not the user's."""
    nodes, relationships = state
    return ({key: value for key, value in nodes.items() if key not in USER_NODES},
            {key: value for key, value in relationships.items() if key[1] in model.EDGE_TYPES})


def test_an_update_leaves_exactly_the_new_graph_and_the_users_data(
    empty_db: neo4j.Driver, neo4j_env: Server, graph_json: Path, tmp_path: Path
) -> None:
    first = build_folder(read_graph(graph_json), tmp_path / "first" / "field")
    second = build_folder(updated(read_graph(graph_json)), tmp_path / "second" / "field")
    assert run_cli("neo4j", "push", str(first / "graph.json"), "--quiet").exit_code == 0
    # The user's own data: a node of theirs linked to a kg node the update keeps and to the one it retypes,
    # a node of theirs with a kg label (no mark), and a relationship of theirs between two kept kg nodes.
    empty_db.execute_query(
        "MATCH (kept:Paper {id: $kept}), (retyped:Method {id: $retyped}) "
        "CREATE (note:Note {id: 'note:1'})-[:ABOUT]->(kept), (note)-[:ABOUT]->(retyped), "
        "(:Method {id: 'method:mine', name: 'mine'}), (kept)-[:KNOWS]->(retyped)",
        kept=DROPPED_LINK[0], retyped=RETYPED)
    empty_db.execute_query("MATCH (a:Paper {id: $a}), (b:Paper {id: $b}) CREATE (a)-[:KNOWS]->(b)",
                           a=DROPPED_LINK[0], b=DROPPED_LINK[1])

    result = run_cli("neo4j", "push", str(second / "graph.json"), "--quiet")
    assert result.exit_code == 0, result.stderr
    # method:lora, and the dropped RELATED_TO with lora's PROPOSES and 2 USES.
    assert "deleted 1 stale node and 4 stale relationships (written by an earlier push" in result.stdout
    after_update = database_state(empty_db)
    assert kg_part(after_update) == graph_state(second / "graph.json")
    assert empty_db.execute_query(
        "MATCH (note:Note)-[:ABOUT]->(n) RETURN collect(n.id) AS about").records[0]["about"] == [DROPPED_LINK[0]]
    assert after_update[0]["method:mine"] == ("Method", {"id": "method:mine", "name": "mine"})
    assert (*DROPPED_LINK[:1], "KNOWS", DROPPED_LINK[1]) in after_update[1], "a relationship of the user's stays"

    wiped = run_cli("neo4j", "push", str(second / "graph.json"), "--wipe", "--yes", "--quiet")
    assert wiped.exit_code == 0, wiped.stderr
    assert kg_part(database_state(empty_db)) == kg_part(after_update), "the update equals a fresh push"


def test_a_push_that_fails_deletes_nothing_and_its_rerun_converges(
    empty_db: neo4j.Driver, neo4j_server: Server, graph_json: Path, tmp_path: Path
) -> None:
    new_graph = updated(read_graph(graph_json))
    write_json(new_graph, new_path := tmp_path / "graph.json")
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as driver:
        push_rows(driver, "neo4j", load_rows(graph_json), graph_name="field")
        first = database_state(empty_db)
        # A node of the user's with the id of a node only the new graph has stops its push midway.
        empty_db.execute_query("CREATE (:Task {id: $id, name: 'theirs'})", id=RETYPED_AS)
        with pytest.raises(ForeignNodeError):
            push_rows(driver, "neo4j", load_rows(new_path), graph_name="field", batch_size=2)
        nodes, relationships = database_state(empty_db)
        assert RETYPED in nodes and (*DROPPED_LINK[:1], model.RELATED_TO, DROPPED_LINK[1]) in relationships, \
            "nothing stale is deleted before every batch is written"
        assert set(first[0]) <= set(nodes)
        empty_db.execute_query("MATCH (n:Task {id: $id}) WHERE NOT n:KgNode DELETE n", id=RETYPED_AS)
        result = push_rows(driver, "neo4j", load_rows(new_path), graph_name="field", batch_size=2)
    assert database_state(empty_db) == graph_state(new_path)
    assert (result.stale_nodes, result.stale_relationships) == (1, 4)


@pytest.mark.parametrize("papers", [0, 150], ids=["fixture", "synthetic"])
def test_a_push_from_the_tables_equals_the_push_of_graph_json(
    empty_db: neo4j.Driver, neo4j_env: Server, graph_json: Path, tmp_path: Path, papers: int
) -> None:
    graph = synthetic_graph(papers) if papers else read_graph(graph_json)
    folder = build_folder(graph, tmp_path / "field")
    assert run_cli("neo4j", "push", str(folder / "graph.json"), "--quiet", "--batch-size", "7").exit_code == 0
    from_json = database_state(empty_db)
    assert from_json == graph_state(folder / "graph.json")
    for source in (folder, folder / "nodes.parquet", folder / "edges.parquet"):
        result = run_cli("neo4j", "push", str(source), "--wipe", "--yes", "--quiet", "--batch-size", "7")
        assert result.exit_code == 0, result.stderr
        assert f"pushed {len(from_json[0])} nodes and {len(from_json[1])} relationships of graph 'field'" in result.stdout
        assert database_state(empty_db) == from_json


def test_an_update_pushed_from_the_tables_leaves_exactly_the_new_graph(
    empty_db: neo4j.Driver, neo4j_env: Server, graph_json: Path, tmp_path: Path
) -> None:
    first = build_folder(read_graph(graph_json), tmp_path / "first" / "field")
    second = build_folder(updated(read_graph(graph_json)), tmp_path / "second" / "field")
    assert run_cli("neo4j", "push", str(first), "--quiet").exit_code == 0
    assert database_state(empty_db) == graph_state(first / "graph.json")
    result = run_cli("neo4j", "push", str(second), "--quiet")
    assert result.exit_code == 0, result.stderr
    assert "deleted 1 stale node and 4 stale relationships" in result.stdout
    assert database_state(empty_db) == graph_state(second / "graph.json")


def test_a_folder_without_tables_pushes_its_graph_json(empty_db: neo4j.Driver, neo4j_env: Server,
                                                       graph_json: Path, tmp_path: Path) -> None:
    folder = tmp_path / "field"
    folder.mkdir()
    shutil.copy(graph_json, folder / "graph.json")
    result = run_cli("neo4j", "push", str(folder), "--quiet")
    assert result.exit_code == 0, result.stderr
    assert database_state(empty_db) == graph_state(graph_json)

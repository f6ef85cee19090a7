"""Helpers for the Neo4j tests: the server script, the CLI, and database <-> graph comparisons.

`database_state` reads everything back and undoes the property encoding independently of
kg.export.neo4j.values (JSON strings decoded, evidence sentences checked against the records),
so comparing it with `graph_state` of the graph file checks the whole push path.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j
import networkx as nx
from typer.testing import CliRunner

from kg.graph.readwrite import read_graph

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "neo4j-test-server"
TEST_PASSWORD = "kg-test-password"
# The kg CLI with only this area's sub-apps, as kg.cli registers them.
CLI_MAIN = (
    "import sys, typer\n"
    "from kg.commands import export, neo4j\n"
    "app = typer.Typer()\n"
    "app.add_typer(neo4j.app, name='neo4j')\n"
    "app.add_typer(export.app, name='export')\n"
    "app(prog_name='kg')\n"
)

State = tuple[dict[str, tuple[str, dict[str, Any]]], dict[tuple[str, str, str], dict[str, Any]]]


@dataclass(frozen=True)
class Server:
    uri: str
    username: str
    password: str

    @property
    def auth(self) -> tuple[str, str]:
        return (self.username, self.password)

    def env(self) -> dict[str, str]:
        return {"NEO4J_URI": self.uri, "NEO4J_USERNAME": self.username,
                "NEO4J_PASSWORD": self.password, "NEO4J_DATABASE": "neo4j"}


@dataclass(frozen=True)
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> CliResult:
    """Run `kg neo4j ...` / `kg export ...` in-process (environment as set by the test)."""
    import typer

    from kg.commands import export, neo4j as neo4j_commands

    app = typer.Typer()
    app.add_typer(neo4j_commands.app, name="neo4j")
    app.add_typer(export.app, name="export")
    # A wide terminal, so tables show whole values on one line.
    result = CliRunner().invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "250"})
    return CliResult(result.exit_code, result.stdout, result.stderr)


def cli_command(*args: str) -> list[str]:
    """The same CLI as a separate process (for tests that must kill things under it)."""
    return [sys.executable, "-c", CLI_MAIN, *args]


def synthetic_graph(papers: int) -> nx.DiGraph:
    """The benchmark's synthetic graph (benchmarks/neo4j_synthetic.py), for tests that need volume."""
    spec = importlib.util.spec_from_file_location("neo4j_synthetic", REPO / "benchmarks" / "neo4j_synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.synthetic_graph(papers)


def server_script(command: str, home: Path | None = None, *args: str, check: bool = True,
                  timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if home is not None:
        env["NEO4J_TEST_HOME"] = str(home)
    return subprocess.run([str(SCRIPT), command, *args], env=env, capture_output=True, text=True,
                          check=check, timeout=timeout)


def wipe_everything(driver: neo4j.Driver) -> None:
    with driver.session(database="neo4j") as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


# kg's mark on every node it writes (kg.export.neo4j.statements), not part of the graph itself, and
# the stamp of the push that wrote a node or relationship (queries/push/node_upsert.cypher).
KG_LABEL, KG_GRAPH_PROPERTY, KG_PUSH_PROPERTY = "KgNode", "kg_graph", "kg_push"


def unmarked_nodes(driver: neo4j.Driver, graph: str) -> list[str]:
    """Ids of the nodes that lack kg's mark for `graph` (its KgGraph records aside)."""
    records = driver.execute_query(
        f"MATCH (n) WHERE NOT n:KgGraph AND NOT (n:{KG_LABEL} AND n.{KG_GRAPH_PROPERTY} = $graph) "
        "RETURN n.id AS id", graph=graph).records
    return sorted(str(record["id"]) for record in records)


def database_state(driver: neo4j.Driver) -> State:
    """Every node (label, properties) by id and every relationship's properties by (source, type, target).

    kg's mark (label KgNode, property kg_graph), the push stamps (kg_push) and its KgGraph records are
    left out: they are not part of the graph (test_neo4j_safety.py checks them)."""
    nodes: dict[str, tuple[str, dict[str, Any]]] = {}
    records = driver.execute_query("MATCH (n) WHERE NOT n:KgGraph "
                                   "RETURN labels(n) AS labels, properties(n) AS props").records
    for index, record in enumerate(records):
        labels = [label for label in record["labels"] if label != KG_LABEL]
        props = {name: value for name, value in record["props"].items()
                 if name not in (KG_GRAPH_PROPERTY, KG_PUSH_PROPERTY)}
        assert len(labels) == 1, f"node {props.get('id')} has labels {labels}"
        key = props.get("id", f"<{labels[0]} without id #{index}>")
        assert key not in nodes, f"duplicate node id {key}"
        nodes[key] = (labels[0], _decoded(props))
    relationships: dict[tuple[str, str, str], dict[str, Any]] = {}
    records = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props"
    ).records
    for record in records:
        key = (record["source"], record["type"], record["target"])
        assert key not in relationships, f"duplicate relationship {key}"
        relationships[key] = _decoded({name: value for name, value in record["props"].items()
                                       if name != KG_PUSH_PROPERTY})
    return nodes, relationships


def _decoded(props: dict[str, Any]) -> dict[str, Any]:
    decoded: dict[str, Any] = {}
    for name, value in props.items():
        if name.endswith("_json"):
            decoded[name[: -len("_json")]] = json.loads(value)
    for name, value in props.items():
        if name.endswith("_json"):
            continue
        if name == "evidence" and "evidence_json" in props:
            assert value == [item["sentence"] for item in decoded["evidence"]], "evidence sentences out of step"
            continue
        decoded[name] = value
    return decoded


def graph_state(path: Path) -> State:
    """What the database should hold after pushing the graph file at `path`."""
    graph = read_graph(path)
    nodes = {node: (data["type"], _present({**data, "id": node}, {"type"})) for node, data in graph.nodes(data=True)}
    relationships = {(u, data["type"], v): _present(data, {"type"}) for u, v, data in graph.edges(data=True)}
    return nodes, relationships


def _present(data: dict[str, Any], structure: set[str]) -> dict[str, Any]:
    return {key: value for key, value in data.items()
            if key not in structure and value is not None and value != []}

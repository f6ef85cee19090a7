"""`kg export cypher` and `kg export neo4j-admin` loaded into real databases: both must give
exactly the database a Bolt push gives."""

from __future__ import annotations

import os
import random
import re
import subprocess
from pathlib import Path

import neo4j
import pytest

from kg.export.neo4j.cypher import cypher_string
from kg.graph.readwrite import read_json
from kg.graph.tables import write_tables
from neo4j_helpers import SCRIPT, Server, database_state, graph_state, run_cli, server_script, unmarked_nodes

pytestmark = pytest.mark.neo4j


def script_statements(path: Path) -> list[str]:
    """Statements as cypher-shell reads them: `;` ends a statement; `//` lines are comments.

    Literals never hold a raw line break (kg escapes them), so a line ending in `;` ends a statement.
    """
    statements, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("//")):
            continue
        current.append(line)
        if line.rstrip().endswith(";"):
            statements.append("\n".join(current).rstrip()[:-1])
            current = []
    assert not current, "the script ends inside a statement"
    return statements


def run_script(driver: neo4j.Driver, path: Path) -> None:
    with driver.session(database="neo4j") as session:
        for statement in script_statements(path):
            session.run(statement).consume()


def test_cypher_script_builds_the_same_database(empty_db: neo4j.Driver, graph_json: Path, tmp_path: Path) -> None:
    script = tmp_path / "graph.cypher"
    result = run_cli("export", "cypher", str(graph_json), "--out", str(script), "--rows-per-statement", "4")
    assert result.exit_code == 0, result.stderr
    text = script.read_text(encoding="utf-8")
    assert "$rows" not in re.sub(r"'(?:[^'\\]|\\.)*'", "''", text), "every $rows must be bound to a literal"
    run_script(empty_db, script)
    assert database_state(empty_db) == graph_state(graph_json)
    assert unmarked_nodes(empty_db, "fixtures") == [], "the script marks its nodes as the push does"
    run_script(empty_db, script)
    assert database_state(empty_db) == graph_state(graph_json), "running the script twice changes nothing"


def test_every_string_survives_a_cypher_literal(driver: neo4j.Driver) -> None:
    rng = random.Random(7)
    alphabet = ["'", '"', "\\", "\n", "\r", "\t", "\b", "\f", "\x00", "\x07", "\x1f", "\x7f", "\u2028",
                "é", "ß", "Ω", "→", "中", "🚀", "\U0001f9ea", "`", "$", "/*", "//", ";", "u0041", "\\u0041"]
    samples = ["", "plain", "it's", "\\'", "'\\", "\\\\'", "end\\"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(150)]
    with driver.session(database="neo4j") as session:
        for text in samples:
            value = session.run("RETURN " + cypher_string(text) + " AS value").single(strict=True)["value"]
            assert value == text, repr(text)


@pytest.mark.parametrize("source", ["graph.json", "tables"])
def test_neo4j_admin_files_import_into_the_same_database(
    neo4j_server: Server, graph_json: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    out = tmp_path / "import"
    exported = graph_json
    if source == "tables":
        # A build folder holding only the tables: the CSVs stream from them (same graph name, `fixtures`).
        exported = tmp_path / "fixtures"
        exported.mkdir()
        write_tables(read_json(graph_json), exported / "nodes.parquet", exported / "edges.parquet")
    result = run_cli("export", "neo4j-admin", str(exported), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert (out / "import.sh").stat().st_mode & 0o111
    header = (out / "nodes-Paper.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith('"id:ID",') and '"community:long"' in header and '"authors:string[]"' in header

    # Run import.sh as a user would, its `neo4j-admin` being the one of the test server's build.
    home = tmp_path / "home"
    shim = tmp_path / "bin" / "neo4j-admin"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nNEO4J_TEST_HOME="{home}" exec "{SCRIPT}" admin "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{shim.parent}{os.pathsep}{os.environ['PATH']}"}
    imported = subprocess.run([str(out / "import.sh"), "neo4j"], env=env, capture_output=True, text=True,
                              timeout=600)
    assert imported.returncode == 0, imported.stdout[-2000:] + imported.stderr[-2000:]
    assert "IMPORT DONE" in imported.stdout

    uri = server_script("start", home).stdout.strip()
    try:
        with neo4j.GraphDatabase.driver(uri, auth=neo4j_server.auth) as driver:
            assert database_state(driver) == graph_state(graph_json)
            assert unmarked_nodes(driver, "fixtures") == [], "the import marks its nodes as the push does"
            for name, value in Server(uri, neo4j_server.username, neo4j_server.password).env().items():
                monkeypatch.setenv(name, value)
            result = run_cli("neo4j", "schema")
            assert result.exit_code == 0, result.stderr
            names = {record["name"] for record in driver.execute_query("SHOW INDEXES YIELD name").records}
            assert {"kg_text", "paper_id", "method_id"} <= names
    finally:
        server_script("stop", home, check=False)


def test_export_errors_are_one_line(tmp_path: Path) -> None:
    result = run_cli("export", "cypher", str(tmp_path / "missing.json"), "--out", str(tmp_path / "x.cypher"))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'missing.json'}: no such graph file"

"""The queries/ folder: every file is documented, declares exactly the parameters it uses, and
the push queries cover the graph model. No server needed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.model import EDGE_ENDPOINTS
from kg import model
from kg.queries import QueryError, list_queries, load_query, parse_query, queries_dir

REPO = Path(__file__).resolve().parents[2]
ALL_FILES = sorted(queries_dir().rglob("*.cypher"))
# `$name` outside comments and string literals.
PARAM_USE = re.compile(r"\$(\w+)")


def names_used(text: str) -> set[str]:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    body = re.sub(r"'(?:[^'\\]|\\.)*'", "''", body)
    return set(PARAM_USE.findall(body))


def test_there_are_at_least_twelve_user_queries() -> None:
    assert len(list_queries()) >= 12


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda path: str(path.relative_to(queries_dir())))
def test_every_query_is_documented_and_declares_its_parameters(path: Path) -> None:
    name = str(path.relative_to(queries_dir()).with_suffix(""))
    query = load_query(name)
    assert len(query.description) > 30, "the description should say what the query answers"
    declared = {param.name for param in query.params}
    assert names_used(query.text) == declared
    for param in query.params:
        assert param.help, f"parameter {param.name} has no explanation"
        assert isinstance(param.value, (int, float, str, bool, list))


def test_push_queries_exist_for_every_label_and_relationship_type_with_the_right_ends() -> None:
    for label in model.NODE_TYPES:
        text = load_query(f"push/nodes/{label}").text
        assert f"MERGE (n:{label} {{id: row.id}})" in text
        assert "SET n = row.props" in text
    for edge_type in model.EDGE_TYPES:
        source, target = EDGE_ENDPOINTS[edge_type]
        text = load_query(f"push/edges/{edge_type}").text
        assert f"MATCH (a:{source} {{id: row.source}})" in text
        assert f"MATCH (b:{target} {{id: row.target}})" in text
        assert "SET a.id = a.id" in text, "the source node's lock keeps the relationship unique"
        assert f"OPTIONAL MATCH (a)-[old:{edge_type}]->(b)" in text
        assert f"CREATE (a)-[r:{edge_type}]->(b) SET r = row.props" in text
        assert "SET old = row.props" in text
    schema = load_query("push/schema").statements
    for label in model.NODE_TYPES:
        assert any(f"FOR (n:{label}) REQUIRE n.id IS UNIQUE" in statement for statement in schema)
    assert any(statement.startswith("CREATE FULLTEXT INDEX kg_text") for statement in schema)


def test_edge_endpoints_follow_the_graph_model_doc() -> None:
    doc = (REPO / "docs" / "graph-model.md").read_text(encoding="utf-8")
    for edge_type, (source, target) in EDGE_ENDPOINTS.items():
        row = next(line for line in doc.splitlines() if line.startswith("|") and f"`{edge_type}`" in line)
        assert f"{source} → {target}" in row, row


def test_no_cypher_in_python_code_under_kg() -> None:
    cypher = re.compile(
        r"\b(MATCH|MERGE|CREATE)\s*\(|CREATE (CONSTRAINT|INDEX|FULLTEXT)|DETACH DELETE|UNWIND \$"
        r"|CALL \w+\.\w+|RETURN \S+ AS \w+|SET \w+(\.\w+)? ?\+?="
    )
    offenders = []
    for path in (REPO / "kg").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            if '"' in code or "'" in code:
                for literal in re.findall(r"\"([^\"]*)\"|'([^']*)'", code):
                    text = "".join(literal)
                    if cypher.search(text) and text.upper() != text.lower() and " " in text:
                        offenders.append(f"{path.relative_to(REPO)}:{number}: {text}")
    assert not offenders, "Cypher belongs in queries/:\n" + "\n".join(offenders)


def test_parameters_are_converted_to_the_declared_types_and_checked() -> None:
    query = load_query("papers_on_dataset")
    assert query.parameters({"dataset": "CIFAR-10"}) == {"dataset": "CIFAR-10", "limit": 25}
    assert query.parameters({"dataset": "x", "limit": "3"})["limit"] == 3
    with pytest.raises(QueryError, match="needs --param dataset="):
        query.parameters({})
    with pytest.raises(QueryError, match="needs a int"):
        query.parameters({"dataset": "x", "limit": "many"})
    with pytest.raises(QueryError, match="has no parameter 'datset'"):
        query.parameters({"datset": "x"})


def test_bool_and_list_parameters() -> None:
    query = parse_query("t", "// A test query with a flag and a list of names.\n"
                             "// param: flag (bool, default false) a flag\n"
                             "// param: names (list, default []) some names\nRETURN $flag, $names")
    assert query.parameters({"flag": "yes", "names": '["a", "b"]'}) == {"flag": True, "names": ["a", "b"]}
    with pytest.raises(QueryError, match="true or false"):
        query.parameters({"flag": "maybe"})
    with pytest.raises(QueryError, match="JSON list"):
        query.parameters({"names": "a,b"})


def test_malformed_headers_and_names_are_refused() -> None:
    with pytest.raises(QueryError, match="no description"):
        parse_query("t", "RETURN 1")
    with pytest.raises(QueryError, match="bad parameter line"):
        parse_query("t", "// Says what.\n// param: limit int 10\nRETURN $limit")
    with pytest.raises(QueryError, match="bad query name"):
        load_query("../etc/passwd")
    with pytest.raises(QueryError, match="no query named"):
        load_query("no_such_query")


def test_statements_split_a_schema_script() -> None:
    query = parse_query("t", "// Two statements.\nCREATE INDEX a FOR (n:A) ON (n.x);\n\nCREATE INDEX b\nFOR (n:B) ON (n.y);\n")
    assert query.statements == ["CREATE INDEX a FOR (n:A) ON (n.x)", "CREATE INDEX b\nFOR (n:B) ON (n.y)"]


def test_kg_cli_registers_the_neo4j_and_export_commands() -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    runner = CliRunner()
    for args, expected in ((["neo4j", "--help"], ("push", "query", "queries", "schema")),
                           (["export", "--help"], ("cypher", "neo4j-admin"))):
        result = runner.invoke(app, args, env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        for command in expected:
            assert command in result.stdout

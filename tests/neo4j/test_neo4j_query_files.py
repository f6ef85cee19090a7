"""The queries/ folder: every file is documented, declares exactly the parameters it uses, and
the push templates, filled from the graph model, cover every label and type. No server needed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg import model
from kg.export.neo4j.statements import UnknownNameError, edge_upsert, node_upsert, schema_statements
from kg.model import EDGE_ENDPOINTS
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


def test_the_write_statements_are_filled_from_the_model_for_every_label_and_type() -> None:
    for label in model.NODE_TYPES:
        text = node_upsert(label)
        assert f"MERGE (n:`{label}` {{id: row.id}})" in text
        assert "SET n = row.props" in text
        assert "{{" not in text and "//" not in text
    for edge_type in model.EDGE_TYPES:
        source, target = EDGE_ENDPOINTS[edge_type]
        text = edge_upsert(edge_type)
        assert f"MATCH (a:`{source}` {{id: row.source}})" in text
        assert f"MATCH (b:`{target}` {{id: row.target}})" in text
        assert "SET a.id = a.id" in text, "the source node's lock keeps the relationship unique"
        assert f"OPTIONAL MATCH (a)-[old:`{edge_type}`]->(b)" in text
        assert f"CREATE (a)-[r:`{edge_type}`]->(b) SET r = row.props" in text
        assert "SET old = row.props" in text
        assert "{{" not in text and "//" not in text
    schema = schema_statements()
    for label in model.NODE_TYPES:
        assert sum(f"FOR (n:`{label}`) REQUIRE n.id IS UNIQUE" in statement for statement in schema) == 1
    assert "CREATE CONSTRAINT `code_owner_id` IF NOT EXISTS FOR (n:`CodeOwner`) REQUIRE n.id IS UNIQUE" in schema
    text_index = next(statement for statement in schema if statement.startswith("CREATE FULLTEXT INDEX kg_text"))
    assert "FOR (n:`Paper`|`Method`|`Dataset`|`Task`|`Metric`|`Concept`)" in text_index


def test_push_holds_one_template_per_kind_of_write() -> None:
    push = sorted(path.stem for path in (queries_dir() / "push").rglob("*.cypher"))
    assert push == ["await_indexes", "constraint", "edge_upsert", "foreign_nodes", "graph_complete", "graph_record",
                    "graphs", "indexes", "node_upsert", "ping", "stale_nodes", "stale_relationships", "wipe",
                    "wipe_scope"]
    templates = {name: load_query(f"push/{name}").placeholders for name in push}
    assert templates == {
        "await_indexes": set(), "constraint": {"name", "label"}, "edge_upsert": {"type", "source_label", "target_label"},
        "indexes": {"searched_labels"}, "node_upsert": {"label"}, "ping": set(), "wipe": set(),
        "foreign_nodes": set(), "graph_complete": set(), "graph_record": set(), "graphs": set(), "wipe_scope": set(),
        "stale_nodes": set(), "stale_relationships": set(),
    }
    assert all(query.placeholders == frozenset() for query in list_queries()), "user queries are not templates"
    assert not {query.name for query in list_queries()} & set(push), "`kg neo4j queries` lists no push query"


def test_names_outside_the_model_are_refused() -> None:
    for bad in ("Note", "paper", "Paper`) DETACH DELETE n //", ""):
        with pytest.raises(UnknownNameError, match="no node label"):
            node_upsert(bad)
    for bad in ("KNOWS", "uses", "USES]->() DETACH DELETE a //"):
        with pytest.raises(UnknownNameError, match="no relationship type"):
            edge_upsert(bad)


def test_filling_quotes_every_name_and_needs_exactly_the_placeholders() -> None:
    template = parse_query("t", "// A template with a label and a type.\n"
                                "// {{label}} in a comment stays.\n"
                                "MATCH (n:{{label}})-[r:{{type}}]->() RETURN n")
    filled = template.filled({"label": "A`) DETACH DELETE n //", "type": ("X", "Y`Z")})
    assert filled.statements == ["MATCH (n:`A``) DETACH DELETE n //`)-[r:`X`|`Y``Z`]->() RETURN n"]
    assert "// {{label}} in a comment stays." in filled.text
    with pytest.raises(QueryError, match="placeholders"):
        template.filled({"label": "A"})
    with pytest.raises(QueryError, match="placeholders"):
        template.filled({"label": "A", "type": "T", "extra": "E"})
    with pytest.raises(QueryError, match="template kg fills itself"):
        load_query("push/node_upsert").parameters({})


def test_the_cypher_script_writer_does_not_import_the_neo4j_driver() -> None:
    code = ("import sys, kg.export.neo4j.cypher, kg.export.neo4j.statements\n"
            "print(sorted(name for name in sys.modules if name == 'neo4j' or name.startswith('neo4j.')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


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
    with pytest.raises(QueryError, match="needs an integer"):
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

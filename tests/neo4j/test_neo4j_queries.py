"""Every saved query in queries/ run against the hand-built graph in the real server, with the
answers the fixture was built to give (tests/neo4j/fixtures/graph.json)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import neo4j
import pytest

from kg import model
from kg.export.neo4j.query import run_named_query
from kg.graph.readwrite import read_graph
from kg.queries import list_queries
from neo4j_helpers import Server, run_cli

pytestmark = pytest.mark.neo4j

LORA_PAPER = "paper:arxiv:2106.09685"
QLORA_PAPER = "paper:arxiv:2305.14314"
DORA_PAPER = "paper:arxiv:2402.09353"
VIT_PAPER = "paper:arxiv:2010.11929"
SWIN_PAPER = "paper:arxiv:2103.14030"
HOSTILE_PAPER = "paper:title:8573e11998f7ea8b"
SURVEY_PAPER = "paper:doi:10.1000/xyz-123"
TESTED: set[str] = set()


@pytest.fixture(scope="module")
def loaded(driver: neo4j.Driver, neo4j_server: Server, graph_json: Path) -> neo4j.Driver:
    """The fixture graph pushed once for the whole module, through the CLI."""
    from neo4j_helpers import wipe_everything

    wipe_everything(driver)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in neo4j_server.env().items():
            patch.setenv(name, value)
        result = run_cli("neo4j", "push", str(graph_json), "--quiet")
    assert result.exit_code == 0, result.stderr
    return driver


def run(driver: neo4j.Driver, name: str, **params: Any) -> list[dict[str, Any]]:
    TESTED.add(name)
    return run_named_query(driver, "neo4j", name, {key: str(value) for key, value in params.items()}).as_dicts()


def test_top_methods(loaded: neo4j.Driver, graph_json: Path) -> None:
    rows = run(loaded, "top_methods", limit=3)
    assert [(row["id"], row["papers"], row["proposed_by"]) for row in rows] == [
        ("method:lora", 3, 1), ("method:vit", 3, 1), ("method:transformer", 2, 0)]
    # Every method's paper count agrees with the graph file.
    graph = read_graph(graph_json)
    counts = Counter(v for _, v, data in graph.edges(data=True) if data["type"] in {"PROPOSES", "USES"})
    assert {row["id"]: row["papers"] for row in run(loaded, "top_methods", limit=100)} == dict(counts)


def test_top_datasets(loaded: neo4j.Driver) -> None:
    rows = run(loaded, "top_datasets")
    assert [(row["dataset"], row["papers"]) for row in rows] == [
        ("CIFAR-10", 2), ("GLUE", 2), ("ImageNet", 2), ("COCO", 1), ("MMLU", 1)]
    assert rows[2]["tasks"] == ["Image Classification", "Object Detection"]


def test_top_tasks(loaded: neo4j.Driver) -> None:
    rows = run(loaded, "top_tasks")
    assert [(row["id"], row["papers"], row["datasets"]) for row in rows] == [
        ("task:image-classification", 2, 3),
        ("task:natural-language-understanding", 2, 2),
        ("task:object-detection", 1, 2),
    ]


def test_papers_on_dataset_by_alias_newest_first(loaded: neo4j.Driver) -> None:
    rows = run(loaded, "papers_on_dataset", dataset="cifar10")
    assert [row["id"] for row in rows] == [HOSTILE_PAPER, VIT_PAPER]
    assert rows[1]["evidence"] == "ViT attains excellent top-1 accuracy on ImageNet and CIFAR-10 for image classification."
    assert run(loaded, "papers_on_dataset", dataset="dataset:glue", limit=1)[0]["id"] == DORA_PAPER
    assert run(loaded, "papers_on_dataset", dataset="no such dataset") == []


def test_methods_with_dataset(loaded: neo4j.Driver) -> None:
    rows = run(loaded, "methods_with_dataset", dataset="ImageNet")
    assert [(row["method"], row["papers"]) for row in rows] == [("ViT", 2), ("Swin Transformer", 1), ("Transformer", 1)]
    assert rows[0]["example_papers"][0].startswith("An Image is Worth")


def test_papers_sharing_code(loaded: neo4j.Driver) -> None:
    rows = run(loaded, "papers_sharing_code")
    assert [(row["shared_by"], row["id"], row["papers"]) for row in rows] == [
        ("owner", "owner:github.com/microsoft", 3),
        ("repository", "repo:github.com/microsoft/lora", 2),
        ("owner", "owner:github.com/google-research", 2),
    ]
    assert rows[1]["code"] == "https://github.com/microsoft/LoRA"
    assert rows[1]["titles"] == ["DoRA: Weight-Decomposed Low-Rank Adaptation",
                                 "LoRA: Low-Rank Adaptation of Large Language Models"]
    assert len(run(loaded, "papers_sharing_code", min_papers=3)) == 1


def test_related_papers_with_what_they_share(loaded: neo4j.Driver) -> None:
    rows = run(loaded, "related_papers", paper="2106.09685")
    assert [(row["id"], row["score"]) for row in rows] == [(DORA_PAPER, 0.91), (QLORA_PAPER, 0.62), (VIT_PAPER, 0.15)]
    assert rows[0]["shared"] == ["Accuracy", "GLUE", "LoRA", "microsoft/lora"]
    # An owner is two hops away (paper -> repository -> owner) and still found.
    rows = run(loaded, "related_papers", paper=HOSTILE_PAPER, limit=1)
    assert rows[0]["id"] == VIT_PAPER and rows[0]["shared"] == ["CIFAR-10", "Top-1 Accuracy", "google-research"]


def test_community_papers_by_pagerank(loaded: neo4j.Driver) -> None:
    rows = run(loaded, "community_papers", community=0)
    assert [(row["id"], row["entities"]) for row in rows] == [(LORA_PAPER, 6), (QLORA_PAPER, 5), (DORA_PAPER, 3)]
    assert [row["id"] for row in run(loaded, "community_papers", community=2)] == [SURVEY_PAPER]


def test_community_top_entities(loaded: neo4j.Driver) -> None:
    rows = run(loaded, "community_top_entities", community=0, limit=3)
    assert [(row["id"], row["papers"]) for row in rows] == [
        ("method:lora", 3), ("metric:accuracy", 3), ("dataset:glue", 2)]
    assert run(loaded, "community_top_entities", community=1, limit=1)[0]["name"] == "ViT"


def test_explanation_path(loaded: neo4j.Driver) -> None:
    rows = run(loaded, "explanation_path", from_paper="2106.09685", to_paper=HOSTILE_PAPER)
    assert [row["step"] for row in rows] == [0, 1, 2, 3, 4]
    assert rows[0]["id"] == LORA_PAPER and rows[0]["via"] is None
    assert (rows[1]["id"], rows[1]["via"]) == ("method:transformer", "-USES->")
    assert (rows[2]["id"], rows[2]["via"]) == (VIT_PAPER, "<-USES-")
    assert rows[3]["type"] in {"Method", "Dataset", "Metric"}  # ViT, CIFAR-10 or top-1: all length 4
    assert rows[4]["id"] == HOSTILE_PAPER
    assert "RELATED_TO" not in {row["via"] for row in rows}
    assert run(loaded, "explanation_path", from_paper=LORA_PAPER, to_paper=SURVEY_PAPER) == []
    assert run(loaded, "explanation_path", from_paper=LORA_PAPER, to_paper=HOSTILE_PAPER, max_hops=3) == []


def test_proposed_then_used(loaded: neo4j.Driver) -> None:
    rows = run(loaded, "proposed_then_used")
    assert [(row["method"], row["proposed_by"][:5], row["used_by"]) for row in rows] == [
        ("LoRA", "LoRA:", 2), ("ViT", "An Im", 2)]
    assert rows[0]["used_in"] == ["DoRA: Weight-Decomposed Low-Rank Adaptation",
                                  "QLoRA: Efficient Finetuning of Quantized LLMs"]


def test_full_text_search(loaded: neo4j.Driver) -> None:
    rows = run(loaded, "search", query="low-rank adaptation")
    assert {row["id"] for row in rows} == {LORA_PAPER, DORA_PAPER, "method:lora"}
    assert rows[0]["id"] == LORA_PAPER
    # Aliases are indexed: "Vision Transformer" is only an alias of ViT.
    assert "method:vit" in {row["id"] for row in run(loaded, "search", query='"vision transformer"')}
    assert [row["id"] for row in run(loaded, "search", query="Ünïcödé")] == [HOSTILE_PAPER]


def test_task_dataset_metric_map(loaded: neo4j.Driver) -> None:
    rows = run(loaded, "task_dataset_metric_map")
    assert [(row["task"], row["dataset"], row["metrics"], row["papers"]) for row in rows] == [
        ("Image Classification", "ImageNet", ["Top-1 Accuracy"], 2),
        ("Image Classification", "CIFAR-10", ["Top-1 Accuracy"], 1),
        ("Image Classification", "COCO", ["Top-1 Accuracy"], 1),
        ("Natural Language Understanding", "GLUE", ["Accuracy"], 1),
        ("Natural Language Understanding", "MMLU", ["Accuracy"], 1),
        ("Object Detection", "COCO", ["Top-1 Accuracy"], 1),
        ("Object Detection", "ImageNet", ["Top-1 Accuracy"], 1),
    ]
    assert {row["dataset"] for row in run(loaded, "task_dataset_metric_map", task="object detection")} == {
        "COCO", "ImageNet"}


def test_quality_orphans(loaded: neo4j.Driver) -> None:
    rows = run(loaded, "quality_orphans")
    assert [(row["type"], row["id"]) for row in rows] == [("Method", "method:orphan-method"), ("Paper", SURVEY_PAPER)]


def test_quality_single_paper_entities(loaded: neo4j.Driver, graph_json: Path) -> None:
    rows = run(loaded, "quality_single_paper_entities")
    graph = read_graph(graph_json)
    mention_types = {"PROPOSES", "USES", "EVALUATES_ON", "ADDRESSES", "REPORTS", "MENTIONS"}
    papers_of: dict[str, set[str]] = {}
    for u, v, data in graph.edges(data=True):
        if data["type"] in mention_types:
            papers_of.setdefault(v, set()).add(u)
    expected = {entity: next(iter(papers)) for entity, papers in papers_of.items() if len(papers) == 1}
    assert {row["id"]: row["paper"] for row in rows} == expected
    assert expected["concept:fine-tuning"] == LORA_PAPER


def test_graph_summary(loaded: neo4j.Driver, graph_json: Path) -> None:
    rows = run(loaded, "graph_summary")
    graph = read_graph(graph_json)
    nodes = Counter(data["type"] for _, data in graph.nodes(data=True))
    relationships = Counter(data["type"] for _, _, data in graph.edges(data=True))
    assert {row["name"]: row["count"] for row in rows if row["kind"] == "node"} == dict(nodes)
    assert {row["name"]: row["count"] for row in rows if row["kind"] == "relationship"} == dict(relationships)


def test_query_command_prints_a_table(loaded: neo4j.Driver, neo4j_env: Server) -> None:
    result = run_cli("neo4j", "query", "papers_on_dataset", "--param", "dataset=ImageNet", "--param", "limit=5")
    assert result.exit_code == 0, result.stderr
    assert "papers_on_dataset (2 rows)" in result.stdout
    assert "2103.14030" in result.stdout and "2010.11929" in result.stdout


def test_query_command_json_has_every_row_and_list_item(loaded: neo4j.Driver, neo4j_env: Server) -> None:
    result = run_cli("neo4j", "query", "methods_with_dataset", "--param", "dataset=ImageNet", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["query"] == "methods_with_dataset" and data["columns"][:3] == ["dataset", "id", "method"]
    assert data["rows"] == run(loaded, "methods_with_dataset", dataset="ImageNet")
    assert all(list(row) == data["columns"] and len(row["example_papers"]) == row["papers"] for row in data["rows"])


def test_query_command_errors(neo4j_env: Server) -> None:
    result = run_cli("neo4j", "query", "papers_on_dataset")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: query 'papers_on_dataset' needs --param dataset=... (e.g. dataset=CIFAR-10)"
    result = run_cli("neo4j", "query", "top_methods", "--param", "limit")
    assert result.exit_code == 1 and "expects key=value" in result.stderr
    result = run_cli("neo4j", "query", "nonexistent")
    assert result.exit_code == 1 and "no query named 'nonexistent'" in result.stderr
    result = run_cli("neo4j", "query", "push/node_upsert")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: 'push/node_upsert' is a template kg fills itself, not a query to run"


def test_queries_command_lists_every_query() -> None:
    result = run_cli("neo4j", "queries")
    assert result.exit_code == 0
    for query in list_queries():
        assert query.name in result.stdout


def test_every_saved_query_has_a_test_here() -> None:
    # Runs last in this module (pytest keeps file order): every query above was exercised.
    assert {query.name for query in list_queries()} <= TESTED


def test_no_query_uses_deprecated_cypher(loaded: neo4j.Driver) -> None:
    # Deprecated syntax is what the next Neo4j release removes; EXPLAIN reports it without running.
    # Templates are checked as the push fills them, for every label and relationship type.
    from kg.export.neo4j.statements import edge_upsert, node_upsert, schema_statements
    from kg.queries import load_query, queries_dir

    names = [str(path.relative_to(queries_dir()).with_suffix("")) for path in sorted(queries_dir().rglob("*.cypher"))]
    checks: list[tuple[str, str, dict[str, Any]]] = []
    for name in names:
        query = load_query(name)
        if not query.placeholders:
            params = {param.name: param.value for param in query.params}
            checks += [(name, statement, params) for statement in query.statements]
    checks += [(label, node_upsert(label), {"rows": []}) for label in model.NODE_TYPES]
    checks += [(edge_type, edge_upsert(edge_type), {"rows": []}) for edge_type in model.EDGE_TYPES]
    checks += [("schema", statement, {}) for statement in schema_statements()]
    with loaded.session(database="neo4j") as session:
        for name, statement, params in checks:
            summary = session.run("EXPLAIN " + statement, params).consume()
            deprecated = [status.status_description for status in summary.gql_status_objects
                          if status.classification == neo4j.NotificationClassification.DEPRECATION]
            assert not deprecated, f"{name}: {deprecated}"

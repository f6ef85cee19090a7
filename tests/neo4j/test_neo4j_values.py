"""Graph attributes -> Neo4j properties, graph files -> checked rows, values -> Cypher literals.
No server needed; the server-side round trips are in test_neo4j_push.py and test_neo4j_exports.py."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from kg.export.neo4j.cypher import cypher_literal, cypher_string
from kg.queries import quote_name
from kg.export.neo4j.rows import graph_rows, load_rows
from kg.export.neo4j.values import PropertyError, edge_properties, node_properties
from kg import model
from kg.graph.readwrite import GraphFileError, write_json

EVIDENCE = [
    {"sentence": "We use LoRA.", "start": 7, "end": 11, "text": "LoRA"},
    {"sentence": "LoRA again.", "start": 0, "end": 4, "text": "LoRA"},
]


def test_evidence_is_kept_as_json_and_as_sentences_in_the_same_order() -> None:
    props = edge_properties({"type": "USES", "source": "a", "target": "b", "evidence": EVIDENCE})
    assert props == {"evidence": ["We use LoRA.", "LoRA again."],
                     "evidence_json": json.dumps(EVIDENCE, ensure_ascii=False, sort_keys=True)}
    assert json.loads(props["evidence_json"]) == EVIDENCE


def test_scalars_and_scalar_lists_stay_while_absent_values_go() -> None:
    props = node_properties({"id": "paper:x", "type": "Paper", "name": "T", "authors": ["A", "B"],
                             "pages": [], "doi": None, "community": 3, "pagerank": 0.5, "flag": True})
    assert props == {"id": "paper:x", "name": "T", "authors": ["A", "B"], "community": 3,
                     "pagerank": 0.5, "flag": True}


def test_maps_and_mixed_lists_become_json_strings() -> None:
    props = node_properties({"id": "n", "type": "Method", "stats": {"a": 1},
                             "mixed": ["a", 1], "numbers": [1, 2.5]})
    assert props["stats_json"] == '{"a": 1}'
    assert json.loads(props["mixed_json"]) == ["a", 1]
    assert props["numbers"] == [1.0, 2.5]


def test_integers_beyond_64_bits_are_refused() -> None:
    with pytest.raises(PropertyError, match="64-bit"):
        node_properties({"id": "n", "type": "Method", "paper_count": 2**70})


def small_graph() -> nx.DiGraph:
    graph = nx.DiGraph(kg_version="test", mode="default")
    graph.add_node("paper:arxiv:1", type="Paper", name="P", title="P", abstract="A")
    graph.add_node("method:m", type="Method", name="M", aliases=["M"])
    graph.add_edge("paper:arxiv:1", "method:m", type="USES", evidence=EVIDENCE[:1])
    return graph


def test_rows_are_grouped_by_label_and_type() -> None:
    rows = graph_rows(small_graph(), "g.json")
    assert rows.node_count == 2 and rows.edge_count == 1
    assert rows.nodes["Paper"][0]["id"] == "paper:arxiv:1"
    assert rows.edges["USES"][0]["source"] == "paper:arxiv:1"
    assert set(rows.nodes) == set(model.NODE_TYPES) and set(rows.edges) == set(model.EDGE_TYPES)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda g: g.nodes["method:m"].update(type="Gadget"), "node 'method:m' has unknown type 'Gadget'"),
        (lambda g: g.edges["paper:arxiv:1", "method:m"].update(type="LIKES"), "has unknown type 'LIKES'"),
        (lambda g: g.edges["paper:arxiv:1", "method:m"].update(type="EVALUATES_ON"),
         "links Paper -> Method, but EVALUATES_ON links Paper -> Dataset"),
        (lambda g: g.nodes["method:m"].pop("name"), "Method node 'method:m' has no 'name'"),
        (lambda g: g.nodes["paper:arxiv:1"].pop("title"), "Paper node 'paper:arxiv:1' has no 'title'"),
        (lambda g: g.nodes["method:m"].update(paper_count=2**64), "64-bit"),
    ],
)
def test_graphs_that_do_not_fit_the_model_are_refused_with_the_file_name(change, message) -> None:
    graph = small_graph()
    change(graph)
    with pytest.raises(GraphFileError, match="g.json: .*" + message.replace("(", r"\(").replace(")", r"\)")):
        graph_rows(graph, "g.json")


def test_a_graph_file_of_another_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    write_json(small_graph(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["graph"]["schema"] = 99
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(GraphFileError, match=r"graph.json: graph schema 99"):
        load_rows(path)


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("plain", "'plain'"),
        ("it's", r"'it\'s'"),
        ("back\\slash", r"'back\\slash'"),
        ('say "hi"', "'say \"hi\"'"),
        ("line\nbreak\r\ttab", r"'line\nbreak\r\ttab'"),
        ("bell\x07 nul\x00", r"'bell\u0007 nul\u0000'"),
        ("Ünïcödé 🚀 → ✓", "'Ünïcödé 🚀 → ✓'"),
        ("\u2028", r"'\u2028'"),
        ("\ud800", r"'\ud800'"),
        (True, "true"),
        (-3, "-3"),
        (0.1, "0.1"),
        (1e16, "1e16"),
        (2.5e-07, "2.5e-07"),
        (["a", 1], "['a', 1]"),
        ({"x`y": None}, "{`x``y`: null}"),
    ],
)
def test_cypher_literals(value, literal) -> None:
    assert cypher_literal(value) == literal


def test_no_string_literal_can_be_closed_early() -> None:
    hostile = "'); MATCH (n) DETACH DELETE n; //\\'"
    literal = cypher_string(hostile)
    inner = literal[1:-1]
    # Every quote inside is escaped by an odd run of backslashes.
    for index, char in enumerate(inner):
        if char == "'":
            run = len(inner[:index]) - len(inner[:index].rstrip("\\"))
            assert run % 2 == 1
    assert quote_name("a`b") == "`a``b`"


def test_values_cypher_cannot_spell_are_refused() -> None:
    with pytest.raises(ValueError):
        cypher_literal(float("nan"))
    with pytest.raises(TypeError):
        cypher_literal(object())

"""`kg eval scierc|tdmsci` in full-pipeline mode: the graph's mentions, typed as their nodes, against gold spans."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
from typer.testing import CliRunner

from kg.cli import app
from kg.training.corpus import SCIERC_LABELS, TDMSCI_LABELS
from kg.training.gold_types import GOLD_TO_GRAPH, graph_to_gold
from kg.training.graph_eval import graph_spans

NER_FIXTURES = Path(__file__).resolve().parents[1] / "ner" / "fixtures"
runner = CliRunner()

TEXT = "We propose a neural parser (NP) for machine translation. It improves BLEU on WMT data."


def _graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_node("p", type="Paper")
    graph.add_node("metric:bleu", type="Metric", name="BLEU")
    graph.add_node("concept:wmt-data", type="Concept", name="WMT data")
    graph.add_node("method:neural-parser", type="Method", name="neural parser")
    sentence_2 = "It improves BLEU on WMT data."
    graph.add_edge("p", "metric:bleu", type="REPORTS",
                   evidence=[{"sentence": sentence_2, "start": 12, "end": 16, "text": "BLEU"}])
    graph.add_edge("p", "concept:wmt-data", type="MENTIONS",
                   evidence=[{"sentence": sentence_2, "start": 20, "end": 28, "text": "WMT data"}])
    graph.add_edge("p", "method:neural-parser", type="PROPOSES", evidence=[
        {"sentence": "We propose a neural parser (NP) for machine translation.", "start": 13, "end": 26,
         "text": "neural parser"}])
    return graph


def test_graph_spans_by_hand() -> None:
    # The second sentence starts at character 57 of TEXT: BLEU is 57+12..57+16, "WMT data" 57+20..57+28.
    assert TEXT[69:73] == "BLEU" and TEXT[77:85] == "WMT data" and TEXT[13:26] == "neural parser"
    assert graph_spans(_graph(), "p", TEXT, graph_to_gold(SCIERC_LABELS)) == {
        (69, 73, "Metric"), (77, 85, "OtherScientificTerm"), (13, 26, "Method")}
    # TDMSci has no Method or Concept type: only BLEU is scored.
    assert graph_spans(_graph(), "p", TEXT, graph_to_gold(TDMSCI_LABELS)) == {(69, 73, "METRIC")}


def test_one_table_maps_gold_to_graph_and_back() -> None:
    assert graph_to_gold(SCIERC_LABELS) == {"Task": "Task", "Method": "Method", "Metric": "Metric",
                                            "Dataset": "Material", "Concept": "OtherScientificTerm"}
    assert graph_to_gold(TDMSCI_LABELS) == {"Task": "TASK", "Dataset": "DATASET", "Metric": "METRIC"}
    assert "Generic" not in GOLD_TO_GRAPH


def test_eval_scierc_scores_the_graph_by_default() -> None:
    result = runner.invoke(app, ["eval", "scierc", str(NER_FIXTURES / "scierc_small.json"), "--mode", "fast", "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["docs"] == 2
    # The graph never makes Generic spans: that type is left out of pipeline scores.
    assert set(scores["per_type"]) == {"Task", "Method", "Metric", "Material", "OtherScientificTerm"}
    assert scores["per_type"]["Metric"]["gold"] == 1 and scores["micro"]["gold"] == 6


def test_eval_tdmsci_scores_the_graph_by_default() -> None:
    result = runner.invoke(app, ["eval", "tdmsci", str(NER_FIXTURES / "tdmsci_small.conll"), "--mode", "fast", "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["docs"] == 2 and scores["micro"]["gold"] == 3
    assert set(scores["per_type"]) == {"TASK", "DATASET", "METRIC"}


def test_model_option_needs_ner_only(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "scierc", str(NER_FIXTURES / "scierc_small.json"), "--model", str(tmp_path)])
    assert result.exit_code != 0
    assert "--ner-only" in result.output
    bad_mode = runner.invoke(app, ["eval", "tdmsci", str(NER_FIXTURES / "tdmsci_small.conll"), "--mode", "slow"])
    assert bad_mode.exit_code != 0 and "'slow' is not one of 'default', 'fast'" in bad_mode.output

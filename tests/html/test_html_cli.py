"""`kg html` on real graph files: writes the page, says what it left out, and fails in one clear line."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from html_graphs import sample_graph
from kg.commands.html import html_command
from kg.graph.readwrite import write_graph

app = typer.Typer()
app.command()(html_command)
runner = CliRunner()


def _graph_file(tmp_path, name="graph.json"):
    path = tmp_path / name
    write_graph(sample_graph(), path)
    return path


def test_writes_the_page_and_summarises_it(tmp_path):
    out = tmp_path / "page.html"
    result = runner.invoke(app, [str(_graph_file(tmp_path)), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and 'id="kg-data"' in out.read_text(encoding="utf-8")
    assert "13 of 13 nodes, 12 of 12 edges" in result.output
    assert "left out" not in result.output


def test_focus_types_and_cap_are_applied_and_reported(tmp_path):
    out = tmp_path / "page.html"
    args = [str(_graph_file(tmp_path, "graph.graphml")), "--out", str(out), "--focus", "cifar-10",
            "--depth", "2", "--types", "Paper,Dataset,Metric", "--max-nodes", "2"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "2 of 13 nodes, 1 of 12 edges" in result.output
    assert "left out:" in result.output and "3 Paper" in result.output and "1 Metric" in result.output


def test_errors_are_one_line_and_exit_1(tmp_path):
    graph = _graph_file(tmp_path)
    cases = {
        ("--focus", "no such thing"): "error: --focus: no node matches 'no such thing'",
        ("--types", "Paper,Model"): "error: unknown node type 'Model'",
        ("--focus", "paper:"): "error: --focus: 'paper:' matches 4 nodes",
    }
    for extra, message in cases.items():
        result = runner.invoke(app, [str(graph), "--out", str(tmp_path / "x.html"), *extra])
        assert result.exit_code == 1
        assert result.output.strip().startswith(message) and result.output.strip().count("\n") == 0
    broken = tmp_path / "broken.json"
    broken.write_text('{"nodes": [\n  {"id": 1,,}\n', encoding="utf-8")
    result = runner.invoke(app, [str(broken), "--out", str(tmp_path / "x.html")])
    assert result.exit_code == 1 and f"error: {broken}:2: not valid JSON" in result.output
    assert not (tmp_path / "x.html").exists()


def test_listed_only_on_the_seed_graph_keeps_the_vouched_for_entities_and_says_what_went(seed_graph_json, tmp_path):
    import json

    graph = json.loads(seed_graph_json.read_text(encoding="utf-8"))
    entities = [node for node in graph["nodes"] if node["type"] in ("Method", "Dataset", "Task", "Metric", "Concept")]
    proposed = {edge["target"] for edge in graph["edges"] if edge["type"] == "PROPOSES"}
    vouched = [node for node in entities if node["known"] or node["id"] in proposed]
    out = tmp_path / "listed.html"
    result = runner.invoke(app, [str(seed_graph_json), "--out", str(out), "--listed-only", "--max-nodes", "5000"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    shown = len(graph["nodes"]) - (len(entities) - len(vouched))
    assert f"{shown:,} of {len(graph['nodes']):,} nodes" in said
    assert "left out:" in said
    page = out.read_text(encoding="utf-8")
    assert "Entities shown: names in kg's lists and methods a paper proposes." in page  # the page's note

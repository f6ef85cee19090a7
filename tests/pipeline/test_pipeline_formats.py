"""`kg build --formats`: only the graph files asked for, and the earlier ones kg wrote go when not asked again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import workspace
from kg.cli import app

runner = CliRunner()


def _abstracts(path: Path) -> Path:
    rows = [{"title": f"Paper {n}", "abstract": f"We fine-tune BERT on SQuAD and GLUE and report F1 (run {n})."}
            for n in range(3)]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_formats_choose_the_graph_files_and_a_later_build_removes_those_not_asked_again(tmp_path: Path) -> None:
    source, out = _abstracts(tmp_path / "papers.jsonl"), tmp_path / "out"
    result = runner.invoke(app, ["build", str(source), "--out", str(out), "--mode", "fast", "--formats", "json,parquet"])
    assert result.exit_code == 0, result.output
    assert "graph.json, nodes.parquet, edges.parquet" in result.output
    for name in ("graph.graphml", "graph.gexf", "graph.html"):
        assert not (out / name).exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {"graph.json", "nodes.parquet", "edges.parquet"} <= set(manifest["files"])

    result = runner.invoke(app, ["build", str(source), "--out", str(out), "--mode", "fast"])
    assert result.exit_code == 0, result.output
    assert not (out / "nodes.parquet").exists() and not (out / "edges.parquet").exists()
    assert (out / "graph.graphml").exists() and (out / "graph.html").exists()


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    source, out = _abstracts(tmp_path / "papers.jsonl"), tmp_path / "out"
    result = runner.invoke(app, ["build", str(source), "--out", str(out), "--formats", "json,csv"])
    assert result.exit_code == 2
    assert "csv" in result.output and "parquet" in result.output
    assert not out.exists()


def test_a_large_graph_gets_tables_instead_of_graphml_and_gexf_unless_asked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The threshold is lowered so that three papers make a "large" graph: the rule, not the size, is tested.
    monkeypatch.setattr(workspace, "LARGE_GRAPH_NODES", 4)
    source, out = _abstracts(tmp_path / "papers.jsonl"), tmp_path / "out"
    result = runner.invoke(app, ["build", str(source), "--out", str(out), "--mode", "fast"])
    assert result.exit_code == 0, result.output
    assert not (out / "graph.graphml").exists() and not (out / "graph.gexf").exists()
    assert all((out / name).exists() for name in ("graph.json", "graph.html", "nodes.parquet", "edges.parquet"))
    assert "graph.graphml and graph.gexf are left out above 4 nodes" in " ".join(result.output.split())

    result = runner.invoke(app, ["build", str(source), "--out", str(out), "--mode", "fast",
                                 "--formats", "json,graphml,gexf"])
    assert result.exit_code == 0, result.output
    assert (out / "graph.graphml").exists() and (out / "graph.gexf").exists()
    assert "left out" not in result.output

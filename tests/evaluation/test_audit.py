"""`kg audit`: a reproducible sample of a real graph's entity nodes, and the summary of a judged file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.model import ENTITY_TYPES
from kg.training.audit import COLUMNS, JUDGEMENTS

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASELINE = Path(__file__).resolve().parents[2] / "docs" / "audit" / "scirex-test-baseline.tsv"
runner = CliRunner()


@pytest.fixture(scope="module")
def graph_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """graph.json of `kg build --mode fast` on the two fixture papers' titles and abstracts."""
    folder = tmp_path_factory.mktemp("audit")
    abstracts = folder / "abstracts.jsonl"
    for args in (["eval", "scirex-input", str(FIXTURES / "scirex_small.jsonl"), "--split", "all", "--out", str(abstracts)],
                 ["build", str(abstracts), "--out", str(folder / "graph"), "--mode", "fast", "--no-html"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    return folder / "graph" / "graph.json"


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    table = [line.split("\t") for line in lines if not line.startswith("#")]
    assert table[0] == list(COLUMNS)
    return comments, [dict(zip(table[0], cells, strict=True)) for cells in table[1:]]


def test_sample_is_reproducible_and_ready_to_judge(graph_json: Path, tmp_path: Path) -> None:
    graph = json.loads(graph_json.read_text(encoding="utf-8"))
    entities = {node["id"]: node for node in graph["nodes"] if node["type"] in ENTITY_TYPES}
    assert len(entities) >= 4
    first, again, other = tmp_path / "a.tsv", tmp_path / "b.tsv", tmp_path / "c.tsv"
    for out, seed in ((first, 7), (again, 7), (other, 8)):
        result = runner.invoke(app, ["audit", "sample", str(graph_json), "--n", "3", "--seed", str(seed), "--out", str(out)])
        assert result.exit_code == 0, result.output
    assert first.read_text(encoding="utf-8").replace("a.tsv", "b.tsv") == again.read_text(encoding="utf-8")
    comments, rows = _rows(first)
    assert any("--seed 7" in line for line in comments) and any(f"of {len(entities)} entity nodes" in line for line in comments)
    assert len(rows) == 3 and len({row["id"] for row in rows}) == 3
    for row in rows:
        node = entities[row["id"]]
        assert (row["type"], row["name"]) == (node["type"], node["name"])
        assert int(row["papers"]) >= 1
        assert "[[" in row["evidence"] and "]]" in row["evidence"]
        assert row["judgement"] == row["note"] == ""
    # Asking for more than there are gives every entity node once.
    everything = tmp_path / "all.tsv"
    runner.invoke(app, ["audit", "sample", str(graph_json), "--n", "1000", "--out", str(everything)])
    assert {row["id"] for row in _rows(everything)[1]} == set(entities)


def _judged(path: Path, judgements: list[tuple[str, str]], papers: list[int] | None = None) -> Path:
    lines = ["# drawn by hand for a test", "\t".join(COLUMNS)]
    for number, (kind, label) in enumerate(judgements):
        count = str(papers[number]) if papers else "1"
        lines.append("\t".join([f"{kind.lower()}:n{number}", kind, f"n{number}", count, "", "a sentence", label, ""]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_summary_by_hand(tmp_path: Path) -> None:
    judged = _judged(tmp_path / "judged.tsv", [
        ("Method", "correct"), ("Method", "correct"), ("Method", "wrong_type"), ("Dataset", "correct"),
        ("Task", "bad_boundary"), ("Concept", "not_entity"), ("Concept", "Correct"),
    ], papers=[1, 4, 2, 1, 1, 3, 1])
    result = runner.invoke(app, ["audit", "summary", str(judged), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    # 4 correct of 7 (labels are read case-blind); Method 2/3, Dataset 1/1, Task 0/1, Concept 1/2.
    assert summary["overall"] == {"judged": 7, "precision": pytest.approx(4 / 7), "correct": 4, "wrong_type": 1,
                                  "bad_boundary": 1, "not_entity": 1}
    assert summary["per_type"]["Method"]["precision"] == pytest.approx(2 / 3)
    assert summary["per_type"]["Concept"]["precision"] == pytest.approx(1 / 2)
    assert summary["per_type"]["Task"]["bad_boundary"] == 1
    # In 2 or more papers: Method (4) correct, Method (2) wrong_type, Concept (3) not_entity: 1 of 3.
    assert summary["by_papers"]["2+"] == {"judged": 3, "precision": pytest.approx(1 / 3), "correct": 1,
                                          "wrong_type": 1, "bad_boundary": 0, "not_entity": 1}
    assert summary["by_papers"]["1"]["judged"] == 4 and summary["by_papers"]["1"]["correct"] == 3
    table = runner.invoke(app, ["audit", "summary", str(judged)], env={"COLUMNS": "120"})
    assert table.exit_code == 0 and "57.1" in table.output
    assert [line.split("│")[1:4] for line in table.output.splitlines() if "paper" in line] == [
        [" 1 paper   ", "      4 ", "      75.0 "], [" 2+ papers ", "      3 ", "      33.3 "]]


def test_summary_refuses_unjudged_and_unknown_labels(tmp_path: Path) -> None:
    judged = _judged(tmp_path / "partial.tsv", [("Method", "correct"), ("Task", ""), ("Dataset", "maybe")])
    result = runner.invoke(app, ["audit", "summary", str(judged)])
    assert result.exit_code != 0
    message = " ".join(result.output.replace("│", " ").split())
    assert "line 4 (task:n1): not judged" in message
    assert "line 5 (dataset:n2): unknown judgement 'maybe'" in message
    assert all(label in message for label in JUDGEMENTS)


def test_committed_baseline_audit_is_complete() -> None:
    comments, rows = _rows(BASELINE)
    assert any("kg audit sample" in line and "--seed" in line for line in comments)
    assert len(rows) >= 200
    result = runner.invoke(app, ["audit", "summary", str(BASELINE), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["overall"]["judged"] == len(rows)

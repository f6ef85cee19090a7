"""scripts/link_judge_sample.py: the sheet a blind judge fills in, run as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from graph_helpers import add_paper, mention, paper_graph
from kg.graph.linking import link_papers
from kg.graph.readwrite import write_json

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "link_judge_sample.py"


def linked_graph_file(tmp_path: Path) -> Path:
    """Ten pairs of papers, each pair about its own named dataset, among 300 papers on generic words."""
    G = paper_graph({})
    for n in range(300):
        mention(G, add_paper(G, f"paper:arxiv:9{n:03d}"), "concept:features", name="features")
    for pair in range(10):
        for side in range(2):
            paper = add_paper(G, f"paper:arxiv:{pair}{side}", title=f"Pair {pair} paper {side}")
            G.nodes[paper]["abstract"] = f"We study set {pair}. More follows."
            mention(G, paper, f"dataset:set-{pair}", name=f"Set-{pair}", times=2)
    assert link_papers(G) == 10
    path = tmp_path / "graph.json"
    write_json(G, path)
    return path


def sheet(graph: Path, out: Path, *extra: str) -> str:
    subprocess.run([sys.executable, str(SCRIPT), "sample", str(graph), "--out", str(out), *extra],
                   check=True, capture_output=True)
    return out.read_text(encoding="utf-8")


def test_the_sheet_shows_papers_and_shared_items_but_no_scores(tmp_path: Path) -> None:
    graph = linked_graph_file(tmp_path)
    text = sheet(graph, tmp_path / "a.md", "--edges", "4", "--similar", "3", "--seed", "7")
    heads = [line.split()[0] + " " + line.split()[1][0] for line in text.splitlines() if line.startswith("###")]
    assert heads.count("### A") == 4 and heads.count("### B") == 3
    assert heads.count("#### B") == 3  # each paper's one partner
    assert "    abstract: We study set" in text and "More follows" not in text  # the first sentence only
    pairs = [block for block in text.split("\n### ")[1:] if block.startswith("A")]
    for block in pairs:
        first, second = (line.split(": ", 1)[1] for line in block.splitlines() if "title:" in line)
        number = first.split()[1]
        assert second == f"Pair {number} paper 1" and f"shared: Set-{number} (Dataset)" in block
    assert "score" not in text.lower() and "features" not in text
    assert sheet(graph, tmp_path / "b.md", "--edges", "4", "--similar", "3", "--seed", "7") == text
    assert sheet(graph, tmp_path / "c.md", "--edges", "4", "--similar", "3", "--seed", "8") != text

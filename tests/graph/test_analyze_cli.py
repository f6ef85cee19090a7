"""`kg stats`, `kg similar` and `kg path` on a graph file written to disk."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from graph_helpers import add_code, paper_graph
from kg.graph.analytics import annotate
from kg.graph.linking import link_papers
from kg.graph.readwrite import write_graph
from kg.graph.tables import write_tables

LORA = "paper:arxiv:2106.09685"
QLORA = "paper:arxiv:2305.14314"
DORA = "paper:arxiv:2402.09353"
VIT = "paper:arxiv:2010.11929"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    from kg.cli import app as kg_app

    return kg_app


@pytest.fixture(scope="module", params=["graph.json", "graph.graphml.gz", "a build folder's tables"])
def graph_file(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    G = paper_graph({
        LORA: ["method:lora", "dataset:glue", "task:fine-tuning"],
        QLORA: ["method:lora", "method:qlora", "task:fine-tuning"],
        DORA: ["method:lora", "method:dora", "dataset:glue", "task:fine-tuning"],
        VIT: ["method:vit", "dataset:imagenet"],
        "paper:arxiv:2103.00020": ["dataset:imagenet", "concept:[bold]markup[/bold]"],
    })
    for paper, title in ((LORA, "LoRA: Low-Rank Adaptation of Large Language Models"),
                         (QLORA, "QLoRA: Efficient Finetuning of Quantized LLMs"),
                         (DORA, "DoRA: Weight-Decomposed Low-Rank Adaptation"),
                         (VIT, "An Image is Worth 16x16 Words")):
        G.nodes[paper].update(title=title, name=title)
    add_code(G, LORA, "microsoft", "LoRA")
    add_code(G, DORA, "microsoft", "DoRA")
    link_papers(G, hub_share=1.0, min_score=0.0)
    annotate(G)
    folder = tmp_path_factory.mktemp("cli")
    if request.param == "a build folder's tables":  # as an out-of-core build leaves a large graph
        write_tables(G, folder / "nodes.parquet", folder / "edges.parquet")
        return folder
    write_graph(G, folder / request.param)
    return folder / request.param


def run(app: typer.Typer, *args: str):
    return CliRunner().invoke(app, [str(arg) for arg in args])


def test_stats_tables(app: typer.Typer, graph_file: Path) -> None:
    result = run(app, "stats", graph_file, "--top", "3")
    assert result.exit_code == 0, result.output
    for expected in ("Paper", "RELATED_TO", "Top entities", "lora", "Largest communities",
                     "Central papers", "owner:github.com/microsoft"):
        assert expected in result.output
    # Entity names are shown as text, never read as rich markup.
    assert "[bold]markup[/bold]" in run(app, "stats", graph_file, "--top", "20").output


def test_similar_lists_the_best_partners_with_their_reasons(app: typer.Typer, graph_file: Path) -> None:
    result = run(app, "similar", graph_file, "dora", "--top", "2")
    assert result.exit_code == 0, result.output
    lines = result.output
    assert lines.index("LoRA: Low-Rank") < lines.index("QLoRA")
    assert "microsoft" in lines and "glue" in lines


def test_path_through_shared_items(app: typer.Typer, graph_file: Path) -> None:
    result = run(app, "path", graph_file, "2402.09353", "quantized")
    assert result.exit_code == 0, result.output
    assert "Paper: DoRA" in result.output and "Paper: QLoRA" in result.output
    assert "-[USES]->" in result.output and "<-[USES]-" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (("similar", "{graph}", "low-rank adaptation"), "matches 2 papers"),
    (("path", "{graph}", "lora", "nothing like this"), "no paper matches 'nothing like this'"),
    (("path", "{graph}", "ora", "lora"), "'ora' matches 3 papers"),
    (("path", "{graph}", "2106.09685", "nothing like this"), "no paper matches 'nothing like this'"),
    (("path", "{graph}", "2106.09685", "16x16"), "no path between"),
    (("stats", "{missing}"), "no such graph file"),
])
def test_errors_are_one_clear_line(app: typer.Typer, graph_file: Path, args: tuple, message: str) -> None:
    filled = [a.format(graph=graph_file, missing=graph_file.with_name("missing.json")) for a in args]
    result = run(app, *filled)
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.startswith("error:") and result.output.count("\n") == 1


def test_tables_too_large_to_load_are_refused_with_what_to_use_instead(
        app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.commands import graph_input

    write_tables(paper_graph({LORA: ["method:lora"], VIT: ["method:vit"]}), tmp_path / "nodes.parquet",
                 tmp_path / "edges.parquet")
    monkeypatch.setattr(graph_input, "LOADABLE_NODES", 3)  # the graph has 4 nodes
    result = run(app, "stats", tmp_path)
    assert result.exit_code != 0
    assert "more than this command loads into memory (3)" in result.output
    assert "graph.html" in result.output and "kg neo4j push" in result.output


def test_commands_are_registered_in_kg_cli() -> None:
    from kg.cli import COMMANDS

    assert {"stats", "similar", "path"} <= set(COMMANDS)


def test_control_characters_in_titles_never_reach_the_terminal(app: typer.Typer, tmp_path: Path) -> None:
    G = paper_graph({LORA: ["method:lora", "dataset:glue"], QLORA: ["method:lora", "dataset:glue"]})
    for paper, title in ((LORA, "LoRA \x1b[31mred\x1b[0m\x07 title"), (QLORA, "QLoRA \x1b]0;pwned\x07 title")):
        G.nodes[paper].update(title=title, name=title)
    link_papers(G, hub_share=1.0, min_score=0.0)
    annotate(G)
    path = tmp_path / "graph.json"
    write_graph(G, path)
    for args in (("stats", path), ("similar", path, "2106.09685"), ("path", path, "2106.09685", "2305.14314")):
        result = run(app, *args)
        assert result.exit_code == 0, result.output
        assert "red" in result.output or "QLoRA" in result.output
        assert not any(ch in result.output for ch in "\x1b\x07"), (args, result.output)

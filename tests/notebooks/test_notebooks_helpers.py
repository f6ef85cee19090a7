"""kg.notebooks: which graph a notebook opens, where its figures go, its yes/no
parameters, and the evidence it quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.graph.cooccurrence import cooccurrence
from kg.model import DATASET, METHOD
from kg.graph.readwrite import read_graph
from kg.notebooks import (
    DEFAULT_GRAPH, NotebookSetupError, env_flag, evidence_sentences, node_frame, project_root,
    resolve_figures, resolve_graph,
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout-shaped folder, with the kernel's working directory in its notebooks/."""
    root = tmp_path / "checkout"
    for folder in ("kg", "notebooks", "out/demo", "elsewhere"):
        (root / folder).mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'kg'\n", encoding="utf-8")
    monkeypatch.chdir(root / "notebooks")
    monkeypatch.delenv("KG_GRAPH", raising=False)
    monkeypatch.delenv("KG_FIGURES", raising=False)
    return root


def test_project_root_is_found_from_the_notebooks_folder(project: Path) -> None:
    assert project_root() == project.resolve()


def test_default_graph_is_the_demo_build(project: Path) -> None:
    demo = project / DEFAULT_GRAPH
    demo.write_text("{}", encoding="utf-8")
    assert resolve_graph() == demo.resolve()


def test_missing_demo_graph_says_to_run_make_demo(project: Path) -> None:
    with pytest.raises(NotebookSetupError, match=r"run `make demo`.*KG_GRAPH"):
        resolve_graph()


def test_env_overrides_default_and_parameter_overrides_env(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / DEFAULT_GRAPH).write_text("{}", encoding="utf-8")
    from_env = project / "elsewhere" / "env.json"
    from_param = project / "elsewhere" / "param.json"
    for path in (from_env, from_param):
        path.write_text("{}", encoding="utf-8")
    monkeypatch.setenv("KG_GRAPH", "elsewhere/env.json")  # relative: read from the checkout root
    assert resolve_graph() == from_env.resolve()
    assert resolve_graph(str(from_param)) == from_param
    assert resolve_graph("elsewhere/param.json") == from_param.resolve()


def test_missing_chosen_graph_names_where_it_came_from(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_GRAPH", "elsewhere/none.json")
    with pytest.raises(NotebookSetupError, match=r"no graph at .*none\.json \(from KG_GRAPH\)"):
        resolve_graph()
    with pytest.raises(NotebookSetupError, match=r"\(from the graph_path parameter\)"):
        resolve_graph("elsewhere/other.json")


def test_figures_go_next_to_the_graph_unless_told(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = project / "elsewhere" / "graph.json"
    assert resolve_figures(graph) == graph.parent / "figures"
    assert (graph.parent / "figures").is_dir()
    assert resolve_figures(None) == project.resolve() / "out" / "figures"
    monkeypatch.setenv("KG_FIGURES", "pictures")
    assert resolve_figures(graph) == project.resolve() / "pictures"
    assert resolve_figures(graph, project / "given") == project / "given"
    assert (project / "given").is_dir()


@pytest.mark.parametrize(("text", "expected"), [("1", True), ("yes", True), ("TRUE", True), ("", False),
                                                ("0", False), ("no", False)])
def test_env_flag_reads_yes_and_no(text: str, expected: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_TEST_FLAG", text)
    assert env_flag("KG_TEST_FLAG") is expected
    assert env_flag("KG_TEST_FLAG", not expected) is (not expected)


def test_env_flag_rejects_other_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_TEST_FLAG", "maybe")
    with pytest.raises(NotebookSetupError, match="KG_TEST_FLAG='maybe'"):
        env_flag("KG_TEST_FLAG")


def test_evidence_sentences_quote_the_paper(seed_graph_json: Path) -> None:
    G = read_graph(seed_graph_json)
    pairs = cooccurrence(G, METHOD, DATASET)
    assert pairs
    both_in_one = 0
    for method, dataset, _, papers in pairs[:20]:
        for paper in papers:
            quoted = evidence_sentences(G, paper, method, dataset)
            stated = {e["sentence"] for item in (method, dataset) for e in G.edges[paper, item]["evidence"]}
            assert quoted and set(quoted) <= stated
            method_sentences = {e["sentence"] for e in G.edges[paper, method]["evidence"]}
            dataset_sentences = {e["sentence"] for e in G.edges[paper, dataset]["evidence"]}
            if method_sentences & dataset_sentences:
                assert set(quoted) == method_sentences & dataset_sentences
                both_in_one += 1
    assert both_in_one > 0


def test_node_frame_has_a_row_per_node_of_the_chosen_types(seed_graph_json: Path) -> None:
    G = read_graph(seed_graph_json)
    frame = node_frame(G, [METHOD, DATASET])
    expected = sorted(n for n, kind in G.nodes(data="type") if kind in (METHOD, DATASET))
    assert frame["id"].tolist() == expected
    assert set(frame["type"]) == {METHOD, DATASET}
    assert "abstract" not in node_frame(G).columns

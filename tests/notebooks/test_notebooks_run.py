"""Every notebook runs top to bottom against the real seed graph (and the real Neo4j test server),
shows non-empty tables and saves real pictures."""

from __future__ import annotations

from pathlib import Path

import matplotlib.image
import neo4j
import numpy as np
import pytest
from nbclient.exceptions import CellExecutionError

from kg.graph.readwrite import read_graph
from notebook_runner import NOTEBOOKS, execute, html_tables, silent_code_cells

# The figures each notebook saves, and the fewest non-empty tables it shows on the seed graph.
GRAPH_NOTEBOOKS = {
    "01_tour.ipynb": (["tour_counts", "tour_degrees", "tour_top_entities"], 6),
    "02_communities.ipynb": (["communities_sizes", "communities_links", "communities_map"], 8),
    "04_code.ipynb": (["code_hosts", "code_by_community"], 5),
    "05_cousage.ipynb": (["cousage_method_dataset"], 3),
}
NEO4J_NOTEBOOK = "03_neo4j.ipynb"
NEO4J_FIGURES = ["neo4j_top_methods"]
NEO4J_MIN_TABLES = 12


def assert_real_png(path: Path) -> None:
    """A picture with content: a sizeable image, many colours, not mostly blank."""
    assert path.is_file(), f"{path.name} was not written"
    pixels = matplotlib.image.imread(path)[..., :3]
    height, width = pixels.shape[:2]
    assert height >= 250 and width >= 400, f"{path.name} is only {width}x{height}"
    colours = np.unique((pixels * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 20, f"{path.name} has {len(colours)} colours"
    # An empty figure with a title is 0.4% non-white; the seed graph's community map, twelve labelled
    # communities without links between them, is 2%.
    inked = np.mean(pixels.min(axis=2) < 0.9)
    assert inked > 0.01, f"{path.name} is {inked:.1%} non-white"


def test_every_notebook_is_covered() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted([*GRAPH_NOTEBOOKS, NEO4J_NOTEBOOK])


@pytest.mark.parametrize("name", sorted(GRAPH_NOTEBOOKS))
def test_notebook_runs_on_seed_graph(name: str, seed_graph_json: Path, tmp_path: Path) -> None:
    figures, min_tables = GRAPH_NOTEBOOKS[name]
    nb = execute(NOTEBOOKS / name, {"KG_GRAPH": str(seed_graph_json), "KG_FIGURES": str(tmp_path)})

    assert not silent_code_cells(nb)
    assert len(html_tables(nb)) >= min_tables
    for figure in figures:
        assert_real_png(tmp_path / f"{figure}.png")
    if name == "01_tour.ipynb":  # the neighbourhood drawn with kg.to_pyvis
        assert "new vis.DataSet" in (tmp_path / "tour_neighbourhood.html").read_text(encoding="utf-8")
    shown = [out for cell in nb.cells for out in cell.get("outputs", []) if "image/png" in out.get("data", {})]
    assert len(shown) >= len(figures)


def test_missing_graph_fails_with_how_to_make_one(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "graph.json"
    with pytest.raises(CellExecutionError) as failure:
        execute(NOTEBOOKS / "01_tour.ipynb", {"KG_GRAPH": str(missing), "KG_FIGURES": str(tmp_path)})
    assert "NotebookSetupError" in str(failure.value)
    assert f"no graph at {missing}" in str(failure.value)


@pytest.mark.neo4j
def test_neo4j_notebook_pushes_and_queries(seed_graph_json: Path, neo4j_settings_env: dict[str, str],
                                           tmp_path: Path) -> None:
    env = {**neo4j_settings_env, "KG_GRAPH": str(seed_graph_json), "KG_FIGURES": str(tmp_path)}
    nb = execute(NOTEBOOKS / NEO4J_NOTEBOOK, env, parameters={"push_graph": True, "wipe": True})

    assert not silent_code_cells(nb)
    assert len(html_tables(nb)) >= NEO4J_MIN_TABLES
    for figure in NEO4J_FIGURES:
        assert_real_png(tmp_path / f"{figure}.png")
    graph = read_graph(seed_graph_json)
    auth = (neo4j_settings_env["NEO4J_USERNAME"], neo4j_settings_env["NEO4J_PASSWORD"])
    with neo4j.GraphDatabase.driver(neo4j_settings_env["NEO4J_URI"], auth=auth) as driver:
        records = driver.execute_query("MATCH (p:Paper) RETURN count(p) AS papers").records
    assert records[0]["papers"] == sum(1 for _, kind in graph.nodes(data="type") if kind == "Paper")

"""The public Python API (README.md, "Python API"): every advertised name resolves, `import kg` stays
light, the neo4j driver keeps its name, and the graph calls agree with the internals they wrap."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.graph import analytics

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("networkx", "neo4j", "spacy", "pyvis", "igraph", "pandas", "kg.api", "kg.graph", "kg.export")


def loaded_after(code: str) -> set[str]:
    """Top-level and kg modules a fresh interpreter has loaded after running `code`."""
    script = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO)
    return set(out.stdout.split())


def test_import_kg_loads_nothing_heavy() -> None:
    loaded = loaded_after("import kg")
    assert [name for name in loaded if name.startswith(HEAVY)] == []


def test_the_graph_calls_do_not_load_extraction_neo4j_or_pyvis() -> None:
    loaded = loaded_after("import kg\nkg.load, kg.find, kg.similar, kg.path, kg.analysis")
    assert "kg.api" in loaded and "networkx" in loaded
    assert [name for name in loaded if name.startswith(("spacy", "neo4j", "pyvis", "kg.extract", "kg.export"))] == []


def test_kg_neo4j_leaves_the_driver_its_name() -> None:
    code = ("import kg.neo4j\nimport neo4j\nfrom kg import neo4j as public\n"
            "assert neo4j.GraphDatabase and public.__name__ == 'kg.neo4j' and public.neo4j is neo4j\n"
            "print(neo4j.__file__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert f"{Path('kg') / 'neo4j.py'}" not in out.stdout and "site-packages" in out.stdout
    # Run as a script, kg/ heads sys.path and kg/neo4j.py could pass for the driver: cli.py drops it.
    script = subprocess.run([sys.executable, "kg/cli.py", "neo4j", "--help"], capture_output=True, text=True,
                            cwd=REPO)
    assert script.returncode == 0 and "push" in script.stdout, script.stderr[-2000:]


def test_every_advertised_name_resolves() -> None:
    for name in kg.__all__:
        assert getattr(kg, name) is not None, name
    assert set(kg.__all__) <= set(dir(kg))
    assert kg.PAPER == "Paper" and "Method" in kg.ENTITY_TYPES
    with pytest.raises(AttributeError, match="no attribute 'internals'"):
        kg.internals  # noqa: B018
    for module in (kg.analysis, kg.neo4j, kg.notebooks):
        assert all(hasattr(module, name) for name in getattr(module, "__all__", ())), module.__name__
    assert (REPO / "kg" / "py.typed").is_file()


def test_similar_and_path_take_titles_or_ids(seed_graph_json: Path) -> None:
    G = kg.load(seed_graph_json)
    paper = max(analytics.related_degree(G).items(), key=lambda item: (item[1], item[0]))[0]
    title = G.nodes[paper]["title"]
    by_title = kg.similar(G, title, top=3)
    assert by_title == kg.similar(G, paper, top=3) == [tuple(row) for row in analytics.similar_papers(G, paper, top=3)]
    assert [row.score for row in by_title] == sorted((row.score for row in by_title), reverse=True)
    found = kg.path(G, title, by_title[0].paper)
    assert found is not None and found.nodes[0] == paper and found.nodes[-1] == by_title[0].paper
    with pytest.raises(kg.NodeLookupError, match="no paper matches"):
        kg.similar(G, "no paper has this title at all")


def test_build_writes_the_graph_load_reads(tmp_path: Path) -> None:
    result = kg.build(REPO / "examples" / "papers.jsonl", tmp_path / "out", html=False)
    G = kg.load(tmp_path / "out" / "graph.json")
    assert result.papers == sum(1 for _, kind in G.nodes(data="type") if kind == kg.PAPER)
    assert result.papers > 5 and sum(result.nodes.values()) == G.number_of_nodes()
    with pytest.raises(kg.GraphFileError):
        kg.load(tmp_path / "out" / "summary.json")

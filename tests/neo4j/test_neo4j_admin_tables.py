"""`kg export neo4j-admin` from nodes.parquet / edges.parquet: streamed from the tables, the same files
byte for byte as from graph.json. No server needed; the import itself is in test_neo4j_exports.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg import model
from kg.builder import build
from kg.graph.readwrite import read_json
from kg.graph.tables import write_tables
from neo4j_helpers import run_cli


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _export(source: Path, out: Path) -> dict[str, bytes]:
    result = run_cli("export", "neo4j-admin", str(source), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    return _files(out)


@pytest.fixture(scope="module")
def seed_tables_build(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real fast build of the seeds writing both graph.json and the tables."""
    out_dir = tmp_path_factory.mktemp("admin-tables") / "seeds"
    build([seeds_dir], out_dir, mode="fast", html=False, formats={"json", "parquet"})
    return out_dir


def test_files_from_a_builds_tables_equal_those_from_its_graph_json(seed_tables_build: Path, tmp_path: Path) -> None:
    from_json = _export(seed_tables_build / "graph.json", tmp_path / "json")
    assert len(from_json) > 10 and "nodes-Paper.csv" in from_json and "relationships-RELATED_TO.csv" in from_json
    assert _export(seed_tables_build, tmp_path / "folder") == from_json
    assert _export(seed_tables_build / "nodes.parquet", tmp_path / "nodes") == from_json
    assert _export(seed_tables_build / "edges.parquet", tmp_path / "edges") == from_json


def test_every_label_and_type_streams_as_from_graph_json(graph_json: Path, tmp_path: Path) -> None:
    # The hand-built graph has what the seeds lack: authors, every edge type, odd characters.
    folder = tmp_path / "fixtures"  # the graph's name comes from its folder, as for graph.json
    folder.mkdir()
    shutil.copy(graph_json, folder / "graph.json")
    write_tables(read_json(graph_json), folder / "nodes.parquet", folder / "edges.parquet")
    from_json = _export(graph_json, tmp_path / "json")
    assert {f"nodes-{label}.csv" for label in model.NODE_TYPES} <= from_json.keys()
    assert {f"relationships-{edge_type}.csv" for edge_type in model.EDGE_TYPES} <= from_json.keys()
    assert b'"fixtures"' in from_json["nodes-Author.csv"], "kg's graph-name mark"
    assert _export(folder, tmp_path / "tables") == from_json


def test_a_folder_without_tables_exports_its_graph_json(graph_json: Path, tmp_path: Path) -> None:
    folder = tmp_path / "fixtures"
    folder.mkdir()
    shutil.copy(graph_json, folder / "graph.json")
    assert _export(folder, tmp_path / "folder") == _export(graph_json, tmp_path / "json")


def _tables_of(graph_json: Path, folder: Path, change) -> Path:
    graph = read_json(graph_json)
    change(graph)
    folder.mkdir()
    write_tables(graph, folder / "nodes.parquet", folder / "edges.parquet")
    return folder


@pytest.mark.parametrize(("change", "message"), [
    (lambda g: g.add_node("method:x", type="Spell", name="x"), "node 'method:x' has unknown type 'Spell'"),
    (lambda g: g.add_node("method:x", type="Dataset", name="x"), "Dataset node 'method:x' does not have a Dataset id"),
    (lambda g: g.add_node("method:x", type="Method"), "Method node 'method:x' has no 'name'"),
    (lambda g: g.add_edge("paper:arxiv:2010.11929", "method:transformer", type="EVALUATES_ON"),
     "EVALUATES_ON edge 'paper:arxiv:2010.11929' -> 'method:transformer' links Paper -> Method"),
])
def test_tables_the_model_refuses_fail_with_one_line(graph_json: Path, tmp_path: Path, change, message: str) -> None:
    folder = _tables_of(graph_json, tmp_path / "bad", change)
    result = run_cli("export", "neo4j-admin", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr


def test_a_table_without_its_pair_fails(graph_json: Path, tmp_path: Path) -> None:
    folder = _tables_of(graph_json, tmp_path / "half", lambda g: None)
    (folder / "edges.parquet").unlink()
    result = run_cli("export", "neo4j-admin", str(folder / "nodes.parquet"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"{folder / 'edges.parquet'}: no such table" in result.stderr
    assert not (tmp_path / "out").exists(), "nothing is written before the input is known good"

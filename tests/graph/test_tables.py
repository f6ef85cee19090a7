"""nodes.parquet / edges.parquet: typed columns as docs/graph-model.md says, and the same graph as graph.json."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kg import model
from kg.builder import build
from kg.graph.readwrite import GraphFileError, read_json
from kg.graph.tables import EDGE_SCHEMA, NODE_SCHEMA, open_table, read_tables, write_tables


@pytest.fixture(scope="module")
def fast_seed_build(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out_dir = tmp_path_factory.mktemp("tables")
    build([seeds_dir], out_dir, mode="fast", html=False, formats={"json", "parquet"})
    return out_dir


def _same_graph(a: nx.DiGraph, b: nx.DiGraph) -> None:
    assert a.graph == b.graph
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert {(u, v): d for u, v, d in a.edges(data=True)} == {(u, v): d for u, v, d in b.edges(data=True)}


def test_tables_hold_the_same_graph_as_graph_json(fast_seed_build: Path) -> None:
    from_json = read_json(fast_seed_build / "graph.json")
    from_tables = read_tables(fast_seed_build / "nodes.parquet", fast_seed_build / "edges.parquet")
    _same_graph(from_json, from_tables)
    assert from_json.number_of_edges() > 1000  # the seeds: every edge type, evidence and RELATED_TO included


def test_columns_are_typed_as_the_model_says(fast_seed_build: Path) -> None:
    nodes = pq.read_table(fast_seed_build / "nodes.parquet")
    edges = pq.read_table(fast_seed_build / "edges.parquet")
    assert nodes.schema.remove_metadata() == NODE_SCHEMA
    assert edges.schema.remove_metadata() == EDGE_SCHEMA
    assert nodes.schema.field("authors").type == pa.list_(pa.string())
    assert nodes.schema.field("paper_count").type == pa.int64()
    assert nodes.schema.field("pagerank").type == pa.float64()
    evidence = edges.schema.field("evidence").type.value_type
    assert [evidence.field(i).name for i in range(evidence.num_fields)] == ["sentence", "start", "end", "text"]
    assert set(nodes.column("type").to_pylist()) <= set(model.NODE_TYPES)
    assert set(edges.column("type").to_pylist()) <= set(model.EDGE_TYPES)
    ids = nodes.column("id").to_pylist()
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    papers = nodes.filter(pa.compute.equal(nodes.column("type"), "Paper"))
    assert papers.column("community").null_count == 0
    assert nodes.filter(pa.compute.equal(nodes.column("type"), "Method")).column("abstract").null_count > 0


def test_tables_are_byte_stable(fast_seed_build: Path, tmp_path: Path) -> None:
    graph = read_json(fast_seed_build / "graph.json")
    write_tables(graph, tmp_path / "n.parquet", tmp_path / "e.parquet")
    assert (tmp_path / "n.parquet").read_bytes() == (fast_seed_build / "nodes.parquet").read_bytes()
    assert (tmp_path / "e.parquet").read_bytes() == (fast_seed_build / "edges.parquet").read_bytes()


def test_an_attribute_the_schema_lacks_is_refused(tmp_path: Path) -> None:
    graph = nx.DiGraph(mode="fast")
    graph.add_node("paper:title:x", type="Paper", name="x", upvotes=3)
    with pytest.raises(ValueError, match="upvotes"):
        write_tables(graph, tmp_path / "n.parquet", tmp_path / "e.parquet")


def test_a_parquet_file_not_written_by_kg_is_refused(tmp_path: Path) -> None:
    pq.write_table(pa.table({"id": ["a"], "type": ["Paper"]}), tmp_path / "n.parquet")
    with pytest.raises(GraphFileError, match="kg_meta"):
        read_tables(tmp_path / "n.parquet", tmp_path / "n.parquet")
    (tmp_path / "e.parquet").write_text("not parquet")
    with pytest.raises(GraphFileError, match="not a readable Parquet"):
        read_tables(tmp_path / "e.parquet", tmp_path / "e.parquet")


def test_an_empty_graph_round_trips(tmp_path: Path) -> None:
    graph = nx.DiGraph(mode="fast", kg_version="0")
    write_tables(graph, tmp_path / "n.parquet", tmp_path / "e.parquet")
    back = read_tables(tmp_path / "n.parquet", tmp_path / "e.parquet")
    assert back.number_of_nodes() == 0 and back.graph["mode"] == "fast"


def test_a_table_read_in_batches_keeps_nothing_it_has_read(fast_seed_build: Path) -> None:
    # pyarrow's default pre_buffer kept every byte read until the file closed: a streamed pass over a
    # million-paper table grew to the table's size (docs/scale.md, "Neo4j at scale").
    path = fast_seed_build / "nodes.parquet"
    before = pa.total_allocated_bytes()
    _, handle = open_table(path)
    rows = 0
    for batch in handle.iter_batches(batch_size=100):
        rows += batch.num_rows
    del batch
    assert rows == handle.metadata.num_rows > 1000
    assert pa.total_allocated_bytes() - before < path.stat().st_size // 10, "the file is still open, its bytes gone"

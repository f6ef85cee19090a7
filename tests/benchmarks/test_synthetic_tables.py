"""benchmarks/synthetic_tables.py: kg tables that pass the model's checks, with a real build's counts per paper."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

from kg.export.neo4j.rows import graph_rows
from kg.graph.tables import read_tables, write_tables

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("synthetic_tables", REPO / "benchmarks" / "synthetic_tables.py")
assert spec is not None and spec.loader is not None
synthetic_tables = importlib.util.module_from_spec(spec)
spec.loader.exec_module(synthetic_tables)


def test_tables_are_a_kg_graph_shaped_like_a_build(tmp_path: Path) -> None:
    papers = 3_000
    nodes, edges = synthetic_tables.write_synthetic_tables(papers, tmp_path / "n.parquet", tmp_path / "e.parquet")
    graph = read_tables(tmp_path / "n.parquet", tmp_path / "e.parquet")
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (nodes, edges), "one row per node and per edge"
    rows = graph_rows(graph)  # every type, required attribute and edge end as the model says
    # 14 edges per paper at scale; fewer here, where the last papers' RELATED_TO partners fall off the end.
    assert 5.3 < nodes / papers < 5.7 and 12.5 < edges / papers < 14.5
    assert rows.nodes["Paper"] and all(rows.edges[kind] for kind in rows.edges), "every edge type"
    evidence = [record for _, _, data in graph.edges(data=True) for record in data.get("evidence", [])]
    assert all(record["sentence"][record["start"]:record["end"]] == record["text"] for record in evidence)
    # Rows are sorted as kg.graph.tables writes them: writing the graph back gives the same bytes.
    write_tables(graph, tmp_path / "n2.parquet", tmp_path / "e2.parquet")
    assert read_tables(tmp_path / "n2.parquet", tmp_path / "e2.parquet").nodes == graph.nodes
    assert list(graph.nodes) == sorted(graph.nodes)
    assert list(graph.edges) == sorted(graph.edges)
    popular = Counter(target for _, target, kind in graph.edges(data="type") if kind == "USES").most_common(1)[0][1]
    assert popular > 20, "a few methods are used by many papers"


def test_same_size_and_seed_give_the_same_files(tmp_path: Path) -> None:
    for name in ("a", "b"):
        synthetic_tables.write_synthetic_tables(500, tmp_path / f"{name}-n.parquet", tmp_path / f"{name}-e.parquet")
    assert (tmp_path / "a-n.parquet").read_bytes() == (tmp_path / "b-n.parquet").read_bytes()
    assert (tmp_path / "a-e.parquet").read_bytes() == (tmp_path / "b-e.parquet").read_bytes()

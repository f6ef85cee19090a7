"""The comparison every streamed-table test makes: write_graph_tables against write_tables of the in-memory graph."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx

from kg.extract.pipeline import Extractor
from kg.graph.analytics import annotate
from kg.graph.build import build_graph
from kg.graph.canonical import EntityIndex, build_entity_index
from kg.graph.linking import link_papers
from kg.graph.streamed.corpus import ListCorpus
from kg.graph.streamed.graph_tables import write_graph_tables
from kg.graph.progress import StageProgress, no_progress
from kg.graph.streamed.pair import PairRunner, one_after_the_other
from kg.graph.streamed.shard_map import ShardMap
from kg.graph.tables import write_tables

GRAPH_ATTRS = {"kg_version": "test", "mode": "fast"}


def in_memory_graph(papers, extractions, extractor: Extractor) -> nx.DiGraph:
    """The in-memory build's graph (kg.builder's steps)."""
    G = build_graph(papers, extractions, build_entity_index(extractions, extractor.gazetteer))
    G.graph.update(GRAPH_ATTRS)
    link_papers(G)
    annotate(G)
    return G


def index_contents(index: EntityIndex, extractions) -> tuple[list, dict]:
    nodes = [(e, index.name(e), index.entity_type(e), index.aliases(e)) for e in index.entity_ids()]
    resolved = {(x.paper_id, m.text): index.resolve(m, x.paper_id) for x in extractions for m in x.mentions}
    return nodes, resolved


def assert_tables_equal(corpus, extractor: Extractor, tmp_path: Path, shard_size: int,
                        shard_map: ShardMap | None = None, run_pair: PairRunner = one_after_the_other,
                        progress: StageProgress = no_progress) -> dict[str, int]:
    """Both paths' tables compared byte for byte (the streamed one's shard steps run by `shard_map`, its two
    tables written by `run_pair`); the edge counts by type."""
    papers, extractions = corpus
    G = in_memory_graph(papers, extractions, extractor)
    write_tables(G, tmp_path / "expected-nodes.parquet", tmp_path / "expected-edges.parquet")
    work_dir = tmp_path / "runs"
    node_counts, edge_counts = write_graph_tables(
        ListCorpus(papers, extractions, shard_size), extractor.gazetteer, tmp_path / "nodes.parquet",
        tmp_path / "edges.parquet", graph_attrs=GRAPH_ATTRS, work_dir=work_dir,
        shard_map=shard_map, run_pair=run_pair, progress=progress)
    assert (tmp_path / "nodes.parquet").read_bytes() == (tmp_path / "expected-nodes.parquet").read_bytes()
    assert (tmp_path / "edges.parquet").read_bytes() == (tmp_path / "expected-edges.parquet").read_bytes()
    assert node_counts == dict(sorted(Counter(d["type"] for _, d in G.nodes(data=True)).items()))
    assert edge_counts == dict(sorted(Counter(d["type"] for _, _, d in G.edges(data=True)).items()))
    assert not work_dir.exists()
    return edge_counts

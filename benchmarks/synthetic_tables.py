"""nodes.parquet / edges.parquet of a synthetic kg graph of any size, made with Arrow and numpy
(no Python object per row), so a million-paper graph's tables take a minute, not a build.

The counts per paper are those of a real fast build of the generated corpus (benchmarks/
corpus_generator.py, 100,000 papers: 5.51 nodes and 14.1 edges per paper, docs/scale.md): per paper
3.16 authors, 0.99 methods, 0.30 repositories and a few datasets, tasks, metrics and concepts; 4.49
AUTHORED_BY, 1.56 USES, 1.26 PROPOSES, 1.56 ADDRESSES, 0.54 EVALUATES_ON, 0.35 REPORTS, 0.14 MENTIONS,
0.46 HAS_CODE, 3.45 RELATED_TO (score, 2 shared ids), 0.30 OWNED_BY; mention edges carry 1.38
evidence records of about 150 characters, papers a 1,200-character abstract. Popular entities are
drawn far more often than others (index = pool x u^k), as in a field. Rows are sorted by id as
kg.graph.tables writes them, papers are written a chunk at a time, and the same (papers, seed) give
the same files.

    .venv/bin/python benchmarks/synthetic_tables.py PAPERS FOLDER    # prints the node and edge counts
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kg import model
from kg.graph.readwrite import SCHEMA_VERSION
from kg.graph.tables import EDGE_SCHEMA, EVIDENCE, META_KEY, NODE_SCHEMA, ROW_GROUP

CHUNK = 50_000
# Nodes of each entity type per paper, and how skewed the draws from that pool are (index = pool x u^skew).
POOLS = {model.AUTHOR: (3.16, 1.5), model.METHOD: (0.99, 3.0), model.DATASET: (0.030, 2.0),
         model.TASK: (0.024, 2.0), model.METRIC: (0.004, 2.0), model.CONCEPT: (0.003, 2.0)}
REPOSITORIES, OWNERS = 0.30, 0.00165
# Edges per paper to an entity pool: (edge type, target type, mean count).
MENTION_EDGES = ((model.USES, model.METHOD, 1.56), (model.ADDRESSES, model.TASK, 1.56),
                 (model.EVALUATES_ON, model.DATASET, 0.54), (model.REPORTS, model.METRIC, 0.35),
                 (model.MENTIONS, model.CONCEPT, 0.135))
AUTHORS_PER_PAPER, EXTRA_PROPOSED, HAS_CODE, RELATED, SECOND_EVIDENCE = 4.49, 0.26, 0.46, 3.45, 0.38
_WORDS = ("model", "training", "attention", "graph", "language", "vision", "robust", "sparse", "efficient",
          "learning", "transfer", "retrieval", "generation", "policy", "reward", "diffusion", "token", "layer")


def _pool_size(label: str, papers: int) -> int:
    return max(int(POOLS[label][0] * papers), 3)


def _ids(prefix: str, numbers: np.ndarray, width: int = 8) -> pa.Array:
    """`prefix` + the zero-padded numbers, so ids sort as their numbers do."""
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), width=width, padding="0")
    return pc.binary_join_element_wise(pa.scalar(prefix), digits, "")


def _entity_name(label: str, numbers: np.ndarray) -> pa.Array:
    return _ids(f"{label} ", numbers)


def _entity_id(label: str, numbers: np.ndarray) -> pa.Array:
    return _ids(model.entity_id(label, label) + "-", numbers) if label != model.AUTHOR \
        else _ids(model.author_id(label) + "-", numbers)


def _paper_ids(numbers: np.ndarray) -> pa.Array:
    years = _ids("", 2000 + numbers // 100_000, 4)
    return pc.binary_join_element_wise(pa.scalar("paper:arxiv:"), years, _ids(".", numbers % 100_000, 5), "")


def _repo_parts(numbers: np.ndarray, papers: int) -> tuple[pa.Array, pa.Array]:
    """A repository's `org…/project…` name and its owner number (repositories of one owner sort together)."""
    owners = numbers % max(int(OWNERS * papers), 1)
    return pc.binary_join_element_wise(_ids("org", owners, 5), _ids("project", numbers), "/"), pa.array(owners)


def _draw(rng: np.random.Generator, pool: int, skew: float, size: int) -> np.ndarray:
    return np.minimum((pool * rng.random(size) ** skew).astype(np.int64), pool - 1)


def _table(columns: dict[str, pa.Array], schema: pa.Schema) -> pa.Table:
    rows = len(next(iter(columns.values())))
    return pa.table({name: columns.get(name, pa.nulls(rows, schema.field(name).type)) for name in schema.names},
                    schema=schema)


def _lists(counts: np.ndarray, values: pa.Array) -> pa.Array:
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def _sentences(rng: np.random.Generator, count: int, length: int) -> pa.Array:
    """`count` texts of about `length` characters, of words drawn from a small vocabulary."""
    words = np.array(_WORDS)[rng.integers(0, len(_WORDS), size=(count, length // 8))]
    return pa.array([" ".join(row) + "." for row in words])


def _evidence(rng: np.random.Generator, names: pa.Array) -> pa.Array:
    """One or two evidence records per edge, each a sentence holding the target's name at its offsets."""
    counts = 1 + (rng.random(len(names)) < SECOND_EVIDENCE)
    texts = pc.take(names, pa.array(np.repeat(np.arange(len(names)), counts)))
    prefixes = pc.take(pa.array([f"In this work we {w} with " for w in _WORDS]),
                       pa.array(rng.integers(0, len(_WORDS), len(texts))))
    tails = pc.take(_sentences(rng, 64, 100), pa.array(rng.integers(0, 64, len(texts))))
    starts = pc.cast(pc.utf8_length(prefixes), pa.int64())
    ends = pc.add(starts, pc.cast(pc.utf8_length(texts), pa.int64()))
    sentences = pc.binary_join_element_wise(prefixes, texts, pc.binary_join_element_wise(pa.scalar(" "), tails, ""), "")
    records = pa.StructArray.from_arrays([sentences, starts, ends, texts], fields=list(EVIDENCE.value_type))
    return _lists(counts, records)


def _mentions(rng: np.random.Generator, sources: pa.Array, papers: int) -> Iterator[pa.Table]:
    chunk = len(sources)
    for edge_type, label, mean in MENTION_EDGES:
        counts = rng.poisson(mean, chunk)
        targets = np.unique(np.stack([np.repeat(np.arange(chunk), counts),
                                      _draw(rng, _pool_size(label, papers), POOLS[label][1], counts.sum())]), axis=1)
        names = _entity_name(label, targets[1])
        yield _table({"source": pc.take(sources, pa.array(targets[0])), "target": _entity_id(label, targets[1]),
                      "type": pa.array([edge_type] * targets.shape[1]), "evidence": _evidence(rng, names)},
                     EDGE_SCHEMA)


def _paper_chunk(rng: np.random.Generator, first: int, chunk: int, papers: int) -> tuple[pa.Table, pa.Table]:
    """The Paper rows and the edges from papers `first` .. `first + chunk - 1`."""
    numbers = np.arange(first, first + chunk)
    ids = _paper_ids(numbers)
    author_counts = 1 + rng.poisson(AUTHORS_PER_PAPER - 1, chunk)
    authors = np.unique(np.stack([np.repeat(np.arange(chunk), author_counts),
                                  _draw(rng, _pool_size(model.AUTHOR, papers), POOLS[model.AUTHOR][1],
                                        author_counts.sum())]), axis=1)
    edges = [_table({"source": pc.take(ids, pa.array(authors[0])), "target": _entity_id(model.AUTHOR, authors[1]),
                     "type": pa.array([model.AUTHORED_BY] * authors.shape[1])}, EDGE_SCHEMA)]
    # Each paper proposes its own method (method number = paper number, within the pool) and a few others.
    methods = _pool_size(model.METHOD, papers)
    extra = rng.poisson(EXTRA_PROPOSED, chunk)
    proposed = np.unique(np.stack([np.concatenate([np.arange(chunk), np.repeat(np.arange(chunk), extra)]),
                                   np.concatenate([numbers % methods, _draw(rng, methods, 3.0, extra.sum())])]), axis=1)
    edges.append(_table({"source": pc.take(ids, pa.array(proposed[0])), "target": _entity_id(model.METHOD, proposed[1]),
                         "type": pa.array([model.PROPOSES] * proposed.shape[1]),
                         "evidence": _evidence(rng, _entity_name(model.METHOD, proposed[1]))}, EDGE_SCHEMA))
    edges += _mentions(rng, ids, papers)
    coded = np.flatnonzero(rng.random(chunk) < HAS_CODE)
    repos = rng.integers(0, max(int(REPOSITORIES * papers), 1), len(coded))
    repo_names, _ = _repo_parts(repos, papers)
    edges.append(_table({"source": pc.take(ids, pa.array(coded)),
                         "target": pc.binary_join_element_wise(pa.scalar("repo:github.com/"), repo_names, ""),
                         "type": pa.array([model.HAS_CODE] * len(coded)),
                         "evidence": _evidence(rng, pc.binary_join_element_wise(
                             pa.scalar("https://github.com/"), repo_names, ""))}, EDGE_SCHEMA))
    related_counts = rng.poisson(RELATED, chunk)
    related = np.stack([np.repeat(numbers, related_counts),
                        np.repeat(numbers, related_counts) + 1 + rng.integers(0, 2000, related_counts.sum())])
    related = np.unique(related[:, related[1] < papers], axis=1)
    shared = _entity_id(model.METHOD, _draw(rng, methods, 3.0, 2 * related.shape[1]))
    edges.append(_table({"source": _paper_ids(related[0]), "target": _paper_ids(related[1]),
                         "type": pa.array([model.RELATED_TO] * related.shape[1]),
                         "score": pa.array(np.round(rng.random(related.shape[1]), 4)),
                         "shared": _lists(np.full(related.shape[1], 2), shared)}, EDGE_SCHEMA))
    edge_table = pa.concat_tables(edges)
    edge_table = edge_table.take(pc.sort_indices(edge_table, [("source", "ascending"), ("target", "ascending")]))
    edge_table = edge_table.filter(_first_of_each_pair(edge_table))

    author_lists = _lists(np.bincount(authors[0], minlength=chunk), _entity_name(model.AUTHOR, authors[1]))
    titles = pc.binary_join_element_wise(_ids("Paper ", numbers), pc.take(_sentences(rng, 256, 70), pa.array(
        rng.integers(0, 256, chunk))), ": ")
    abstract_parts = _sentences(rng, 512, 150)
    abstracts = pc.binary_join_element_wise(
        *(pc.take(abstract_parts, pa.array(rng.integers(0, 512, chunk))) for _ in range(8)), " ")
    arxiv_ids = pc.utf8_slice_codeunits(ids, start=len("paper:arxiv:"))
    nodes = _table({
        "id": ids, "type": pa.array([model.PAPER] * chunk), "name": titles, "title": titles, "abstract": abstracts,
        "arxiv_id": arxiv_ids, "url": pc.binary_join_element_wise(pa.scalar("https://arxiv.org/abs/"), arxiv_ids, ""),
        "published": pc.take(pa.array([f"20{y:02d}-0{m}-1{m}" for y in range(15, 26) for m in range(1, 10)]),
                             pa.array(rng.integers(0, 99, chunk))),
        "authors": author_lists,
        "categories": _lists(np.full(chunk, 2), pc.take(pa.array(["cs.LG", "cs.CL", "cs.CV", "stat.ML"]),
                                                        pa.array(rng.integers(0, 4, 2 * chunk)))),
        "sources": _lists(np.ones(chunk, dtype=np.int64), _ids("corpus.jsonl:", numbers + 1, 1)),
        "community": pa.array(rng.integers(0, 2000, chunk)), "pagerank": pa.array(rng.random(chunk) / papers),
    }, NODE_SCHEMA)
    return nodes, edge_table


def _first_of_each_pair(edges: pa.Table) -> pa.Array:
    """A kg graph has one edge per (source, target): of sorted rows keep the first of each pair (a paper
    that proposes a method it also uses keeps PROPOSES)."""
    sources, targets = edges.column("source"), edges.column("target")
    repeated = pc.and_(pc.equal(sources[1:], sources[:-1]), pc.equal(targets[1:], targets[:-1]))
    return pa.concat_arrays([pa.array([True]), pc.invert(repeated.combine_chunks())])


def _entity_nodes(rng: np.random.Generator, label: str, papers: int) -> Iterator[pa.Table]:
    size = _pool_size(label, papers)
    for first in range(0, size, CHUNK * 4):
        numbers = np.arange(first, min(first + CHUNK * 4, size))
        names = _entity_name(label, numbers)
        columns = {"id": _entity_id(label, numbers), "type": pa.array([label] * len(numbers)), "name": names,
                   "paper_count": pa.array(1 + rng.poisson(3, len(numbers))),
                   "pagerank": pa.array(rng.random(len(numbers)) / papers)}
        if label != model.AUTHOR:
            columns["aliases"] = _lists(np.ones(len(numbers), dtype=np.int64), names)
        yield _table(columns, NODE_SCHEMA)


def _repositories(rng: np.random.Generator, papers: int) -> tuple[pa.Table, pa.Table, pa.Table]:
    """Repository and CodeOwner rows and the OWNED_BY edges, sorted by id."""
    names, owners = _repo_parts(np.arange(max(int(REPOSITORIES * papers), 1)), papers)
    ids = pc.binary_join_element_wise(pa.scalar("repo:github.com/"), names, "")
    owner_names = _ids("org", pc.unique(owners).to_numpy(), 5)
    repos = _table({"id": ids, "type": pa.array([model.REPOSITORY] * len(ids)), "name": names,
                    "url": pc.binary_join_element_wise(pa.scalar("https://github.com/"), names, ""),
                    "host": pa.array(["github.com"] * len(ids)),
                    "owner": _ids("org", owners.to_numpy(), 5),
                    "paper_count": pa.array(1 + rng.poisson(0.5, len(ids)))}, NODE_SCHEMA)
    repos = repos.take(pc.sort_indices(repos, [("id", "ascending")]))
    owner_ids = pc.binary_join_element_wise(pa.scalar("owner:github.com/"), owner_names, "")
    code_owners = _table({"id": owner_ids, "type": pa.array([model.CODE_OWNER] * len(owner_ids)),
                          "name": owner_names, "host": pa.array(["github.com"] * len(owner_ids)),
                          "paper_count": pa.array(1 + rng.poisson(20, len(owner_ids)))}, NODE_SCHEMA)
    owned_by = _table({"source": repos.column("id"),
                       "target": pc.binary_join_element_wise(pa.scalar("owner:github.com/"), repos.column("owner"), ""),
                       "type": pa.array([model.OWNED_BY] * len(repos))}, EDGE_SCHEMA)
    return repos, code_owners, owned_by


def write_synthetic_tables(papers: int, nodes_path: Path, edges_path: Path, seed: int = 0) -> tuple[int, int]:
    """Write both tables; return (nodes, edges)."""
    rng = np.random.default_rng(seed)
    meta = json.dumps({"kg_version": "synthetic", "mode": "synthetic", "schema": SCHEMA_VERSION},
                      sort_keys=True).encode()
    counts = [0, 0]
    repos, code_owners, owned_by = _repositories(rng, papers)
    with pq.ParquetWriter(nodes_path, NODE_SCHEMA.with_metadata({META_KEY: meta}), compression="zstd") as nodes, \
            pq.ParquetWriter(edges_path, EDGE_SCHEMA.with_metadata({META_KEY: meta}), compression="zstd") as edges:
        def add(writer: pq.ParquetWriter, table: pa.Table, slot: int) -> None:
            writer.write_table(table, row_group_size=ROW_GROUP)
            counts[slot] += len(table)

        # Node ids sort by their prefix first: author, concept, dataset, method, metric, owner, paper, repo, task.
        for label in (model.AUTHOR, model.CONCEPT, model.DATASET, model.METHOD, model.METRIC):
            for table in _entity_nodes(rng, label, papers):
                add(nodes, table, 0)
        add(nodes, code_owners, 0)
        for first in range(0, papers, CHUNK):
            paper_nodes, paper_edges = _paper_chunk(rng, first, min(CHUNK, papers - first), papers)
            add(nodes, paper_nodes, 0)
            add(edges, paper_edges, 1)
        add(nodes, repos, 0)
        add(edges, owned_by, 1)
        for table in _entity_nodes(rng, model.TASK, papers):
            add(nodes, table, 0)
    return counts[0], counts[1]


if __name__ == "__main__":
    target = Path(sys.argv[2])
    print(*write_synthetic_tables(int(sys.argv[1]), target / "nodes.parquet", target / "edges.parquet"))

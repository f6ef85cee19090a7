"""Small kg graphs built by hand for the linking and analytics tests, shaped as docs/graph-model.md says."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping

import networkx as nx
import numpy as np

from kg import model
from kg.graph.link_arrays import PaperItems
from kg.graph.linking import paper_items, papers, salience
from kg.graph.specificity import item_specificity


def add_paper(G: nx.DiGraph, paper: str, title: str | None = None) -> str:
    G.add_node(paper, type=model.PAPER, name=title or paper, title=title or paper,
               abstract=f"Abstract of {title or paper}.")
    return paper


def add_entity(G: nx.DiGraph, entity: str, name: str | None = None) -> str:
    """An entity node from its id, e.g. 'method:lora' -> Method 'lora' (or the `name` given)."""
    prefix, key = entity.split(":", 1)
    kind = {t.lower(): t for t in model.ENTITY_TYPES}[prefix]
    if entity not in G:
        G.add_node(entity, type=kind, name=name or key, aliases=[name or key])
    return entity


def mention(G: nx.DiGraph, paper: str, entity: str, *, name: str | None = None, times: int = 1) -> None:
    """`paper` mentions `entity` `times` times in its abstract."""
    add_entity(G, entity, name)
    kind = G.nodes[entity]["type"]
    G.add_edge(paper, entity, type=model.MENTION_EDGE[kind],
               evidence=[{"sentence": f"We use {entity} ({n}).", "start": 7, "end": 7 + len(entity),
                          "text": entity} for n in range(times)])


def add_code(G: nx.DiGraph, paper: str, owner: str, name: str) -> str:
    repo = model.repository_id("github.com", owner, name)
    code_owner = model.code_owner_id("github.com", owner)
    G.add_node(repo, type=model.REPOSITORY, name=name, url=f"https://github.com/{owner}/{name}",
               host="github.com", owner=owner)
    G.add_node(code_owner, type=model.CODE_OWNER, name=owner, host="github.com")
    G.add_edge(paper, repo, type=model.HAS_CODE, evidence=[])
    G.add_edge(repo, code_owner, type=model.OWNED_BY)
    return repo


def add_author(G: nx.DiGraph, paper: str, name: str) -> str:
    author = model.author_id(name)
    G.add_node(author, type=model.AUTHOR, name=name)
    G.add_edge(paper, author, type=model.AUTHORED_BY)
    return author


def paper_graph(mentions: Mapping[str, Iterable[str]],
                code: Mapping[str, Iterable[tuple[str, str]]] | None = None) -> nx.DiGraph:
    """Papers (by id) with the entities they mention and the (owner, repo) code they link."""
    G = nx.DiGraph(kg_version="test", schema=1, mode="test")
    for paper, entities in mentions.items():
        add_paper(G, paper)
        for entity in entities:
            mention(G, paper, entity)
    for paper, repos in (code or {}).items():
        for owner, name in repos:
            add_code(G, paper, owner, name)
    return G


def random_graph(papers: int, entities: int, *, seed: int, per_paper: int = 6) -> nx.DiGraph:
    """Papers mentioning entities drawn with skewed frequencies, plus some shared code."""
    rng = random.Random(seed)
    kinds = [t.lower() for t in model.ENTITY_TYPES]
    names = [f"{kinds[i % len(kinds)]}:e{i}" for i in range(entities)]
    weights = [1 / (rank + 1) for rank in range(entities)]
    mentions = {f"paper:arxiv:{i:05d}": set(rng.choices(names, weights, k=rng.randint(1, per_paper)))
                for i in range(papers)}
    code = {paper: [(f"o{rng.randint(0, 9)}", f"r{rng.randint(0, papers // 3)}")]
            for paper in mentions if rng.random() < 0.3}
    return paper_graph({p: sorted(e) for p, e in mentions.items()}, code)


def shuffled_copy(G: nx.DiGraph, *, seed: int) -> nx.DiGraph:
    """The same graph with nodes and edges inserted in another order."""
    rng = random.Random(seed)
    nodes = list(G.nodes(data=True))
    edges = list(G.edges(data=True))
    rng.shuffle(nodes)
    rng.shuffle(edges)
    H = nx.DiGraph(**G.graph)
    H.add_nodes_from((n, dict(d)) for n, d in nodes)
    H.add_edges_from((u, v, dict(d)) for u, v, d in edges)
    return H


def with_varied_salience(G: nx.DiGraph, *, seed: int) -> nx.DiGraph:
    """Some mentions repeated, some names generic, so salience and specificity vary."""
    rng = random.Random(seed)
    for _, entity, data in sorted(G.edges(data=True)):
        if data.get("evidence") and rng.random() < 0.3:
            data["evidence"] = data["evidence"] * 2
    for node, kind in sorted(G.nodes(data="type")):
        if kind in ("Method", "Task") and rng.random() < 0.2:
            G.nodes[node]["name"] = G.nodes[node]["aliases"][0] = rng.choice(["model", "deep network"])
    return G


def every_item(G: nx.DiGraph) -> PaperItems:
    """Every item of every paper as arrays, int64 indices: what a caller without linking's own filter
    (kg.graph.linking.graph_paper_items) passes, e.g. one working from edge tables."""
    items_of = paper_items(G)
    item_ids = sorted({item for linked in items_of.values() for item in linked})
    row_of = {item: row for row, item in enumerate(item_ids)}
    rows = [sorted(items_of[paper], key=row_of.__getitem__) for paper in papers(G)]
    return PaperItems(
        item_ids=item_ids,
        item_kinds=[G.nodes[item]["type"] for item in item_ids],
        item_specificity=np.array([item_specificity(G, item) for item in item_ids]),
        indptr=np.concatenate(([0], np.cumsum([len(row) for row in rows]))).astype(np.int64),
        indices=np.array([row_of[item] for row in rows for item in row], dtype=np.int64),
        salience=np.array([salience(G, paper, item) for paper, row in zip(papers(G), rows) for item in row]),
    )

"""Synthetic kg graphs for the linking/analytics benchmarks: papers over a Zipf-distributed entity
vocabulary, with some shared code repositories, code owners and authors.

`profile_of(graph.json)` measures a real graph (mentions per paper, entity type mix, the Zipf
exponent of entity frequencies, share of papers with code) so synthetic corpora can follow it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from kg.model import (
    AUTHOR, AUTHORED_BY, CODE_OWNER, ENTITY_TYPES, HAS_CODE, MENTION_EDGE, OWNED_BY, PAPER,
    REPOSITORY,
)


@dataclass(frozen=True)
class CorpusProfile:
    """The distribution a synthetic corpus is drawn from."""

    entities: int = 20_000
    mentions_per_paper: float = 8.0
    zipf_exponent: float = 1.0
    type_mix: dict[str, float] = field(default_factory=lambda: {
        "Method": 0.35, "Dataset": 0.2, "Task": 0.2, "Metric": 0.1, "Concept": 0.15})
    code_share: float = 0.3
    authors_per_paper: float = 4.0


def synthetic_graph(papers: int, profile: CorpusProfile = CorpusProfile(), *,
                    seed: int = 0) -> nx.DiGraph:
    """A kg-shaped DiGraph of `papers` papers drawn from `profile` (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    G = nx.DiGraph(mode="synthetic")
    ranks = np.arange(1, profile.entities + 1)
    probability = ranks ** -profile.zipf_exponent
    probability /= probability.sum()
    types = rng.choice(list(profile.type_mix), size=profile.entities,
                       p=np.array(list(profile.type_mix.values())) / sum(profile.type_mix.values()))
    entity_ids = [f"{kind.lower()}:e{rank}" for kind, rank in zip(types, ranks)]
    counts = 1 + rng.poisson(profile.mentions_per_paper - 1, size=papers)
    draws = rng.choice(profile.entities, size=int(counts.sum()), p=probability)
    owners = max(1, papers // 20)
    owner_p = np.arange(1, owners + 1) ** -1.1
    owner_p /= owner_p.sum()
    author_pool = max(1, papers * 2)
    author_p = np.arange(1, author_pool + 1) ** -0.8
    author_p /= author_p.sum()
    n_authors = rng.poisson(profile.authors_per_paper, size=papers)
    author_draws = rng.choice(author_pool, size=int(n_authors.sum()), p=author_p)

    offset = author_offset = 0
    for index in range(papers):
        paper = f"paper:arxiv:{index:07d}"
        G.add_node(paper, type=PAPER, name=f"Paper {index}", title=f"Paper {index}",
                   abstract="synthetic")
        for entity in sorted(set(draws[offset:offset + counts[index]].tolist())):
            kind = str(types[entity])
            node = entity_ids[entity]
            if node not in G:
                G.add_node(node, type=kind, name=node.split(":", 1)[1], aliases=[node])
            G.add_edge(paper, node, type=MENTION_EDGE[kind], evidence=[])
        offset += counts[index]
        for author in sorted(set(author_draws[author_offset:author_offset + n_authors[index]])):
            node = f"author:a{author}"
            if node not in G:
                G.add_node(node, type=AUTHOR, name=node)
            G.add_edge(paper, node, type=AUTHORED_BY)
        author_offset += n_authors[index]
        if rng.random() < profile.code_share:
            owner = int(rng.choice(owners, p=owner_p))
            # One repository in ten is shared with another paper of the same owner.
            repo_name = f"r{index // 10}" if rng.random() < 0.1 else f"p{index}"
            repo = f"repo:github.com/o{owner}/{repo_name}"
            owner_node = f"owner:github.com/o{owner}"
            G.add_node(repo, type=REPOSITORY, name=repo_name, host="github.com", owner=f"o{owner}")
            G.add_node(owner_node, type=CODE_OWNER, name=f"o{owner}", host="github.com")
            G.add_edge(paper, repo, type=HAS_CODE, evidence=[])
            G.add_edge(repo, owner_node, type=OWNED_BY)
    return G


def profile_of(G: nx.DiGraph) -> CorpusProfile:
    """The distribution of a real graph, for corpora that look like it at a larger size."""
    paper_nodes = [n for n, kind in G.nodes(data="type") if kind == PAPER]
    if not paper_nodes:
        raise ValueError("graph has no papers to take a profile from")
    entity_types = set(ENTITY_TYPES)
    df = sorted((G.in_degree(n) for n, kind in G.nodes(data="type") if kind in entity_types),
                reverse=True)
    if len(df) < 2:
        raise ValueError("graph has too few entities to take a profile from")
    mix: dict[str, float] = {}
    for _, kind in G.nodes(data="type"):
        if kind in entity_types:
            mix[kind] = mix.get(kind, 0) + 1
    # Zipf exponent: slope of log(frequency) over log(rank), least squares.
    x = np.log(np.arange(1, len(df) + 1))
    y = np.log(np.maximum(df, 1))
    exponent = float(-np.polyfit(x, y, 1)[0])
    with_code = sum(1 for p in paper_nodes
                    if any(G.nodes[t].get("type") == REPOSITORY for t in G.successors(p)))
    authors = sum(1 for p in paper_nodes for t in G.successors(p) if G.nodes[t].get("type") == AUTHOR)
    mentions = sum(df) / len(paper_nodes)
    return CorpusProfile(
        entities=20_000,
        mentions_per_paper=max(1.0, mentions),
        zipf_exponent=max(0.5, min(exponent, 2.0)) if math.isfinite(exponent) else 1.0,
        type_mix=mix,
        code_share=with_code / len(paper_nodes),
        authors_per_paper=authors / len(paper_nodes),
    )

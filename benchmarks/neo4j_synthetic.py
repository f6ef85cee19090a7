"""A synthetic kg graph of any size, shaped like the real one, for Neo4j benchmarks and fault tests.

Entity popularity is skewed (a few methods and datasets are used by many papers, most by few),
every mention edge carries one evidence record, papers link to code and authors, and related
papers are joined by RELATED_TO with a score and the shared ids. Same `papers` and `seed` give
the same graph.
"""

from __future__ import annotations

import random

import networkx as nx

from kg import model

# Per paper: (edge type, entity type, how many edges at most).
_MENTIONS = (
    (model.USES, model.METHOD, 4),
    (model.EVALUATES_ON, model.DATASET, 3),
    (model.ADDRESSES, model.TASK, 2),
    (model.REPORTS, model.METRIC, 2),
    (model.MENTIONS, model.CONCEPT, 4),
)


def synthetic_graph(papers: int, seed: int = 0) -> nx.DiGraph:
    """A graph with `papers` papers and roughly 18 relationships per paper."""
    rng = random.Random(seed)
    graph = nx.DiGraph(kg_version="synthetic", mode="synthetic")
    pools = {
        model.METHOD: max(papers // 8, 5),
        model.DATASET: max(papers // 40, 5),
        model.TASK: max(papers // 150, 3),
        model.METRIC: max(papers // 500, 3),
        model.CONCEPT: max(papers // 4, 5),
    }
    for entity_type, size in pools.items():
        for index in range(size):
            name = f"{entity_type} {index}"
            graph.add_node(model.entity_id(entity_type, name), type=entity_type, name=name,
                           aliases=[name, name.upper()])
    owners = max(papers // 6, 1)
    for index in range(owners):
        graph.add_node(f"owner:github.com/org{index}", type=model.CODE_OWNER, name=f"org{index}", host="github.com")
    authors = max(papers, 1)
    for index in range(authors):
        name = f"Author {index}"
        graph.add_node(model.author_id(name), type=model.AUTHOR, name=name)

    paper_ids = [f"paper:arxiv:{2000 + index // 99999:04d}.{index % 99999:05d}" for index in range(papers)]
    for index, paper in enumerate(paper_ids):
        title = f"Paper {index}: a study of things"
        graph.add_node(paper, type=model.PAPER, name=title, title=title,
                       abstract=f"We study thing {index}. It is good.", arxiv_id=paper.split(":")[-1],
                       published="2024-01-01", community=index % 50, pagerank=1.0 / (index + 1),
                       authors=[f"Author {index}"], sources=[f"synthetic.jsonl:{index + 1}"])
        if index % 3 == 0:
            method = model.entity_id(model.METHOD, f"{model.METHOD} {index % pools[model.METHOD]}")
            graph.add_edge(paper, method, type=model.PROPOSES, evidence=_evidence(title, "Paper"))
        for edge_type, entity_type, most in _MENTIONS:
            for _ in range(rng.randint(1, most)):
                # Squaring a uniform draw favours low indexes: a long-tailed popularity.
                pick = int(pools[entity_type] * rng.random() ** 2)
                target = model.entity_id(entity_type, f"{entity_type} {pick}")
                if not graph.has_edge(paper, target):
                    graph.add_edge(paper, target, type=edge_type,
                                   evidence=_evidence(f"We use {entity_type} {pick} here.", f"{entity_type} {pick}"))
        graph.add_edge(paper, model.author_id(f"Author {rng.randrange(authors)}"), type=model.AUTHORED_BY)
        if index % 2 == 0:
            owner = rng.randrange(owners)
            repo = f"repo:github.com/org{owner}/project{index}"
            graph.add_node(repo, type=model.REPOSITORY, name=f"org{owner}/project{index}", host="github.com",
                           owner=f"org{owner}", url=f"https://github.com/org{owner}/project{index}")
            graph.add_edge(repo, f"owner:github.com/org{owner}", type=model.OWNED_BY)
            graph.add_edge(paper, repo, type=model.HAS_CODE,
                           evidence=_evidence(f"Code: https://github.com/org{owner}/project{index}", "https"))
    for index, paper in enumerate(paper_ids):
        for _ in range(3):
            other = paper_ids[rng.randrange(papers)]
            if other != paper:
                low, high = sorted((paper, other))
                shared = model.entity_id(model.CONCEPT, f"{model.CONCEPT} {rng.randrange(pools[model.CONCEPT])}")
                graph.add_edge(low, high, type=model.RELATED_TO, score=round(rng.random(), 4), shared=[shared])
    return graph


def _evidence(sentence: str, text: str) -> list[dict[str, object]]:
    start = sentence.index(text)
    return [{"sentence": sentence, "start": start, "end": start + len(text), "text": text}]

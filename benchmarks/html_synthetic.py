"""A synthetic graph the size of the seed graph, following docs/graph-model.md, for the HTML benchmarks.

Entity use is skewed (a few methods/datasets in many papers, most entities in one), as in real extraction
output, because that skew is what drives degree, layout and reduction cost.
"""

from __future__ import annotations

import random

import networkx as nx

from kg import model

ENTITY_COUNTS: dict[str, int] = {
    model.METHOD: 1400, model.DATASET: 600, model.TASK: 700, model.METRIC: 300, model.CONCEPT: 1000,
}
WORDS = (
    "adaptive sparse attention diffusion graph neural low-rank adapter vision language retrieval "
    "contrastive masked token reasoning agent policy reward multimodal robust efficient scalable "
    "latent video speech protein molecule segmentation detection benchmark instruction alignment"
).split()


def _phrase(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def synthetic_graph(
    papers: int = 426, repositories: int = 100, related: int = 900, seed: int = 7,
) -> nx.DiGraph:
    """Papers linked to skewed entity mentions, code repositories with owners, and RELATED_TO pairs."""
    rng = random.Random(seed)
    G = nx.DiGraph(kg_version="synthetic", schema=1, mode="synthetic")
    entities: list[tuple[str, str]] = []
    for etype, count in ENTITY_COUNTS.items():
        for index in range(count):
            name = f"{_phrase(rng, 2).title()} {etype[:2].upper()}{index}"
            node_id = model.entity_id(etype, name)
            G.add_node(node_id, type=etype, name=name, aliases=[name], paper_count=0)
            entities.append((node_id, name))
    weights = [1.0 / (rank + 1) ** 0.7 for rank in range(len(entities))]
    rng.shuffle(weights)
    paper_ids: list[str] = []
    for index in range(papers):
        arxiv = f"24{index // 100:02d}.{10000 + index:05d}"
        pid = model.paper_id(arxiv, None, "")
        title = f"{_phrase(rng, 6).capitalize()}: {_phrase(rng, 4)}"
        sentence = f"We study {_phrase(rng, 8)} and report {_phrase(rng, 5)}."
        G.add_node(
            pid, type=model.PAPER, name=title, title=title, abstract=" ".join([sentence] * 6),
            arxiv_id=arxiv, url=f"https://arxiv.org/abs/{arxiv}", published="2024-03-17",
            pages=[f"https://example.org/project{index}"] if index % 7 == 0 else [],
            sources=[f"seeds/synthetic.txt:{index + 1}"],
        )
        paper_ids.append(pid)
        for node_id, name in sorted(set(rng.choices(entities, weights=weights, k=rng.randint(6, 14)))):
            etype = G.nodes[node_id]["type"]
            text = f"Using {name} we {_phrase(rng, 5)}."
            edge = model.PROPOSES if etype == model.METHOD and rng.random() < 0.1 else model.MENTION_EDGE[etype]
            evidence = [{"sentence": text, "start": 6, "end": 6 + len(name), "text": name}]
            G.add_edge(pid, node_id, type=edge, evidence=evidence)
            G.nodes[node_id]["paper_count"] += 1
    owners = max(1, repositories * 9 // 10)
    for index in range(repositories):
        owner = f"lab{index % owners}"
        rid = model.repository_id("github.com", owner, f"repo{index}")
        oid = model.code_owner_id("github.com", owner)
        G.add_node(rid, type=model.REPOSITORY, name=f"repo{index}", url=f"https://github.com/{owner}/repo{index}",
                   host="github.com", owner=owner, paper_count=1)
        G.add_node(oid, type=model.CODE_OWNER, name=owner, host="github.com", paper_count=1)
        G.add_edge(rid, oid, type=model.OWNED_BY)
        sentence = f"Code is at https://github.com/{owner}/repo{index}."
        G.add_edge(rng.choice(paper_ids), rid, type=model.HAS_CODE,
                   evidence=[{"sentence": sentence, "start": 11, "end": len(sentence) - 1, "text": sentence[11:-1]}])
    for _ in range(related):
        first, second = sorted(rng.sample(paper_ids, 2))
        G.add_edge(first, second, type=model.RELATED_TO, score=round(rng.random(), 3), shared=[])
    G.remove_nodes_from([n for n, d in G.nodes(data=True) if d.get("paper_count") == 0])
    return G

"""Graphs for the page tests, written out by hand after docs/graph-model.md: every node type, evidence on
mention edges, a RELATED_TO pair, and one paper whose title and abstract try to inject markup and script."""

from __future__ import annotations

import random

import networkx as nx

from kg import model
from kg.graph.analytics import annotate

HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
HOSTILE_ABSTRACT = (
    "We break out: </script><script>window.kgPwned = 1</script> <!-- and \u2028 line separators \u2029 -->"
    ' plus <b onmouseover="alert(2)">bold</b> & ampersands.'
)
HOSTILE_ID = model.paper_id("2401.00666", None, HOSTILE_TITLE)
LORA_PAPER = model.paper_id("2106.09685", None, "")
DIFFUSION_PAPER = model.paper_id(None, "10.1000/Diffusion.42", "")
TITLE_ONLY_PAPER = model.paper_id(None, None, "Scaling Laws for Adapters")
LORA_SENTENCE = "We propose Low-Rank Adaptation (LoRA), which freezes it."


def _evidence(sentence: str, text: str) -> list[dict]:
    start = sentence.index(text)
    return [{"sentence": sentence, "start": start, "end": start + len(text), "text": text}]


def sample_graph() -> nx.DiGraph:
    """Four papers, one of each other node type (two methods), every edge type."""
    G = nx.DiGraph(kg_version="test", schema=1, mode="default")
    lora_abstract = (
        "We propose Low-Rank Adaptation (LoRA), which freezes the pretrained weights. "
        "LoRA matches fine-tuning on GLUE. Code: https://github.com/microsoft/LoRA"
    )
    G.add_node(LORA_PAPER, type=model.PAPER, name="LoRA: Low-Rank Adaptation of Large Language Models",
               title="LoRA: Low-Rank Adaptation of Large Language Models", abstract=lora_abstract,
               arxiv_id="2106.09685", url="https://arxiv.org/abs/2106.09685", published="2021-06-17",
               authors=["Edward J. Hu", "Yelong Shen"], pages=["https://lora.example.org/"],
               sources=["seeds/page.txt:12"])
    G.add_node(DIFFUSION_PAPER, type=model.PAPER, name="Denoising Diffusion for Image Synthesis",
               title="Denoising Diffusion for Image Synthesis", doi="10.1000/diffusion.42",
               abstract="We train diffusion models on CIFAR-10 and report FID.", sources=["seeds/page.txt:40"])
    G.add_node(TITLE_ONLY_PAPER, type=model.PAPER, name="Scaling Laws for Adapters",
               title="Scaling Laws for Adapters", abstract="Adapters such as LoRA scale predictably.",
               sources=["seeds/page.txt:77"])
    G.add_node(HOSTILE_ID, type=model.PAPER, name=HOSTILE_TITLE, title=HOSTILE_TITLE, abstract=HOSTILE_ABSTRACT,
               arxiv_id="2401.00666", url="javascript:alert(3)", pages=["javascript:alert(4)"],
               sources=["seeds/page.txt:99"])
    entities = {
        "method:lora": (model.METHOD, "LoRA", ["LoRA", "Low-Rank Adaptation"]),
        "method:diffusion-model": (model.METHOD, "diffusion model", ["diffusion models"]),
        "dataset:cifar-10": (model.DATASET, "CIFAR-10", ["CIFAR-10"]),
        "task:image-generation": (model.TASK, "image generation", ["image synthesis"]),
        "metric:fid": (model.METRIC, "FID", ["FID"]),
        "concept:pretrained-weights": (model.CONCEPT, "pretrained weights", ["pretrained weights"]),
    }
    for node_id, (node_type, name, aliases) in entities.items():
        G.add_node(node_id, type=node_type, name=name, aliases=sorted(aliases), paper_count=0)
    mentions = [
        (LORA_PAPER, "method:lora", model.PROPOSES, LORA_SENTENCE, "LoRA"),
        (LORA_PAPER, "concept:pretrained-weights", model.MENTIONS, "LoRA freezes the pretrained weights.",
         "pretrained weights"),
        (TITLE_ONLY_PAPER, "method:lora", model.USES, "Adapters such as LoRA scale predictably.", "LoRA"),
        (DIFFUSION_PAPER, "method:diffusion-model", model.USES, "We train diffusion models on CIFAR-10.",
         "diffusion models"),
        (DIFFUSION_PAPER, "dataset:cifar-10", model.EVALUATES_ON, "We train diffusion models on CIFAR-10.",
         "CIFAR-10"),
        (DIFFUSION_PAPER, "task:image-generation", model.ADDRESSES, "Denoising Diffusion for Image Synthesis",
         "Image Synthesis"),
        (DIFFUSION_PAPER, "metric:fid", model.REPORTS, "We report FID.", "FID"),
        (HOSTILE_ID, "method:lora", model.USES, "We use LoRA <script>alert(5)</script> here.", "LoRA"),
    ]
    for paper, entity, edge_type, sentence, text in mentions:
        G.add_edge(paper, entity, type=edge_type, evidence=_evidence(sentence, text))
        G.nodes[entity]["paper_count"] += 1
    repo, owner = "repo:github.com/microsoft/lora", "owner:github.com/microsoft"
    G.add_node(repo, type=model.REPOSITORY, name="LoRA", url="https://github.com/microsoft/LoRA",
               host="github.com", owner="microsoft", paper_count=1)
    G.add_node(owner, type=model.CODE_OWNER, name="microsoft", host="github.com", paper_count=1)
    G.add_edge(LORA_PAPER, repo, type=model.HAS_CODE,
               evidence=_evidence("Code: https://github.com/microsoft/LoRA", "https://github.com/microsoft/LoRA"))
    G.add_edge(repo, owner, type=model.OWNED_BY)
    G.add_node("author:edward-j-hu", type=model.AUTHOR, name="Edward J. Hu", paper_count=1)
    G.add_edge(LORA_PAPER, "author:edward-j-hu", type=model.AUTHORED_BY)
    first, second = sorted([LORA_PAPER, TITLE_ONLY_PAPER])
    G.add_edge(first, second, type=model.RELATED_TO, score=0.5, shared=["method:lora"])
    return G


def lora_named_twice() -> nx.DiGraph:
    """The sample graph where LoRA's sentence names it by both aliases and also backs a Concept link, as
    extraction records it: one evidence item per mention."""
    G = sample_graph()
    G.edges[LORA_PAPER, "method:lora"]["evidence"] += _evidence(LORA_SENTENCE, "Low-Rank Adaptation")
    G.add_node("concept:low-rank", type=model.CONCEPT, name="low-rank", aliases=["Low-Rank"], paper_count=1)
    G.add_edge(LORA_PAPER, "concept:low-rank", type=model.MENTIONS, evidence=_evidence(LORA_SENTENCE, "Low-Rank"))
    return G


def grid_graph(papers: int, entities_per_paper: int, hubs: int, hubs_per_paper: int = 1) -> nx.DiGraph:
    """A larger model-shaped graph: each paper links to a few shared hub methods and its own datasets."""
    G = nx.DiGraph(kg_version="test", schema=1, mode="default")
    for h in range(hubs):
        G.add_node(f"method:hub-{h}", type=model.METHOD, name=f"Hub method {h}", aliases=[f"Hub method {h}"],
                   paper_count=0)
    for p in range(papers):
        pid = model.paper_id(f"2402.{p:05d}", None, "")
        G.add_node(pid, type=model.PAPER, name=f"Paper {p}", title=f"Paper {p}", abstract=f"Abstract {p}.")
        for h in sorted({(p + j) % hubs for j in range(hubs_per_paper)}):
            hub = f"method:hub-{h}"
            G.add_edge(pid, hub, type=model.USES, evidence=_evidence(f"We use Hub method {h}.", f"Hub method {h}"))
            G.nodes[hub]["paper_count"] += 1
        for e in range(entities_per_paper):
            did = f"dataset:set-{p}-{e}"
            G.add_node(did, type=model.DATASET, name=f"Set {p}-{e}", aliases=[f"Set {p}-{e}"], paper_count=1)
            G.add_edge(pid, did, type=model.EVALUATES_ON)
    return G


def tasks_and_concepts_graph(papers: int, per_paper: int) -> nx.DiGraph:
    """Papers each with their own one-paper Tasks and Concepts, and one Method shared by two papers."""
    G = nx.DiGraph(kg_version="test", schema=1, mode="default")
    G.add_node("method:shared", type=model.METHOD, name="shared", paper_count=2)
    for p in range(papers):
        pid = model.paper_id(f"2405.{p:05d}", None, "")
        G.add_node(pid, type=model.PAPER, name=f"Paper {p}", title=f"Paper {p}")
        for k in range(per_paper):
            for node_type in (model.TASK, model.CONCEPT):
                node = model.entity_id(node_type, f"{node_type} {p}-{k}")
                G.add_node(node, type=node_type, name=f"{node_type} {p}-{k}", paper_count=1)
                G.add_edge(pid, node, type=model.MENTIONS if node_type == model.CONCEPT else model.ADDRESSES)
    for p in range(2):
        G.add_edge(model.paper_id(f"2405.{p:05d}", None, ""), "method:shared", type=model.USES)
    return G


def clustered_graph(areas: int = 3, papers_per_area: int = 40, islands: int = 24, seed: int = 5) -> nx.DiGraph:
    """A seed-shaped graph over 300 nodes: research areas whose papers share the area's methods and a
    dataset, one metric every area reports, single-paper datasets and repositories with owners, RELATED_TO
    links within areas, and small groups linked to nothing else (a paper alone, a paper and its method,
    a paper with its code). Communities and PageRank come from the real `annotate`, as in `kg build`."""
    rng = random.Random(seed)
    G = nx.DiGraph(kg_version="test", schema=1, mode="default")
    G.add_node("metric:accuracy", type=model.METRIC, name="Accuracy", aliases=["accuracy"])
    papers_of: list[list[str]] = []
    for a in range(areas):
        hubs = [model.entity_id(model.METHOD, f"Area {a} method {h}") for h in range(3)]
        for h, hub in enumerate(hubs):
            G.add_node(hub, type=model.METHOD, name=f"Area {a} method {h}", aliases=[f"Area {a} method {h}"])
        shared_set = model.entity_id(model.DATASET, f"Area {a} benchmark")
        G.add_node(shared_set, type=model.DATASET, name=f"Area {a} benchmark", aliases=[f"Area {a} benchmark"])
        members = []
        for p in range(papers_per_area):
            pid = model.paper_id(f"2403.{a:02d}{p:03d}", None, "")
            G.add_node(pid, type=model.PAPER, name=f"Area {a} paper {p}", title=f"Area {a} paper {p}",
                       abstract=f"Paper {p} of area {a}.")
            for hub in rng.sample(hubs, 2) + ([shared_set] if p % 3 == 0 else []):
                G.add_edge(pid, hub, type=model.USES if hub in hubs else model.EVALUATES_ON)
            if p % 4 == 0:
                G.add_edge(pid, "metric:accuracy", type=model.REPORTS)
            own = model.entity_id(model.DATASET, f"Set {a}-{p}")
            G.add_node(own, type=model.DATASET, name=f"Set {a}-{p}", aliases=[f"Set {a}-{p}"])
            G.add_edge(pid, own, type=model.EVALUATES_ON)
            if p % 5 == 0:
                repo, owner = model.repository_id("github.com", f"lab{a}{p}", "code"), model.code_owner_id(
                    "github.com", f"lab{a}{p}")
                G.add_node(repo, type=model.REPOSITORY, name=f"lab{a}{p}/code", url=f"https://github.com/lab{a}{p}/code")
                G.add_node(owner, type=model.CODE_OWNER, name=f"lab{a}{p}")
                G.add_edge(pid, repo, type=model.HAS_CODE)
                G.add_edge(repo, owner, type=model.OWNED_BY)
            members.append(pid)
        papers_of.append(members)
    for members in papers_of:
        for p in members:
            for q in rng.sample(members, 4):
                if p != q:
                    first, second = sorted((p, q))
                    shared = sorted(n for n in set(G.successors(first)) & set(G.successors(second))
                                    if G.nodes[n]["type"] != model.PAPER)
                    G.add_edge(first, second, type=model.RELATED_TO, score=round(0.5 + rng.random(), 3), shared=shared)
    for i in range(islands):
        pid = model.paper_id(f"2404.{i:05d}", None, "")
        G.add_node(pid, type=model.PAPER, name=f"Island paper {i}", title=f"Island paper {i}", abstract="Alone.")
        for k in range(i % 3):
            other = model.entity_id(model.METHOD, f"Island method {i}-{k}")
            G.add_node(other, type=model.METHOD, name=f"Island method {i}-{k}", aliases=[f"Island method {i}-{k}"])
            G.add_edge(pid, other, type=model.USES)
    annotate(G)
    return G

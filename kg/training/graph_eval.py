"""Run kg's extraction and canonicalization over gold texts and read back what the graph holds.

The graph is made the way `kg build` makes it (the extractor of a mode, then the corpus-wide entity index
that merges mentions into typed nodes), in memory: gold texts have no files, titles or ids of their own.
Scores then read the graph, not the raw extractor output, so gazetteer, rules, NER, typing, merging and
filtering all count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

from kg.extract.pipeline import load_extractor
from kg.graph.build import build_graph
from kg.graph.canonical import build_entity_index
from kg.model import ENTITY_TYPES
from kg.records import PaperRecord
from kg.training.corpus import GoldDoc
from kg.training.scoring import SpanKey, SpanScores

# Documents per nlp.pipe batch; as kg build uses (kg.builder), so the NER sees the same batches.
BATCH_SIZE = {"default": 32, "fast": 256}


@dataclass(frozen=True, slots=True)
class LinkedEntity:
    """An entity node a paper links to: its type, canonical name and every written form of it."""

    entity_id: str
    type: str
    name: str
    aliases: tuple[str, ...]


def pipeline_graph(papers: Sequence[tuple[str, str, str]], mode: str) -> nx.DiGraph:
    """The graph of (paper id, title, abstract) texts: paper nodes, entity nodes and mention edges."""
    extractor = load_extractor(mode)
    extractions = list(extractor.extract(papers, batch_size=BATCH_SIZE[mode]))
    records = [(paper_id, PaperRecord(title=title, abstract=abstract)) for paper_id, title, abstract in papers]
    return build_graph(records, extractions, build_entity_index(extractions, extractor.gazetteer))


def linked_entities(graph: nx.DiGraph, paper_id: str) -> list[LinkedEntity]:
    """The entity nodes `paper_id` has an edge to, sorted by id."""
    out = []
    for _, target in graph.out_edges(paper_id):
        data = graph.nodes[target]
        if data["type"] in ENTITY_TYPES:
            out.append(LinkedEntity(target, data["type"], data["name"], tuple(data.get("aliases", ()))))
    return sorted(out, key=lambda entity: entity.entity_id)


def graph_spans(graph: nx.DiGraph, paper_id: str, text: str, to_gold: dict[str, str]) -> set[SpanKey]:
    """Character spans in `text` of the paper's mention evidence, typed by their node's type in gold terms.

    Evidence sentences are slices of the text the extractor saw (`text` stripped when there is no title),
    so each is found in `text`; nodes of a type `to_gold` lacks are left out.
    """
    spans: set[SpanKey] = set()
    for _, target, data in graph.out_edges(paper_id, data=True):
        label = to_gold.get(graph.nodes[target]["type"])
        if label is None:
            continue
        for evidence in data.get("evidence", ()):
            offset = text.find(evidence["sentence"])
            if offset >= 0:
                spans.add((offset + evidence["start"], offset + evidence["end"], label))
    return spans


def evaluate_pipeline(gold_docs: Sequence[GoldDoc], labels: tuple[str, ...], to_gold: dict[str, str], mode: str) -> SpanScores:
    """Exact-span scores of the graph's mentions (typed as their nodes) on gold documents without titles."""
    ids = [f"gold:{index}" for index in range(len(gold_docs))]
    graph = pipeline_graph([(paper_id, "", gold.text) for paper_id, gold in zip(ids, gold_docs)], mode)
    scores = SpanScores(labels)
    for paper_id, gold in zip(ids, gold_docs):
        scores.add({(span.start, span.end, span.label) for span in gold.spans}, graph_spans(graph, paper_id, gold.text, to_gold))
    return scores

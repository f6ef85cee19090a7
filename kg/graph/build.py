"""Assemble the knowledge graph from deduplicated papers and their extractions.

Pure function of its inputs: the same papers and extractions always give the
same graph, whatever order nodes were added in (outputs sort by id).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx

from kg.graph.canonical import EntityIndex
from kg.extract.code_links import ANONYMOUS_OWNER
from kg.extract.types import CodeLink, Evidence, Extraction
from kg import model
from kg.records import PaperRecord


def build_graph(
    papers: Sequence[tuple[str, PaperRecord]],
    extractions: Iterable[Extraction],
    index: EntityIndex,
) -> nx.DiGraph:
    """Paper, entity, code and author nodes with their mention edges.

    Derived attributes (RELATED_TO, paper_count, community, pagerank) come later from
    kg.graph.linking and kg.graph.analytics.annotate.
    """
    graph = nx.DiGraph()
    for paper_id, record in papers:
        _add_paper(graph, paper_id, record)
    for extraction in extractions:
        _add_extraction(graph, extraction, index)
    return graph


def _add_paper(graph: nx.DiGraph, paper_id: str, record: PaperRecord) -> None:
    attrs: dict[str, object] = {
        "type": model.PAPER,
        "name": record.title,
        "title": record.title,
        "abstract": record.abstract,
        "sources": list(record.sources),
        "pages": [],
    }
    optional = {
        "arxiv_id": record.arxiv_id,
        "doi": record.doi,
        "url": record.url,
        "published": record.published,
    }
    attrs.update({key: value for key, value in optional.items() if value})
    if record.authors:
        attrs["authors"] = list(record.authors)
    if record.categories:
        attrs["categories"] = list(record.categories)
    if record.other_dois:  # a recorded conflict (summary.json's doi_conflicts), kept where users look
        attrs["other_dois"] = list(record.other_dois)
    graph.add_node(paper_id, **attrs)
    for author in record.authors:
        author_node = model.author_id(author)
        if not graph.has_node(author_node):
            graph.add_node(author_node, type=model.AUTHOR, name=author)
        graph.add_edge(paper_id, author_node, type=model.AUTHORED_BY)


def _add_extraction(graph: nx.DiGraph, extraction: Extraction, index: EntityIndex) -> None:
    paper_id = extraction.paper_id
    pages = graph.nodes[paper_id]["pages"]
    for page in extraction.pages:
        if page not in pages:
            pages.append(page)
    for mention in extraction.mentions:
        entity, name = index.resolve(mention, paper_id)
        if not graph.has_node(entity):
            graph.add_node(entity, type=model.entity_type_of(entity), name=name, aliases=index.aliases(entity))
        entity_type = graph.nodes[entity]["type"]
        edge_type = model.PROPOSES if mention.proposed and entity_type == model.METHOD else model.MENTION_EDGE[entity_type]
        _add_evidence_edge(graph, paper_id, entity, edge_type, mention.evidence)
    for link in extraction.code:
        _add_code(graph, paper_id, link)


def _add_evidence_edge(graph: nx.DiGraph, source: str, target: str, edge_type: str, evidence: Evidence | None) -> None:
    """One edge per (paper, node); PROPOSES outranks USES; evidence accumulates without repeats."""
    if graph.has_edge(source, target):
        data = graph.edges[source, target]
        if edge_type == model.PROPOSES:
            data["type"] = model.PROPOSES
    else:
        graph.add_edge(source, target, type=edge_type, evidence=[])
        data = graph.edges[source, target]
    if evidence is not None:
        item = evidence.as_dict()
        if item not in data["evidence"]:
            data["evidence"].append(item)


def _add_code(graph: nx.DiGraph, paper_id: str, link: CodeLink) -> None:
    repo = model.repository_id(link.host, link.owner, link.name)
    owner = model.code_owner_id(link.host, link.owner)
    if not graph.has_node(repo):
        graph.add_node(
            repo,
            type=model.REPOSITORY,
            name=f"{link.owner}/{link.name}",
            url=link.url,
            host=link.host,
            owner=link.owner,
        )
    if link.owner != ANONYMOUS_OWNER:  # anonymized submissions share no real owner
        if not graph.has_node(owner):
            graph.add_node(owner, type=model.CODE_OWNER, name=link.owner, host=link.host)
        graph.add_edge(repo, owner, type=model.OWNED_BY)
    _add_evidence_edge(graph, paper_id, repo, model.HAS_CODE, link.evidence)


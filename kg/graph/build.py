"""Assemble the knowledge graph from deduplicated papers and their extractions.

Pure function of its inputs: the same papers and extractions always give the
same graph, whatever order nodes were added in (outputs sort by id).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx

from kg.graph.canonical import EntityIndex
from kg.extract.code_links import ANONYMOUS_OWNER
from kg.extract.types import CodeLink, Evidence, Extraction, Mention
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


def paper_attributes(record: PaperRecord) -> dict[str, object]:
    """A Paper node's attributes from its record (its `pages` empty until its extraction is added)."""
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
    return attrs


def add_pages(pages: list[str], extraction: Extraction) -> None:
    """The extraction's project pages, each once, after those already listed."""
    for page in extraction.pages:
        if page not in pages:
            pages.append(page)


def mention_target(index: EntityIndex, mention: Mention, paper_id: str) -> tuple[str, str, str]:
    """(entity id, canonical name, edge type) of a paper's mention."""
    entity, name = index.resolve(mention, paper_id)
    return entity, name, mention_edge_type(entity, mention)


def mention_edge_type(entity: str, mention: Mention) -> str:
    """The type of the edge from a mention's paper to its entity: a proposed method is PROPOSES."""
    entity_type = model.entity_type_of(entity)
    return model.PROPOSES if mention.proposed and entity_type == model.METHOD else model.MENTION_EDGE[entity_type]


def repository_attributes(link: CodeLink) -> dict[str, object]:
    return {"type": model.REPOSITORY, "name": f"{link.owner}/{link.name}", "url": link.url, "host": link.host,
            "owner": link.owner}


def code_owner_attributes(link: CodeLink) -> dict[str, object] | None:
    """The CodeOwner node a link names; None for an anonymized submission, which shares no real owner."""
    if link.owner == ANONYMOUS_OWNER:
        return None
    return {"type": model.CODE_OWNER, "name": link.owner, "host": link.host}


class PaperEdges:
    """One paper's mention and HAS_CODE edges by target, in first-seen order: one edge per (paper, node),
    PROPOSES outranks USES, and evidence accumulates without repeats."""

    def __init__(self) -> None:
        self.by_target: dict[str, dict[str, object]] = {}

    def add(self, target: str, edge_type: str, evidence: Evidence | None) -> None:
        data = self.by_target.get(target)
        if data is None:
            data = self.by_target[target] = {"type": edge_type, "evidence": []}
        elif edge_type == model.PROPOSES:
            data["type"] = model.PROPOSES
        if evidence is not None:
            item = evidence.as_dict()
            items = data["evidence"]
            assert isinstance(items, list)
            if item not in items:
                items.append(item)


def _add_paper(graph: nx.DiGraph, paper_id: str, record: PaperRecord) -> None:
    graph.add_node(paper_id, **paper_attributes(record))
    for author in record.authors:
        author_node = model.author_id(author)
        if not graph.has_node(author_node):
            graph.add_node(author_node, type=model.AUTHOR, name=author)
        graph.add_edge(paper_id, author_node, type=model.AUTHORED_BY)


def _add_extraction(graph: nx.DiGraph, extraction: Extraction, index: EntityIndex) -> None:
    paper_id = extraction.paper_id
    add_pages(graph.nodes[paper_id]["pages"], extraction)
    edges = PaperEdges()
    for mention in extraction.mentions:
        entity, name, edge_type = mention_target(index, mention, paper_id)
        if not graph.has_node(entity):
            graph.add_node(entity, type=model.entity_type_of(entity), name=name, aliases=index.aliases(entity),
                           known=index.known(entity))
        edges.add(entity, edge_type, mention.evidence)
    for link in extraction.code:
        _add_code(graph, link)
        edges.add(model.repository_id(link.host, link.owner, link.name), model.HAS_CODE, link.evidence)
    for target, data in edges.by_target.items():
        graph.add_edge(paper_id, target, **data)


def _add_code(graph: nx.DiGraph, link: CodeLink) -> None:
    repo = model.repository_id(link.host, link.owner, link.name)
    if not graph.has_node(repo):
        graph.add_node(repo, **repository_attributes(link))
    owner_attrs = code_owner_attributes(link)
    if owner_attrs is not None:
        owner = model.code_owner_id(link.host, link.owner)
        if not graph.has_node(owner):
            graph.add_node(owner, **owner_attrs)
        graph.add_edge(repo, owner, type=model.OWNED_BY)

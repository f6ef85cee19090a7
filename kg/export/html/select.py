"""Which part of the graph the page shows: an ego view, a type filter, the vouched-for entities only and a size
cap, applied in that order.

The reduction keeps the most connected entities and the papers that link to the most of them, so a capped
page still shows the field's backbone rather than a random sample; everything left out is counted by type
so the page can say so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from kg import model
from kg.export.html.errors import HtmlError
from kg.graph.lookup import NodeLookupError, find_node

# Above this many nodes a page is too slow to be useful, so an uncapped request is capped here.
PAGE_NODE_LIMIT = 5000


@dataclass
class Selection:
    graph: nx.DiGraph
    focus: str | None = None
    omitted: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def node_type(G: nx.DiGraph, node: str) -> str:
    try:
        return str(G.nodes[node]["type"])
    except KeyError:
        raise HtmlError(f"node {node!r} has no 'type' attribute (see docs/graph-model.md)") from None


def resolve_focus(G: nx.DiGraph, query: str) -> str:
    """The node `query` names, by the one lookup every command shares (kg.graph.lookup)."""
    try:
        return find_node(G, query)
    except NodeLookupError as err:
        raise HtmlError(f"--focus: {err}") from None


def check_types(types: Iterable[str]) -> set[str]:
    wanted = {t.strip() for t in types if t.strip()}
    if not wanted:
        raise HtmlError(f"--types needs at least one node type (known: {', '.join(model.NODE_TYPES)})")
    unknown = sorted(wanted - set(model.NODE_TYPES))
    if unknown:
        raise HtmlError(f"unknown node type {unknown[0]!r} (known: {', '.join(model.NODE_TYPES)})")
    return wanted


def reduce_to(G: nx.DiGraph, max_nodes: int, keep: str | None = None) -> set[str]:
    """Node ids of at most `max_nodes` nodes: the most connected half entities, then their best-linked papers.

    Non-paper nodes are ranked by paper count (`paper_count`, else the papers they link to), typed entities
    ahead of Concepts at equal counts, then by degree and id, so the result is stable (ties by id alone kept
    every one-paper Concept and dropped every one-paper Task). Up to half the budget goes to them; papers
    are ranked by how many kept entities they link to, then degree. Nodes left without any edge among the
    kept ones are swapped for the next papers. `keep` (a focus node) is always kept.
    """
    if max_nodes >= G.number_of_nodes():
        return set(G)
    degree = dict(G.degree())
    papers = [n for n in G if node_type(G, n) == model.PAPER]
    paper_set = set(papers)

    def entity_rank(node: str) -> tuple:
        count = G.nodes[node].get("paper_count")  # set by analytics; a code owner counts through its repos
        if not isinstance(count, int):
            count = sum(1 for n in set(nx.all_neighbors(G, node)) if n in paper_set)
        return (-count, node_type(G, node) == model.CONCEPT, -degree[node], str(node))

    others = sorted((n for n in G if n not in paper_set), key=entity_rank)
    budget = max_nodes - (1 if keep is not None else 0)
    entity_budget = max(budget - len(papers), (budget + 1) // 2)
    kept: set[str] = {keep} if keep is not None else set()
    kept.update(n for n in others[:entity_budget] if n != keep)
    kept_entities = set(kept)

    def paper_rank(paper: str) -> tuple:
        links = sum(1 for n in nx.all_neighbors(G, paper) if n in kept_entities)
        return (-links, -degree[paper], str(paper))

    ranked_papers = [p for p in sorted(papers, key=paper_rank) if p != keep]
    room = max_nodes - len(kept)
    kept.update(ranked_papers[:room])
    spare = ranked_papers[room:] + [n for n in others[entity_budget:] if n != keep]
    return _drop_isolated(G, kept, spare, keep)


def _drop_isolated(G: nx.DiGraph, kept: set[str], spare: list[str], keep: str | None) -> set[str]:
    """Swap kept nodes with no kept neighbour for spare nodes that have one, least connected first."""
    isolated = sorted(
        (n for n in kept if n != keep and not any(m in kept for m in nx.all_neighbors(G, n))),
        key=lambda n: (G.degree(n), str(n)),
    )
    for node in spare:
        if not isolated:
            break
        if any(m in kept for m in nx.all_neighbors(G, node)):
            kept.discard(isolated.pop(0))
            kept.add(node)
    return kept


def page_limit(max_nodes: int | None) -> int:
    """The most nodes a page may show: `max_nodes`, else PAGE_NODE_LIMIT; HtmlError below 1."""
    if max_nodes is not None and max_nodes < 1:
        raise HtmlError(f"--max-nodes must be at least 1, got {max_nodes}")
    return max_nodes if max_nodes is not None else PAGE_NODE_LIMIT


def reduced_note(kept: int) -> str:
    return f"Reduced to {kept} nodes: the most connected entities and the papers linking most of them."


def vouched_entities(G: nx.DiGraph) -> set[str]:
    """The entity nodes a list or a paper vouches for: those a gazetteer entry names (`known`) and the
    methods a paper proposes. Judged right about nine times in ten, against two in three for the rest of
    a default-mode graph (docs/evaluation.md). HtmlError for a graph whose nodes do not say (an older kg)."""
    entities = [node for node, kind in G.nodes(data="type") if kind in model.ENTITY_TYPES]
    if entities and not any("known" in G.nodes[node] for node in entities):
        raise HtmlError("this graph's entity nodes do not say whether a list names them (attribute 'known'): "
                        "it was built by an older kg; build it again to use --listed-only")
    proposed = {target for _, target, kind in G.edges(data="type") if kind == model.PROPOSES}
    return {node for node in entities if G.nodes[node].get("known") or node in proposed}


def select(
    G: nx.DiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int | None = None,
    types: Iterable[str] | None = None,
    listed_only: bool = False,
) -> Selection:
    """The subgraph to draw, the resolved focus id, and counts by type of what was left out.

    `listed_only`: of the entity nodes, only those vouched_entities gives (the focus always stays)."""
    if depth < 0:
        raise HtmlError(f"--depth must be 0 or more, got {depth}")
    limit = page_limit(max_nodes)
    for node in G:
        node_type(G, node)
    notes: list[str] = []
    nodes: set[str] = set(G)
    focus_id = None
    if focus is not None:
        focus_id = resolve_focus(G, focus)
        nodes = set(nx.ego_graph(G.to_undirected(as_view=True), focus_id, radius=depth))
        steps = "1 step" if depth == 1 else f"{depth} steps"
        notes.append(f"Neighbourhood of {G.nodes[focus_id].get('name', focus_id)} within {steps}.")
    if types is not None:
        wanted = check_types(types)
        nodes = {n for n in nodes if node_type(G, n) in wanted or n == focus_id}
        notes.append(f"Node types shown: {', '.join(t for t in model.NODE_TYPES if t in wanted)}.")
    if listed_only:
        vouched = vouched_entities(G)
        nodes = {n for n in nodes if n in vouched or n == focus_id or node_type(G, n) not in model.ENTITY_TYPES}
        notes.append("Entities shown: names in kg's lists and methods a paper proposes.")
    if len(nodes) > limit:
        nodes = reduce_to(G.subgraph(nodes), limit, keep=focus_id)
        notes.append(reduced_note(len(nodes)))
    shown = G.subgraph(nodes).copy()
    omitted = Counter(node_type(G, n) for n in G if n not in nodes)
    return Selection(shown, focus_id, dict(sorted(omitted.items())), notes)

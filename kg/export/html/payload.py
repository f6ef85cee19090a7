"""The data the page's script draws: plain JSON values only, never markup.

Every string here is shown by the page through `textContent`, so no text needs HTML-escaping at this
stage; script-safe embedding is `page.script_json`'s job.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg import model
from kg.export.html import style
from kg.export.html.areas import research_areas
from kg.export.html.facts import GraphFacts, links_by_type

ABSTRACT_CHARS = 1500
EVIDENCE_PER_EDGE = 3
# Node attributes copied to the page for the tooltip and the details panel, when present.
NODE_FIELDS = (
    "title", "abstract", "url", "published", "arxiv_id", "doi", "host", "owner", "paper_count", "known", "community",
    "pagerank",
)
LIST_FIELDS = ("aliases", "pages", "authors", "categories")


def _node_record(node: str, attrs: dict, degree: int, position: tuple[int, int] | None) -> dict[str, Any]:
    node_type = str(attrs["type"])
    record: dict[str, Any] = {
        "id": str(node), "type": node_type, "name": str(attrs.get("name", node)),
        "label": style.node_label(attrs), "size": style.node_size(degree), "degree": degree,
    }
    for key in NODE_FIELDS:
        value = attrs.get(key)
        if value is not None and value != "":
            record[key] = value if isinstance(value, int | float) else str(value)
    if "abstract" in record and len(record["abstract"]) > ABSTRACT_CHARS:
        record["abstract"] = record["abstract"][: ABSTRACT_CHARS - 1].rstrip() + "…"
    for key in LIST_FIELDS:
        values = attrs.get(key)
        if isinstance(values, list | tuple) and values:
            record[key] = [str(v) for v in values]
    if position is not None:
        record["x"], record["y"] = position
    return record


def _links_left_out(full: GraphFacts, shown: nx.DiGraph, node: str) -> dict[str, int]:
    """Per neighbour type, how many nodes `node` links to in the full graph, for the types the view cuts.

    The details panel lists a node's links by type; with this it can say "3 of 11 shown" rather than
    passing a cut list off as complete. Similar-paper links are listed apart and not counted.
    """
    in_view = links_by_type(shown, node)
    return {t: n for t, n in sorted(full.linked_by_type(node).items()) if n > in_view.get(t, 0)}


def _evidence(items: Any) -> list[dict[str, Any]]:
    """Evidence entries the page can highlight, one per sentence (a sentence naming an entity twice, as
    "Low-Rank Adaptation (LoRA)", is one piece of evidence: the first mention is marked); malformed
    offsets degrade to the plain sentence."""
    kept = []
    seen: set[str] = set()
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not item.get("sentence") or str(item["sentence"]) in seen:
            continue
        sentence = str(item["sentence"])
        seen.add(sentence)
        start, end = item.get("start"), item.get("end")
        entry: dict[str, Any] = {"sentence": sentence}
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(sentence):
            entry["start"], entry["end"] = start, end
        kept.append(entry)
    return kept


def _edge_record(full: GraphFacts, source: str, target: str, attrs: dict) -> dict[str, Any]:
    record: dict[str, Any] = {"from": str(source), "to": str(target), "type": str(attrs.get("type", ""))}
    shared = attrs.get("shared")
    if isinstance(shared, list | tuple) and shared:  # what two related papers have in common, by name
        record["shared"] = [full.name(s) or s for s in map(str, shared)]
    evidence = _evidence(attrs.get("evidence"))
    if evidence:
        record["evidence"] = evidence[:EVIDENCE_PER_EDGE]
        if len(evidence) > EVIDENCE_PER_EDGE:
            record["more_evidence"] = len(evidence) - EVIDENCE_PER_EDGE
    if isinstance(attrs.get("score"), int | float):
        record["score"] = attrs["score"]
    return record


def legend(shown: nx.DiGraph, omitted: dict[str, int]) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for _, node_type in shown.nodes(data="type"):
        counts[node_type] = counts.get(node_type, 0) + 1
    types = sorted(set(counts) | set(omitted), key=lambda t: (style.type_order(t), t))
    return [
        {"type": t, "color": style.style_of(t).color, "shape": style.style_of(t).shape,
         "count": counts.get(t, 0), "omitted": omitted.get(t, 0)}
        for t in types
    ]


def build_payload(
    full: GraphFacts,
    shown: nx.DiGraph,
    *,
    positions: dict[str, tuple[int, int]] | None,
    focus: str | None,
    omitted: dict[str, int],
    notes: list[str],
) -> dict[str, Any]:
    """Nodes, edges, legend and a summary of the view `shown`; sizes use degree in the full graph."""
    nodes = [
        _node_record(n, attrs, full.degree(n), positions.get(n) if positions else None)
        for n, attrs in sorted(shown.nodes(data=True), key=lambda item: str(item[0]))
    ]
    total_nodes, total_edges = full.totals
    if shown.number_of_nodes() < total_nodes:
        for record in nodes:
            left_out = _links_left_out(full, shown, record["id"])
            if left_out:
                record["linked_total"] = left_out
    edges = [
        _edge_record(full, a, b, attrs) for a, b, attrs in sorted(shown.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))
    ]
    return {
        "meta": {
            "kg_version": str(full.attrs.get("kg_version", "")),
            "mode": str(full.attrs.get("mode", "")),
            "nodes": len(nodes), "edges": len(edges),
            "total_nodes": total_nodes, "total_edges": total_edges,
            "focus": focus, "layout": "precomputed" if positions else "physics", "notes": notes,
        },
        "types": legend(shown, omitted),
        "edge_colors": style.EDGE_COLORS | {"default": style.DEFAULT_EDGE_COLOR},
        "related_type": model.RELATED_TO,
        "areas": [area | {"color": style.area_color(rank)} for rank, area in enumerate(research_areas(shown))],
        "nodes": nodes,
        "edges": edges,
    }

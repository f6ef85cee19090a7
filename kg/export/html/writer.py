"""write_html: the one entry point that turns a graph into a self-contained interactive page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.export.html.facts import GraphFacts, NetworkxFacts
from kg.export.html.layout import precomputed_layout
from kg.export.html.page import render_page
from kg.export.html.payload import build_payload
from kg.export.html.select import Selection, select

# Above this many nodes in-browser physics takes too long to settle, so positions are computed in Python.
PHYSICS_NODE_LIMIT = 300


@dataclass(frozen=True)
class HtmlReport:
    """What was written: counts shown vs. in the graph, what was left out by type, and how it was laid out."""

    path: Path
    nodes: int
    edges: int
    total_nodes: int
    total_edges: int
    omitted: dict[str, int] = field(default_factory=dict)
    focus: str | None = None
    layout: str = "physics"
    notes: tuple[str, ...] = ()
    size_bytes: int = 0


def write_html(
    G: nx.DiGraph,
    path: str | Path,
    *,
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int | None = None,
    types: Iterable[str] | None = None,
    listed_only: bool = False,
    seed: int = 7,
) -> HtmlReport:
    """Write `G` as one offline HTML page (no network requests) and say what it shows.

    focus/depth: only the nodes within `depth` steps of the node whose id, name or title matches `focus`.
    types: only these node types (the focus node always stays). max_nodes: keep the most connected entities
    and the papers linking most of them (a page is capped at select.PAGE_NODE_LIMIT nodes regardless).
    listed_only: of the entities, only names in kg's lists and proposed methods (select.vouched_entities).
    Raises HtmlError for an unknown focus or type.
    """
    chosen = select(G, focus=focus, depth=depth, max_nodes=max_nodes, types=types, listed_only=listed_only)
    return write_selection(NetworkxFacts(G), chosen, path, seed=seed)


def write_selection(full: GraphFacts, chosen: Selection, path: str | Path, *, seed: int = 7) -> HtmlReport:
    """Write the page of a view already chosen from the graph `full` describes."""
    shown = chosen.graph
    positions = precomputed_layout(shown, seed=seed) if shown.number_of_nodes() > PHYSICS_NODE_LIMIT else None
    payload = build_payload(
        full, shown, positions=positions, focus=chosen.focus, omitted=chosen.omitted, notes=chosen.notes,
    )
    title = "Knowledge graph"
    if chosen.focus is not None:
        title += " — " + (full.name(chosen.focus) or chosen.focus)
    document = render_page(payload, title)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(document, encoding="utf-8")
    total_nodes, total_edges = full.totals
    return HtmlReport(
        path=target,
        nodes=shown.number_of_nodes(),
        edges=shown.number_of_edges(),
        total_nodes=total_nodes,
        total_edges=total_edges,
        omitted=chosen.omitted,
        focus=chosen.focus,
        layout=payload["meta"]["layout"],
        notes=tuple(chosen.notes),
        size_bytes=len(document.encode("utf-8")),
    )

"""Research areas for the page: the communities `kg build` stores on papers, each named by the entities
that set it apart, so a reader sees "Diffusion Model · Image Generation" rather than "community 7".

The names are `kg.graph.analytics.community_labels` over the shown graph: entities frequent in the area,
rare elsewhere and specific (no generic words such as "features" or "graph"), so `kg stats` and the
page name an area alike.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg import model
from kg.graph.analytics import community_labels

MIN_PAPERS = 5  # smaller communities are not drawn as areas
TERMS = 3


def research_areas(G: nx.DiGraph) -> list[dict[str, Any]]:
    """Areas of the shown graph, largest first: community number, paper count and naming terms."""
    members: dict[int, list[str]] = {}
    for node, attrs in sorted(G.nodes(data=True), key=lambda item: str(item[0])):
        community = attrs.get("community")
        if attrs.get("type") == model.PAPER and isinstance(community, int) and not isinstance(community, bool):
            members.setdefault(community, []).append(node)
    shown = sorted(((number, ms) for number, ms in members.items() if len(ms) >= MIN_PAPERS),
                   key=lambda item: (-len(item[1]), item[0]))
    labels = community_labels(G, [ms for _, ms in shown], top=TERMS)
    return [{"community": number, "papers": len(ms),
             "terms": [str(G.nodes[e].get("name", e)) for e in terms]}
            for (number, ms), terms in zip(shown, labels)]

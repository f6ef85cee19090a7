"""Research areas for the page: the communities `kg build` stores on papers, each named by the entities
that set it apart, so a reader sees "Diffusion Model · Image Generation" rather than "community 7".

An entity names an area when many of the area's papers link to it and few papers elsewhere do (a
tf-idf-like score); generic hubs such as "Accuracy" or "Transformer" rarely win. Metrics, code and
people are not used as names.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import networkx as nx

from kg import model

MIN_PAPERS = 5  # smaller communities are not drawn as areas
NAMING_TYPES = frozenset((model.METHOD, model.DATASET, model.TASK, model.CONCEPT))
TERMS = 3
MIN_SHARE = 2  # an entity names an area only if at least this many of its papers link to it


def _naming_entities(G: nx.DiGraph, paper: str) -> set[str]:
    return {n for n in nx.all_neighbors(G, paper) if G.nodes[n].get("type") in NAMING_TYPES}


def research_areas(G: nx.DiGraph) -> list[dict[str, Any]]:
    """Areas of the shown graph, largest first: community number, paper count and naming terms."""
    members: dict[int, list[str]] = {}
    for node, attrs in sorted(G.nodes(data=True), key=lambda item: str(item[0])):
        community = attrs.get("community")
        if attrs.get("type") == model.PAPER and isinstance(community, int) and not isinstance(community, bool):
            members.setdefault(community, []).append(node)
    papers = sum(len(m) for m in members.values())
    if not papers:
        return []
    entities_of = {p: _naming_entities(G, p) for ms in members.values() for p in ms}
    spread = Counter(e for linked in entities_of.values() for e in linked)
    areas = []
    for community, ms in sorted(members.items(), key=lambda item: (-len(item[1]), item[0])):
        if len(ms) < MIN_PAPERS:
            continue
        inside = Counter(e for p in ms for e in entities_of[p])
        scored = [
            (-(count / len(ms)) * math.log(papers / spread[e]), str(e)) for e, count in inside.items()
            if count >= MIN_SHARE
        ]
        best = sorted(scored)[:TERMS]
        areas.append({
            "community": community, "papers": len(ms),
            "terms": [str(G.nodes[e].get("name", e)) for _, e in best],
        })
    return areas

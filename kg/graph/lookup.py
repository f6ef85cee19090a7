"""Finding a paper from what a user types: its id, an arXiv id, or part of its title."""

from __future__ import annotations

import re

import networkx as nx

from kg.graph.linking import papers
from kg.model import PAPER, normalize_arxiv_id, normalize_title

_SHOWN_CANDIDATES = 5


class PaperLookupError(LookupError):
    """No paper, or more than one, matches what was asked for."""


def find_paper(G: nx.DiGraph, query: str) -> str:
    """The id of the one paper `query` names: an exact node id, an arXiv id, an exact title, or
    part of a title (case- and punctuation-insensitive) that only one paper has — whole words
    first, then any substring."""
    text = query.strip()
    if text in G and G.nodes[text].get("type") == PAPER:
        return text
    arxiv = f"paper:arxiv:{normalize_arxiv_id(text)}"
    if arxiv in G:
        return arxiv
    wanted = normalize_title(text)
    if not wanted:
        raise PaperLookupError(f"empty paper query {query!r}")
    titles = {paper: normalize_title(str(G.nodes[paper].get("title") or G.nodes[paper].get("name", "")))
              for paper in papers(G)}
    # Tiers: exact title, then the words in sequence, then any substring; the first tier with
    # matches decides ("PLLaVA" names PLLaVA even though "PPLLaVA" contains it).
    words = re.compile(rf"(?:^| ){re.escape(wanted)}(?: |$)")
    tiers = ([p for p, title in titles.items() if title == wanted],
             [p for p, title in titles.items() if words.search(title)],
             [p for p, title in titles.items() if wanted in title])
    matches = next((tier for tier in tiers if tier), [])
    if not matches:
        raise PaperLookupError(f"no paper matches {query!r}")
    if len(matches) > 1:
        shown = "; ".join(f"{paper} ({G.nodes[paper].get('title', '')})"
                          for paper in matches[:_SHOWN_CANDIDATES])
        more = f" and {len(matches) - _SHOWN_CANDIDATES} more" if len(matches) > _SHOWN_CANDIDATES else ""
        raise PaperLookupError(f"{query!r} matches {len(matches)} papers: {shown}{more}; "
                               "give more of the title or the paper id")
    return matches[0]
